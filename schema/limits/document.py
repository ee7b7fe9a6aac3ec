"""The "Query limits" rows of ``docs/settings.md``, rendered from the limits table.

``python -m schema.limits.document`` rewrites the rows between the two markers in place;
``--check`` only says whether they agree with the table (``tests/schema/test_limits_table.py``
does the same). Only the rows are generated: the prose around them is written by hand.
"""

from __future__ import annotations

import sys
from pathlib import Path

from schema.limits.table import LIMITS, Limit

BEGIN = "<!-- query limits: rendered from schema/limits/table.py by `python -m schema.limits.document` -->"
END = "<!-- end of the query limits -->"
HEADER = "| Variable | Default | Meaning |\n| --- | --- | --- |"
SETTINGS_DOC = Path(__file__).resolve().parents[2] / "docs" / "settings.md"


def row(limit: Limit) -> str:
    """One limit's row: its variable, its default and what it caps, then its code."""
    assert limit.setting is not None
    return f"| `CLIO_{limit.setting.upper()}` | `{limit.default}` | {limit.doc} `{limit.code}`. |"


def rows() -> str:
    """The block between the markers: the header and one row per limit with a setting."""
    return "\n".join([HEADER, *(row(limit) for limit in LIMITS if limit.setting)])


def rendered(text: str) -> str:
    """``text`` (the whole settings page) with the block between the markers rendered afresh.

    Raises:
        ValueError: the page lacks a marker, or has them in the wrong order.
    """
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the page needs the two lines\n{BEGIN}\n{END}\naround the query limits' rows")
    return f"{text[: start + len(BEGIN)]}\n{rows()}\n{text[end:]}"


def main(argv: list[str]) -> int:
    path = SETTINGS_DOC
    text = path.read_text(encoding="utf-8")
    fresh = rendered(text)
    if "--check" in argv:
        if fresh != text:
            print(f"{path}: the query limits' rows disagree with schema/limits/table.py", file=sys.stderr)
            return 1
        return 0
    if fresh != text:
        path.write_text(fresh, encoding="utf-8")
        print(f"{path}: query limits rewritten")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

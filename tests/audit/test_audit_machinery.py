"""The audit's comparison on a tiny data set, imported by the real importer.

The fixture is one day page and its births and deaths; the gold judgement is written here
so that each kind of finding is provoked on purpose and its count is known in advance.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from audit.__main__ import main
from audit.build import Build
from audit.compare import compare
from audit.gold import load
from audit.rates import rates
from audit.wilson import wilson
from clio.cli import main as clio

DAY = "wikipedia-onthisday/events/8/4.json"
EVENTS = [
    {"year": "1700", "description": "A filler entry that nobody judges.", "wikipedia": []},
    {
        "year": "1914",
        "description": "World War I: Germany invades Belgium.",
        "wikipedia": [{"title": "Belgium", "wikipedia": "https://wikipedia.org/wiki/Belgium"}],
    },
    {"year": "1800", "description": "Another filler entry.", "wikipedia": []},
    {"year": "1801", "description": "A third filler entry.", "wikipedia": []},
    {
        "year": "1944",
        "description": "Anne Frank and her family are arrested in Amsterdam.",
        "wikipedia": [{"title": "Anne Frank", "wikipedia": "https://wikipedia.org/wiki/Anne_Frank"}],
    },
    *({"year": str(1802 + i), "description": f"Filler {i}.", "wikipedia": []} for i in range(6)),
    {"year": "1990", "description": "", "wikipedia": []},  # index 11: rejected, no description
]
PEOPLE = {
    "births": [
        {"year": "1929", "description": "Anne Frank, German-born diarist (d. 1945)", "link": "Anne_Frank"}
    ],
    "deaths": [
        {"year": "1945", "description": "Anne Frank, German-born diarist (b. 1929)", "link": "Anne_Frank"}
    ],
}


def _day_file(folder: Path, kind: str, records: list[dict[str, object]]) -> None:
    path = folder / "wikipedia-onthisday" / kind / "8" / "4.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    # Pretty-printed with four spaces, as the real files are, so records are named by line.
    path.write_text(
        json.dumps(
            {"wikipedia": "https://wikipedia.org/wiki/August_4", "date": "August 4", kind: records}, indent=4
        )
    )


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("datasets")
    _day_file(root, "events", EVENTS)
    for kind, rows in PEOPLE.items():
        records = [
            {
                "year": row["year"],
                "description": row["description"],
                "wikipedia": [
                    {"title": "Anne Frank", "wikipedia": f"https://wikipedia.org/wiki/{row['link']}"}
                ],
            }
            for row in rows
        ]
        # Index 3 of births and 0 of deaths are gold rows: pad the births with fillers.
        if kind == "births":
            records = [
                *(
                    {
                        "year": "1900",
                        "description": f"Filler Person {i}, a filler",
                        "wikipedia": [
                            {"title": f"Filler Person {i}", "wikipedia": f"https://wikipedia.org/wiki/F{i}"}
                        ],
                    }
                    for i in range(3)
                ),
                *records,
            ]
        _day_file(root, kind, records)
    out = tmp_path_factory.mktemp("build") / "graph"
    assert clio(["import", "wikipedia", str(root / "wikipedia-onthisday"), "--out", str(out), "--quiet"]) == 0
    return root, out


def _gold(folder: Path, build: Build, root: Path) -> None:
    from audit.rows import RowKey, provenance

    invasion = build.events[build.records(provenance(root, RowKey.parse(f"{DAY}#1")), build.events)[0]]
    arrest = build.events[build.records(provenance(root, RowKey.parse(f"{DAY}#4")), build.events)[0]]
    other = next(c for c in ("category:sports", "category:religion") if c != arrest["category"])
    events = [
        {  # right in every judged field
            "key": f"{DAY}#1",
            "date": {"year": 1914, "month": 8, "day": 4, "calendar": "gregorian"},
            "category": invasion["category"],
            "participants": [],
            "mentions": [],
            "places": [{"name": "Belgium", "country": "BE"}],
            "headline": "Germany invades Belgium",
        },
        {  # judged a year later, in another category, its title unreadable: three errors on one row
            "key": f"{DAY}#4",
            "titles_judged": {arrest["title"]: False},
            "date": {"year": 1945, "month": 8, "day": 4, "calendar": "gregorian"},
            "category": other,
            "participants": ["Anne Frank"],
            "mentions": [],
            "places": [],
            "headline": "Anne Frank is arrested in Amsterdam",
        },
        {  # a real event the importer rejected: missing
            "key": f"{DAY}#11",
            "date": {"year": 1990, "month": 8, "day": 4, "calendar": "gregorian"},
            "category": "category:politics-government",
            "participants": [],
            "mentions": [],
            "places": [],
            "headline": "An event without a description",
        },
    ]
    people = [
        {
            "key": "wikipedia-onthisday/births/8/4.json#3",
            "person": True,
            "name": "Anne Frank",
            "born": 1929,
            "died": 1945,
            "same_as": ["wikipedia-onthisday/deaths/8/4.json#0"],
        }
    ]
    days = [
        {
            "day": "08-04",
            "same_event": [[f"{DAY}#1", f"{DAY}#4"]],  # judged one event on purpose
            "categories": {f"{DAY}#1": [invasion["category"]], f"{DAY}#4": [other]},
        }
    ]
    for name, rows in (("events", events), ("people", people), ("days", days)):
        (folder / f"{name}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))


def test_each_kind_of_error_is_counted_where_it_was_planted(
    imported: tuple[Path, Path], tmp_path: Path
) -> None:
    root, out = imported
    build = Build.read(out)
    _gold(tmp_path, build, root)
    report = compare(load(tmp_path), build, root)
    errors = {finding.key.rsplit("#", 1)[1]: set(finding.errors) for finding in report.events}
    assert errors["1"] == set()
    assert errors["4"] == {"wrong year", "wrong category", "unreadable headline"}
    assert errors["11"] == {"missing"}
    (person,) = report.people
    assert person.errors == {} and "split" in person.judged
    assert report.days[0]["unmerged groups"] == [[f"{DAY}#1", f"{DAY}#4"]]
    assert report.days[0]["categories judged"] == 2 and len(report.days[0]["wrong categories"]) == 1
    # Each rate prints as "  label   figure": two or more spaces part the label from its figure.
    parts = [re.split(r" {2,}", line.strip(), maxsplit=1) for line in rates(report)]
    printed = {part[0]: part[1] for part in parts if len(part) == 2}
    assert printed["any error"] == str(wilson(2, 3))
    assert printed["wrong year"] == str(wilson(1, 2))
    # "any error" broken down by its causes: rows with each kind, and rows with it alone.
    assert printed["cause: wrong year"] == f"{wilson(1, 3)}, alone in 0"
    assert printed["cause: missing"] == f"{wilson(1, 3)}, alone in 1"
    assert "cause: false merge" not in printed
    assert printed["duplicates left on judged days"] == str(wilson(1, 1))


def test_an_uncategorised_event_is_counted_apart_from_a_wrong_category(
    imported: tuple[Path, Path], tmp_path: Path
) -> None:
    root, out = imported
    build = Build.read(out)
    _gold(tmp_path, build, root)
    from audit.rows import RowKey, provenance

    # The arrest (judged in another category than it has) now shows no category at all.
    (arrest,) = build.records(provenance(root, RowKey.parse(f"{DAY}#4")), build.events)
    build.events[arrest] = {**build.events[arrest], "category": "category:uncategorised"}
    report = compare(load(tmp_path), build, root)
    finding = next(f for f in report.events if f.key.endswith("#4"))
    assert "wrong category" not in finding.errors
    assert finding.notes["uncategorised"].startswith("judged category:")
    assert report.days[0]["wrong categories"] == [] and report.days[0]["judged uncategorised"] == 1
    parts = [re.split(r" {2,}", line.strip(), maxsplit=1) for line in rates(report)]
    printed = {part[0]: part[1] for part in parts if len(part) == 2}
    # Judged: the invasion (right) and the arrest (uncategorised); the missing row has no record.
    assert printed["wrong category (of the categories given)"] == str(wilson(0, 1))
    assert printed["left uncategorised (counted, not an error)"] == str(wilson(1, 2))
    assert printed["wrong or uncategorised (the earlier measure)"] == str(wilson(1, 2))
    assert printed["any error, uncategorised counted as one"] == str(wilson(2, 3))
    assert printed["wrong category on judged days (given ones)"] == str(wilson(0, 1))


def test_the_audit_skips_with_a_reason_when_the_data_sets_are_absent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--datasets", str(tmp_path / "nowhere")]) == 0
    assert "audit skipped" in capsys.readouterr().out


def test_wilson_matches_the_figures_quoted_in_issue_9() -> None:
    rate = wilson(9, 50)  # "18% [10–31]"
    assert round(rate.point * 100) == 18 and round(rate.low * 100) == 10 and round(rate.high * 100) == 31
    assert wilson(0, 400).high < 0.01
    with pytest.raises(ValueError):
        wilson(5, 4)

"""A skip must say why: a skip without a reason fails the run instead of hiding a test.

``make test`` (and so CI) runs pytest with ``-rs``, which lists every skip with its reason;
this hook makes sure there is one to list. Registered from ``tests/conftest.py``.
"""

from __future__ import annotations

from collections.abc import Generator

import pytest

# What pytest reports when a test is skipped with no words of its own.
_NO_REASON = frozenset({"", "unconditional skip", "Skipped", "Skipped:"})


def skip_reason(report: pytest.TestReport) -> str:
    if isinstance(report.longrepr, tuple):
        return report.longrepr[2].removeprefix("Skipped:").strip()
    return str(report.longrepr or "").strip()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.skipped and not hasattr(report, "wasxfail") and skip_reason(report) in _NO_REASON:
        report.outcome = "failed"
        report.longrepr = (
            f"{item.nodeid} was skipped without a reason: "
            "give one (pytest.skip(reason=...), @pytest.mark.skip(reason=...)) so `pytest -rs` says why"
        )
    return report

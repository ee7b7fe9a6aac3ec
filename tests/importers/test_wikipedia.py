"""The Wikipedia "On this day" reader: each trap of the scrape repaired or rejected, never dropped."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.dates import HistoricalDate
from graph.errors import DataError
from graph.importers import wikipedia
from graph.importers.draft import DraftEvent, DraftPerson, Mention, Rejection
from graph.models import Link, Source

DATA = Path(__file__).resolve().parents[1] / "data" / "importers" / "wikipedia"
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "datasets" / "wikipedia-onthisday"
PAGE = "https://wikipedia.org/wiki/August_4"


def test_good_files_give_repaired_drafts_and_reasoned_rejections() -> None:
    drafts = list(wikipedia.read([DATA / "good"]))
    assert drafts == [
        DraftPerson(
            name="Marie Byles",
            source=Source("wikipedia", "births/8/4.json", "line 5", PAGE),
            born=HistoricalDate(1900, 8, 4),
            died=HistoricalDate(1979),
            description="Australian solicitor",
            title="Marie Byles",
            links=(Link("Marie Byles", "https://wikipedia.org/wiki/Marie_Byles"),),
        ),
        DraftPerson(
            name="Lady Zhen",
            source=Source("wikipedia", "deaths/8/4.json", "line 5", PAGE),
            born=HistoricalDate(183),
            died=HistoricalDate(221, 8, 4),
            description="Chinese empress",
            title="Lady Zhen",
            links=(Link("Lady Zhen", "https://wikipedia.org/wiki/Lady_Zhen"),),
        ),
        # A sub-item of a grouped entry: the sentence is in 'year' and no year is there.
        Rejection(
            Source("wikipedia", "deaths/8/4.json", "line 15", PAGE),
            "the whole sentence sits in 'year' and starts with no year (a sub-item of a grouped entry)",
            "year",
            "Gregory Jarvis, American captain, engineer, and astronaut (b. 1944)",
        ),
        # Citation mark dropped, doubled host undone, AD year read; a day before 1582 is Julian, as assumed.
        DraftEvent(
            title="Titus ends the siege of Jerusalem after destroying Herod's Temple.",
            date=HistoricalDate(70, 8, 4, calendar="julian"),
            source=Source("wikipedia", "events/8/4.json", "line 5", PAGE),
            summary="Titus ends the siege of Jerusalem after destroying Herod's Temple.",
            mentions=(
                Mention("Titus", title="Titus"),
                Mention("Siege of Jerusalem (AD 70)", title="Siege of Jerusalem (AD 70)"),
            ),
            links=(
                Link("Titus", "https://wikipedia.org/wiki/Titus"),
                Link("Siege of Jerusalem (AD 70)", "https://wikipedia.org/wiki/Siege_of_Jerusalem_(AD_70)"),
            ),
            notes=("calendar: Julian assumed, as historians give dates before 15 October 1582",),
        ),
        # Sentence in 'year' split on its leading year; the year-page link dropped; NBSP folded.
        DraftEvent(
            title="The Burj Khalifa officially opens in Dubai",
            date=HistoricalDate(2010, 8, 4),
            source=Source("wikipedia", "events/8/4.json", "line 19", PAGE),
            summary="The Burj Khalifa officially opens in Dubai",
            mentions=(Mention("Dubai", title="Dubai"),),
            links=(Link("Dubai", "https://wikipedia.org/wiki/Dubai#History"),),
        ),
        Rejection(
            Source("wikipedia", "events/8/4.json", "line 33", PAGE),
            "unreadable year: not a year as Wikipedia writes it "
            "(1924, 509 BC, AD 70, 285 (or 286), 309/310, 1642 (OS))",
            "year",
            "1035]",
        ),
        Rejection(
            Source("wikipedia", "events/8/4.json", "line 38", PAGE),
            "empty record: no year, no description",
            "year",
            "None",
        ),
    ]


def test_truncated_file_stops_the_import_with_file_and_line() -> None:
    with pytest.raises(DataError, match=r"events/1/1\.json, line 7: not valid JSON") as caught:
        list(wikipedia.read([DATA / "truncated"]))
    assert (caught.value.path, caught.value.line) == ("events/1/1.json", 7)


def test_missing_path_is_an_error_not_an_empty_import() -> None:
    with pytest.raises(FileNotFoundError, match="nowhere"):
        list(wikipedia.read([DATA / "nowhere"]))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("A\u00a0B [2] C[citation needed]\n", "A B C", id="nbsp-citations-newline"),
        pytest.param("  plain  ", "plain", id="spaces"),
    ],
)
def test_clean_text(text: str, expected: str) -> None:
    assert wikipedia.clean_text(text) == expected


@pytest.mark.shared
def test_every_record_of_the_real_data_is_a_draft_or_a_rejection_with_a_reason() -> None:
    if not SHARED.is_dir():
        pytest.skip(f"the shared Wikipedia data set is not at {SHARED}")
    counts: dict[str, int] = {}
    reasons: dict[str, int] = {}
    for draft in wikipedia.read([SHARED]):
        counts[type(draft).__name__] = counts.get(type(draft).__name__, 0) + 1
        if isinstance(draft, Rejection):
            reasons[draft.reason.split(":")[0]] = reasons.get(draft.reason.split(":")[0], 0) + 1
    # 17,253 events + 75,149 births + 34,716 deaths, as the data set's README counts them; the
    # 22 grouped death entries (12 with a colon after the header, 10 without) give one draft a
    # person line (152 lines: 130 more than records).
    assert sum(counts.values()) == 17_253 + 75_149 + 34_716 + 130
    assert reasons == {
        "the whole sentence sits in 'year' and starts with no year (a sub-item of a grouped entry)": 154,
        # 6 records, and 3 whose only link is a "List of…" page, which is never the person.
        # and one line of the Romanovs' grouped entry, "Alexandra Fyodorovna", whose link is spelled
        # "Feodorovna": the line is no one's rather than the header's.
        "a birth or death record without a link to the person": 10,
        "empty record": 1,
        "unreadable year": 1,
    }

"""The seed page reader, on the project's copy of the seed page and on hand-made bad pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.dates import HistoricalDate
from graph.errors import DataError
from graph.importers import seed, seed_bundle
from graph.importers.draft import DraftEvent, Mention
from graph.models import Link, Source

DATA = Path(__file__).resolve().parents[1] / "data"
PAGE = DATA / "seed" / "august-4-1924.txt"
BAD = DATA / "importers" / "seed"
SHARED_SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seed" / "000_92eef80e71317651.txt"


def outline(event: DraftEvent) -> dict[str, object]:
    """What a reader of the page sees at a glance, the long texts by their first words."""
    return {
        "title": event.title,
        "date": event.date.to_edtf(),
        "category": event.category_hint,
        "record": event.source.record,
        "summary": (event.summary or "")[:40],
        "mentions": [(m.name, m.kind_hint) for m in event.mentions],
    }


def test_seed_page_yields_its_event_then_the_discover_more_events_newest_first() -> None:
    events = list(seed.read([PAGE]))
    assert [outline(e) for e in events] == [
        {
            "title": "Establishment of Mexico-Soviet Diplomatic Relations",
            "date": "1924-08-04",
            "category": "category:politics-government",
            "record": "line 1",
            "summary": "The diplomatic relations between Mexico ",
            "mentions": [
                ("Joseph Stalin", "person"),
                ("Vladimir Lenin", "person"),
                ("Álvaro Obregón", "person"),
                ("Mexico", "location"),
                ("Soviet Union", "location"),
            ],
        },
        {
            "title": "Massive Explosion at Beirut Port Kills Hundreds",
            "date": "2020-08-04",
            "category": "category:accidents-tragedies",
            "record": "line 55",
            "summary": "A massive explosion at Beirut's port res",
            "mentions": [],
        },
        {
            "title": "Dayton Shooting Claims Nine Lives",
            "date": "2019-08-04",
            "category": "category:crime-law",
            "record": "line 64",
            "summary": "In Dayton, Ohio, a shooting incident occ",
            "mentions": [],
        },
        {
            "title": "Drone Attack on Maduro During Speech",
            "date": "2018-08-04",
            "category": "category:politics-government",
            "record": "line 73",
            "summary": "During a speech by President Nicolás Mad",
            "mentions": [],
        },
        {
            "title": "SDF Clears ISIL from Iraq-Syria Border Area",
            "date": "2018-08-04",
            "category": "category:military-warfare",
            "record": "line 82",
            "summary": "The Syrian Democratic Forces achieved a ",
            "mentions": [],
        },
        {
            "title": "Launch of NASA's Phoenix Spacecraft",
            "date": "2007-08-04",
            "category": "category:space-exploration",
            "record": "line 91",
            "summary": "NASA's Phoenix spacecraft was successful",
            "mentions": [],
        },
        {
            "title": "Massacre of ACF Employees in Sri Lanka",
            "date": "2006-08-04",
            "category": "category:politics-government",
            "record": "line 100",
            "summary": "Seventeen employees of the French NGO Ac",
            "mentions": [],
        },
    ]


def test_seed_page_event_keeps_highlights_and_both_long_sections() -> None:
    event = next(iter(seed.read([PAGE])))
    assert event.highlights == (
        "Formalized diplomatic ties between two nations.",
        "Reflects 1920s geopolitical realignment.",
        "Boosted economic support for revolutionary Mexico.",
        "Marked Soviet interest in Latin American politics.",
    )
    assert event.what_happened is not None and event.why_it_matters is not None
    # Three paragraphs of "What Happened?", one of "Why Does it Matter?".
    assert [p[:31] for p in event.what_happened.split("\n\n")] == [
        "In a significant turn of diplom",
        "The negotiation for diplomatic ",
        "The establishment of diplomatic",
    ]
    assert event.why_it_matters.startswith("This establishment is interesting")
    # Empty sections on the page stay empty; "How Long Ago?" is derived and not kept.
    assert (event.tags, event.links, event.date.display) == ((), (), "August 4th, 1924")
    assert "ago" not in (event.summary or "") + "".join(event.highlights)


def test_seed_discover_more_event_has_its_text_and_nothing_else() -> None:
    beirut = list(seed.read([PAGE]))[1]
    assert beirut == DraftEvent(
        title="Massive Explosion at Beirut Port Kills Hundreds",
        date=HistoricalDate(2020, 8, 4),
        source=Source(name="seed", file="august-4-1924.txt", record="line 55"),
        category_hint="category:accidents-tragedies",
        summary=beirut.summary,
    )
    assert beirut.summary is not None and beirut.summary.endswith("survivors amidst the wreckage.")


def test_seed_directory_reports_files_relative_to_it_and_counts_progress() -> None:
    counted: list[int] = []
    events = list(seed.read([PAGE.parent], progress=counted.append))
    assert {e.source.file for e in events} == {"august-4-1924.txt"}
    assert counted == [7]


def test_seed_sections_with_links_and_tags_are_read() -> None:
    (event,) = seed.read([BAD / "links-and-tags.txt"])
    assert (event.mentions, event.links, event.tags, event.category_hint) == (
        (Mention("Álvaro Obregón", kind_hint="person"), Mention("Mexico", kind_hint="location")),
        (Link("Mexico–Russia relations", "https://en.wikipedia.org/wiki/Mexico%E2%80%93Russia_relations"),),
        ("Diplomacy", "Latin America"),
        None,
    )


@pytest.mark.parametrize(
    ("name", "line", "field", "message"),
    [
        # The page opens with its date: the title is missing.
        ("no-title.txt", 1, "title", "must start with the event's title"),
        ("no-date.txt", 2, "date", "must be followed by the date"),
        ("bad-date.txt", 3, "date", "expected a date like 'August 4th, 1924'"),
        ("impossible-date.txt", 3, "date", "February 1924 has 29 days"),
        ("unknown-category.txt", 7, "category", "unknown category 'Politics and Government'"),
        # A "Discover More" entry's category is checked like the page's own.
        ("unknown-discover-category.txt", 20, "category", "unknown category 'Cookery'"),
    ],
    ids=[
        "no-title",
        "no-date",
        "bad-date",
        "impossible-date",
        "unknown-category",
        "unknown-discover-category",
    ],
)
def test_seed_bad_page_is_a_data_error_naming_the_line(
    name: str, line: int, field: str, message: str
) -> None:
    with pytest.raises(DataError, match=message) as caught:
        list(seed.read([BAD / name]))
    assert (caught.value.path, caught.value.line, caught.value.field) == (name, line, field)


@pytest.mark.shared
def test_seed_original_page_reads_like_the_project_copy() -> None:
    if not SHARED_SEED.exists():
        pytest.skip(f"the shared seed page is not at {SHARED_SEED}")
    original = [(e.title, e.date, e.category_hint, e.summary) for e in seed.read([SHARED_SEED])]
    copy = [(e.title, e.date, e.category_hint, e.summary) for e in seed.read([PAGE])]
    assert original == copy
    assert len(original) == 7


# --- the bundled seed events ------------------------------------------------------------

REPO = Path(__file__).resolve().parents[2]


def _jsonl(pattern: str) -> list[dict[str, object]]:
    return [
        json.loads(line)
        for path in sorted((REPO / "data").glob(pattern))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]


def test_bundled_seed_events_are_what_the_reader_and_the_enrichment_give_byte_for_byte() -> None:
    drafts = [d for d in seed.read([PAGE]) if isinstance(d, DraftEvent)]
    expected = seed_bundle.dumps(seed_bundle.to_canonical(drafts, seed_bundle.ENRICHMENT))
    assert (REPO / "data" / "events.seed.jsonl").read_text(encoding="utf-8") == expected


def test_bundled_seed_events_agree_with_the_page_on_title_date_category_and_text() -> None:
    bundled = {r["id"]: r for r in _jsonl("events.seed.jsonl")}
    for draft in seed.read([PAGE]):
        record = bundled[seed_bundle.event_id(draft.title)]
        page_text = [draft.summary, draft.what_happened, draft.why_it_matters]
        kept_text = [record.get("summary"), record.get("what_happened"), record.get("why_it_matters")]
        assert (record["title"], record["date"], record["category"]) == (
            draft.title,
            draft.date.to_edtf(),
            draft.category_hint,
        )
        # Every paragraph of the page survives, as summary or as "what happened".
        assert {t for t in page_text if t} <= {t for t in kept_text if t}, draft.title
    assert len(bundled) == 7


def _record(record: dict[str, object]) -> object:
    return record["sources"][0]["record"]  # type: ignore[index]


def test_bundled_seed_events_carry_the_hand_checked_facts() -> None:
    bundled = {r["id"]: r for r in _jsonl("events.seed.jsonl")}
    assert {
        ident: (r.get("locations"), r.get("people"), [k["title"] for k in r["links"]], _record(r))
        for ident, r in bundled.items()
    } == {
        "event:establishment-of-mexico-soviet-diplomatic-relations": (
            ["location:mexico", "location:soviet-union"],
            ["person:alvaro-obregon", "person:joseph-stalin", "person:vladimir-lenin"],
            ["Mexico–Russia relations"],
            "line 1",
        ),
        "event:massive-explosion-at-beirut-port-kills-hundreds": (
            ["location:beirut", "location:lebanon"], None, ["2020 Beirut explosion"], "line 55"
        ),
        "event:dayton-shooting-claims-nine-lives": (
            ["location:dayton", "location:ohio"], None, ["2019 Dayton shooting"], "line 64"
        ),
        "event:drone-attack-on-maduro-during-speech": (
            ["location:caracas", "location:venezuela"], ["person:nicolas-maduro"],
            ["Caracas drone attack"], "line 73",
        ),
        "event:sdf-clears-isil-from-iraq-syria-border-area": (
            ["location:iraq", "location:syria"], None, ["Deir ez-Zor campaign (2017–2019)"], "line 82"
        ),
        "event:launch-of-nasas-phoenix-spacecraft": (
            ["location:cape-canaveral"], None, ["Phoenix (spacecraft)"], "line 91"
        ),
        "event:massacre-of-acf-employees-in-sri-lanka": (
            ["location:sri-lanka"], None, ["2006 Trincomalee massacre of NGO workers"], "line 100"
        ),
    }  # fmt: skip
    assert all(r.get("tags") for r in bundled.values())


@pytest.mark.parametrize("kind", ["location", "tag", "person"], ids=["locations", "tags", "people"])
def test_bundled_seed_events_refer_only_to_defined_records(kind: str) -> None:
    field = {"location": "locations", "tag": "tags", "person": "people"}[kind]
    files = {"location": "locations*.jsonl", "tag": "tags*.jsonl", "person": "people*.jsonl"}[kind]
    defined = {r["id"] for r in _jsonl(files)}
    used = {ref for r in _jsonl("events.seed.jsonl") for ref in r.get(field, [])}  # type: ignore[attr-defined]
    assert used - defined == set()


def test_bundled_seed_files_follow_the_record_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((REPO / "data" / "schema" / "clio.schema.json").read_text())
    for pattern, kind in [
        ("events.seed.jsonl", "event"),
        ("people.seed.jsonl", "person"),
        ("tags.seed.jsonl", "tag"),
    ]:
        validator = jsonschema.Draft202012Validator({**schema, "$ref": f"#/$defs/{kind}"})
        for record in _jsonl(pattern):
            assert list(validator.iter_errors(record)) == [], record["id"]

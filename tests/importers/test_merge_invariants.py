"""Laws of the merge over any records: a day entry stays on its day, two day pages never merge.

Hypothesis draws day entries, Wikidata items, NPS battles, historicaldate spans and curated
events over a few weeks, sharing a handful of articles and words, so that every rule of the
merge (shared article, main subject, links on the day, alike titles, short battles, wars
and their battles, Wikidata's day as a start or an end) gets its chance to fire.
"""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.dates import HistoricalDate
from graph.daypages import page_day, told_days
from graph.importers.merge import EventBuilder, merge_events
from graph.models import Event, Link, Source

ARTICLES = [
    "Battle of Fredericksburg",
    "American Civil War",
    "Siege of Vicksburg",
    "Gulf of Tonkin incident",
    "Battle of Liberty",
    "Uranus",
]
DAYS = [HistoricalDate(1862, 12, d) for d in range(8, 22)]


def link(title: str) -> Link:
    return Link(title, f"https://wikipedia.org/wiki/{title.replace(' ', '_')}")


@st.composite
def day_entries(draw: st.DrawFn) -> EventBuilder:
    date = draw(st.sampled_from(DAYS))
    links = draw(st.lists(st.sampled_from(ARTICLES), min_size=1, max_size=3, unique=True))
    heading = draw(st.booleans())
    verb = draw(st.sampled_from(["begins", "is fought", "ends", "takes place", "defeats the Union at"]))
    sentence = f"{links[0]}: the army {verb} {links[-1]}." if heading else f"The {links[0]} {verb}."
    page = f"events/{date.month}/{date.day}.json"
    built = EventBuilder(
        sentence.rstrip("."),
        date,
        "wikipedia",
        summary=sentence,
        links=[link(t) for t in links],
        sources=[Source("wikipedia", page, f"line {draw(st.integers(1, 999))}")],
    )
    return built


@st.composite
def records(draw: st.DrawFn) -> EventBuilder:
    source = draw(st.sampled_from(["wikidata", "acw", "historicaldate", "canonical"]))
    article = draw(st.sampled_from(ARTICLES))
    start = draw(st.sampled_from(DAYS))
    precision = draw(st.sampled_from(["day", "month", "year"]))
    date = {
        "day": start,
        "month": HistoricalDate(start.year, start.month),
        "year": HistoricalDate(start.year),
    }[precision]
    end = None
    if source in ("acw", "historicaldate", "canonical") and draw(st.booleans()):
        # from a two-day battle to a siege of weeks
        end = HistoricalDate(1862, 12, min(31, (start.day or 1) + draw(st.integers(1, 20))))
    built = EventBuilder(
        article,
        date,
        source,
        end_date=end,
        links=[link(article)],
        article=None if source == "canonical" else article,
        canonical_id=f"event:{article.lower().replace(' ', '-')}" if source == "canonical" else None,
        date_may_be_end=source == "wikidata" and draw(st.booleans()),
        sources=[Source(source, record=f"{article} {draw(st.integers(1, 99))}")],
    )
    return built


def listed_days(event: EventBuilder) -> set[tuple[int, int]]:
    """The days onThisDay lists the merged event on, as the store computes them."""
    record = Event(
        "event:x",
        event.title,
        event.date,
        "category:x",
        end_date=event.end_date,
        sources=tuple(event.sources),
    )
    days = {d for d in (event.date.month_day, event.date.gregorian.month_day) if d is not None}
    return days | set(told_days(record))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(day_entries(), records()), min_size=2, max_size=9))
def test_a_merge_never_moves_a_day_entry_off_its_day_nor_joins_two_pages(
    drawn: list[EventBuilder],
) -> None:
    inputs = [dataclasses.replace(e, links=list(e.links), sources=list(e.sources)) for e in drawn]
    for event in merge_events(inputs):
        pages = [page_day(s.file) for s in event.sources if s.name == "wikipedia"]
        assert len(pages) <= 1, f"two day pages in one event: {pages}"
        for page in pages:
            assert page in listed_days(event), f"{page} left its day: {event.date}, {event.end_date}"


@settings(max_examples=100, deadline=None)
@given(st.lists(day_entries(), min_size=2, max_size=8))
def test_day_entries_alone_merge_only_within_their_own_day(drawn: list[EventBuilder]) -> None:
    # Two entries are two facts, whatever their days, words and links share.
    merged = merge_events(drawn)
    assert len(merged) == len(drawn)


def test_the_laws_hold_on_a_war_its_battle_and_an_entry_on_a_later_day() -> None:
    # One drawn case written out: the merge keeps the battle's first day and lists the entry's.
    battle = EventBuilder(
        "Battle of Fredericksburg",
        HistoricalDate(1862, 12, 11),
        "acw",
        end_date=HistoricalDate(1862, 12, 15),
        article="Battle of Fredericksburg",
        links=[link("Battle of Fredericksburg")],
        sources=[Source("acw", record="line 277")],
    )
    told = EventBuilder(
        "Battle of Fredericksburg: Lee defeats Burnside",
        HistoricalDate(1862, 12, 13),
        "wikipedia",
        summary="Battle of Fredericksburg: Lee defeats Burnside.",
        links=[link("Battle of Fredericksburg")],
        sources=[Source("wikipedia", "events/12/13.json", "line 181")],
    )
    [merged] = merge_events([battle, told])
    assert (merged.date, listed_days(merged)) == (HistoricalDate(1862, 12, 11), {(12, 11), (12, 13)})

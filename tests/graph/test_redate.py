"""A redated graph (`graph.incremental_dates`) equals a whole build of the same records.

Seeded random date changes on the tiny and the bundled data: a day moved, a month-only,
year-only, approximate or BC date, a pre-1582 date read as Julian (on its stated day and
its Gregorian one), the date of a neighbour in the date order, and a date with a summary
rewritten, one to three in a row, each patched over the graph the one before made. A
change the patch cannot apply must come back None; every other (the event moved in the
date order, a calendar node come or gone) is compared with a graph built whole from the
same records: every structure `tests.graph.test_relink` compares, the month-day lists,
the posting lists' dates and the search index's dates, and GraphQL answers that read dates.
"""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from itertools import pairwise
from typing import Any

import numpy as np
import pytest

from graph.bundled import BUNDLED_DATA
from graph.dates import HistoricalDate
from graph.daypages import told_days
from graph.incremental import patch
from graph.indexes import build_indexes
from graph.loader import load_graph
from graph.models import Event, Kind, Source
from graph.queries.text_index import text_index
from graph.store import KnowledgeGraph, day_node
from tests.graph.test_relink import SCHEMA, TINY, _renamed, _searched, answers, state, whole


@pytest.fixture(scope="module", params=[TINY, BUNDLED_DATA], ids=["tiny", "bundled"])
def base(request: pytest.FixtureRequest) -> KnowledgeGraph:
    kg = load_graph(request.param)
    build_indexes(kg)
    return kg


def _variants(date: HistoricalDate, rng: random.Random) -> dict[str, HistoricalDate]:
    """Dates near ``date`` in each EDTF form, by the form's name."""
    year, month = date.year, date.month or rng.randint(1, 12)
    found = {
        "day moved": HistoricalDate(year, month, rng.randint(1, 28)),
        "month only": HistoricalDate(year, month),
        "year only": HistoricalDate(year),
        "approximate": dataclasses.replace(date, approximate=not date.approximate),
        "BC": HistoricalDate(-abs(year) or -1, month, rng.randint(1, 28)),
    }
    if year < 1582:
        found["julian"] = HistoricalDate(year, month, rng.randint(1, 28), calendar="julian")
    return found


def redated(kg: KnowledgeGraph, rng: random.Random) -> tuple[str, Event]:
    """One random date change of one random event: its form's name and the event after it."""
    order = kg.ids(Kind.EVENT)
    at = rng.randrange(len(order))
    event: Event = kg.record(order[at])
    forms = _variants(event.date, rng)
    # Neighbours' dates: the commonest patched change, a date among the same events.
    for step, name in ((-1, "date before"), (1, "date after")):
        if 0 <= at + step < len(order):
            forms[name] = kg.record(order[at + step]).date
    name = rng.choice(sorted(forms))
    changed = dataclasses.replace(event, date=forms[name])
    if rng.random() < 0.25:
        name += " and summary"
        changed = dataclasses.replace(changed, summary=f"{event.summary or ''} Retold.")
    return name, changed


#: Words of the bundled and tiny events' titles and summaries, common and rare.
TEXT_WORDS = ("the", "of", "war", "treaty", "battle", "beirut", "king", "first", "retold", "zanzibar")


def dated_state(kg: KnowledgeGraph) -> dict[str, Any]:
    """What a date reaches beyond `test_relink.state`: day lists, dates in postings and search."""
    found = state(kg)
    found["on day"] = [kg.on_day_ids(m, d) for m in range(1, 13) for d in range(1, 32)]
    found["order"] = list(kg.ids(Kind.EVENT))
    found["nodes"] = list(kg.graph)
    index = kg._memo["postings"]
    for part in ("year", "earliest", "latest"):
        found[f"postings {part}"] = getattr(index, part).tolist()
    words = kg._memo["search"].words
    for part in (
        *("event_year", "event_month", "event_day", "date_order", "date_keys", "tie_rank", "node_kind"),
        *("name_node", "name_starts", "name_words", "one_word_factor", "postings", "word_starts"),
    ):
        found[f"search {part}"] = np.asarray(getattr(words, part)).tolist()
    found["search ids"] = list(words.ids)
    # The text index by its answers: its tokens may be numbered in another order (`graph.incremental_order`).
    texts = text_index(kg)
    found["text index"] = {w: texts.events_of_word(w).tolist() for w in TEXT_WORDS}
    found["text index pairs"] = [texts.events_with(pair).tolist() for pair in pairwise(TEXT_WORDS)]
    return found


def dated_answers(kg: KnowledgeGraph, events: set[str]) -> dict[str, Any]:
    """GraphQL answers that read dates, around the redated ``events``."""
    queries: dict[str, str] = {}
    for size in ("YEAR", "DECADE", "CENTURY"):
        queries[f"timeline {size}"] = f"{{ timeline(groupBy: {size}) {{ label start end count }} }}"
    queries["facets"] = "{ facets(first: 5) { total categories { id count } tags { id count } } }"
    for event_id in sorted(events):
        event: Event = kg.record(event_id)
        date = event.date
        queries[f"same {event_id}"] = (
            f'{{ event(id: "{event_id}") {{ date sameDateEventCount sameDateEvents(limit: 50) {{ id }} }} }}'
        )
        for month_day in {date.month_day, date.gregorian.month_day} - {None}:
            queries[f"on {month_day}"] = (
                f"{{ onThisDay(month: {month_day[0]}, day: {month_day[1]}, limit: 100) {{ id }} }}"
            )
        queries[f"search {event_id}"] = f'{{ search(text: "{date.year}", first: 30) {{ id score }} }}'
        start = max(date.year - 10, -9999)
        queries[f"connection {event_id}"] = (
            f'{{ eventsConnection(filter: {{ start: "{_edtf(start)}", end: "{_edtf(date.year + 10)}", '
            f'categories: ["{event.category}"] }}, orderBy: DATE_DESC, first: 50) '
            "{ totalCount nodes { id } } }"
        )
        queries[f"timeline {event_id}"] = (
            f'{{ timeline(filter: {{ categories: ["{event.category}"] }}, groupBy: YEAR) {{ label count }} }}'
        )
    result = {}
    for name, query in queries.items():
        executed = SCHEMA.execute_sync(query, context_value={"kg": kg})
        result[name] = (executed.data, sorted(str(e.message) for e in executed.errors or ()))
    return result


def _edtf(year: int) -> str:
    """A historical year (negative before Christ) in EDTF's astronomical numbering."""
    return f"{year:04d}" if year > 0 else f"-{abs(year + 1):04d}"


@pytest.mark.parametrize("seed", range(10))
def test_a_redated_graph_equals_one_built_whole(base: KnowledgeGraph, seed: int) -> None:
    rng = random.Random(seed)
    before = dated_state(base)
    kg, events, forms = base, set(), Counter[str]()
    for _ in range(rng.randint(1, 3)):
        form, event = redated(kg, rng)
        patched = patch(kg, {event.id: event})
        if patched is None:  # renamed names patched in, beside a new node's numbers
            patched = KnowledgeGraph.from_records(_records(kg, event))
            build_indexes(patched)
        else:
            forms[form] += 1
            build_indexes(patched)  # what the patch dropped (the timelines)
            assert carried_order(patched), f"seed {seed}: the node order carried is not the graph's"
        events.add(event.id)
        kg = patched
    reference = whole(kg)
    got, wanted = dated_state(kg), dated_state(reference)
    for name in wanted:
        assert got[name] == wanted[name], f"seed {seed}: {name} differs from a whole build ({forms})"
    assert dated_answers(kg, events) == dated_answers(reference, events), f"seed {seed}"
    assert answers(kg, events) == answers(reference, events), f"seed {seed}"
    assert dated_state(base) == before, f"seed {seed}: the graph patched from was changed"


def carried_order(kg: KnowledgeGraph) -> bool:
    """Whether the node order a patch carries in its memo (if any) is the graph's node order."""
    order = kg._memo.get("node-order")
    return order is None or order == dict(zip(kg.graph, range(len(kg.graph)), strict=True))


def _records(kg: KnowledgeGraph, event: Event) -> list[Any]:
    return [event if n == event.id else r for n in kg.graph if (r := kg.record(n)) is not None]


def test_most_neighbour_dates_are_patched(base: KnowledgeGraph) -> None:
    # A date among the same events keeps the event's place: the redate applies, whatever the form.
    order = base.ids(Kind.EVENT)
    rng = random.Random(3)
    tried = patched = 0
    for at in rng.sample(range(1, len(order)), min(20, len(order) - 1)):
        event: Event = base.record(order[at])
        neighbour: Event = base.record(order[at - 1])
        if (neighbour.date.sort_key(), neighbour.title) >= (neighbour.date.sort_key(), event.title):
            continue  # the same date would put it before its neighbour
        tried += 1
        patched += patch(base, {event.id: dataclasses.replace(event, date=neighbour.date)}) is not None
    assert tried and patched >= tried // 2, (patched, tried)


def test_an_event_moved_from_first_to_last_is_patched(base: KnowledgeGraph) -> None:
    # Every position moves by one: the permutation reaches every index numbered by position.
    last: Event = base.record(base.ids(Kind.EVENT)[-1])
    date = dataclasses.replace(last.date, approximate=True)
    for first in base.records_of(base.ids(Kind.EVENT)[:10]):  # the first whose calendar nodes stay
        kg = patch(base, {first.id: dataclasses.replace(first, date=date)})
        if kg is not None:
            break
    assert kg is not None
    build_indexes(kg)
    assert kg.ids(Kind.EVENT)[-1] == first.id
    reference = whole(kg)
    got, wanted = dated_state(kg), dated_state(reference)
    for name in wanted:
        assert got[name] == wanted[name], f"{name} differs from a whole build"
    assert dated_answers(kg, {first.id, last.id}) == dated_answers(reference, {first.id, last.id})


def test_a_date_onto_a_new_day_and_year_and_back_is_patched(base: KnowledgeGraph) -> None:
    # No event is in year 3 BC, nor on the month-day chosen: both calendar nodes come with the
    # date (`graph.incremental_calendar`), and go again when the event moves back.
    first: Event = base.record(base.ids(Kind.EVENT)[0])
    day = next((m, d) for m in range(1, 13) for d in range(1, 29) if day_node(m, d) not in base.graph)
    assert "year:-2" not in base.graph
    kg = patch(base, {first.id: dataclasses.replace(first, date=HistoricalDate(-3, *day))})
    assert kg is not None
    build_indexes(kg)
    assert kg.on_day_ids(*day) == (first.id,) and kg.event_ids_of("year:-2") == (first.id,)
    back = patch(kg, {first.id: first})
    assert back is not None
    build_indexes(back)
    assert day_node(*day) not in back.graph and "year:-2" not in back.graph
    for patched in (kg, back):
        reference = whole(patched)
        got, wanted = dated_state(patched), dated_state(reference)
        for name in wanted:
            assert got[name] == wanted[name], f"{name} differs from a whole build"
        assert dated_answers(patched, {first.id}) == dated_answers(reference, {first.id})
    assert dated_state(back) == dated_state(base)


def test_a_source_naming_another_day_page_links_the_day(base: KnowledgeGraph) -> None:
    # A word edit of sources reaches the calendar when it names a day page inside the event's span.
    for event in base.records(Kind.EVENT):
        end = event.end_date
        if end is None or event.date.day is None or end.day is None or event.date.end is not None:
            continue
        if (end.year, end.month, end.day) <= (event.date.year, event.date.month, event.date.day):
            continue
        day = (end.month, end.day)
        if day in told_days(event) or day == event.date.month_day or day_node(*day) not in base.graph:
            continue
        page = Source("wikipedia", f"events/{day[0]:02d}/{day[1]:02d}.json")
        told = dataclasses.replace(event, sources=(*event.sources, page))
        kg = patch(base, {event.id: told})
        assert kg is not None
        build_indexes(kg)
        assert event.id in kg.on_day_ids(*day) and event.id not in base.on_day_ids(*day)
        reference = whole(kg)
        got, wanted = dated_state(kg), dated_state(reference)
        for name in wanted:
            assert got[name] == wanted[name], f"{name} differs from a whole build"
        return
    pytest.skip("no event of several days with a day page to add")


def test_a_date_after_a_rename_answers_as_a_whole_build(base: KnowledgeGraph) -> None:
    # The date patch over renamed names patched in the search index (`PatchedWordIndex`).
    rng = random.Random(11)
    person = rng.choice(list(base.ids(Kind.PERSON)))
    kg = patch(base, {person: _renamed(base, person)})
    assert kg is not None
    build_indexes(kg)
    for seed in range(40):
        form, event = redated(kg, random.Random(seed))
        redone = patch(kg, {event.id: event})
        if redone is not None:
            break
    assert redone is not None
    build_indexes(redone)
    reference = whole(redone)
    touched = {person, event.id}
    assert _searched(redone, touched) == _searched(reference, touched), form
    assert dated_answers(redone, {event.id}) == dated_answers(reference, {event.id}), form

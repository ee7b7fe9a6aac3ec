"""What the load benchmark sends: a realistic mix, and the costly queries beside it.

The mix is what a public history site sends: the canonical traversal (a person, their
events, each event's same-date events), an "On this day" page, type-ahead search (the
first two to five letters of a name), a person by id, and paging through events; the
arguments are drawn at random from people the server itself lists (`sample_of`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

import orjson

from bench.costly import AT_COST_LIMIT, ROW_3
from bench.traversal import CANONICAL_DOCUMENT
from bench.wire import post

COSTLY_PERSON = "person:joseph-stalin"  # the at-the-cost-limit traversal starts here when it exists
MIX = {"canonical": 3, "onThisDay": 2, "search": 4, "person": 3, "paging": 2}  # weights, out of 14


@dataclass(frozen=True, slots=True)
class Sample:
    """What the mix asks about, read from the server itself before the run."""

    names: tuple[str, ...]
    ids: tuple[str, ...]
    total_events: int


def body(query: str, variables: dict[str, Any] | None = None) -> bytes:
    """A GraphQL request body, named after the query's operation."""
    # The operation's name goes into the server's log line, which `read_log` groups by.
    named = query.split("(", 1)[0].split("{", 1)[0].split()
    operation = named[1] if len(named) > 1 and named[0] == "query" else None
    return orjson.dumps({"query": query, "variables": variables or {}, "operationName": operation})


def mix_bodies(sample: Sample, count: int, seed: int = 7) -> list[tuple[str, bytes]]:
    """``count`` requests of the mix in random order, arguments varied so that few repeat."""
    rng = random.Random(seed)
    kinds = [kind for kind, weight in MIX.items() for _ in range(weight)]
    found = []
    for _ in range(count):
        kind = rng.choice(kinds)
        if kind == "canonical":
            request = body(CANONICAL_DOCUMENT, {"name": rng.choice(sample.names)})
        elif kind == "onThisDay":
            month = rng.randint(1, 12)
            request = body(
                "query Day($m: Int!, $d: Int!) { onThisDay(month: $m, day: $d, limit: 20) "
                "{ title date { display } people { name } } }",
                {"m": month, "d": rng.randint(1, 28)},
            )
        elif kind == "search":
            name = rng.choice(sample.names)
            request = body(
                "query Ahead($t: String!) { search(text: $t, first: 8) { id label detail kind } }",
                {"t": name[: rng.randint(2, 5)]},
            )
        elif kind == "person":
            request = body(
                "query Person($id: ID!) { person(id: $id) { name born { display } died { display } "
                "events(limit: 5) { title } } }",
                {"id": rng.choice(sample.ids)},
            )
        else:
            request = body(
                "query Page($o: Int!) { events(limit: 20, offset: $o) { id title date { display } } }",
                {"o": rng.randrange(max(sample.total_events - 20, 1))},
            )
        found.append((kind, request))
    return found


def costly_bodies(has_costly_person: bool) -> list[bytes]:
    """The two named costly queries, alternated by each costly client."""
    person = COSTLY_PERSON if has_costly_person else None
    bodies = [body(ROW_3)]
    if person is not None:
        bodies.append(body(AT_COST_LIMIT, {"id": person}))
    return bodies


def sample_of(port: int, people: int = 400) -> Sample:
    """People with unique names and the number of events, asked of the server (not from the files)."""
    counted = post(port, body("{ eventsConnection(first: 1) { totalCount } }"))
    total = counted["data"]["eventsConnection"]["totalCount"]
    names: list[str] = []
    ids: list[str] = []
    for offset in range(0, people * 3, 100):
        page = post(port, body(f"{{ people(limit: 100, offset: {offset * 7}) {{ id name }} }}"))["data"]
        for person in page["people"]:
            ids.append(person["id"])
            check = body("query Check($n: String!) { person(name: $n) { id } }", {"n": person["name"]})
            if "errors" not in post(port, check):
                names.append(person["name"])
        if len(names) >= people:
            break
    return Sample(tuple(names), tuple(ids), total)


__all__ = ["COSTLY_PERSON", "MIX", "Sample", "body", "costly_bodies", "mix_bodies", "sample_of"]

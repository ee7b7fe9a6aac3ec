"""The costliest queries we know of, kept by name so that tests and the load benchmark send the same ones.

`ROW_3` is the ``connection`` query that ran 6.7–10.3 s inside one resolver (issue 10,
row 3); `AT_COST_LIMIT` is a traversal priced just under the default cost limit of 5,000.
`costliest` gives, for every root field of the schema, the most expensive query of it
we could write under the default limits (cost 5,000, depth 6), for a graph whose hub and
median person are known (the bench generator's manifest, or the full import).
"""

from __future__ import annotations

ROW_3 = (
    'query Row3 { connection(from: "person:joseph-stalin", to: "person:abraham-lincoln", '
    "maxHops: 6, first: 10) { length } }"
)

#: 2 + 50 × (4 + 47 × 2) = 4,902: fifty events of a person, each with forty-seven same-date events.
AT_COST_LIMIT = """query AtCostLimit($id: ID!) {
  person(id: $id) {
    events(limit: 50) { title date { year } sameDateEvents(limit: 47) { id title } }
  }
}"""


def costliest(hub: str, far: str, event: str) -> dict[str, str]:
    """Root field -> its costliest query, around the ``hub`` person, a ``far`` node and an ``event``."""
    every_relation = (
        "[INVOLVED, OCCURRED_IN, PART_OF, PARTICIPATED, SAME_DAY, IN_CATEGORY, TAGGED, ON_DAY, IN_YEAR]"
    )
    text = 'filter: { text: "e" }'
    return {
        "search": '{ search(text: "a", first: 50) { id label detail score } }',
        "reconcile": (
            '{ reconcile(name: "a", type: EVENT, limit: 25, properties: [{pid: "startDate", value: "1900"}, '
            '{pid: "location", value: "a"}]) { id name type score match description } }'
        ),
        "connection": (
            f'{{ connection(from: "{hub}", to: "{far}", maxHops: 6, first: 10, via: {every_relation}) '
            "{ length sentence hops { id label } } }"
        ),
        "neighborhood": (
            f'{{ neighborhood(id: "{hub}", depth: 3, limit: 200, '
            "kinds: [EVENT, PERSON, LOCATION, ORGANIZATION, CATEGORY, TAG]) "
            "{ nodes { id label degree } edges { id } elements } }"
        ),
        "timeline": f"{{ timeline(groupBy: YEAR, {text}) {{ label count }} }}",
        "facets": f"{{ facets(first: 100, {text}) {{ total people {{ id count }} tags {{ id count }} }} }}",
        "ranking": "{ ranking(kind: EVENT, by: PAGERANK, first: 100) { rank score label } }",
        "node": (
            f'{{ node(id: "{hub}") {{ ... on Person '
            "{ events(limit: 100) { title people { name } } } } }"
        ),
        "event": (
            f'{{ event(id: "{event}") {{ title sameDateEvents(limit: 100) '
            "{ title people { name } relatedEvents(limit: 20) { title } } } }"
        ),
        "person": (
            f'{{ person(id: "{hub}") {{ events(limit: 50) {{ title date {{ year }} '
            "sameDateEvents(limit: 47) { id title } } } }"
        ),
        "location": '{ location(name: "e") { name } }',
        "organization": '{ organization(name: "e") { name } }',
        "category": '{ category(name: "e") { name } }',
        "tag": '{ tag(name: "e") { name } }',
        "categories": "{ categories { name events(limit: 100) { title } } }",
        "tags": '{ tags(name: "e", limit: 100) { name events(limit: 40) { title } } }',
        "events": f"{{ events(limit: 100, orderBy: RELEVANCE, {text}) {{ title people {{ name }} }} }}",
        "eventsConnection": (
            f"{{ eventsConnection(first: 100, orderBy: RELEVANCE, {text}) "
            "{ totalCount edges { node { title } } } }"
        ),
        "people": '{ people(limit: 100, filter: { name: "a", inEvents: { text: "e" } }) { name } }',
        "peopleConnection": (
            '{ peopleConnection(first: 100, filter: { name: "a", inEvents: { text: "e" } }) '
            "{ totalCount edges { node { name } } } }"
        ),
        "locations": '{ locations(limit: 100, filter: { name: "a" }) { name events(limit: 40) { title } } }',
        "locationsConnection": '{ locationsConnection(first: 100, name: "a") { totalCount nodes { name } } }',
        "onThisDay": (
            "{ onThisDay(month: 1, day: 1, limit: 100) "
            "{ title people { name } sameDateEvents(limit: 20) { title } } }"
        ),
        # A day page's field at its largest: a category filter counted, every category, a
        # hundred births and deaths, then onThisDay's own costliest shape.
        "day": (
            '{ day(month: 1, day: 1) { eventCount(categories: ["category:politics-government"]) '
            "categories { name count } births(limit: 100) { name } deaths(limit: 100) { name } "
            "events(limit: 100) { title people { name } sameDateEvents(limit: 20) { title } } } }"
        ),
        # The review queue reads the store of record, a page of at most 100 changes.
        "changes": "{ changes(first: 100) { nodes { id author reason diff input } endCursor } }",
        "history": f'{{ history(id: "{event}", first: 100) {{ nodes {{ id reason diff }} }} }}',
        "recordVersion": f'{{ recordVersion(id: "{event}") }}',
    }


__all__ = ["AT_COST_LIMIT", "ROW_3", "costliest"]

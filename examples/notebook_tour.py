"""A tour of the graph from Python: Stalin's events, what else happened on those days, a path, a table.

Run it from the repository root::

    .venv/bin/python examples/notebook_tour.py            # the bundled data
    .venv/bin/python examples/notebook_tour.py DATA_DIR   # any canonical data directory
"""

from __future__ import annotations

import sys
from pathlib import Path

from graph import connections, events_frame, events_of, find, load_graph, neighborhood, same_date, subgraph

DATA = Path(__file__).resolve().parent.parent / "data"


def tour(data_dir: Path = DATA) -> None:
    kg = load_graph(data_dir)

    # Find by name: any case, accents optional, typos forgiven.
    stalin = find(kg, "Stallin")
    print(f"{stalin.name} ({stalin.id})")

    # His events in date order, and what else happened on the same day of the year.
    events = events_of(kg, stalin)
    print(f"{len(events)} events, from {events[0].date.display} to {events[-1].date.display}")
    shown = 0
    for event in events:
        others = same_date(kg, event)
        if others and shown < 3:
            shown += 1
            print(f"  {event.date.display}: {event.title}")
            for other in others[:2]:
                print(f"    same day, {other.date.year}: {other.title}")

    # How is he connected to the explosion in Beirut?
    beirut = find(kg, "beirut explosion")
    for path in connections(kg, stalin.id, beirut.id, first=1) or []:
        print(f"Path of {path.length} hops: {path.sentence}")

    # His neighbourhood as a NetworkX graph, for any NetworkX algorithm.
    hood = neighborhood(kg, stalin.id, depth=1, limit=30)
    g = subgraph(kg, [node.id for node in hood.nodes])
    print(f"Neighbourhood: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges")

    # His events as a DataFrame: events per decade.
    frame = events_frame(kg, events)
    per_decade = frame.groupby(frame["year"] // 10 * 10).size()
    print("Events per decade:", ", ".join(f"{decade}s: {n}" for decade, n in per_decade.items()))


if __name__ == "__main__":
    tour(Path(sys.argv[1]) if len(sys.argv) > 1 else DATA)

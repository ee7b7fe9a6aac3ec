"""``clio export``: write the graph (or the part around some nodes) for Gephi, Cytoscape or D3.

Usage::

    clio export graphml --out clio.graphml                 # the bundled data, whole
    clio export gexf --data build/graph --out graph.gexf
    clio export json --around person:joseph-stalin --depth 2 --out stalin.json

Attributes are flattened as `graph.export` describes: dates as EDTF plus a year number,
lists joined with "|", missing values left out.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from clio.cli.failure import check_writable
from clio.cli.loading import load_with_progress
from graph.bundled import BUNDLED_DATA
from graph.export import FORMATS, export, plain_graph


def _run(args: argparse.Namespace) -> int:
    from graph.queries.neighborhood import MAX_NODES, neighborhood

    check_writable(args.out, f"{args.format} export")
    kg = load_with_progress(args.data)
    nodes = None
    if args.around:
        hood = neighborhood(kg, args.around, depth=args.depth, limit=MAX_NODES)
        nodes = [n.id for n in hood.nodes]
    graph = plain_graph(kg, nodes, calendar=not args.no_calendar)
    export(graph, args.format, args.out)
    print(
        f"Wrote {graph.number_of_nodes():,} nodes and {graph.number_of_edges():,} edges "
        f"to {args.out} ({args.format})",
        file=sys.stderr,
    )
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``export`` subcommand to the ``clio`` command line."""
    parser = subparsers.add_parser("export", help="write the graph as GraphML, GEXF or node-link JSON")
    parser.add_argument(
        "format", choices=FORMATS, help="graphml (yEd, Cytoscape), gexf (Gephi) or json (D3 node-link)"
    )
    parser.add_argument("--out", type=Path, required=True, help="file to write")
    parser.add_argument(
        "--data",
        type=Path,
        default=BUNDLED_DATA,
        help=f"data directory (default the bundled {BUNDLED_DATA.name}/)",
    )
    parser.add_argument(
        "--around", metavar="ID", help="only the neighbourhood of this node (at most 200 nodes)"
    )
    parser.add_argument(
        "--depth", type=int, default=1, help="rings of links around --around, 1 to 3 (default 1)"
    )
    parser.add_argument("--no-calendar", action="store_true", help="leave out day and year nodes")
    parser.set_defaults(run=_run)

"""``clio export``: write the graph (or the part around some nodes) for Gephi, Cytoscape or D3.

Usage::

    clio export graphml --out clio.graphml                 # the bundled data, whole
    clio export gexf --data build/graph --out graph.gexf
    clio export json --around person:joseph-stalin --depth 2 --out stalin.json
    clio export turtle --base https://clio.example --out clio.ttl   # RDF: also ntriples, jsonld

Attributes are flattened as `graph.export` describes: dates as EDTF plus a year number,
lists joined with "|", missing values left out. The RDF formats write places, people and
events with schema.org classes as `graph.rdf` describes, one record at a time, each named
by its ``<base>/id/<id>`` URI.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from clio.cli.failure import check_writable
from clio.cli.loading import load_with_progress
from graph.bundled import BUNDLED_DATA
from graph.export import FORMATS, export, plain_graph
from graph.rdf import FORMATS as RDF_FORMATS

#: What `/id/<id>` URIs are under when neither --base nor CLIO_PUBLIC_URL says.
DEFAULT_BASE = "http://localhost:8000"


def _run_rdf(args: argparse.Namespace) -> int:
    from graph import rdf

    if args.around:
        print("clio: --around works with graphml, gexf and json only", file=sys.stderr)
        return 2
    kg = load_with_progress(args.data)
    base = args.base or os.environ.get("CLIO_PUBLIC_URL") or DEFAULT_BASE
    counts = {kind.value: len(kg.ids(kind)) for kind in rdf.KINDS}
    with args.out.open("w", encoding="utf-8", newline="\n") as out:
        rdf.write(kg, base, args.format, out)
    print(
        f"Wrote {counts['location']:,} places, {counts['person']:,} people and {counts['event']:,} events "
        f"to {args.out} ({args.format}, URIs under {base}/id/)",
        file=sys.stderr,
    )
    return 0


def _run(args: argparse.Namespace) -> int:
    from graph.queries.neighborhood import MAX_NODES, neighborhood

    check_writable(args.out, f"{args.format} export")
    if args.format in RDF_FORMATS:
        return _run_rdf(args)
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
    parser = subparsers.add_parser("export", help="write the graph as GraphML, GEXF, node-link JSON or RDF")
    parser.add_argument(
        "format",
        choices=(*FORMATS, *RDF_FORMATS),
        help="graphml (yEd, Cytoscape), gexf (Gephi), json (D3 node-link), or RDF: ntriples, turtle, jsonld",
    )
    parser.add_argument(
        "--base",
        help=f"RDF only: the site the /id/ URIs are under (default CLIO_PUBLIC_URL, else {DEFAULT_BASE})",
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

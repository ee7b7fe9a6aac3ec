"""Exports that NetworkX (and so Gephi, Cytoscape, D3) reads back whole."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from clio.cli import main
from graph.export import export, plain_graph
from graph.store import KnowledgeGraph
from tests.conftest import TEST_DATA


def read_back(format: str, path: Path) -> nx.Graph:
    if format == "graphml":
        return nx.read_graphml(path, force_multigraph=True)
    if format == "gexf":
        return nx.read_gexf(path)
    return nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="edges")


@pytest.mark.parametrize("format", ["graphml", "gexf", "json"])
def test_export_reads_back_with_the_same_counts_and_attributes(
    kg: KnowledgeGraph, tmp_path: Path, format: str
) -> None:
    g = plain_graph(kg)
    path = tmp_path / f"clio.{format}"
    export(g, format, path)
    back = read_back(format, path)
    assert back.number_of_nodes() == kg.graph.number_of_nodes() == g.number_of_nodes()
    assert back.number_of_edges() == kg.graph.number_of_edges() == g.number_of_edges()
    stalin = back.nodes["person:joseph-stalin"]
    assert (stalin["kind"], stalin["label"], stalin["born"], int(stalin["born_year"])) == (
        "person",
        "Joseph Stalin",
        "1878-12-18",
        1878,
    )
    assert "Stalin" in stalin["aliases"].split("|")


def test_bce_dates_and_missing_values_survive_graphml(ancient: KnowledgeGraph, tmp_path: Path) -> None:
    path = tmp_path / "ancient.graphml"
    export(plain_graph(ancient), "graphml", path)
    back = nx.read_graphml(path, force_multigraph=True)
    assert back.nodes["event:ides-of-march"]["date"] == "-0043-03-15"
    assert back.nodes["event:ides-of-march"]["date_year"] == -44
    assert "summary" not in back.nodes["event:augustus-named"]  # None is left out, not written as "None"
    assert back.nodes["location:rome"]["type"] == "city"


def test_unknown_format_is_refused(ancient: KnowledgeGraph, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown export format 'xml'"):
        export(plain_graph(ancient), "xml", tmp_path / "x")


def test_clio_export_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "ancient.gexf"
    assert (
        main(["export", "gexf", "--data", str(TEST_DATA / "ancient"), "--out", str(out), "--no-calendar"])
        == 0
    )
    back = nx.read_gexf(out)
    assert sorted(n for n in back.nodes if n.startswith("person:")) == [
        "person:augustus",
        "person:josephine-baker",
        "person:julius-caesar",
        "person:mark-antony",
        "person:pericles",
    ]
    assert not any(n.startswith(("day:", "year:")) for n in back.nodes)
    assert f"to {out} (gexf)" in capsys.readouterr().err


def test_clio_export_around_a_node(tmp_path: Path) -> None:
    out = tmp_path / "caesar.json"
    args = [
        "export",
        "json",
        "--data",
        str(TEST_DATA / "ancient"),
        "--out",
        str(out),
        "--around",
        "person:julius-caesar",
    ]
    assert main(args) == 0
    back = read_back("json", out)
    assert sorted(back.nodes) == ["event:crossing-the-rubicon", "event:ides-of-march", "person:julius-caesar"]

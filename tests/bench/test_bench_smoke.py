"""The benchmark suite still runs: a tiny generated history, one short round of every measurement.

Timings are not asserted (a loaded test machine would make that flaky); what is asserted
is that the generator is deterministic and loadable, that the hub and median people it
names are real, and that every measurement the suite reports was taken and checked.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import run
from bench.generate import generate, read_manifest
from bench.report import tables, verdicts
from graph.loader import load_graph

EVENTS = 200


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("bench") / "data"
    generate(directory, EVENTS, seed=3)
    return directory


def test_generator_is_deterministic_by_seed(generated: Path, tmp_path: Path) -> None:
    again, other = tmp_path / "again", tmp_path / "other"
    generate(again, EVENTS, seed=3)
    generate(other, EVENTS, seed=4)
    events = (generated / "events.jsonl").read_bytes()
    assert (again / "events.jsonl").read_bytes() == events
    assert (other / "events.jsonl").read_bytes() != events


def test_generated_data_loads_and_names_its_hub_and_median(generated: Path) -> None:
    kg = load_graph(generated)
    manifest = read_manifest(generated)
    assert kg.counts()["event"] == EVENTS
    hub, median = kg.person_by_name(manifest.hub.name), kg.person_by_name(manifest.median.name)
    assert hub is not None and hub.id == manifest.hub.id
    assert median is not None and median.id == manifest.median.id
    assert len(kg.event_ids_of(hub.id)) == manifest.hub.events > manifest.median.events
    assert len(kg.event_ids_of(median.id)) == manifest.median.events
    assert all(kg.person_by_name(name) is not None for name in manifest.sample)


def test_one_quick_round_measures_everything(tmp_path: Path) -> None:
    # The round generates its own data in its work folder, as `make bench` does.
    result = run.bench_size(EVENTS, seed=3, work=tmp_path, quick=True)
    assert [cost["source"] for cost in result["load"]] == ["json", "snapshot"]
    assert all(cost["nodes"] > EVENTS and cost["retained_per_unit"] > 0 for cost in result["load"])
    assert [t["who"] for t in result["inprocess"]] == ["hub", "median"]
    assert all(t["fields"] > 0 and t["graphql_ms"] > 0 for t in result["inprocess"])
    scenarios = {(r["scenario"], r["endpoint"], r["concurrency"]) for r in result["http"]}
    assert len(scenarios) == len(result["http"]) == 22
    assert all(r["requests"] > 0 and r["server_cpu_ms_per_request"] >= 0 for r in result["http"])
    report = {
        "sizes": [result],
        "seconds": 1.0,
        "load_average": {"before": (0.0, 0, 0), "after": (0.0, 0, 0)},
    }
    assert len(list(verdicts(report))) == 8
    assert any(
        line.startswith("| canonical, varied median people | graphql | 16 |") for line in tables(report)
    )

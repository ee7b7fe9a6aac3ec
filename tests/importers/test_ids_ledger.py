"""Ids an earlier published import gave keep resolving when the next import is given its output.

``clio import … --previous DIR`` learns the published ids from the rows each record was
made from, not from titles: an event made from the same row keeps its id even when a
headline rule now titles it otherwise, and an id whose rows were merged into another
record redirects to it, for ``node(id:)``, ``event(id:)`` and the notebook alike.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from clio.app import create_app
from clio.settings import Settings
from graph import notebook
from graph.errors import DataError
from graph.importers.ledger import Ledger, keep_event_ids
from graph.importers.pipeline import SourceSpec, run_import
from graph.loader import load_graph
from graph.redirects import REDIRECTS_FILE

DATA = Path(__file__).resolve().parents[1] / "data" / "importers" / "pipeline"
REPO = Path(__file__).resolve().parents[2]
WIKI = SourceSpec("wikipedia", (DATA / "wiki",))
CURATED = SourceSpec("canonical", (DATA / "data",))
#: The 1941 entry's id as the headline rule names it now, and as an earlier rule named it.
STALIN = "event:joseph-stalin-reviews-the-red-army-in-moscow-1941-08-04"
EARLIER = "event:stalin-reviews-red-army-1941-08-04"
ENTRY_ALONE = "event:diplomatic-relations-between-mexico-and-the-soviet-union-1924-08-04"
MERGED = "event:establishment-of-mexico-soviet-diplomatic-relations"
QUERY = "query ($id: ID!) { node(id: $id) { id } event(id: $id) { id } }"


def ids(out: Path) -> set[str]:
    return {
        json.loads(line)["id"]
        for path in out.glob("*.jsonl")
        if path.name != REDIRECTS_FILE
        for line in path.read_text(encoding="utf-8").splitlines()
    }


def retitled(published: Path, old: str, new: str) -> None:
    """Rewrite an output as if an earlier headline rule had named an event ``new``."""
    path = published / "events.jsonl"
    path.write_text(path.read_text(encoding="utf-8").replace(f'"{old}"', f'"{new}"'), encoding="utf-8")


def answer(data: Path, node_id: str) -> object:
    with TestClient(create_app(Settings.from_env({}, data_dir=data))) as client:
        return client.post("/graphql", json={"query": QUERY, "variables": {"id": node_id}}).json()


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("ledger")
    run_import([WIKI], root / "wiki-alone")
    run_import([WIKI, CURATED], root / "earlier")
    assert STALIN in ids(root / "earlier")
    retitled(root / "earlier", STALIN, EARLIER)
    run_import([WIKI, CURATED], root / "next", previous=root / "earlier")
    run_import([WIKI, CURATED], root / "after-alone", previous=root / "wiki-alone")
    return {p.name: p for p in root.iterdir()}


def test_an_event_keeps_the_id_an_earlier_import_published_whatever_its_headline_is_now(
    published: dict[str, Path],
) -> None:
    assert EARLIER in ids(published["next"])
    assert STALIN not in ids(published["next"])
    # Everything else is named as before: the ledger changes only what it must.
    assert ids(published["next"]) == ids(published["earlier"])
    assert answer(published["next"], EARLIER) == {"data": {"node": {"id": EARLIER}, "event": {"id": EARLIER}}}


def test_every_id_the_earlier_import_published_still_resolves(published: dict[str, Path]) -> None:
    kg = load_graph(published["after-alone"])
    assert all(kg.get(i) is not None for i in ids(published["wiki-alone"]))


def test_an_id_merged_away_since_redirects_without_the_old_output_as_input(
    published: dict[str, Path],
) -> None:
    out = published["after-alone"]
    assert json.loads((out / REDIRECTS_FILE).read_text(encoding="utf-8")) == {"id": ENTRY_ALONE, "to": MERGED}
    assert answer(out, ENTRY_ALONE) == {"data": {"node": {"id": MERGED}, "event": {"id": MERGED}}}
    # The notebook follows it too: the event's day-mates exclude the event itself.
    kg = load_graph(out)
    assert MERGED not in [e.id for e in notebook.same_date(kg, ENTRY_ALONE)]
    assert [row["id"] for _, row in notebook.events_frame(kg, [ENTRY_ALONE]).iterrows()] == [MERGED]
    # A later import given this output as its previous one carries the redirect on.
    again = out.parent / "again"
    run_import([WIKI, CURATED], again, previous=out)
    assert (again / REDIRECTS_FILE).read_text(encoding="utf-8") == (out / REDIRECTS_FILE).read_text(
        encoding="utf-8"
    )


def test_a_published_id_is_never_given_to_another_event(published: dict[str, Path], tmp_path: Path) -> None:
    # The earlier output gave the 1941 entry's id to a record of another row: the entry is
    # named anew, and the id stays with the row it was published for.
    earlier = tmp_path / "earlier"
    run_import([WIKI, CURATED], earlier)
    lines = (earlier / "events.jsonl").read_text(encoding="utf-8").splitlines()
    events = [json.loads(line) for line in lines]
    stalin = next(e for e in events if e["id"] == STALIN)
    stalin["sources"] = [{"name": "wikipedia", "file": "events/1/1.json", "record": "gone"}]
    (earlier / "events.jsonl").write_text("".join(json.dumps(e) + "\n" for e in events), encoding="utf-8")
    out = tmp_path / "out"
    run_import([WIKI, CURATED], out, previous=earlier)
    assert STALIN not in ids(out)
    assert f"{STALIN}-2" in ids(out)


def test_a_previous_directory_that_is_no_import_output_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="not an earlier import's output"):
        run_import([WIKI], tmp_path / "out", previous=tmp_path)
    command = ["import", "wikipedia", str(DATA / "wiki"), "--out", str(tmp_path / "o")]
    done = subprocess.run(
        [sys.executable, "-m", "clio", *command, "--previous", str(tmp_path / "nowhere"), "--quiet"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "--previous" in done.stderr and "nowhere" in done.stderr
    assert "Traceback" not in done.stderr


rows_st = st.lists(
    st.lists(
        st.tuples(st.sampled_from(["wikipedia", "wikidata"]), st.just(""), st.sampled_from("abcdef")),
        max_size=3,
    ),
    max_size=8,
)


@given(published=st.dictionaries(st.sampled_from("abcdef"), st.sampled_from("pqrs")), rows=rows_st)
def test_kept_ids_are_published_ids_of_their_rows_and_never_shared(
    published: dict[str, str], rows: list[list[tuple[str, str, str]]]
) -> None:
    ledger = Ledger()
    for row, old in published.items():
        ledger.add(f"event:{old}", [*ledger.rows.get(f"event:{old}", []), ("wikipedia", "", row)])
    fixed = [None if i % 3 else "event:p" for i in range(len(rows))]
    kept = keep_event_ids(ledger, rows, fixed)
    given_ids = [k for k in kept if k is not None]
    assert len(given_ids) == len(set(given_ids))
    assert "event:p" not in given_ids or "event:p" not in fixed
    for index, old in enumerate(kept):
        if old is not None:
            assert fixed[index] is None
            assert set(ledger.rows[old]) & set(rows[index])

"""Roles of people in events, through the real loader: mentions apart from participants."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from graph.errors import DataErrors
from graph.loader import load_graph
from graph.models import Event, Relation
from graph.queries.events import associates
from graph.queries.paths import connections
from graph.roles import PRECISE, Role, role_of, stronger
from tests.conftest import REPO, TEST_DATA

ROLES = TEST_DATA / "roles"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    shutil.copytree(ROLES, tmp_path / "roles")
    return tmp_path / "roles"


def test_a_mention_is_an_edge_of_its_own_and_no_participation() -> None:
    kg = load_graph(ROLES)
    assert kg.graph.has_edge("person:abraham-lincoln", "event:appomattox", key=Relation.MENTIONS.value)
    assert not kg.graph.has_edge("person:abraham-lincoln", "event:appomattox", key=Relation.INVOLVED.value)
    assert kg.event_ids_of("person:abraham-lincoln") == ("event:lincoln-assassinated",)
    assert kg.mentioned_in("person:abraham-lincoln") == ("event:appomattox", "event:uss-lincoln-launched")


def test_each_linked_person_has_exactly_one_role() -> None:
    kg = load_graph(ROLES)
    appomattox = kg.typed("event:appomattox", Event)
    assert [appomattox.role_of(p) for p in ("person:robert-e-lee", "person:abraham-lincoln")] == [
        Role.COMMANDER,
        Role.MENTIONS,
    ]
    assert (
        kg.typed("event:lincoln-assassinated", Event).role_of("person:john-wilkes-booth") is Role.PARTICIPANT
    )
    assert appomattox.role_of("person:john-wilkes-booth") is None


def test_associates_count_participants_unless_mentions_are_asked_for() -> None:
    kg = load_graph(ROLES)
    assert associates(kg, "person:robert-e-lee") == [("person:ulysses-s-grant", 1)]
    assert associates(kg, "person:robert-e-lee", include_mentions=True) == [
        ("person:abraham-lincoln", 1),
        ("person:ulysses-s-grant", 1),
    ]
    # Lincoln is only mentioned at Appomattox: Lee is no associate of his by default.
    assert associates(kg, "person:abraham-lincoln") == [("person:john-wilkes-booth", 1)]


def test_paths_walk_a_mention_only_when_asked() -> None:
    kg = load_graph(ROLES)
    assert connections(kg, "person:robert-e-lee", "event:uss-lincoln-launched") is None
    [path] = connections(
        kg, "person:robert-e-lee", "event:uss-lincoln-launched", first=1,
        via=[Relation.INVOLVED, Relation.MENTIONS],
    )  # fmt: skip
    assert path.sentence == (
        "Robert E. Lee, involved in Lee surrenders to Grant at Appomattox, which mentions Abraham Lincoln, "
        "mentioned in A submarine named after Abraham Lincoln is launched"
    )


BAD_EVENTS = [
    # A person takes part or is mentioned, never both.
    pytest.param({"people": ["person:robert-e-lee"], "mentions": ["person:robert-e-lee"]},
                 "mentions.0", "is in 'people' too", id="both"),
    pytest.param({"people": ["person:robert-e-lee"], "roles": {"person:robert-e-lee": "general"}},
                 "roles.person:robert-e-lee", "one of ['commander', 'leader', 'victim']", id="unknown-role"),
    # A mention has no role: the roles object is for participants.
    pytest.param({"mentions": ["person:robert-e-lee"], "roles": {"person:robert-e-lee": "victim"}},
                 "roles.person:robert-e-lee", "not in 'people'", id="role-of-a-mention"),
    pytest.param({"roles": ["person:robert-e-lee"]}, "roles", "must be an object", id="roles-as-list"),
    pytest.param({"mentions": ["person:nobody"]}, "mentions.0", "no person file defines",
                 id="unknown-mention"),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "field", "words"), BAD_EVENTS)
def test_bad_roles_name_the_field_to_fix(
    data_dir: Path, fields: dict[str, object], field: str, words: str
) -> None:
    record = {
        "id": "event:x",
        "title": "X",
        "date": "1865",
        "category": "category:military-warfare",
        **fields,
    }
    with (data_dir / "events.jsonl").open("a", encoding="utf-8") as file:
        file.write(json.dumps(record) + "\n")
    with pytest.raises(DataErrors) as caught:
        load_graph(data_dir)
    [error] = caught.value.errors
    assert (error.line, error.field) == (4, field)
    assert words in error.reason


def test_the_json_schema_lists_the_precise_roles_of_the_vocabulary() -> None:
    schema = json.loads((REPO / "data" / "schema" / "clio.schema.json").read_text(encoding="utf-8"))
    roles = schema["$defs"]["event"]["properties"]["roles"]["additionalProperties"]["enum"]
    assert sorted(roles) == sorted(role.value for role in PRECISE)


@pytest.mark.parametrize(
    ("written", "role"),
    [
        ("commander, Confederate, Gen.", Role.COMMANDER),  # the Civil War battles' commanders
        ("monarch", Role.LEADER),  # a historicaldate reign
        ("participant", Role.PARTICIPANT),  # Wikidata's participant property
        ("spectator", None),  # a word outside the vocabulary stays unread, never guessed
        (None, None),
    ],
)
def test_source_words_map_onto_the_vocabulary(written: str | None, role: Role | None) -> None:
    assert role_of(written) is role


def test_the_stronger_role_does_not_depend_on_order() -> None:
    for a in Role:
        for b in Role:
            assert stronger(a, b) is stronger(b, a)
            assert stronger(a, b).participates or not (a.participates or b.participates)

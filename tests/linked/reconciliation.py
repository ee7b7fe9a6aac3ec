"""Helpers for the reconciliation tests: the vendored 0.2 schemas as validators, and the query cases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

SCHEMAS = Path(__file__).resolve().parent / "reconciliation_schemas"
CASES = Path(__file__).resolve().parents[1] / "data" / "reconciliation"


def _registry() -> Registry:  # type: ignore[type-arg]
    # Each schema by its $id, so "type.json" resolves to the vendored copy, never the network.
    resources = []
    for path in SCHEMAS.glob("*.json"):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((contents["$id"], Resource.from_contents(contents, default_specification=DRAFT7)))
    return Registry().with_resources(resources)


REGISTRY = _registry()


def validator(name: str) -> jsonschema.Draft7Validator:
    """A validator for ``<name>.json`` (the spec's CI checks them with ajv, whose default is draft 7)."""
    schema = json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema, registry=REGISTRY)


def assert_valid(name: str, document: Any) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator(name).iter_errors(document)]
    assert not errors, f"not a valid {name}: {errors[:5]}"


def examples(kind: str, valid: bool) -> list[Path]:
    return sorted((SCHEMAS / "examples" / kind / ("valid" if valid else "invalid")).glob("*.json"))


def cases(name: str) -> list[dict[str, Any]]:
    """The cases of ``tests/data/reconciliation/<name>.jsonl``."""
    lines = (CASES / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]

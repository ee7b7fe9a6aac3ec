"""An import's output directory, read as a client reads it, indexed by source row.

Every record lists the rows it was built from in `sources`; the audit finds a gold row's
records through them, so it needs no id and no help from the importer.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_TITLE = re.compile(r"/wiki/(.+)$")


def _read(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def source_keys(record: dict[str, Any]) -> list[tuple[str, str, str]]:
    """``(format, file, record)`` of each source; Wikidata items are keyed by URL alone."""
    keys = []
    for source in record.get("sources") or ():
        name, file, where = source.get("name"), source.get("file") or "", source.get("record") or ""
        keys.append((name, "" if name == "wikidata" else file, where))
    return keys


def fold(name: str) -> str:
    """Compare names without case, accents or underscores: "César Chávez" is "Cesar Chavez"."""
    plain = unicodedata.normalize("NFKD", name.replace("_", " "))
    return " ".join("".join(c for c in plain if not unicodedata.combining(c)).split()).casefold()


@dataclass
class Build:
    folder: Path
    events: dict[str, dict[str, Any]] = field(default_factory=dict)
    people: dict[str, dict[str, Any]] = field(default_factory=dict)
    locations: dict[str, dict[str, Any]] = field(default_factory=dict)
    by_source: dict[tuple[str, str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    person_names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def read(cls, folder: Path) -> Build:
        if not (folder / "events.jsonl").exists():
            raise FileNotFoundError(f"{folder} holds no events.jsonl: is it an import's output directory?")
        build = cls(folder)
        for kind, target in (
            ("events", build.events),
            ("people", build.people),
            ("locations", build.locations),
        ):
            for record in _read(folder / f"{kind}.jsonl"):
                target[record["id"]] = record
                for key in source_keys(record):
                    build.by_source[key].add(record["id"])
        for pid, person in build.people.items():
            names = {person.get("name", ""), *(person.get("aliases") or ())}
            for link in person.get("links") or ():
                names.add(link.get("title", ""))
                match = _TITLE.search(link.get("url", ""))
                if match:
                    names.add(match[1])
            for name in names:
                if name:
                    build.person_names[fold(name)].add(pid)
        return build

    def records(self, key: tuple[str, str, str], kind: dict[str, dict[str, Any]]) -> list[str]:
        fmt, file, where = key
        ids = self.by_source.get((fmt, "" if fmt == "wikidata" else file, where), set())
        return sorted(i for i in ids if i in kind)

    def country(self, location_id: str) -> str | None:
        """The ISO code of the modern country a location lies in, following `part_of`."""
        seen = set()
        while location_id and location_id not in seen:
            seen.add(location_id)
            place = self.locations.get(location_id)
            if place is None:
                return None
            if place.get("iso_code"):
                return str(place["iso_code"])[:2].upper()
            location_id = place.get("part_of") or ""
        return None

    def persons_named(self, title: str) -> set[str]:
        return set(self.person_names.get(fold(title), set()))

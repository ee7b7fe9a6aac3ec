"""The import report: what was read, imported, merged, rejected and left unresolved.

The same figures go to ``import-report.json`` (beside the imported files, stable from run
to run: no clock, no machine paths) and to the summary printed at the end of an import.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from graph.importers.draft import Rejection

EXAMPLES = 3
CONFLICT_EXAMPLES = 50


@dataclass(slots=True)
class ImportReport:
    sources: list[dict[str, Any]] = field(default_factory=list)
    read: Counter[str] = field(default_factory=Counter)  # by format
    drafts: Counter[str] = field(default_factory=Counter)  # by draft kind
    imported: dict[str, int] = field(default_factory=dict)  # by output kind
    merged_events: int = 0
    merged_people: int = 0
    #: Dates a source gave for a merged event that the kept date contradicts: (event id, what).
    date_conflicts: list[tuple[str, str]] = field(default_factory=list)
    #: Ids earlier imports published that now live under another id (`graph.redirects`).
    redirects: dict[str, str] = field(default_factory=dict)
    rejections: dict[tuple[str, str], list[Rejection]] = field(default_factory=dict)
    resolution: dict[str, Any] = field(default_factory=dict)
    categories: Counter[str] = field(default_factory=Counter)
    #: Person links by role, and participants the life-date rule made mentions (graph.roles).
    roles: Counter[str] = field(default_factory=Counter)
    topics: dict[str, int] = field(default_factory=dict)
    unresolved: Counter[str] = field(default_factory=Counter)
    ambiguous: Counter[str] = field(default_factory=Counter)
    ambiguous_candidates: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def reject(self, rejection: Rejection) -> None:
        self.rejections.setdefault((rejection.source.name, rejection.reason), []).append(rejection)

    @property
    def rejected(self) -> int:
        return sum(len(items) for items in self.rejections.values())

    def to_json(self) -> dict[str, Any]:
        rejected = [
            {
                "source": source,
                "reason": reason,
                "count": len(items),
                "examples": [
                    {
                        k: v
                        for k, v in (
                            ("file", r.source.file),
                            ("record", r.source.record),
                            ("field", r.field),
                            ("text", r.text),
                        )
                        if v
                    }
                    for r in items[:EXAMPLES]
                ],
            }
            for (source, reason), items in sorted(
                self.rejections.items(), key=lambda kv: (-len(kv[1]), kv[0])
            )
        ]
        return {
            "sources": self.sources,
            "records_read": sum(self.read.values()),
            "read_by_source": dict(sorted(self.read.items())),
            "drafts": dict(sorted(self.drafts.items())),
            "imported": self.imported,
            "merged": {"events": self.merged_events, "people": self.merged_people},
            "redirects": len(self.redirects),
            "date_conflicts": {
                "count": len(self.date_conflicts),
                "examples": [{"event": e, "conflict": c} for e, c in self.date_conflicts[:CONFLICT_EXAMPLES]],
            },
            "rejected": {"count": self.rejected, "by_reason": rejected},
            "resolution": self.resolution,
            "categories": dict(sorted(self.categories.items(), key=lambda kv: (-kv[1], kv[0]))),
            "roles": dict(sorted(self.roles.items())),
            "topics": self.topics,
            "unresolved_names": {
                "count": sum(self.unresolved.values()),
                "distinct": len(self.unresolved),
                "most_common": [{"name": n, "count": c} for n, c in _top(self.unresolved, 20)],
            },
            "ambiguous_places": {
                "count": sum(self.ambiguous.values()),
                "distinct": len(self.ambiguous),
                "most_common": [
                    {"name": n, "count": c, "candidates": list(self.ambiguous_candidates.get(n, ()))}
                    for n, c in _top(self.ambiguous, 20)
                ],
            },
        }

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=2) + "\n"

    def summary(self) -> str:
        """The figures a person reads at the end of an import."""
        data = self.to_json()
        by_source = ", ".join(f"{k} {v}" for k, v in data["read_by_source"].items())
        lines = [
            f"Records read: {data['records_read']} ({by_source})",
            "Imported: " + ", ".join(f"{k} {v}" for k, v in self.imported.items()),
            f"Merged: {self.merged_events} event records into others, "
            f"{self.merged_people} person records into others",
            f"Rejected: {self.rejected}",
        ]
        if self.date_conflicts:
            lines.insert(
                3,
                f"Date conflicts between merged sources: {len(self.date_conflicts)} "
                "(each kept date and what the others said are in the event's sources)",
            )
        for group in data["rejected"]["by_reason"]:
            example = group["examples"][0] if group["examples"] else {}
            where = ", ".join(str(example[k]) for k in ("file", "record") if k in example)
            text = f" — {example['text'][:70]!r}" if example.get("text") else ""
            lines.append(
                f"  {group['count']:>6}  [{group['source']}] {group['reason']}  (e.g. {where}{text})"
            )
        if self.roles:
            lines.append(
                f"People of events: {self.roles['participant links']} participant links, "
                f"{self.roles['mention links']} mentions "
                f"({self.roles['participants made mentions by their life dates']} by life dates)"
            )
        unresolved = data["unresolved_names"]
        lines.append(f"Unresolved names: {unresolved['count']} mentions of {unresolved['distinct']} names")
        ambiguous = data["ambiguous_places"]
        lines.append(
            f"Ambiguous place names left unresolved: {ambiguous['count']} mentions "
            f"of {ambiguous['distinct']} names"
            + (
                f" (e.g. {', '.join(a['name'] for a in ambiguous['most_common'][:5])})"
                if ambiguous["most_common"]
                else ""
            )
        )
        topics = self.topics
        if topics:
            lines.append(
                f"Topics: {topics.get('distinct', 0)} distinct link titles, "
                f"{topics.get('tags', 0)} became tags"
            )
        return "\n".join(lines)


def _top(counter: Counter[str], n: int) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


__all__ = ["ImportReport"]

"""Build the bundled seed events (``data/events.seed.jsonl``) from the seed page.

The page's own words (titles, dates, categories, its long texts) come from the
reader, so the bundle can never drift from the page. What the page does not say but
is certain (where each "Discover More" event happened, its Wikipedia article, who
was targeted) is added here by hand, in :data:`ENRICHMENT`, one entry per event, so a
reviewer sees every added fact next to the event it belongs to.

Run ``python -m graph.importers.seed_bundle`` to rewrite the file; the output is
deterministic (sorted by id, fixed key order).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from graph.importers import seed
from graph.importers.draft import DraftEvent
from graph.importers.writer import record_line
from graph.text import slugify

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "tests" / "data" / "seed" / "august-4-1924.txt"
OUTPUT = ROOT / "data" / "events.seed.jsonl"
#: How the bundle names the page in its sources: the page's folder and name.
PAGE_FILE = "seed/august-4-1924.txt"


@dataclass(frozen=True, slots=True)
class Enrichment:
    """Facts about an event that its page leaves out, checked against its Wikipedia article."""

    locations: tuple[str, ...]
    tags: tuple[str, ...]
    article: str  # English Wikipedia page title
    summary: str | None = None  # one sentence of our own; None keeps the page's summary
    people: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()


def _wiki(title: str) -> dict[str, str]:
    return {
        "title": title,
        "url": "https://en.wikipedia.org/wiki/" + quote(title.replace(" ", "_"), safe="()_,"),
    }


ENRICHMENT: dict[str, Enrichment] = {
    "event:establishment-of-mexico-soviet-diplomatic-relations": Enrichment(
        # The page names these people and places itself; only the article and tags are added.
        locations=("location:mexico", "location:soviet-union"),
        people=("person:alvaro-obregon", "person:joseph-stalin", "person:vladimir-lenin"),
        tags=("tag:communism", "tag:diplomacy", "tag:latin-america"),
        article="Mexico–Russia relations",
    ),
    "event:massive-explosion-at-beirut-port-kills-hundreds": Enrichment(
        locations=("location:beirut", "location:lebanon"),
        tags=("tag:explosion",),
        article="2020 Beirut explosion",
        summary="Ammonium nitrate stored at the port of Beirut exploded, killing over 200 people.",
    ),
    "event:dayton-shooting-claims-nine-lives": Enrichment(
        locations=("location:dayton", "location:ohio"),
        tags=("tag:mass-shooting",),
        article="2019 Dayton shooting",
        summary="A gunman killed nine people in Dayton's Oregon District before police shot him.",
    ),
    "event:drone-attack-on-maduro-during-speech": Enrichment(
        locations=("location:caracas", "location:venezuela"),
        people=("person:nicolas-maduro",),
        tags=("tag:assassination-attempt", "tag:latin-america"),
        article="Caracas drone attack",
        summary="Two explosive-laden drones blew up near Nicolás Maduro as he addressed troops in Caracas.",
    ),
    "event:sdf-clears-isil-from-iraq-syria-border-area": Enrichment(
        locations=("location:iraq", "location:syria"),
        tags=("tag:syrian-civil-war",),
        article="Deir ez-Zor campaign (2017–2019)",
        summary="The Syrian Democratic Forces drove ISIL from the Iraq–Syria border area.",
    ),
    "event:launch-of-nasas-phoenix-spacecraft": Enrichment(
        locations=("location:cape-canaveral",),
        tags=("tag:mars-exploration",),
        article="Phoenix (spacecraft)",
        summary="NASA launched the Phoenix lander from Cape Canaveral to look for water ice on Mars.",
        organizations=("organization:nasa",),
    ),
    "event:massacre-of-acf-employees-in-sri-lanka": Enrichment(
        locations=("location:sri-lanka",),
        tags=("tag:massacre", "tag:sri-lankan-civil-war"),
        article="2006 Trincomalee massacre of NGO workers",
        summary="Seventeen aid workers of Action Against Hunger were shot dead in Muttur, Sri Lanka.",
    ),
}


def event_id(title: str) -> str:
    """The id of a seed event: the slug of its title.

    >>> event_id("Launch of NASA's Phoenix Spacecraft")
    'event:launch-of-nasas-phoenix-spacecraft'
    """
    return "event:" + slugify(title)


def to_canonical(drafts: Iterable[DraftEvent], enrichment: dict[str, Enrichment]) -> list[dict[str, Any]]:
    """Canonical event records for the seed page's drafts, sorted by id.

    The page's own event keeps its summary; a "Discover More" entry's text is the
    page's account, so it moves to ``what_happened`` and the enrichment's sentence
    becomes the summary.

    Raises:
        KeyError: a draft without an enrichment entry: every bundled event must have
            its places and article checked by hand.
    """
    records = []
    for draft in drafts:
        ident = event_id(draft.title)
        extra = enrichment[ident]
        own_summary = extra.summary is None
        record: dict[str, Any] = {
            "id": ident,
            "title": draft.title,
            "date": draft.date.to_edtf(),
            "end_date": draft.end_date.to_edtf() if draft.end_date else None,
            "category": draft.category_hint,
            "locations": list(extra.locations),
            "people": list(extra.people),
            "organizations": list(extra.organizations),
            "tags": list(extra.tags),
            "summary": draft.summary if own_summary else extra.summary,
            "highlights": list(draft.highlights),
            "what_happened": draft.what_happened if own_summary else draft.summary,
            "why_it_matters": draft.why_it_matters,
            "links": [_wiki(extra.article)],
            "sources": [{"name": seed.FORMAT, "file": PAGE_FILE, "record": draft.source.record}],
        }
        records.append(record)
    return sorted(records, key=lambda r: str(r["id"]))


def dumps(records: Iterable[dict[str, Any]]) -> str:
    """JSON Lines as every canonical writer writes them: schema key order, empty fields left out."""
    return "".join(record_line("event", record) + "\n" for record in records)


def main(argv: Sequence[str] = ()) -> int:
    """Rewrite the bundled seed events from the project's copy of the seed page."""
    drafts = [d for d in seed.read([PAGE]) if isinstance(d, DraftEvent)]
    OUTPUT.write_text(dumps(to_canonical(drafts, ENRICHMENT)), encoding="utf-8", newline="\n")
    print(f"wrote {len(drafts)} events to {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Helpers for the pages' tests: the HTML read as a tree."""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag
from fastapi.testclient import TestClient

SEED_EVENT = "event:establishment-of-mexico-soviet-diplomatic-relations"
SEED_PAGE = "/events/establishment-of-mexico-soviet-diplomatic-relations"
# The day the seed's "100 years, 7 months, 11 days ago" counts to.
SEED_AS_OF = "2025-03-15"
# The six August 4th events the seed page shows, as its "Discover More" lists them.
SEED_SIX = [
    "event:massive-explosion-at-beirut-port-kills-hundreds",
    "event:dayton-shooting-claims-nine-lives",
    "event:drone-attack-on-maduro-during-speech",
    "event:sdf-clears-isil-from-iraq-syria-border-area",
    "event:launch-of-nasas-phoenix-spacecraft",
    "event:massacre-of-acf-employees-in-sri-lanka",
]


def soup(client: TestClient, path: str, status: int = 200) -> BeautifulSoup:
    """A page of the real app, parsed; its status must be ``status``."""
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code, response.text[:500])
    assert response.headers["content-type"].startswith("text/html")
    return BeautifulSoup(response.text, "html.parser")


def text(node: Tag | None) -> str:
    """A node's text with its whitespace collapsed, as a reader sees it."""
    assert node is not None
    return " ".join(node.get_text(" ", strip=True).split()).replace(" ,", ",")

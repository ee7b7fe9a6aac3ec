"""Images: read from Wikidata rows, kept through the import, shown only from the hosts the site allows."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from clio.app import create_app
from clio.settings import Settings, SettingsError
from graph.store import KnowledgeGraph
from tests.conftest import graphql

ZELA = "event:battle-of-zela-67-bc-0066-bc"
FILE = "https://commons.wikimedia.org/wiki/Special:FilePath/Pontus%20Zela%20map.png"
PAGE = "https://commons.wikimedia.org/wiki/File:Pontus_Zela_map.png"


def test_the_import_keeps_the_rows_image_and_its_commons_page(linked_client: TestClient) -> None:
    body = graphql(linked_client, f'{{ event(id: "{ZELA}") {{ image {{ url source licence }} }} }}')
    assert body == {"data": {"event": {"image": {"url": FILE, "source": PAGE, "licence": None}}}}


def test_an_event_without_an_image_says_null(linked_client: TestClient) -> None:
    body = graphql(
        linked_client,
        '{ event(id: "event:establishment-of-mexico-soviet-diplomatic-relations") { image { url } } }',
    )
    assert body == {"data": {"event": {"image": None}}}


def test_the_image_is_written_to_the_data_files(imported: Path) -> None:
    text = (imported / "events.jsonl").read_text(encoding="utf-8")
    assert f'"image": {{"url": "{FILE}", "source": "{PAGE}"}}' in text


def page_of(kg: KnowledgeGraph, hosts: str) -> tuple[str, str]:
    with TestClient(create_app(Settings.from_env({"CLIO_IMAGE_HOSTS": hosts}), kg)) as client:
        response = client.get("/events/battle-of-zela-67-bc-0066-bc")
        assert response.status_code == 200
        return response.text, response.headers["content-security-policy"]


def test_by_default_no_page_shows_an_image(linked_kg: KnowledgeGraph) -> None:
    html, policy = page_of(linked_kg, "")
    assert "<img" not in html
    assert policy == "img-src 'self'"


def test_a_listed_host_shows_the_image_and_links_its_file_page(linked_kg: KnowledgeGraph) -> None:
    html, policy = page_of(linked_kg, "commons.wikimedia.org")
    assert f'<img src="{FILE}"' in html
    assert f'href="{PAGE}"' in html
    assert policy == "img-src 'self' https://commons.wikimedia.org"
    # Another host listed, Commons not: no image.
    html, policy = page_of(linked_kg, "upload.wikimedia.org")
    assert "<img" not in html


@pytest.mark.parametrize(
    "hosts", ["https://commons.wikimedia.org", "commons.wikimedia.org/x", "*", "localhost"]
)
def test_image_hosts_take_host_names_only(hosts: str) -> None:
    with pytest.raises(SettingsError, match="IMAGE_HOSTS"):
        Settings.from_env({"CLIO_IMAGE_HOSTS": hosts})

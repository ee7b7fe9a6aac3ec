"""GraphiQL at /graphql, in a real browser, with nothing fetched from outside this machine."""

from __future__ import annotations

import json

import pytest

from clio.web import CANONICAL_QUERY, graphiql_examples
from tests.browser.conftest import Visit, post_graphql

pytestmark = pytest.mark.browser

# GraphiQL 3 keeps CodeMirror 5 editors; their full text is on the element's CodeMirror object
# (the screen shows only the lines in view).
EDITOR_TEXT = "document.querySelector('{} .CodeMirror').CodeMirror.getValue()"


def test_graphiql_runs_the_canonical_query_offline(visit: Visit, base_url: str) -> None:
    expected = post_graphql(base_url, CANONICAL_QUERY)
    page = visit.page

    page.goto(f"{base_url}/graphql")
    page.wait_for_selector(".graphiql-query-editor .CodeMirror")
    assert page.evaluate(EDITOR_TEXT.format(".graphiql-query-editor")) == CANONICAL_QUERY

    page.click(".graphiql-execute-button")
    page.wait_for_function(
        "(sel) => { const e = document.querySelector(sel); return e && e.CodeMirror.getValue().length > 0; }",
        arg=".result-window .CodeMirror",
    )
    shown = json.loads(page.evaluate(EDITOR_TEXT.format(".result-window")))
    assert shown == expected
    visit.screenshot("graphiql-canonical-query")
    # The pane a person looks at shows the answer, not only the editor behind it.
    first_title = expected["data"]["person"]["events"][0]["title"]
    assert first_title in page.inner_text(".result-window")

    assert visit.errors == []
    assert visit.foreign_requests() == []
    # The page did load from this server: the page, React, GraphiQL and the query itself.
    assert any(url.split("?")[0].endswith("/vendor/graphiql.js") for url in visit.requests)


def test_graphiql_opens_the_examples_in_tabs_on_a_phone(visit: Visit, base_url: str) -> None:
    page = visit.page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base_url}/graphql")
    page.wait_for_selector(".graphiql-query-editor .CodeMirror")
    examples = graphiql_examples()
    assert page.locator(".graphiql-tab").count() == 1 + len(examples)
    page.locator(".graphiql-tab").nth(2).click()
    page.wait_for_function(
        f"(text) => {EDITOR_TEXT.format('.graphiql-query-editor')} === text",
        arg=examples[1],
    )
    # The page is as wide as the phone: nothing to scroll sideways, and the way back is there.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator("nav a[href='/']").is_visible()
    visit.screenshot("graphiql-examples-390")
    assert visit.errors == []
    assert visit.foreign_requests() == []

"""`polex serve` in a real browser (Debian's Chromium): a facet filters, a
full-text search finds a term, an entity opens its document view with the
entity highlighted, and the three analysts' questions are answered by the
canned queries. POLEX_SCREENSHOTS=<folder> keeps their screenshots (the
README's come from here)."""
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from pipeline.database import build
from tests.conftest import MODELS
from tests.explorer_corpus import OECD, write_corpus

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("serve")
    paths = write_corpus(root)
    tables = [paths[n] for n in ("documents", "sections", "entities", "errors", "organizations", "countries")]
    build(tables, paths["docs"], MODELS / "database", root / "polex.db")
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "serve", "--port", str(port),
                                "--database", str(root / "polex.db")], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/-/versions.json", timeout=1)
            break
        except OSError:
            assert process.poll() is None, process.stderr.read().decode()
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def tab(browser):
    page = browser.new_page(viewport={"width": 1100, "height": 700})
    yield page
    page.close()


def shot(tab, name: str) -> None:
    folder = os.environ.get("POLEX_SCREENSHOTS")
    if folder:
        tab.screenshot(path=os.path.join(folder, f"{name}.png"))


def test_facet_filters(server, tab):
    requested = []
    tab.on("request", lambda request: requested.append(request.url))
    tab.goto(server + "/polex/entities")
    assert "17 rows" in tab.locator("h3").first.inner_text()
    tab.locator(".facet-info[data-column=label] a", has_text="ORG").click()
    assert "label=ORG" in tab.url
    assert tab.locator("h3").first.inner_text().startswith("5 rows where label = ")
    assert set(tab.locator("td.col-label").all_inner_texts()) == {"ORG"}
    assert [url for url in requested if not url.startswith(server + "/")] == []  # every asset served locally


def test_full_text_search(server, tab):
    tab.goto(server + "/polex/texts")
    tab.fill("#_search", "pledged")
    tab.locator("#_search").press("Enter")
    tab.wait_for_url("**_search=pledged**")
    assert tab.locator("td.col-doc_id").all_inner_texts() == ["oecd-2020"]


def test_entity_opens_document_view_with_highlight(server, tab):
    tab.goto(server + "/polex/entities?label=AMOUNT")
    tab.locator("td.col-text a", has_text="EUR 2 billion").click()
    tab.wait_for_url("**/-/document/oecd-2020?entity=*")
    focus = tab.locator("mark.focus")
    assert focus.count() == 1 and focus.inner_text().startswith("EUR 2 billion")
    assert tab.locator("#entity-info .norm").inner_text() == "2000000000 EUR"
    assert tab.locator("#entity-info .page").inner_text() == "2"
    assert "Pledges" in tab.locator("#entity-info").inner_text()
    assert tab.locator(".text mark").count() == 7


@pytest.mark.parametrize("name, path, column, expected", [
    ("organizations-with-kenya", "organizations_with_country?country=Kenya", "organization", ["World Bank", OECD]),
    ("eur-after-2015", "amounts_in_currency_after_year?currency=EUR&year=2015", "text", ["EUR 50 million", "EUR 2 billion"]),
    ("oecd-and-2020", "documents_with_organization_and_year?organization=OECD&year=2020", "title", ["Ministerial meeting"]),
])
def test_analysts_questions(server, tab, name, path, column, expected):
    tab.goto(f"{server}/polex/{path}")
    assert tab.locator(f"td.col-{column}").all_inner_texts() == expected
    shot(tab, name)

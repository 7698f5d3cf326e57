"""The static report: an index, a page per document, country and
organization; self-contained; rendered in headless Chromium."""
import re
import shutil
from argparse import Namespace

import pandas as pd
import pytest

from pipeline.report import build, org_file
from pipeline.svg_plots import SHOWN, per_document
from tests.explorer_corpus import DOCUMENTS, OECD, write_corpus


def arguments(paths: dict, plots, out) -> Namespace:
    return Namespace(**{k: paths[k] for k in ("docs", "documents", "sections", "entities", "errors", "countries",
                                              "organizations")}, metrics=out.parent / "none.json", plots=plots, out=out)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("report")
    paths = write_corpus(root)
    plots = root / "plots"
    plots.mkdir()
    (plots / "per_label.csv").write_text("label,system,precision,recall,f1\nORG,polex,0.9,0.8,0.85\nORG,spacy,0.5,0.4,0.45\n")
    assert build(arguments(paths, plots, root / "report")) == {"documents": 3, "countries": 3, "organizations": 3}
    return root / "report"


def test_index_lists_documents_with_counts(site):
    index = (site / "index.html").read_text()
    assert '<b id="document-count">3</b> documents (text 1, pdf 1, html 1), dated 2014 to 2020-11' in index
    assert '<b id="error-count">1</b> could not be processed' in index
    assert ('<tr><td><a href="d/oecd-2020.html">Ministerial meeting</a><td>2020-11<td>pdf<td><span class="n">2</span>'
            '<td><span class="n">2</span><td><span class="n">1</span><td><span class="n">2</span>') in index
    assert '<img src="plots/per_label.svg"' in index and (site / "plots" / "per_label.svg").read_text().startswith("<svg")
    assert "No gold annotations: nothing was scored." in index


def test_document_page_highlights_with_norm_section_and_page(site):
    page = (site / "d" / "oecd-2020.html").read_text()
    assert len(re.findall(r"<mark id=", page)) == 7
    assert (f'<mark id="e0" class="ORG" title="ORG · {OECD} · section 1: 1 Meeting · page 1">OECD<small>ORG</small></mark>'
            in page)
    assert '<a href="#s2">2 Pledges</a>' in page and '<a id="s2"></a>Pledges' in page


def test_country_and_organization_pages(site):
    kenya = (site / "c" / "KEN.html").read_text()
    assert '<b class="mentions">3</b> mentions in <b class="documents">2</b> documents' in kenya
    assert f'<a href="../{org_file(OECD)}">{OECD}</a><td>1' in kenya
    assert '<a href="../d/kenya-2016.html#e0">Kenya</a>' in kenya
    bank = (site / org_file("World Bank")).read_text()
    assert '<a href="../c/KEN.html">KEN</a><td>2' in bank


def files(site) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_rebuild_writes_only_changed_pages_and_removes_stale_ones(tmp_path):
    plots = tmp_path / "plots"
    plots.mkdir()
    three, two = write_corpus(tmp_path / "three"), write_corpus(tmp_path / "two", DOCUMENTS[:2])
    site = tmp_path / "site"
    build(arguments(three, plots, site))
    before = {p: p.stat().st_ino for p in site.rglob("*.html")}
    build(arguments(two, plots, site))
    assert not (site / "d" / "ghana-2014.html").exists() and not (site / "c" / "GHA.html").exists()
    assert not (site / org_file("African Development Bank")).exists()
    unchanged = {p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.stat().st_ino == before.get(p)}
    assert {"d/kenya-2016.html", "d/oecd-2020.html", "c/FRA.html"} <= unchanged
    assert "index.html" not in unchanged and "c/KEN.html" in unchanged
    fresh = tmp_path / "fresh"
    build(arguments(two, plots, fresh))
    assert files(site) == files(fresh)


def test_rows_out_of_the_documents_order_are_a_clear_error(tmp_path):
    paths = write_corpus(tmp_path)
    lines = paths["entities"].read_text().splitlines(keepends=True)
    paths["entities"].write_text(lines[0] + "".join(reversed(lines[1:])))
    with pytest.raises(SystemExit, match=r"entities.csv: the rows of document 'oecd-2020' are not in the order of documents.csv"):
        build(arguments(paths, tmp_path, tmp_path / "site"))
    assert not (tmp_path / "site").exists()


def test_report_is_self_contained(site):
    for page in site.rglob("*.html"):
        html = page.read_text()
        assert "<script" not in html
        assert not re.search(r'(src|href)="(https?:)?//', html), page


@pytest.mark.slow
def test_report_renders_in_headless_chromium(site, browser):
    tab = browser.new_page()
    tab.goto((site / "index.html").as_uri())
    assert tab.locator("#document-count").inner_text() == "3"
    assert tab.locator("table.documents tbody tr").count() == 3
    tab.goto((site / "d" / "oecd-2020.html").as_uri())
    assert tab.locator(".text mark").count() == 7
    assert tab.locator('b[data-label="AMOUNT"]').inner_text() == "2"
    assert tab.locator("mark#e0").get_attribute("title").endswith("page 1")
    tab.close()


def test_per_document_plot_of_a_large_corpus_draws_its_lowest_scores():
    table = pd.DataFrame({"doc_id": [f"d{i:03d}" for i in range(SHOWN + 40)],
                          "strict_f1": [(SHOWN + 40 - i) / 1000 for i in range(SHOWN + 40)], "value_f1": 1.0})
    svg = per_document(table)
    assert f"F1 per document, the {SHOWN} lowest of {SHOWN + 40}</title>" in svg
    assert svg.count("<rect") == SHOWN * 2 + 2  # two bars a document, two legend keys
    assert f">d{SHOWN + 39:03d}<" in svg and ">d040<" in svg and ">d039<" not in svg

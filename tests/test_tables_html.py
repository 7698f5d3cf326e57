"""A web page's <table>s: cells, header rows and spans, and the unit in a
header or caption applied as for PDF tables."""
from pipeline.ingest.html import read_html
from pipeline.tables import doc_tables

from test_tables_pdf import extracted

PAGE = """<html><head><title>Grants</title></head><body><main>
<p>The fund's grants by country are set out below.</p>
<table>{caption}
<thead><tr><th>Country</th><th colspan="2">{head}</th></tr>
<tr><th></th><th>2020</th><th>2021</th></tr></thead>
<tbody><tr><td>Japan</td><td>1,185.5</td><td>$683.5</td></tr>
<tr><td>China</td><td>477.3</td><td rowspan="2">12</td></tr>
<tr><td>India</td><td>9</td></tr></tbody></table>
<p>Source: the fund.</p></main></body></html>"""


def page(caption: str = "", head: str = "Grants") -> dict:
    return read_html(PAGE.format(caption=caption, head=head).encode())


def test_cells_headers_and_spans():
    doc = page("<caption>Table 1. Grants</caption>")
    [table] = doc["tables"]
    assert (table["columns"], table["header_rows"]) == (3, 2)
    assert table["headers"] == ["Country", "Grants 2020", "Grants 2021"]
    assert doc["text"][slice(*table["caption"])] == "Table 1. Grants"
    assert doc["text"][slice(*table["notes"])] == "Source: the fund."
    body = [(c["row"], c["column"], doc["text"][c["start"]:c["end"]]) for c in table["cells"] if not c["header"]]
    assert body == [(2, 0, "Japan"), (2, 1, "1,185.5"), (2, 2, "$683.5"), (3, 0, "China"), (3, 1, "477.3"), (3, 2, "12"),
                    (4, 0, "India"), (4, 1, "9")]  # `9` is in column 1: `12` spans two rows
    assert doc_tables({"doc_id": "d", **doc})[1] == {"doc_id": "d", "table_id": 1, "page": None, "row": 2, "column": 1,
                                                     "header": "Grants 2020", "text": "1,185.5"}


def test_caption_or_header_unit_scales_the_amounts():
    assert extracted(page("<caption>Table 1. Grants (US$ millions)</caption>")) == [
        ("1,185.5", "1185500000 USD", ["in_table"]), ("$683.5", "683500000 USD", ["in_table"]),
        ("477.3", "477300000 USD", ["in_table"]), ("12", "12000000 USD", ["in_table"]), ("9", "9000000 USD", ["in_table"])]
    assert extracted(page(head="Grants ($ billions)"))[:2] == [
        ("1,185.5", "1185500000000 USD", ["in_table"]), ("$683.5", "683500000000 USD", ["in_table"])]


def test_no_unit_leaves_amounts_as_written_and_flagged():
    assert extracted(page()) == [("$683.5", "683.5 USD", ["in_table", "scale_unknown"])]


def test_layout_tables_and_tables_without_figures_are_none():
    nested = "<html><body><table><tr><td><table><tr><td>a</td><td>1</td></tr><tr><td>b</td><td>2</td></tr></table></td></tr></table></body></html>"
    words = "<html><body><table><tr><th>Name</th><th>Role</th></tr><tr><td>Ann</td><td>Chair</td></tr></table></body></html>"
    assert read_html(nested.encode())["tables"][0]["headers"] == ["", ""]  # the inner table only
    assert len(read_html(nested.encode())["tables"]) == 1
    assert read_html(words.encode())["tables"] == []


def test_a_hostile_grid_of_spans_is_no_table():
    cells = "".join(f'<td rowspan="50" colspan="50">{n}</td>' for n in range(100))
    page = f"<html><body><table>{'<tr>' + cells + '</tr>'}{'<tr><td>1</td></tr>' * 60}</table></body></html>"
    assert read_html(page.encode())["tables"] == []

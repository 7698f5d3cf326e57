"""Tables, contents pages, glued headings, accents and compilations, on PDFs
made here with reportlab; and the table hookup of amounts."""
from decimal import Decimal

import pytest

from pipeline.extract.amounts import AmountRules
from pipeline.extract.cells import UnitRules, apply_tables
from pipeline.extract.resolve import Entity
from pipeline.ingest.pdf import read_pdf
from pipeline.ingest.repair import repair
from pipeline.segment import Segmenter

from conftest import MODELS, cases
from pdf_fixtures import column, pdf

AMOUNTS = AmountRules(MODELS / "amounts")
UNITS = UnitRules(MODELS / "amounts")
SEGMENTER = Segmenter(MODELS / "segment")
BODY = ["The fund grew steadily over the decade and its grants reached many",
        "countries in Asia and Africa, as the table below shows in detail."]


def grid(x0: float, top: float, rows: list[list[str]], widths: list[float], leading: float = 18):
    return [(x0 + sum(widths[:c]), top - r * leading, text, 9) for r, row in enumerate(rows) for c, text in enumerate(row) if text]


def table_page(header: list[str], rows: list[list[str]], caption: str):
    return column(72, 720, BODY) + [(72, 680, caption, 13)] + grid(72, 655, [header] + rows, [150, 150, 120])  # a bold caption


def entities_of(text: str) -> list[Entity]:
    """The amounts, an ambiguous form (`$`) taken as its default currency."""
    return [Entity("AMOUNT", s, e, text[s:e], n.split("|")[0]) for s, e, n in AMOUNTS.find(text)]


def extracted(doc: dict) -> list[tuple[str, str, list[str]]]:
    text = doc["text"]
    return [(e.text, e.norm, flags) for e, flags in apply_tables(text, entities_of(text), doc["tables"], AMOUNTS, UNITS)]


ROWS = [["Japan", "$1,185.5", "12.79%"], ["China", "$683.5", "7.37%"], ["Belgium", "$477.3", "5.15%"]]


def test_table_cells_are_lines_and_header_scale_applies():
    doc = read_pdf(pdf([table_page(["Country", "Amount Held ($ billions)", "Share"], ROWS, "Table 1. Top holders")]))
    lines = doc["text"].split("\n")
    assert lines[-12:] == ["Country", "Amount Held ($ billions)", "Share"] + [c for row in ROWS for c in row]
    [table] = doc["tables"]
    assert table["headers"] == ["Country", "Amount Held ($ billions)", "Share"]
    assert doc["text"][slice(*table["caption"])] == "Table 1. Top holders"
    assert doc["headings"] == []  # the caption is no section
    assert extracted(doc) == [("$1,185.5", "1185500000000 USD", ["in_table"]), ("$683.5", "683500000000 USD", ["in_table"]),
                              ("$477.3", "477300000000 USD", ["in_table"])]


def test_caption_unit_applies_and_bare_numbers_need_currency_and_scale():
    rows = [["Japan", "1,185.5", "12.79%"], ["China", "683.5", "7.37%"], ["Belgium", "477.3", "5.15%"]]
    doc = read_pdf(pdf([table_page(["Country", "Holdings", "Share"], rows, "Table 2. In Millions of Euros")]))
    assert extracted(doc) == [("1,185.5", "1185500000 EUR", ["in_table"]), ("683.5", "683500000 EUR", ["in_table"]),
                              ("477.3", "477300000 EUR", ["in_table"])]
    doc = read_pdf(pdf([table_page(["Country", "Holdings (millions)", "Share"], rows, "Table 3. Holdings")]))
    assert extracted(doc) == []


def test_unknown_scale_keeps_the_amount_as_written_and_flags_it():
    doc = read_pdf(pdf([table_page(["Country", "Holdings", "Share"], ROWS, "Table 4. Holdings")]))
    assert extracted(doc)[0] == ("$1,185.5", "1185.5 USD", ["in_table", "scale_unknown"])


def test_nothing_joins_across_cells():
    text = "Region\nBudget\nChange\nNorth\n€ 21,965,000\n-0.3\nSouth\n€ 1,000\n-2"
    found = entities_of(text)
    assert ("€ 21,965,000\n-0.3", "21965000/0.3 EUR") in [(e.text, e.norm) for e in found]  # what a table fixes
    starts = [i for i in range(len(text)) if i == 0 or text[i - 1] == "\n"]
    cells = [{"row": i // 3, "column": i % 3, "header": i < 3, "start": s, "end": text.find("\n", s) % (len(text) + 1)}
             for i, s in enumerate(starts)]
    cells[-1]["end"] = len(text)
    table = {"id": 1, "caption": None, "notes": None, "headers": ["Region", "Budget", "Change"], "cells": cells}
    assert [(e.text, e.norm) for e, _ in apply_tables(text, found, [table], AMOUNTS, UNITS)] == [
        ("€ 21,965,000", "21965000 EUR"), ("€ 1,000", "1000 EUR")]


@pytest.mark.parametrize("case", cases("units.tsv"), ids=lambda c: c["text"])
def test_unit_phrases(case):
    unit = UNITS.find(case["text"])
    assert (unit.currency.split("|")[0], unit.scale) == (case["currency"], Decimal(case["scale"]) if case["scale"] else None)


def test_contents_page_is_no_section():
    entries = ["Budget Overview ........................................ 2", "Grants to Japan ........................................ 3"]
    pages = [[(72, 700, "Contents", 16)] + column(72, 670, entries),
             [(72, 700, "Budget Overview", 16)] + column(72, 670, ["The plan costs US$5 billion in total."]),
             [(72, 700, "Grants to Japan", 16)] + column(72, 670, ["Japan receives grants every year."])]
    doc = read_pdf(pdf(pages))
    sections, _ = SEGMENTER.segment(doc["text"], doc["title"], doc["headings"])
    assert [s.title for s in sections[1:]] == ["Budget Overview", "Grants to Japan"]
    [(start, end)] = SEGMENTER.contents(doc["text"])
    assert doc["text"][start:end] == "Contents\n" + "\n".join(entries)


def test_glued_heading_is_split_off():
    lines = [(72, 700, "Summary", 16)] + column(72, 684, ["This report presents data on foreign holdings.", "It is updated yearly."])
    doc = read_pdf(pdf([lines]))
    assert doc["text"] == "Summary\nThis report presents data on foreign holdings. It is updated yearly."
    assert doc["headings"] == [{"start": 0, "end": 7, "level": 1}]


def test_spacing_accents_compose_and_ligatures_open():
    doc = read_pdf(pdf([column(72, 700, ["Ageˆncia Nacional de Aviac¸a˜o Civil (ANAC) Brazil."])]))
    assert doc["text"] == "Agência Nacional de Aviação Civil (ANAC) Brazil."
    assert repair("ﬁnancial ﬂows, don´t") == "financial flows, don´t"


def test_next_document_of_a_compilation_is_a_top_level_section():
    def rule(name: str) -> list:
        return [(72, 700, "DEPARTMENT OF TRANSPORTATION", 14), (72, 670, name, 13)] + column(72, 640, BODY)

    doc = read_pdf(pdf([rule("Airworthiness Directives; Boeing"), column(72, 700, BODY), rule("Airworthiness Directives; Pilatus")]))
    sections, _ = SEGMENTER.segment(doc["text"], doc["title"], doc["headings"])
    top = [s.title for s in sections if s.level == 1]
    assert top == ["DEPARTMENT OF TRANSPORTATION", "DEPARTMENT OF TRANSPORTATION"]
    assert [s.title for s in sections if s.level == 2] == ["Airworthiness Directives; Boeing", "Airworthiness Directives; Pilatus"]


def test_title_is_the_covers_largest_type_not_a_generic_word():
    from pipeline.meta import not_titles, pick_title

    doc = read_pdf(pdf([[(72, 740, "Proposed Rules", 20), (72, 700, "Foreign Holdings of Federal Debt", 16)] + column(72, 660, BODY)]))
    assert doc["titles"][:3] == ["untitled", "Proposed Rules", "Foreign Holdings of Federal Debt"]  # reportlab: "untitled"
    assert pick_title(doc["titles"], not_titles(MODELS)) == "Foreign Holdings of Federal Debt"


def test_doc_tables_rows_are_body_cells_with_their_header():
    from pipeline.tables import doc_tables

    doc = read_pdf(pdf([table_page(["Country", "Amount Held ($ billions)", "Share"], ROWS, "Table 1. Top holders")]))
    rows = doc_tables({"doc_id": "d", **doc})
    assert rows[:2] == [
        {"doc_id": "d", "table_id": 1, "page": 1, "row": 1, "column": 0, "header": "Country", "text": "Japan"},
        {"doc_id": "d", "table_id": 1, "page": 1, "row": 1, "column": 1, "header": "Amount Held ($ billions)", "text": "$1,185.5"},
    ]
    assert len(rows) == 9


def test_letter_spaced_words_are_joined_where_the_layout_shows_it():
    lines = [(72, 700, "SUMMARY", 14, 4), (72, 670, "Table 1. Amounts held", 10, 2),
             (72, 640, "Options a b c d are listed here", 10)]
    doc = read_pdf(pdf([lines]))
    assert doc["text"].split("\n") == ["SUMMARY", "Table 1. Amounts held", "Options a b c d are listed here"]


LEADER_ROWS = [("FCC OPS installation and verification", "1 work-hour × $85 per hour = $85", "$0", "$6,205."),
               ("AFM revisions", "1 work-hour × $85 per hour = $85", "$0", "$6,205."),
               ("Stabilizer wiring change", "Up to 79 work-hours × $85 per hour", "Up to $3,790", "Up to $766,865.")]


def leader_row(cells: tuple[str, ...], xs: list[float], size: float = 8) -> str:
    """One line of text: each cell filled out with dots up to the next column."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    line = ""
    for cell, x in zip(cells, xs[1:]):
        line += cell + " "
        while stringWidth(line + ". ", "Helvetica", size) < x - xs[0] - 4:
            line += "."
        line += " "
    return line + cells[-1]


def test_cells_joined_by_dot_leaders_are_a_table():
    """Long cells filled out with dot leaders: pdfminer reads each row as one
    line; the leaders part its cells."""
    header = [(72, 660, "Action", 8), (250, 660, "Labor cost", 8), (400, 660, "Parts cost", 8), (480, 660, "Cost on U.S.", 8),
              (480, 652, "operators", 8)]
    rows = [(72, 636 - 12 * r, leader_row(row, [72, 250, 400, 480]), 8) for r, row in enumerate(LEADER_ROWS)]
    doc = read_pdf(pdf([column(72, 720, BODY) + [(250, 680, "ESTIMATED COSTS", 9)] + header + rows]))
    [table] = doc["tables"]
    assert table["headers"] == ["Action", "Labor cost", "Parts cost", "Cost on U.S. operators"]
    assert table["header_rows"] == 1
    cells = [[doc["text"][c["start"]:c["end"]] for c in table["cells"] if c["row"] == r] for r in (1, 2, 3)]
    assert cells == [list(row) for row in LEADER_ROWS]
    assert doc["text"][slice(*table["caption"])] == "ESTIMATED COSTS"


def test_contents_entries_keep_their_leaders_and_stay_one_line():
    doc = read_pdf(pdf([column(72, 700, ["Budget Overview ........................ 2",
                                         "Grants to Japan ........................ 13"])]))
    assert doc["tables"] == []
    assert doc["text"].split("\n") == ["Budget Overview ........................ 2", "Grants to Japan ........................ 13"]


CONTENTS = [("Introduction", 2), ("Budget Overview and Outlook", 3), ("Grants to Japan", 4), ("Annex", 5)]


@pytest.mark.parametrize("leading", [12, 16])  # one box of entries, or a box each
@pytest.mark.parametrize("apart", [True, False])  # page numbers in a column of their own, or just after the entry
def test_contents_page_without_leaders_is_no_section(leading, apart):
    rows = [(72, 670 - leading * i, entry if apart else f"{entry}  {page}", 10) for i, (entry, page) in enumerate(CONTENTS)]
    numbers = [(500, 670 - leading * i, str(page), 10) for i, (_, page) in enumerate(CONTENTS)] if apart else []
    pages = [[(72, 700, "Contents", 16)] + rows + numbers]
    pages += [[(72, 700, entry, 16)] + column(72, 670, ["Japan receives grants of US$5 billion every year."]) for entry, _ in CONTENTS]
    doc = read_pdf(pdf(pages))
    [(start, end)] = SEGMENTER.contents(doc["text"], doc["headings"])
    assert doc["text"][start:end] == "Contents\n" + "\n".join(f"{entry} {page}" for entry, page in CONTENTS)
    sections, _ = SEGMENTER.segment(doc["text"], doc["title"], doc["headings"])
    assert [s.title for s in sections[1:]] == [entry for entry, _ in CONTENTS]


def test_a_label_column_beside_counts_is_no_contents_page():
    """Counts in order beside short labels, but the labels head nothing: the table stays."""
    rows = [["Projects", "Count"], ["Roads", "2"], ["Schools", "3"], ["Clinics", "4"]]
    doc = read_pdf(pdf([column(72, 720, BODY) + grid(72, 680, rows, [150, 150]), column(72, 700, BODY),
                        column(72, 700, BODY), column(72, 700, BODY)]))
    assert "Roads\n2\nSchools\n3" in doc["text"]


def test_bold_heading_glued_to_its_paragraph_is_split_off():
    """Bold at the body's size (12.5 points is bold in these fixtures, 12 regular)."""
    body = ["The agency proposes to require a new software version on", "each airplane before further flight."]
    doc = read_pdf(pdf([[(72, 700, "Proposed Actions", 12.5)] + column(72, 686, body, size=12, leading=14)]))
    assert doc["text"] == "Proposed Actions\n" + " ".join(body)
    assert doc["headings"] == [{"start": 0, "end": 16, "level": 1}]
    doc = read_pdf(pdf([[(72, 700, "Docket No. FAA–", 12.5)] + column(72, 686, ["2020–0686; Product Identifier"], size=12, leading=14)]))
    assert doc["text"] == "Docket No. FAA–2020–0686; Product Identifier"  # a bold line that breaks off mid-word stays


def test_a_table_or_figure_caption_is_no_section():
    lines = [(72, 700, "Background", 16)] + column(72, 680, BODY) + [(72, 640, "Figure 1. Holdings of Treasury Securities", 16)]
    doc = read_pdf(pdf([lines + column(72, 620, BODY)]))
    sections, _ = SEGMENTER.segment(doc["text"], doc["title"], doc["headings"])
    assert [s.title for s in sections[1:]] == ["Background"]

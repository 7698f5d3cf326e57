"""PDF ingest on PDFs generated here: reading order, re-flow, running headers,
pages, headings, and the errors for scans, encryption and corruption."""
import pytest

from pipeline.ingest.errors import DocumentError
from pipeline.ingest.pdf import read_pdf

from pdf_fixtures import column, pdf

LEFT = ["The first column starts here and", "goes on to a hyphen-", "ated word at the end."]
RIGHT = ["The second column follows it", "with Japan and the OECD."]


def test_two_columns_read_left_then_right_and_reflow():
    data = pdf([column(72, 700, LEFT) + column(320, 700, RIGHT)])
    text = read_pdf(data)["text"]
    assert text == ("The first column starts here and goes on to a hyphenated word at the end.\n"
                    "The second column follows it with Japan and the OECD.")


def test_three_columns():
    cols = [["Alpha one", "alpha two."], ["Beta one", "beta two."], ["Gamma one", "gamma two."]]
    data = pdf([column(50, 700, cols[0]) + column(230, 700, cols[1]) + column(410, 700, cols[2])])
    assert read_pdf(data)["text"] == "Alpha one alpha two.\nBeta one beta two.\nGamma one gamma two."


def test_real_hyphen_is_kept():
    """At a line end, a hyphen stays before a capital, and before a lower-case
    word where the document writes the compound with a hyphen elsewhere."""
    data = pdf([column(72, 700, ["A long-", "Term plan and a high-", "tech road: high-tech jobs."])])
    assert read_pdf(data)["text"] == "A long-Term plan and a high-tech road: high-tech jobs."


def test_a_word_split_at_a_line_end_is_joined_where_the_document_never_hyphenates_it():
    data = pdf([column(72, 700, ["A high-", "tech road."])])
    assert read_pdf(data)["text"] == "A hightech road."


def test_running_header_and_page_numbers_dropped_pages_kept():
    pages = [column(72, 650, [f"Body text of page {n} ends here."]) for n in range(1, 5)]
    doc = read_pdf(pdf(pages, header="CRS Report RS22331 - Foreign Holdings"))
    assert doc["text"] == "\n".join(f"Body text of page {n} ends here." for n in range(1, 5))
    assert doc["pages"] == [0, 31, 62, 93]


def test_large_font_heading_is_a_hint():
    lines = [(72, 700, "Budget Overview", 18)] + column(72, 670, ["The plan costs US$5 billion in total.", "It ends in 2030."])
    doc = read_pdf(pdf([lines]))
    assert doc["text"].startswith("Budget Overview\n")
    assert doc["headings"] == [{"start": 0, "end": 15, "level": 1}]


def test_table_cells_keep_their_text():
    rows = [(72, 700 - 20 * i, cell, 10) for i, cell in enumerate(["Country", "Japan", "China"])]
    rows += [(300, 700 - 20 * i, cell, 10) for i, cell in enumerate(["Holdings", "$1,185.5", "$683.5"])]
    text = read_pdf(pdf([rows]))["text"]
    for cell in ("Country", "Japan", "China", "Holdings", "$1,185.5", "$683.5"):
        assert cell in text.split("\n")


@pytest.mark.parametrize("data,cause", [
    (pdf([[]]), "PDF has no text layer (a scan)"),
    (pdf([column(72, 700, ["Secret"])], encrypt="password"), "encrypted PDF that cannot be opened (PDFPasswordIncorrect)"),
])
def test_unreadable_pdfs(data, cause):
    with pytest.raises(DocumentError) as err:
        read_pdf(data)
    assert err.value.cause == cause


def test_truncated_pdf():
    data = pdf([column(72, 700, ["Some text"])])
    with pytest.raises(DocumentError) as err:
        read_pdf(data[: len(data) // 3])
    assert err.value.cause.startswith("truncated or corrupt PDF")


def test_running_header_of_a_two_page_document_is_dropped():
    pages = [column(72, 650, [f"Body text of page {n} ends here."]) for n in (1, 2)]
    doc = read_pdf(pdf(pages, header="Germany launches reform partnerships"))
    assert doc["text"] == "Body text of page 1 ends here.\nBody text of page 2 ends here."

"""pdfminer groups text boxes at equal distances in the order of their memory
addresses (pipeline/ingest/pdf_layout.py); the ingest must not. A fake id()
stands for the addresses: one that ranks the boxes row by row, one column by
column, as two runs of the same process may."""
import builtins
import io
import itertools

import pytest
from pdfminer import layout
from pdfminer.high_level import extract_pages as pdfminer_pages

from pipeline.ingest import pdf as ingest_pdf
from pipeline.ingest import pdf_layout
from pipeline.ingest.pdf import read_pdf
from pipeline.ingest.pdf_layout import SteadyPage

from pdf_fixtures import pdf

# Four 60-point lines of Courier, 10 points high, 60 points apart across and
# 10 down: joining a row and joining a column leave the same blank area.
GRID = pdf([[(100, 500, "North west", 10), (220, 500, "North east", 10),
             (100, 480, "South west", 10), (220, 480, "South east", 10)]], font="Courier")
ROWS_FIRST = "North west\nNorth east\nSouth west\nSouth east"
ADDRESSES = {"row by row": lambda o: (-o.y1, o.x0, builtins.id(o)),
             "column by column": lambda o: (o.x0, -o.y1, builtins.id(o))}


@pytest.fixture
def addresses(monkeypatch):
    def use(fake):
        monkeypatch.setattr(layout, "id", fake, raising=False)
        monkeypatch.setattr(pdf_layout, "id", fake, raising=False)
    return use


@pytest.mark.parametrize("order", ADDRESSES)
def test_the_ingest_reads_boxes_at_equal_distances_the_same_whatever_their_addresses(addresses, order):
    addresses(ADDRESSES[order])
    assert read_pdf(GRID)["text"] == ROWS_FIRST


def test_pdfminer_alone_reads_that_grid_in_the_order_of_the_addresses(addresses, monkeypatch):
    """The grid above does tie: pdfminer's own page gives two texts."""
    monkeypatch.setattr(ingest_pdf, "extract_pages", lambda data, laparams: pdfminer_pages(io.BytesIO(data), laparams=laparams))
    texts = []
    for fake in ADDRESSES.values():
        addresses(fake)
        texts.append(read_pdf(GRID)["text"])
    assert texts == [ROWS_FIRST, "North west\nSouth west\nNorth east\nSouth east"]


def _box(x0: float, y0: float) -> layout.LTTextBoxHorizontal:
    box = layout.LTTextBoxHorizontal()
    box.set_bbox((x0, y0, x0 + 100, y0 + 20))
    return box


@pytest.mark.parametrize("ranks", list(itertools.permutations(range(4))))
def test_the_grouping_follows_the_boxes_order_under_every_ranking_of_their_addresses(addresses, ranks):
    """Boxes 100 by 20, 50 apart across and 10 down: a tie between rows and columns."""
    boxes = [_box(100, 500), _box(250, 500), _box(100, 470), _box(250, 470)]
    rank = {builtins.id(b): r for b, r in zip(boxes, ranks)}
    addresses(lambda o: rank.get(builtins.id(o), len(rank) + builtins.id(o)))
    assigner = layout.IndexAssigner()
    for group in SteadyPage(1, (0, 0, 612, 792)).group_textboxes(layout.LAParams(), boxes):
        group.analyze(layout.LAParams())
        assigner.run(group)
    assert [b.index for b in boxes] == [0, 1, 2, 3]


def _closing_over(tie):
    def group_textboxes(self, laparams, boxes):
        return sorted(boxes, key=lambda b: (tie, id(b)))
    return group_textboxes


def _without_id(self, laparams, boxes):
    return list(boxes)


@pytest.mark.parametrize("function, cause", [
    (_closing_over(0), "closes over tie; pipeline/ingest/pdf_layout.py cannot rebuild it"),
    (_without_id, "does not call id(); pipeline/ingest/pdf_layout.py cannot replace its tie-break")])
def test_a_pdfminer_whose_grouping_cannot_be_rebuilt_is_refused_by_name(function, cause):
    with pytest.raises(pdf_layout.PdfminerMismatch) as refused:
        pdf_layout.rebuildable(function)
    assert str(refused.value) == (f"pdfminer.six 20260107: {function.__qualname__} {cause} "
                                  "(pin the version in requirements.in)")


def test_pdfminers_own_grouping_is_rebuildable():
    function = layout.LTLayoutContainer.group_textboxes
    assert pdf_layout.rebuildable(function) is function

"""PDF pages laid out by pdfminer.six, the same way on every run.

pdfminer's layout analysis (LTLayoutContainer.group_textboxes) merges text
boxes closest pair first, and between pairs at equal distance it decides by
id(), the objects' memory addresses. Boxes at equal distances are common (a
column of equal paragraphs, table cells), so the reading order, and with it
the text, the sections and the entities' offsets, changed with whatever the
process had allocated before: the same PDF gave two texts in one process
(the symptom of pdfminer.six issue #607, "PDF Miner returns different
results every time"; group_textboxes still keys its heap on id() in 20260107). Here the same algorithm runs with id() replaced
by the order in which it first meets each object: the boxes in pdfminer's
own order, then each group as it is made.
"""
from __future__ import annotations

import io
import types
from collections.abc import Iterator
from importlib.metadata import version

from pdfminer import layout
from pdfminer.converter import PDFPageAggregator
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage


def _serials():
    """id() for one grouping: 0, 1, 2, ... in order of first call. Every
    object it numbers stays alive until the grouping ends, so no id is reused."""
    numbers: dict[int, int] = {}
    return lambda obj: numbers.setdefault(id(obj), len(numbers))


class PdfminerMismatch(RuntimeError):
    """pdfminer's group_textboxes is not the function this module can rebuild."""


def rebuildable(function: types.FunctionType) -> types.FunctionType:
    """`function` if its code can run again with another id(): it must look up
    id as a global and close over nothing. Checked at import, because a rebuilt
    closure raises TypeError on every page (read as a corrupt PDF) and a
    function without id() would group by addresses without a word."""
    code = function.__code__
    if code.co_freevars:
        raise PdfminerMismatch(f"pdfminer.six {version('pdfminer.six')}: {function.__qualname__} "
                               f"closes over {', '.join(code.co_freevars)}; pipeline/ingest/pdf_layout.py "
                               "cannot rebuild it (pin the version in requirements.in)")
    if "id" not in code.co_names:
        raise PdfminerMismatch(f"pdfminer.six {version('pdfminer.six')}: {function.__qualname__} "
                               "does not call id(); pipeline/ingest/pdf_layout.py cannot replace its "
                               "tie-break (pin the version in requirements.in)")
    return function


_GROUP_TEXTBOXES = rebuildable(layout.LTLayoutContainer.group_textboxes)


class SteadyPage(layout.LTPage):
    """An LTPage whose text boxes are grouped without memory addresses."""

    def group_textboxes(self, laparams, boxes):
        grouping = types.FunctionType(_GROUP_TEXTBOXES.__code__, {**vars(layout), "id": _serials()},
                                      None, _GROUP_TEXTBOXES.__defaults__)
        grouping.__kwdefaults__ = _GROUP_TEXTBOXES.__kwdefaults__
        return grouping(self, laparams, boxes)


class _Aggregator(PDFPageAggregator):
    def begin_page(self, page, ctm) -> None:
        super().begin_page(page, ctm)
        self.cur_item = SteadyPage(self.cur_item.pageid, self.cur_item.bbox)


def extract_pages(data: bytes, laparams: layout.LAParams) -> Iterator[layout.LTPage]:
    """pdfminer.high_level.extract_pages, with SteadyPage."""
    manager = PDFResourceManager(caching=True)
    device = _Aggregator(manager, laparams=laparams)
    interpreter = PDFPageInterpreter(manager, device)
    for page in PDFPage.get_pages(io.BytesIO(data), caching=True):
        interpreter.process_page(page)
        yield device.get_result()

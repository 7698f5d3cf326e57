"""Cells of text laid out in columns, as the ingest's table finders and the
extractor's column headers (extract/column_units.py) both read them."""
from __future__ import annotations

import re

# Words apart by at most two spaces, no-break ones too (`(US\u00a0$B,\u00a02017)`), or a tab (text
# exported from PDFs puts tabs between words); a currency sign keeps its number however far it stands
# (`$     32,271`).
CELL = re.compile(r"(?:[$€£¥] *)?\S+(?:(?:[ \u00a0\u202f]{1,2}|\t)\S+)*")
# A cell that starts with a number: `$1,185.5`, `12.79%`, `(3.4)`, `-0.3`, `€ 21,965`, `$66 million`.
NUMERIC = re.compile(r"^[-–−(+]?\s*(?:[A-Z]{0,3}[$€£¥]|[$€£¥])?\s*[-–−]?\d[\d,.]*(?:[\s%)]|$)")


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line of `text`, its line break left out."""
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def is_number(text: str) -> bool:
    return bool(NUMERIC.match(text.strip()))

"""Column headers in layout text that no detected table holds: a PDF page's
one-row table (`Total (US$ billion)` over `3.7`), or a chart whose rows break
the table finder's runs. A figure that stands as a cell of its line (set apart
by a column gap) is headed by the unit of the header cell above it in the
same character columns (`(US $B, 2017)` over `$-1`), as the guidelines' table
rule says. The way up may pass only blank columns and other figures, so
prose or a header without a unit stops it; cells.py applies the unit."""
from __future__ import annotations

import re
from bisect import bisect_right
from decimal import Decimal

from pipeline.text_cells import CELL, is_number, line_spans

HEADER_REACH = 80  # lines a header may stand above its figures (a chart's rows come with label lines between them)
ALIGN_SLACK = 2  # a chart's figures may stand a character or two beside their header (`$8.75` under `(US $B, 2017)`)
MAX_HEADER_CHARS = 60  # a longer cell is a line of prose, even where it names a unit


def bare_figure(m: re.Match) -> tuple[Decimal, int, int]:
    """A `bare` match's (models/amounts/cell_patterns.tsv) value and its span in the cell: accounting brackets
    around the number are its minus sign (`(299.1)` is -299.1), inside the
    span as `-` is (`-0.3`); a currency sign starts the span."""
    bracketed = bool(m.group("open") and m.group("close"))
    value = Decimal(m.group("num").replace(",", ""))
    if m.group("sign") or bracketed:
        value = -value
    if m.group("cur"):
        start = 0
    else:
        start = m.start("open") if bracketed else m.start("sign") if m.group("sign") else m.start("num")
    return value, start, m.end("close") if bracketed else m.end("num")


class ColumnUnits:
    def __init__(self, text: str, units, tables: list[dict]):
        """`units`: cells.UnitRules; `tables`: the ingested tables, whose cells are theirs to head."""
        self.text, self.units = text, units
        self.lines = line_spans(text)
        self.starts = [s for s, _ in self.lines]
        self.tabled = sorted((c["start"], c["end"]) for t in tables for c in t["cells"])
        self.tabled_starts = [s for s, _ in self.tabled]

    def in_table(self, position: int) -> bool:
        i = bisect_right(self.tabled_starts, position) - 1
        return i >= 0 and position < self.tabled[i][1]

    def line_of(self, position: int) -> int:
        return bisect_right(self.starts, position) - 1

    def is_cell(self, start: int, end: int) -> bool:
        """Set apart from the rest of its line by column gaps (or the line's edges)."""
        line_start, line_end = self.lines[self.line_of(start)]
        after = self.text[end:line_end]
        return bool(self.units.gap_before.search(self.text[line_start:start])) and (
            not after.strip() or after.startswith(("   ", "\t")))

    def bare_cells(self):
        """(start, end, match) of every cell outside the tables that is a number alone."""
        for line_start, line_end in self.lines:
            for m in CELL.finditer(self.text, line_start, line_end):
                bare = self.units.bare.match(m.group())
                # a year alone heads a column of figures (`2015   2016` under `(US$ million)`): it is no sum
                if bare and not bare.group("cur") and not self.units.year.fullmatch(m.group()) \
                        and not self.in_table(m.start()):
                    yield m.start(), m.end(), bare

    def plain_number(self, cell: str) -> bool:
        m = self.units.bare.match(cell)
        return bool(m) and not m.group("cur")

    def unit_above(self, start: int, end: int, bare: bool = False):
        """The unit of the header cell above the cell [start, end), or None.
        For a bare number the way up passes only other bare numbers: a column
        of `$` figures or percentages does not head it."""
        if self.in_table(start) or not self.is_cell(start, end):
            return None
        k = self.line_of(start)
        left = start - self.lines[k][0] - ALIGN_SLACK
        right = end - self.lines[k][0] + ALIGN_SLACK
        for line_start, line_end in reversed(self.lines[max(0, k - HEADER_REACH):k]):
            line = self.text[line_start:line_end]
            over = [m.group() for m in CELL.finditer(line) if m.start() < right and left < m.end()]
            for cell in over:
                unit = self.units.find(" ".join(cell.split())) if len(cell) <= MAX_HEADER_CHARS else None
                if unit is not None and unit.scale is not None:
                    return unit
            if bare and not all(map(self.plain_number, over)):
                return None
            if not all(map(is_number, over)):
                return None  # a header without a unit, or prose
        return None

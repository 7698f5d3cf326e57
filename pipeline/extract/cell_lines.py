"""Tables written one cell to a line: an HTML table laid out as one `<p>` per
cell, or a PDF table whose text comes out row after row, cell after cell. A
short line that states a unit of currency and scale (`($ in millions)`,
`By trading currency:（USD billions）`) heads the one-cell lines after it, up
to the first line of prose, the next unit line or a line of several cells that
are not all figures (a PDF row may keep its figures on one line: `$8,816.3  $9,202.0`).
Its figures are the table's sums, as the guidelines' table rule says, except those
of a column whose header is no money (`%`): the header lines stand before the
first figure, and a row's k figures fall under the last k of them. Where no
header says no money, every figure is a sum (a table whose rows and columns
the text has lost). A year alone heads a column and is no sum. A figure
with its own currency sign (`$174.5` under `(in millions of dollars)`) takes
the line's scale, and a unit line that gives a scale alone (`(in millions)`)
scales only such figures, as the guidelines' row-label case says."""
from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.extract.column_units import MAX_HEADER_CHARS
from pipeline.text_cells import CELL

MIN_FIGURES = 2  # one figure under a unit line is a sentence's, not a table's
# A row label may run longer than a header (`Courts of Appeals, District Courts, and Other Judicial
# Services (total)`); a line past MAX_HEADER_CHARS that ends a sentence, or past this, is prose.
MAX_LABEL_CHARS = 100
SENTENCE_END = (".", "!", "?", ";", ":")


class CellLines:
    def __init__(self, text: str, lines: list[tuple[int, int]], units, no_money):
        """`lines`: text_cells.line_spans(text); `units`: cells.UnitRules; `no_money(position)`: whether
        a detected table holds it in a column of no money. A detected table that gives its cells no
        unit of its own (its caption found below the unit line) takes the unit line's; where it gives
        one, its cells are taken."""
        self.text, self.line_spans, self.units, self.no_money = text, lines, units, no_money

    def _lines(self) -> list[tuple[int, str]]:
        """(where the line's text starts, the line stripped) for every line."""
        lines = (self.text[start:end] for start, end in self.line_spans)
        return [(start + len(line) - len(line.lstrip()), line.strip()) for (start, _), line in zip(self.line_spans, lines)]

    def _unit(self, line: str):
        if not line or len(line) > MAX_HEADER_CHARS:
            return None
        unit = self.units.find(line)
        return unit if unit.scale is not None else None

    @staticmethod
    def _prose(line: str) -> bool:
        """A line of prose ends the table: past MAX_LABEL_CHARS, or past MAX_HEADER_CHARS where it ends a sentence
        or runs in lower-case words as a wrapped sentence does (a row label's words are mostly capitalized)."""
        if len(line) > MAX_LABEL_CHARS:
            return True
        if len(line) <= MAX_HEADER_CHARS:
            return False
        words = line.split()
        return line.endswith(SENTENCE_END) or sum(w[:1].islower() for w in words) * 2 >= len(words)

    def _figures(self, start: int, line: str) -> list[tuple[int, re.Match]] | None:
        """The line's figures (where each starts, its `bare` match) where the line is figures alone, else None."""
        m = self.units.bare.match(line)
        if m is not None:
            return None if self.units.year.fullmatch(line) else [(start, m)]
        pieces = [(start + p.start(), self.units.bare.match(p.group())) for p in re.finditer(r"\S+", line)]
        if len(pieces) < 2 or not all(m and not self.units.year.fullmatch(m.group()) for _, m in pieces):
            return None
        return pieces

    def cells(self) -> Iterator[tuple[int, re.Match, object, str]]:
        """(where a figure's text starts, its `bare` match (models/amounts/cell_patterns.tsv), its unit when asked, `in_column`), as cells._bare_amounts reads them."""
        lines = self._lines()
        line_units = [self._unit(line) for _, line in lines]  # each line's unit, read once
        for i, unit in enumerate(line_units):
            if unit is not None:
                yield from self._run(lines[i + 1:], line_units[i + 1:], unit)

    def _run(self, lines: list[tuple[int, str]], line_units: list, unit) -> Iterator[tuple[int, re.Match, object, str]]:
        headers: list[str] = []
        rows: list[list[tuple[int, re.Match]]] = []
        labels = [0]  # the lines of text before each row of figures after the first
        for (start, line), line_unit in zip(lines, line_units):
            if not line:
                continue
            figures = self._figures(start, line)
            if self._prose(line) or line_unit or (figures is None and len(CELL.findall(line)) > 1):
                break
            if figures is None:
                if not rows:
                    headers.append(line)
                elif rows[-1]:
                    rows.append([])  # a row label ends the row of figures before it
                    labels.append(1)
                else:
                    labels[-1] += 1
                continue
            if not rows:
                rows.append([])
            rows[-1].extend(figures)
        if sum(map(len, rows)) < MIN_FIGURES:
            return
        kinds = [any(rx.search(h) for rx in self.units.not_money) for h in headers]  # True: a column of no money
        if any(kinds):
            # The first row's label stands among the header lines, after the last column header of no money.
            after = kinds[::-1].index(True)
            kinds = kinds[:len(kinds) - min(after, labels[1] if len(labels) > 1 else 0)]
        for row in rows:
            if not any(kinds):
                columns = [False] * len(row)
            elif len(row) <= len(kinds):
                columns = kinds[len(kinds) - len(row):]
            else:
                continue  # a row longer than the headers: which figure is money is unknown
            for (start, m), not_money in zip(row, columns):
                if (unit.currency or m.group("cur")) and not not_money and not self.no_money(start):
                    yield start, m, (lambda unit=unit: unit), "in_column"

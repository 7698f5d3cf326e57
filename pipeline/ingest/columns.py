"""Tables in plain text: runs of lines whose text stands in columns, cells
apart by three spaces or more, at least two lines holding numbers.
The text is left as it is; the table is recorded with each cell's offsets,
the line just above as its caption and the line just below as its notes, so
that the extract stage keeps every mention inside its cell."""
from __future__ import annotations

import re

from pipeline.ingest.pdf_tables import MIN_NUMBER_ROWS, MIN_ROWS, Cell, grid
from pipeline.text_cells import CELL, is_number, line_spans

# A line that states a unit for what follows: `(Detail, rounded in millions, may not add to totals)`.
_UNIT_LINE = re.compile(r"^\s*\(.*\)\s*$")
UNIT_LINE_REACH = 60  # lines above a table where its unit line may stand (a page's top)
MAX_CAPTION_CHARS = 200
MAX_BLANK_BEFORE_TOTAL = 2  # blank lines that may set a table's total row apart from the rows above


def _lines(text: str) -> list[tuple[int, str]]:
    return [(start, text[start:end]) for start, end in line_spans(text)]


def _cells(start: int, line: str) -> list[tuple[int, int]]:
    return [(start + m.start(), start + m.end()) for m in CELL.finditer(line)]


def text_tables(text: str) -> list[dict]:
    lines = _lines(text)
    split = [_cells(start, line) for start, line in lines]

    def numbered(k: int) -> bool:
        return any(is_number(text[s:e]) for s, e in split[k])

    tables, i = [], 0
    while i < len(lines):
        j = i
        # A row's label may wrap onto a line of its own, above the row's numbers; a line alone
        # above rows without numbers is the title of the next table's header.
        while j < len(lines) and (len(split[j]) >= 2 or j > i and len(split[j]) == 1
                                  and j + 1 < len(lines) and len(split[j + 1]) >= 2 and numbered(j + 1)):
            j += 1
        j = _total_row(lines, split, j, numbered)
        if j - i >= MIN_ROWS and sum(numbered(k) for k in range(i, j)) >= MIN_NUMBER_ROWS:
            tables.append(_table(text, lines, split, i, j, len(tables) + 1))
        i = max(j, i + 1)
    return tables


def _total_row(lines, split, end: int, numbered) -> int:
    """The table's end, past a last row set apart by blank lines (`TOTAL  163,631.7  49,884.9`):
    one line of numbers with as many cells as the row above it, alone before a break."""
    last = end - 1
    for gap in range(1, MAX_BLANK_BEFORE_TOTAL + 1):
        k = end + gap
        if k >= len(lines) or any(lines[n][1].strip() for n in range(end, k)):
            return end
        if split[k]:
            alone = k + 1 >= len(lines) or len(split[k + 1]) < 2
            same = last >= 0 and len(split[k]) == len(split[last]) >= 2
            return k + 1 if same and alone and numbered(k) and numbered(last) else end
    return end


def _neighbour(lines: list[tuple[int, str]], k: int, step: int) -> list[int] | None:
    """The nearest non-blank line above (step -1) or below (+1), one blank line allowed."""
    for n in (k + step, k + 2 * step):
        if 0 <= n < len(lines) and lines[n][1].strip():
            start, line = lines[n]
            if len(line.strip()) > MAX_CAPTION_CHARS:
                return None
            lead = len(line) - len(line.lstrip())
            return [start + lead, start + len(line.rstrip())]
    return None


def _unit_line(lines: list[tuple[int, str]], first: int) -> list[int] | None:
    """The nearest line in brackets above the table (a page's unit line)."""
    for n in range(first - 1, max(-1, first - 1 - UNIT_LINE_REACH), -1):
        start, line = lines[n]
        if _UNIT_LINE.match(line):
            lead = len(line) - len(line.lstrip())
            return [start + lead, start + len(line.rstrip())]
    return None


def _table(text: str, lines, split, first: int, end: int, table_id: int) -> dict:
    """Cells placed by character column (x) and line (y, top down) for grid()."""
    cells, offsets = [], {}
    for k in range(first, end):
        line_start = lines[k][0]
        for s, e in split[k]:
            cell = Cell(text[s:e], s - line_start, e - line_start, -10.0 * k - 5, -10.0 * k)
            cells.append(cell)
            offsets[id(cell)] = (s, e)
    rows, header_rows, columns, headers = grid(cells)
    return {"id": table_id, "page": None, "caption": _neighbour(lines, first, -1), "notes": _neighbour(lines, end - 1, 1),
            "unit_line": _unit_line(lines, first),
            "columns": columns, "header_rows": header_rows, "headers": headers,
            "cells": [{"row": c.row, "column": c.column, "header": c.header,
                       "start": offsets[id(c)][0], "end": offsets[id(c)][1]} for row in rows for c in row]}

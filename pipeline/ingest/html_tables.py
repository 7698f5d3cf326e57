"""A web page's `<table>`s as the document's tables: rows and cells as the
markup gives them (`colspan` and `rowspan` placed as browsers place them),
header rows from `<thead>`, rows of `<th>` or else the leading rows without
numbers; the caption from `<caption>` or the line just above, the notes from
the line just below. A table that holds another table (page layout) is none,
nor is one with no figures in it."""
from __future__ import annotations

from pipeline.ingest.html_tree import child_elements
from pipeline.ingest.pdf_tables import MAX_HEADER_ROWS
from pipeline.text_cells import is_number

MAX_SPAN = 50  # a colspan or rowspan beyond this is a page's error, not a layout
MAX_CAPTION_CHARS = 200
MAX_GRID_CELLS = 100_000


def _rows(table) -> list[tuple[list, bool]]:
    """The table's rows in order, each its cells and whether it sits in `<thead>`."""
    rows = []
    for child in child_elements(table):
        group = [child] if child.tag == "tr" else \
            list(child_elements(child)) if child.tag in ("thead", "tbody", "tfoot") else []
        rows += [([c for c in child_elements(tr) if c.tag in ("td", "th")], child.tag == "thead")
                 for tr in group if tr.tag == "tr"]
    return rows


def _span(cell, name: str) -> int:
    value = (cell.attributes.get(name) or "1").strip()
    return max(1, min(int(value), MAX_SPAN)) if value.isdigit() else 1


def _place(rows) -> list[tuple[object, int, int, int]] | None:
    """(cell, row, first column, columns spanned) for every cell; None for a
    grid above MAX_GRID_CELLS (no data table is that big: a hostile page)."""
    taken: set[tuple[int, int]] = set()
    placed = []
    for r, (cells, _) in enumerate(rows):
        c = 0
        for cell in cells:
            while (r, c) in taken:
                c += 1
            wide, tall = _span(cell, "colspan"), min(_span(cell, "rowspan"), len(rows) - r)
            taken |= {(r + dr, c + dc) for dr in range(tall) for dc in range(wide)}
            if len(taken) > MAX_GRID_CELLS:
                return None
            placed.append((cell, r, c, wide))
            c += wide
    return placed


def _header_rows(rows, texts: list[list[str]]) -> int:
    head = 0
    while head < len(rows) - 1 and (rows[head][1] or rows[head][0] and all(c.tag == "th" for c in rows[head][0])):
        head += 1
    if head:
        return head
    while head < min(MAX_HEADER_ROWS, len(rows) - 1) and not any(is_number(t) for t in texts[head]):
        head += 1
    return head


def html_tables(text: str, tables: list[tuple[object, int, int, bool]], spans: list[tuple[int, int]],
                owners: list) -> list[dict]:
    """`tables`: each `<table>` with the indices of its first block and the
    block after its last, and whether it holds another table; `spans`: each
    block's offsets in `text`; `owners`: the cell or caption each block is in
    (None outside)."""
    where: dict = {}  # node -> its blocks' offsets
    for span, owner in zip(spans, owners):
        if owner is not None:
            where.setdefault(owner, []).extend(span)
    out = []
    for table, first, end, nested in tables:
        rows = [] if nested else _rows(table)
        if len(rows) < 2:
            continue
        placed = _place(rows)
        if placed is None:
            continue
        placed = [(cell, r, c, wide) for cell, r, c, wide in placed if cell in where]
        texts: list[list[str]] = [[] for _ in rows]
        for cell, r, _, _ in placed:
            texts[r].append(text[min(where[cell]):max(where[cell])])
        head = _header_rows(rows, texts)
        columns = max((c + wide for _, _, c, wide in placed), default=0)
        if columns < 2 or not any(is_number(t) for row in texts[head:] for t in row):
            continue
        headers = [[] for _ in range(columns)]
        cells = []
        for cell, r, c, wide in placed:
            start, stop = min(where[cell]), max(where[cell])
            cells.append({"row": r, "column": c, "header": r < head, "start": start, "end": stop})
            if r < head:
                for k in range(c, c + wide):
                    headers[k].append(text[start:stop])
        caption = next((c for c in child_elements(table) if c.tag == "caption"), None)
        caption_span = [min(where[caption]), max(where[caption])] if caption is not None and caption in where \
            else _short(spans, first - 1, text)
        out.append({"id": len(out) + 1, "page": None, "caption": caption_span, "notes": _short(spans, end, text),
                    "columns": columns, "header_rows": head, "headers": [" ".join(h) for h in headers], "cells": cells})
    return out


def _short(spans: list[tuple[int, int]], index: int, text: str) -> list[int] | None:
    """The block at `index`, if there is one and it is a caption's length."""
    if 0 <= index < len(spans):
        start, end = spans[index]
        if 0 < end - start <= MAX_CAPTION_CHARS:
            return [start, end]
    return None

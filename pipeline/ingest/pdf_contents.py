"""A contents page set in two columns, entries on the left and page numbers
far to the right with no leaders between: pdfminer reads the numbers as a
box of their own. Each entry line takes the page number beside it
(`Introduction 2`), so that the entry reads as a contents line and the number
is no stray page number."""
from __future__ import annotations

import re
from dataclasses import replace

from pipeline.ingest.pdf_tables import Block, Line

PAGE = re.compile(r"^\d{1,3}$")
OWN_PAGE = re.compile(r"\s(\d{1,3})$")
MAX_GROUP_CHARS = 60  # a group line between entries (`Figures`) is no longer
MIN_ENTRIES = 3
ROW_TOLERANCE = 0.3  # an entry and its number: centres closer than this many font sizes


def _centre(line: Line) -> float:
    return (line.y0 + line.y1) / 2


def _beside(entry: Line, numbers: list[Line]) -> Line | None:
    return next((n for n in numbers if n.x0 > entry.x1 and abs(_centre(n) - _centre(entry)) < ROW_TOLERANCE * entry.size),
                None)


def page_list(pages: list[int], last_page: int) -> bool:
    """Numbers that read as a contents page's: pages of the document, in order."""
    return all(1 <= p <= last_page for p in pages) and pages == sorted(pages)


def _own_page(line: Line) -> int | None:
    """The page number a line ends with, after white space (`Introduction  2`)."""
    m = OWN_PAGE.search(line.text.strip())
    return int(m.group(1)) if m else None


def _whole_lines(lines: list[Line]) -> list[Line]:
    """The lines as pdfminer read them: the cells cut from one line (pdf_lines.py) joined again."""
    out: list[Line] = []
    for line in lines:
        if line.whole is None:
            out.append(line)
        elif line.whole:
            out.append(replace(line, text=line.whole, whole=None, cut=False, filled=False))
        elif out:
            out[-1] = replace(out[-1], x1=max(out[-1].x1, line.x1))
    return out


def heading_key(text: str) -> str:
    return " ".join(text.lower().split())


def _entry_text(line: Line, beside: Line | None) -> str:
    return heading_key(line.text if beside is not None else OWN_PAGE.sub("", line.text.strip()))


def with_page_numbers(blocks: list[Block], last_page: int, headings: set[str]) -> list[Block]:
    """The page's blocks, those of a contents page one entry a line: an entry
    line takes the page number set apart beside it. A contents page: at
    least MIN_ENTRIES entries, in blocks that hold mostly entries and
    otherwise short group lines (`Figures`); their numbers are pages of the
    document in order, and at least half of them name `headings` (the
    normalised texts of the document's headings on other pages)."""
    rows = {id(b): _whole_lines(b.lines) for b in blocks}
    numbers = [l for b in blocks if all(PAGE.match(l.text.strip()) for l in rows[id(b)]) for l in rows[id(b)]]
    number_ids = {id(l) for l in numbers}
    entries: dict[int, tuple[Line, int, Line | None]] = {}  # line id -> (line, page, number beside)
    for block in blocks:
        for line in rows[id(block)]:
            beside = None if id(line) in number_ids else _beside(line, numbers)
            page = int(beside.text) if beside else _own_page(line)
            if page is not None and id(line) not in number_ids:
                entries[id(line)] = (line, page, beside)
    listed = [b for b in blocks if 2 * sum(id(l) in entries for l in rows[id(b)]) >= len(rows[id(b)])
              and all(id(l) in entries or len(l.text.strip()) <= MAX_GROUP_CHARS for l in rows[id(b)])]
    found = sorted((entries[id(l)] for b in listed for l in rows[id(b)] if id(l) in entries), key=lambda e: -_centre(e[0]))
    named = sum(_entry_text(line, beside) in headings for line, _, beside in found)
    if len(found) < MIN_ENTRIES or 2 * named < len(found) or not page_list([page for _, page, _ in found], last_page):
        return blocks
    used = {id(beside) for _, _, beside in found if beside is not None}
    listed_ids = {id(b) for b in listed}
    out = []
    for block in blocks:
        if id(block) in listed_ids:
            lines = [replace(l, text=f"{l.text.strip()} {entries[id(l)][2].text.strip()}", x1=entries[id(l)][2].x1)
                     if id(l) in entries and entries[id(l)][2] is not None else l for l in rows[id(block)]]
            out.append(Block(lines, block.margin, "\n".join(" ".join(l.text.split()) for l in lines)))
        elif any(id(l) in used for l in rows[id(block)]):
            lines = [l for l in rows[id(block)] if id(l) not in used]
            if lines:
                out.append(Block(lines, block.margin, " ".join(" ".join(l.text.split()) for l in lines)))
        else:
            out.append(block)
    return out

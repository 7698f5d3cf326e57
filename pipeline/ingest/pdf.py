"""PDF via pdfminer.six: text boxes in reading order, lines re-flowed into
paragraphs, running headers, footers and page numbers dropped, tables kept
cell by cell (pdf_tables.py), a heading glued to its paragraph split off,
accents and ligatures repaired; page offsets, large-font headings, tables and
title candidates kept for the later stages."""
from __future__ import annotations

import io
import re
from collections import Counter
from statistics import median

from pdfminer.layout import LAParams, LTTextBox, LTTextLine
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFParser, PDFSyntaxError
from pdfminer.psparser import PSEOF, PSException

from pipeline.ingest.errors import DocumentError
from pipeline.ingest.pdf_contents import heading_key, with_page_numbers
from pipeline.ingest.pdf_layout import extract_pages
from pipeline.ingest.pdf_lines import lines_of
from pipeline.ingest.pdf_tables import Block, Line, Table, find_tables
from pipeline.ingest.repair import repair
from pipeline.ingest.text import clean

MAX_RUNNING_CHARS = 160
MAX_TITLE_CHARS = 150
MARGIN = 0.1  # the outer tenth of a page, where running heads and margin notes sit
HEADING_RATIO = 1.15  # a heading's font is at least this much larger than the body's
MAX_BOLD_HEADING_LINES = 2  # a bold heading glued to its paragraph
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$|^[-–]\s*\d{1,4}\s*[-–]$", re.I)
# A contents entry: dotted leaders and a page number end the line.
_LEADERS = re.compile(r"(?:\.\s?){4,}\s*\d{1,4}\s*$|…+\s*\d{1,4}\s*$")
# A word split at a line end (`high-` / `tech`) is joined with this mark until
# the whole document is read; `_settle_splits` then decides. clean() drops it.
SPLIT = "\u00ad"
_SPLIT_WORD = re.compile(r"(\w+)" + SPLIT + r"(\w+)")
_HYPHENATED = re.compile(r"\b[^\W\d_]+(?:-[^\W\d_]+)+\b")
NO_TEXT = ("PDF has no text layer (a scan)", "run OCR on it first, e.g. ocrmypdf in.pdf out.pdf")


def _reflow(lines: list[str]) -> str:
    """Join a box's lines into one paragraph: a hyphen before a capital or a
    digit stays (`long-` + `Term`, `co-` + `2`); one before a lower-case word
    becomes SPLIT, for `_settle_splits`. A contents entry (dotted leaders,
    page number) keeps its own line."""
    out = ""
    for line in (l.strip() for l in lines):
        if not line:
            continue
        if not out:
            out = line
        elif _LEADERS.search(out):
            out += "\n" + line
        elif re.search(r"[a-z]-$", out) and line[:1].islower():
            out = out[:-1] + SPLIT + line
        elif out.endswith(("-", "–", "/")):
            out += line
        else:
            out += " " + line
    return out


def _split_glued(lines: list[Line]) -> list[list[Line]]:
    """A heading set in a larger font, or in bold over regular body text, at
    the top of a box that goes on with body text is a block of its own."""
    sizes = [l.size for l in lines]
    for k in range(1, len(lines)):
        larger = min(sizes[:k]) >= HEADING_RATIO * max(sizes[k:])
        bold = k <= MAX_BOLD_HEADING_LINES and all(l.bold for l in lines[:k]) and not any(l.bold for l in lines[k:]) \
            and not lines[k - 1].running.rstrip().endswith((".", ":", ";", ",", "-", "–", "—"))
        if larger or bold:
            return [lines[:k], lines[k:]]
    return [lines]


def _blocks(layout) -> list[Block]:
    blocks = []
    margin_x, margin_y = layout.width * MARGIN, layout.height * MARGIN
    for element in layout:
        if not isinstance(element, LTTextBox):
            continue
        lines = [l for x in element if isinstance(x, LTTextLine) for l in lines_of(x)]
        if not lines:
            continue
        in_margin = (element.y0 > layout.height - margin_y or element.y1 < margin_y
                     or element.x1 < margin_x or element.x0 > layout.width - margin_x)
        for part in _split_glued(lines):
            text = _reflow([l.running for l in part])
            if text:
                blocks.append(Block(part, in_margin, text))
    return blocks


def _signature(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def metadata_title(data: bytes) -> str:
    try:
        info = PDFDocument(PDFParser(io.BytesIO(data))).info
    except TimeoutError:  # the ingest time limit, which must not pass for a missing title
        raise
    except Exception:  # a title is optional; reading the pages reports real damage
        return ""
    for entry in info:
        value = entry.get("Title")
        if isinstance(value, bytes):
            value = value.decode("utf-16" if value.startswith(b"\xfe\xff") else "latin-1", "replace")
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return ""


class Assembler:
    """The document's text, built block by block, and what the later stages
    need to know about its parts."""

    def __init__(self, body_size: float):
        self.text = ""
        self.body_size = body_size
        self.headings: list[dict] = []
        self.tables: list[dict] = []

    def paragraph(self, block: Block) -> tuple[int, int] | None:
        paragraph = repair(clean(block.text))
        text = self.text
        if text and paragraph[:1].islower() and re.search(r"[a-z]-$", text):
            self.text = text[:-1] + paragraph  # a word split across a column or page break
            return None
        if text and (paragraph[:1].islower() and text[-1:].isalpha() or text[-1:] == ","):
            self.text += " " + paragraph  # a sentence that goes on in the next column
            return None
        start = self.new_line(paragraph)
        short = len(paragraph) < 150 and not paragraph.rstrip().endswith(".") and "\n" not in paragraph
        if short and self.body_size and (block.size >= self.body_size * HEADING_RATIO or block.bold):
            self.headings.append({"start": start, "end": len(self.text), "size": round(block.size, 1)})
        return start, len(self.text)

    def new_line(self, line: str) -> int:
        if self.text:
            self.text += "\n"
        start = len(self.text)
        self.text += line
        return start

    def table(self, table: Table, page: int) -> dict:
        cells = []
        for row in table.rows:
            for cell in row:
                text = repair(clean(cell.text))
                start = self.new_line(text)
                cells.append({"row": cell.row, "column": cell.column, "header": cell.header,
                              "start": start, "end": len(self.text)})
        self.tables.append({"id": len(self.tables) + 1, "page": page, "caption": None, "notes": None,
                            "columns": table.columns, "header_rows": table.header_rows,
                            "headers": [repair(clean(h)) for h in table.headers], "cells": cells})
        return self.tables[-1]


def _contents_pages(pages: list[list[Block]]) -> list[list[Block]]:
    """Contents pages whose page numbers stand apart in a column, one entry a
    line (pdf_contents.py); the entries must name headings of other pages."""
    body_size = _body_size(pages)
    headings = [{heading_key(b.text) for b in blocks if b.bold or body_size and b.size >= HEADING_RATIO * body_size}
                for blocks in pages]
    return [with_page_numbers(blocks, len(pages), set().union(*headings[:n], *headings[n + 1:]))
            for n, blocks in enumerate(pages)]


def _body_size(pages: list[list[Block]]) -> float:
    sizes = [b.size for blocks in pages for b in blocks]
    return median(sizes) if sizes else 0.0


def _title_candidates(first_page: list[Block], skip, body_size: float) -> list[str]:
    """First-page headings (bold or large, short, no full stop), largest font
    first, then longest: the title is the biggest type on the cover, and of
    several headings in one type (agency, office, subject) the longest."""
    blocks = [b for b in first_page if not skip(b) and re.search(r"[^\W\d]{3}", b.text)
              and len(b.text) <= MAX_TITLE_CHARS and not b.text.rstrip().endswith(".")
              and (b.bold or b.size >= HEADING_RATIO * body_size)]
    ranked = sorted(blocks, key=lambda b: (-round(b.size, 1), -len(b.text)))
    return [" ".join(b.text.split()) for b in ranked]


def _settle_splits(pages: list[list[Block]]) -> None:
    """A word split at a line end keeps its hyphen where the document writes
    it with one elsewhere (`high-tech`); else the parts join (`hyphen-ated`)."""
    hyphenated = {m.group(0).lower() for blocks in pages for b in blocks for m in _HYPHENATED.finditer(b.text)}
    for blocks in pages:
        for b in blocks:
            if SPLIT in b.text:
                b.text = _SPLIT_WORD.sub(
                    lambda m: m.group(1) + ("-" if f"{m.group(1)}-{m.group(2)}".lower() in hyphenated else "") + m.group(2),
                    b.text).replace(SPLIT, "")


def read_pdf(data: bytes) -> dict:
    try:
        pages = [_blocks(layout) for layout in extract_pages(data, LAParams())]
    except (PDFPasswordIncorrect, PDFEncryptionError) as err:
        raise DocumentError(f"encrypted PDF that cannot be opened ({type(err).__name__})", "ask for an unprotected copy or remove the password") from None
    except (PDFSyntaxError, PSEOF, PSException, ValueError, KeyError, TypeError, AssertionError) as err:
        raise DocumentError(f"truncated or corrupt PDF ({type(err).__name__}: {err})", "download the file again or re-save it as PDF") from None
    if not any(pages):
        raise DocumentError(*NO_TEXT)
    pages = _contents_pages(pages)
    _settle_splits(pages)
    # Running headers, footers and margin text: the same short text near the
    # page's edge on many pages (digits aside: page numbers and dates change).
    edges = Counter()
    for blocks in pages:
        edges.update({_signature(b.text) for b in blocks if b.margin and len(b.text) <= MAX_RUNNING_CHARS})
    repeat = max(2, len(pages) // 2)  # on both pages of a two-page document, or half the pages

    def skip(block: Block) -> bool:
        running = block.margin and len(pages) >= 2 and edges[_signature(block.text)] >= repeat
        return running or block.margin and bool(_PAGE_NUMBER.match(block.text.strip()))

    doc = Assembler(_body_size(pages))
    page_starts = []
    for number, blocks in enumerate(pages, 1):
        page_starts.append(len(doc.text) + (1 if doc.text else 0))
        blocks = [b for b in blocks if not skip(b)]
        tables = find_tables(blocks)
        in_table = {id(b): t for t in tables for b in t.blocks}
        spans, entries = {}, {}
        for block in blocks:
            table = in_table.get(id(block))
            if table is None:
                spans[id(block)] = doc.paragraph(block)
            elif id(table) not in entries:
                entries[id(table)] = doc.table(table, number)
        for table in tables:  # caption and notes are paragraphs; the table knows where
            entries[id(table)]["caption"] = spans.get(id(table.caption))
            entries[id(table)]["notes"] = spans.get(id(table.notes))
    if not doc.text.strip():
        raise DocumentError(*NO_TEXT)
    first_page_end = page_starts[1] if len(page_starts) > 1 else len(doc.text)
    captions = {t["caption"][0] for t in doc.tables if t["caption"]}
    headings = [h for h in doc.headings if h["start"] not in captions]  # a table's caption opens no section
    headings = _levels(_repeats(doc.text, headings, first_page_end))
    titles = [t for t in [metadata_title(data)] + _title_candidates(pages[0], skip, doc.body_size) if t]
    return {"text": doc.text, "title": titles[0] if titles else "", "titles": titles, "date": "",
            "headings": headings, "pages": page_starts, "tables": doc.tables}


def _repeats(text: str, headings: list[dict], first_page_end: int) -> list[dict]:
    """A heading seen before in the same document is a table's or a part's
    header repeated on a new page, not a new section. The first of the first
    page's headings to come again later (the agency line that opens each rule
    of a Federal Register issue) marks where the next document begins."""
    keys = [" ".join(text[h["start"]:h["end"]].lower().split()) for h in headings]
    first_page = [k for k, h in zip(keys, headings) if h["start"] < first_page_end]
    later = {k for k, h in zip(keys, headings) if h["start"] >= first_page_end}
    opener = next((k for k in first_page if k in later), None)
    seen, kept = set(), []
    for key, h in zip(keys, headings):
        if key == opener and h["start"] >= first_page_end:
            kept.append({**h, "new_document": True})
            seen = {key}
        elif key not in seen:
            seen.add(key)
            kept.append(h)
    return kept


def _levels(headings: list[dict]) -> list[dict]:
    """Heading level: bigger fonts are higher levels."""
    ranks = {size: level for level, size in enumerate(sorted({h["size"] for h in headings}, reverse=True), 1)}
    for h in headings:
        h["level"] = ranks[h.pop("size")]
    return headings

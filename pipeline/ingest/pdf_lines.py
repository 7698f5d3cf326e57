"""pdfminer text lines to Lines, read from the glyphs' places: letter-spaced
words (`S U M M A R Y`) joined where the gaps between their letters are even
and narrower than those between words; a line that holds table cells joined
by dot leaders (`AFM revisions ..... $85 ..... $6,205.`) or set apart by wide
gaps (a tight table's row, which pdfminer reads as one line) cut into one Line
per cell. A contents entry (leaders, then a page number) stays one line."""
from __future__ import annotations

import re
from statistics import median

from pdfminer.layout import LTChar, LTTextLine

from pipeline.ingest.pdf_tables import Line

CELL_GAP = 1.0  # a gap between words this many font sizes wide parts cells (a justified line's spaces stay below)
MIN_SPACED_CHARS = 4  # a letter-spaced word holds at least this many letters
WORD_GAP_RATIO = 1.5  # a gap this much wider than a run's letter gap parts its words
# A run of dot leaders between cells: two dots or more, white space allowed between them.
LEADER_RUN = re.compile(r"\s*\.(?:\s?\.)+\s*")
# A contents entry's end: leaders and a page number (arabic or roman).
CONTENTS_END = re.compile(r"(?:\.\s?){2,}\s*(?:\d{1,4}|[ivxlc]{1,6})\s*$", re.I)


def _glyphs(line: LTTextLine) -> list[tuple[str, LTChar | None]]:
    """The line's text piece by piece: a glyph's text and the glyph, or a
    space pdfminer inserted (no glyph)."""
    out = []
    for item in line:
        text = item.get_text()
        if text and text != "\n":
            out.append((text, item if isinstance(item, LTChar) else None))
    return out


def _tokens(glyphs) -> list[list[int]]:
    """Indices of inked glyphs, grouped into the words pdfminer's spaces part."""
    tokens, current = [], []
    for i, (text, glyph) in enumerate(glyphs):
        if glyph is None or not text.strip():
            if current:
                tokens.append(current)
            current = []
        else:
            current.append(i)
    if current:
        tokens.append(current)
    return tokens


def _gap(glyphs, a: int, b: int) -> float:
    return glyphs[b][1].x0 - glyphs[a][1].x1


def _joins(glyphs) -> set[int]:
    """Indices of inked glyphs whose following space is letter spacing, not a
    word break. A run of single-glyph words is letter-spaced when it holds at
    least MIN_SPACED_CHARS letters and its narrowest gap is narrower than the
    line's gaps between ordinary words (where it has any)."""
    tokens = _tokens(glyphs)
    word_gaps = [_gap(glyphs, a[-1], b[0]) for a, b in zip(tokens, tokens[1:]) if len(a) > 1 or len(b) > 1]
    joins: set[int] = set()
    run: list[int] = []
    for token in tokens + [[]]:
        if len(token) == 1:
            run.append(token[0])
            continue
        letters = sum(glyphs[i][0].isalpha() for i in run)
        if letters >= MIN_SPACED_CHARS:
            gaps = [_gap(glyphs, a, b) for a, b in zip(run, run[1:])]
            letter_gap = max(min(gaps), 0.0)
            if not word_gaps or letter_gap * WORD_GAP_RATIO < min(word_gaps):
                joins |= {a for a, gap in zip(run, gaps) if gap <= letter_gap * WORD_GAP_RATIO + 0.5}
        run = []
    return joins


def _kept(glyphs, joins: set[int], start: int, end: int) -> list[int]:
    """Indices of glyphs[start:end] that stay: all but the spaces after joined glyphs."""
    kept, last_inked = [], None
    for i in range(start, end):
        text, glyph = glyphs[i]
        if glyph is not None and text.strip():
            last_inked = i
        elif last_inked in joins:
            continue
        kept.append(i)
    return kept


def _text(glyphs, kept: list[int]) -> str:
    return "".join(glyphs[i][0] for i in kept)


def _make(glyphs, joins: set[int], start: int, end: int, bold: bool, cut: bool = False,
          filled: bool = False) -> Line | None:
    inked = [g for t, g in glyphs[start:end] if g is not None and t.strip()]
    text = _text(glyphs, _kept(glyphs, joins, start, end))
    text = " ".join(text.split()) if joins else text.strip()  # a letter-spaced line's word gaps hold several spaces
    if not inked or not text:
        return None
    return Line(text, min(c.x0 for c in inked), max(c.x1 for c in inked), min(c.y0 for c in inked),
                max(c.y1 for c in inked), median(c.size for c in inked), bold, cut, filled)


def lines_of(line: LTTextLine) -> list[Line]:
    """The Lines a pdfminer line makes: itself, or one per cell where dot
    leaders or wide gaps part cells."""
    glyphs = _glyphs(line)
    inked = [g for t, g in glyphs if g is not None and t.strip()]
    if not inked:
        return []
    bold = sum("bold" in c.fontname.lower() for c in inked) > len(inked) / 2
    joins = _joins(glyphs)
    kept = _kept(glyphs, joins, 0, len(glyphs))
    text = _text(glyphs, kept)
    offsets, position = {}, 0
    for i in kept:
        offsets[i] = position
        position += len(glyphs[i][0])
    cells = _cells(text, _cuts(text, glyphs, joins, offsets))
    if len(cells) < 2:
        cells = [(0, len(text), False)]
    positions = [i for i in kept for _ in glyphs[i][0]]  # the glyph of each character of `text`
    made = [m for m in (_make(glyphs, joins, positions[start], positions[end - 1] + 1, bold, len(cells) >= 2, filled)
                        for start, end, filled in cells) if m]
    if len(made) >= 2:  # outside a table the line reads as it stands
        for n, line in enumerate(made):
            line.whole = "" if n else (" ".join(text.split()) if joins else text.strip())
    return made


def _cuts(text: str, glyphs, joins: set[int], offsets: dict[int, int]) -> list[tuple[int, int, bool]]:
    """Where the line parts cells: (start, end, whether leaders fill it) in
    `text`: dot leaders (not a contents entry's), and gaps between words
    of CELL_GAP font sizes or more."""
    cuts = [] if CONTENTS_END.search(text) else \
        [(m.start(), m.end(), True) for m in LEADER_RUN.finditer(text) if _is_leader(text, m)]
    tokens = _tokens(glyphs)
    for a, b in zip(tokens, tokens[1:]):
        left, right = glyphs[a[-1]][1], glyphs[b[0]][1]
        if a[-1] not in joins and right.x0 - left.x1 >= CELL_GAP * left.size:
            start = offsets[a[-1]] + len(glyphs[a[-1]][0])
            if not any(s <= start < e for s, e, _ in cuts):
                cuts.append((start, offsets[b[0]], False))
    return sorted(cuts)


def _cells(text: str, cuts: list[tuple[int, int, bool]]) -> list[tuple[int, int, bool]]:
    """Spans of the text between the cuts, each with whether leaders follow it."""
    cells, begin = [], 0
    for start, end, leaders in cuts:
        cells.append((begin, start, leaders))
        begin = end
    cells.append((begin, len(text), False))
    return [(s, e, filled) for s, e, filled in cells if text[s:e].strip()]


def _is_leader(text: str, m: re.Match) -> bool:
    """Dots that fill space, not an abbreviation's or a number's: at least
    three, or two with white space around."""
    dots = m.group().count(".")
    return dots >= 3 or m.group()[:1].isspace() and (m.end() == len(text) or m.group()[-1:].isspace())

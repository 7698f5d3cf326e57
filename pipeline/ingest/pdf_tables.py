"""Tables on a PDF page, found from pdfminer's layout: rows of short text
pieces side by side (cells apart from each other, unlike the full lines of a
column of prose), several such rows in a run, at least two of them holding
numbers. Each cell keeps its own text; the leading rows without numbers are
the header, and a header cell heads every column it spans."""
from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median

from pipeline.text_cells import is_number

SHORT_SHARE = 0.5  # a table cell's line is shorter than this share of a full prose line
MAX_CELL_CHARS = 32  # and holds no more characters than this (a line of a column of prose holds more)
MIN_ROWS = 3  # rows with cells side by side, the header included
MIN_NUMBER_ROWS = 2
MAX_HEADER_ROWS = 3
WRAP_LEADING = 1.5  # lines of one wrapped cell lie closer than this many font sizes
ROW_TOLERANCE = 0.3  # lines whose centres lie closer than this many font sizes share a row
ROW_GAP_LINES = 3.0  # rows of one table lie closer than this many line heights
CAPTION_GAP = 30.0  # points between a table and the caption above it
NOTE_GAP = 20.0  # points between a table and its notes below


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    y0: float
    y1: float
    size: float
    bold: bool
    cut: bool = False  # a cell cut from a line (pdf_lines.py: at dot leaders or a wide gap)
    filled: bool = False  # and leaders fill the rest of its cell: no text wraps onto it
    whole: str | None = None  # a cut line's first cell: the whole line's text ("" on the other cells)

    @property
    def running(self) -> str:
        """Its text in running prose: a cut line reads whole."""
        return self.text if self.whole is None else self.whole


@dataclass
class Block:
    """A pdfminer text box (or part of one), its lines top to bottom."""
    lines: list[Line]
    margin: bool = False
    text: str = ""

    @property
    def x0(self) -> float:
        return min(l.x0 for l in self.lines)

    @property
    def x1(self) -> float:
        return max(l.x1 for l in self.lines)

    @property
    def y0(self) -> float:
        return min(l.y0 for l in self.lines)

    @property
    def y1(self) -> float:
        return max(l.y1 for l in self.lines)

    @property
    def size(self) -> float:
        return max(l.size for l in self.lines)

    @property
    def bold(self) -> bool:
        return all(l.bold for l in self.lines)


@dataclass
class Cell:
    text: str
    x0: float
    x1: float
    y0: float
    y1: float
    row: int = 0
    column: int = 0
    header: bool = False
    leader: bool = False  # dot leaders fill it: a body cell


@dataclass
class Table:
    blocks: list[Block]  # the blocks it is made of, in the page's order
    rows: list[list[Cell]]
    header_rows: int
    columns: int
    caption: Block | None = None
    notes: Block | None = None
    headers: list[str] = field(default_factory=list)  # per column: its header cells' text, top down


def _rows_of_lines(lines: list[Line]) -> list[list[Line]]:
    """Lines grouped by the height they sit at, top row first."""
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda l: -(l.y0 + l.y1)):
        centre = (line.y0 + line.y1) / 2
        if rows and abs(centre - rows[-1][0].y0 / 2 - rows[-1][0].y1 / 2) < 0.4 * (line.y1 - line.y0):
            rows[-1].append(line)
        else:
            rows.append([line])
    return rows


def _regions(blocks: list[Block]) -> list[list[list[Line]]]:
    """Runs of table rows: each a list of line rows."""
    lines = [l for b in blocks for l in b.lines if l.text.strip()]
    if not lines:
        return []
    # A full line: the typical line of the widest paragraph (of two lines or more).
    paragraphs = [median(l.x1 - l.x0 for l in b.lines) for b in blocks if len(b.lines) >= 2]
    short = SHORT_SHARE * max(paragraphs or [l.x1 - l.x0 for l in lines])
    regions, current, last_tabular = [], [], None
    for row in _rows_of_lines(lines):
        narrow = [l for l in row if l.cut or l.x1 - l.x0 < short and len(l.text.strip()) <= MAX_CELL_CHARS]
        # Cells side by side; or cells that dot leaders join, beside a long label.
        tabular = len(row) >= 2 and (len(narrow) == len(row) or sum(l.cut for l in row) >= 2)
        height = max(l.y1 - l.y0 for l in row)
        near = last_tabular is not None and last_tabular - max(l.y1 for l in row) < ROW_GAP_LINES * height
        if tabular and (current and near or not current):
            current.append(row)
            last_tabular = min(l.y0 for l in row)
        elif current and near and len(narrow) == len(row):
            current.append(row)  # a cell's text wrapped onto a line of its own
        else:
            regions.append(current)
            current, last_tabular = ([row], min(l.y0 for l in row)) if tabular else ([], None)
    regions.append(current)
    good = []
    for region in regions:
        tabular = [r for r in region if len(r) >= 2]
        numbered = [r for r in tabular if any(is_number(l.text) or l.filled for l in r)]  # data rows
        if len(tabular) >= MIN_ROWS and len(numbered) >= MIN_NUMBER_ROWS:
            good.append(region)
    return good


def _cells(blocks: list[Block]) -> list[Cell]:
    """A block's lines make one cell while they read as one wrapped text:
    tight leading, no numbers, and no number beside them in another block
    (which would put them in rows of their own)."""
    numbers = [(id(b), (l.y0 + l.y1) / 2) for b in blocks for l in b.lines if is_number(l.text)]

    def beside_a_number(block: Block, line: Line) -> bool:
        centre = (line.y0 + line.y1) / 2
        return any(owner != id(block) and abs(y - centre) < ROW_TOLERANCE * line.size for owner, y in numbers)

    cells = []
    for b in blocks:
        parts: list[list[Line]] = []
        for line in b.lines:
            above = next((part for part in reversed(parts) if _wrapped(part[-1], line)), None)
            if above is not None and not is_number(line.text) and not is_number(above[-1].text) \
                    and not (beside_a_number(b, line) and beside_a_number(b, above[-1])):
                above.append(line)
            else:
                parts.append([line])
        for part in parts:
            text = " ".join(" ".join(l.text.split()) for l in part)
            cells.append(Cell(text, min(l.x0 for l in part), max(l.x1 for l in part),
                              min(l.y0 for l in part), max(l.y1 for l in part), leader=any(l.filled for l in part)))
    return cells


def _wrapped(last: Line, line: Line) -> bool:
    """`line` goes on with the text of `last`: just below it, under it."""
    return not last.filled and 0 < last.y0 - line.y0 <= WRAP_LEADING * line.size \
        and line.x0 < last.x1 and line.x1 > last.x0


def _group(cells: list[Cell], low, high) -> list[list[Cell]]:
    """Cells whose [low, high] intervals overlap, merged into groups, in order of `low`."""
    groups: list[list[Cell]] = []
    end = None
    for cell in sorted(cells, key=low):
        if groups and low(cell) < end:
            groups[-1].append(cell)
            end = max(end, high(cell))
        else:
            groups.append([cell])
            end = high(cell)
    return groups


def _table(blocks: list[Block]) -> Table:
    rows, header_rows, columns, headers = grid(_cells(blocks))
    return Table(blocks, rows, header_rows, columns, headers=headers)


def grid(cells: list[Cell]) -> tuple[list[list[Cell]], int, int, list[str]]:
    """Cells into rows (top down) and columns: the rows, how many head the
    table, the number of columns, and each column's header text. Sets each
    cell's row, column and header mark."""
    rows = _group(cells, lambda c: -c.y1, lambda c: -c.y0 - 1.0)  # top down
    header_rows = 0
    while header_rows < min(MAX_HEADER_ROWS, len(rows) - 1) \
            and not any(is_number(c.text) or c.leader for c in rows[header_rows]):
        header_rows += 1
    body = [c for row in rows[header_rows:] for c in row]
    spans = [(min(c.x0 for c in g), max(c.x1 for c in g)) for g in _group(body, lambda c: c.x0, lambda c: c.x1)]
    headers = [[] for _ in spans]
    for r, row in enumerate(rows):
        for cell in sorted(row, key=lambda c: c.x0):
            cell.row, cell.header = r, r < header_rows
            overlaps = [i for i, (lo, hi) in enumerate(spans) if cell.x0 < hi and cell.x1 > lo]
            cell.column = overlaps[0] if overlaps else min(range(len(spans)), key=lambda i: abs(spans[i][0] - cell.x0))
            if cell.header:  # a header over no body cell heads the nearest column
                for i in overlaps or [cell.column]:
                    headers[i].append(cell.text)
        row.sort(key=lambda c: c.x0)
    return rows, header_rows, len(spans), [" ".join(h) for h in headers]


def find_tables(blocks: list[Block]) -> list[Table]:
    """The tables among a page's blocks, each with the caption block just above
    it and the notes block just below it, when there are such."""
    content = [b for b in blocks if not b.margin]
    tables = []
    for region in _regions(content):
        members = {id(l) for row in region for l in row}
        # Blocks in the rows found, and cells whose wrapped lines reach beyond them (a header over two lines).
        inside = [b for b in content if all(id(l) in members for l in b.lines)
                  or any(id(l) in members for l in b.lines) and all(len(l.text.strip()) <= MAX_CELL_CHARS for l in b.lines)]
        if not inside:
            continue
        table = _table(inside)
        top, bottom = max(b.y1 for b in inside), min(b.y0 for b in inside)
        left, right = min(b.x0 for b in inside), max(b.x1 for b in inside)
        others = [b for b in content if b not in inside and b.x0 < right and b.x1 > left]
        above = [b for b in others if 0 <= b.y0 - top < CAPTION_GAP]
        below = [b for b in others if 0 <= bottom - b.y1 < NOTE_GAP]
        table.caption = min(above, key=lambda b: b.y0, default=None)
        table.notes = max(below, key=lambda b: b.y1, default=None)
        tables.append(table)
    return tables

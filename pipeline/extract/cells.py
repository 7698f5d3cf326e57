"""Entities in table cells. Nothing crosses a cell: a mention that runs from
one cell into the next (`€ 21,965,000` and the `-0.3` of the next column) is
found again inside its cell. A unit in the column's header, or else in the
table's caption, unit line or notes (`($ billions)`, `In Trillions of
Dollars`, `(€000)`) scales the amounts written without a scale, and makes an
AMOUNT of a bare number where it gives both currency and scale. Where no
scale is known, the amount stays as written and is flagged `scale_unknown`;
every mention in a table is flagged `in_table`. Outside the tables, a column
header above a figure in layout text does the same (column_units.py), and so
does a unit line above a table written one cell to a line (cell_lines.py),
flagged `in_column`."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import partial
from pathlib import Path

from pipeline.extract.amounts import AmountRules, plain
from pipeline.extract.cell_lines import CellLines
from pipeline.extract.column_units import ColumnUnits, bare_figure
from pipeline.extract.currencies import AMBIGUOUS, ISSUER_ONLY, currency_forms
from pipeline.extract.resolve import Entity
from pipeline.lexicon import alternation, column, expand, named_rules, read_table

_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Unit:
    currency: str = ""  # ISO code, or several joined by `|` (`$`), default first
    scale: Decimal | None = None

    def over(self, other: "Unit") -> "Unit":
        """This unit, its gaps filled from a wider one (the table's)."""
        return Unit(self.currency or other.currency, self.scale if self.scale is not None else other.scale)


class UnitRules:
    def __init__(self, data_dir: Path):
        data_dir = Path(data_dir)
        forms = currency_forms(data_dir / "currencies.tsv", set(column(data_dir / "not_codes.tsv")))
        self.exact = {text: AMBIGUOUS.join(form.codes) for text, form in forms.items() if form.codes and form.factor == 1}
        self.code = {text.lower(): code for text, code in self.exact.items()}
        self.scale = {r["word"].lower(): Decimal(r["multiplier"]) for r in read_table(data_dir / "scales.tsv")}
        self.scale |= {r["form"].lower(): Decimal(r["multiplier"]) for r in read_table(data_dir / "unit_scales.tsv")}
        fragments = {"cur": alternation(list(self.exact)), "scale": alternation(list(self.scale)) + "s?"}
        self.rules = [re.compile(expand(r["pattern"], fragments), re.I) for r in read_table(data_dir / "units.tsv")]
        self.not_money = [re.compile(r["regex"], re.I) for r in read_table(data_dir / "not_money_headers.tsv")]
        cell = named_rules(data_dir / "cell_patterns.tsv", ("bare", "year", "gap_before"))
        self.bare, self.year, self.gap_before = (re.compile(cell[name]) for name in ("bare", "year", "gap_before"))

    def column_unit(self, header: str, table_unit: Unit) -> Unit:
        """A column's unit: its header's, gaps filled from the table's unless
        the header names figures that are no money (`Change`, `%`)."""
        own = self.find(header)
        if own == Unit() and any(rx.search(header) for rx in self.not_money):
            return own
        return own.over(table_unit)

    def match(self, text: str) -> re.Match | None:
        return next((m for m in (rule.search(text) for rule in self.rules) if m), None)

    def find(self, text: str) -> Unit:
        m = self.match(text)
        if m:
            groups = m.groupdict()
            scale = groups.get("scale")
            if scale:
                scale = scale.lower()
                scale = self.scale.get(scale, self.scale.get(scale[:-1]))
            cur = groups.get("cur") or ""
            return Unit(self.exact.get(cur) or self.code.get(cur.lower(), ""), scale)
        return Unit()


def _value(norm: str) -> tuple[list[Decimal], str]:
    values, _, code = norm.rpartition(" ")
    return [Decimal(v) for v in values.split("/")], code


def _written(text: str) -> list[Decimal]:
    return [Decimal(n.replace(",", "")) for n in _NUMBER.findall(text)]


def _scaled(entity: Entity, unit: Unit) -> str | None:
    """The amount's norm with the unit's scale applied, when the text itself
    has no scale (its value is the number as written)."""
    try:
        values, code = _value(entity.norm)
    except InvalidOperation:
        return None
    # A sign is no digit of the written number (`$-0.09`, `(299.1)`).
    if unit.scale is None or [abs(v) for v in values] != _written(entity.text)[:len(values)]:
        return None
    return "/".join(plain(v * unit.scale) for v in values) + f" {code}"


def currency_in(entities: list[Entity]):
    """What a form with several currencies (`$`) means in this document: the
    one of them its running text used most (resolve.py chose those), else the default. A sign that
    needs a scale word, written bare (`P500`): a sum only in a currency the running text used, where
    resolve.py gave the issuer's money (the cell has no issuer to ask)."""
    used = Counter(e.norm.rsplit(" ", 1)[-1] for e in entities if e.label == "AMOUNT")

    def choose(codes: str) -> str:
        options = codes.split(AMBIGUOUS)
        if "" in options or ISSUER_ONLY in options:  # a symbol that reads as an acronym (`DA 67`): a sum only in a currency the text used
            return max((code for code in options if used[code]), key=used.__getitem__, default="")
        return max(options, key=lambda code: (used[code], -options.index(code)))

    return choose


def apply_tables(text: str, entities: list[Entity], tables: list[dict], amounts: AmountRules,
                 units: UnitRules) -> list[tuple[Entity, list[str]]]:
    """The document's entities with their flags, table cells taken into account."""
    currency = currency_in(entities)
    cells = [(t, c) for t in tables for c in t["cells"]]
    out = []
    holder: dict[int, tuple[dict, dict]] = {}
    for table, cell in cells:
        holder.update({i: (table, cell) for i in range(cell["start"], cell["end"])})
    def cell_at(position: int):
        return id(holder[position][1]) if position in holder else None

    phrases = _unit_phrases(text, tables, units)
    crossing = [e for e in entities if cell_at(e.start) != cell_at(e.end - 1)]
    kept = [e for e in entities if cell_at(e.start) == cell_at(e.end - 1)
            and not (e.label == "AMOUNT" and any(s < e.end and e.start < t for s, t in phrases))]
    for table, cell in cells:
        if any(cell["start"] <= e.start < cell["end"] for e in crossing):
            for s, e, norm in amounts.find(text[cell["start"]:cell["end"]]):
                value, codes = norm.rsplit(" ", 1)
                if not (code := currency(codes)):
                    continue
                start, end = cell["start"] + s, cell["start"] + e
                kept.append(Entity("AMOUNT", start, end, text[start:end], f"{value} {code}"))
    table_units = {t["id"]: _table_unit(text, t, units) for t in tables}
    columns = ColumnUnits(text, units, tables)
    no_money = partial(_in_no_money_column, holder, units)
    line_cells = list(CellLines(text, columns.lines, units, no_money).cells())
    # A figure with its own sign under a unit line (`$174.5` under `(in millions of dollars)`) is an amount already.
    signed_cells = {start: unit for start, m, unit, _ in line_cells if m.group("cur")}
    for entity in sorted(kept, key=lambda e: e.start):
        place = holder.get(entity.start)
        if place is None:
            out.append(_under_header(entity, columns, signed_cells))
            continue
        table, cell = place
        flags = ["in_table"]
        if entity.label == "AMOUNT" and not cell["header"]:
            unit = units.column_unit(_header(table, cell), table_units[table["id"]])
            scaled = _scaled(entity, unit)
            if scaled:
                entity = Entity(entity.label, entity.start, entity.end, entity.text, scaled)
            elif unit.scale is None and _scaled(entity, Unit(scale=Decimal(1))):
                flags.append("scale_unknown")
        out.append((entity, flags))
    out += _bare_amounts(_table_cells(text, tables, units, table_units), units, currency, out)
    out += _bare_amounts(_column_cells(columns), units, currency, out)
    out += _bare_amounts(line_cells, units, currency, out)
    return sorted(out, key=lambda pair: pair[0].start)


def _under_header(entity: Entity, columns: ColumnUnits, signed_cells: dict) -> tuple[Entity, list[str]]:
    """An amount outside the tables, scaled by a column header above it (column_units.py) or by the
    unit line over a table written one cell to a line (cell_lines.py; `signed_cells`: where each of
    its figures with a sign starts -> its unit when asked)."""
    if entity.label != "AMOUNT":
        return entity, []
    unit = columns.unit_above(entity.start, entity.end)
    if unit is None and entity.start in signed_cells:
        unit = signed_cells[entity.start]()
    scaled = _scaled(entity, unit) if unit else None
    if not scaled:
        return entity, []
    return Entity(entity.label, entity.start, entity.end, entity.text, scaled), ["in_column"]


def _unit_phrases(text: str, tables: list[dict], units: UnitRules) -> list[tuple[int, int]]:
    """Where headers, captions and notes state a unit: `(€000)` there is no sum of money."""
    spans = [t.get(key) for t in tables for key in ("caption", "notes", "unit_line")]
    spans += [(c["start"], c["end"]) for t in tables for c in t["cells"] if c["header"]]
    found = []
    for span in filter(None, spans):
        m = units.match(text[span[0]:span[1]])
        if m:
            found.append((span[0] + m.start(), span[0] + m.end()))
    return found


def _table_unit(text: str, table: dict, units: UnitRules) -> Unit:
    unit = Unit()
    for span in (table.get("caption"), table.get("notes"), table.get("unit_line")):
        if span:
            unit = unit.over(units.find(text[span[0]:span[1]]))
    return unit


def _header(table: dict, cell: dict) -> str:
    headers = table.get("headers") or []
    return headers[cell["column"]] if cell["column"] < len(headers) else ""


def _in_no_money_column(holder: dict, units: UnitRules, position: int) -> bool:
    """Whether a detected table holds the position in a column whose header is no money (`Change`, `%`)."""
    place = holder.get(position)
    return place is not None and any(rx.search(_header(*place)) for rx in units.not_money)


def _table_cells(text: str, tables: list[dict], units: UnitRules, table_units: dict):
    """Cells of the tables that are a number alone or a currency sign and a
    number (`$     32,271`, `$-0.09`), with the unit their column or table gives."""
    for table in tables:
        for cell in table["cells"]:
            written = text[cell["start"]:cell["end"]]
            m = units.bare.match(written.strip())
            if cell["header"] or m is None:
                continue
            lead = len(written) - len(written.lstrip())
            unit = partial(units.column_unit, _header(table, cell), table_units[table["id"]])
            yield cell["start"] + lead, m, unit, "in_table"


def _column_cells(columns: ColumnUnits):
    """Numbers alone outside the tables, with the unit of a column header above them (column_units.py)."""
    for start, end, m in columns.bare_cells():
        yield start, m, partial(columns.unit_above, start, end, bare=True), "in_column"


def _bare_amounts(cells, units: UnitRules, currency, found: list[tuple[Entity, list[str]]]
                  ) -> list[tuple[Entity, list[str]]]:
    """Amounts of cells that the amount rules leave: a number alone where its
    unit gives both currency and scale, or a currency sign and a number,
    scaled as the unit says. `cells`: (where the match's text starts, its BARE
    match, its unit when asked (a Unit or None), its place flag)."""
    taken = [(e.start, e.end) for e, _ in found]
    out = []
    for offset, m, unit_of, place in cells:
        value, first, last = bare_figure(m)
        start, end = offset + first, offset + last
        if any(s < end and start < e for s, e in taken):
            continue
        unit = unit_of() or Unit()
        own = units.exact.get(m.group("cur") or "", "")
        if not (own or unit.currency and unit.scale is not None):
            continue
        value *= unit.scale or 1
        flags = [place] + (["scale_unknown"] if unit.scale is None else [])
        code = currency(own or unit.currency)
        out.append((Entity("AMOUNT", start, end, m.string[first:last], f"{plain(value)} {code}"), flags))
    return out

"""Typed values from normalized entities, for the database: an AMOUNT norm
(`15000000000 USD`, a range `1000000/2000000 USD`) as numbers and a currency
code, and a DATE norm (`2001`, `2001-10-15`, `2002-Q1`, `199X`, `FY2007`,
`2000-10/2000-11`) as the first and last ISO day it covers, so that "after
2015" is a comparison of strings. A norm whose year is unknown (`XXXX-11`)
has no days."""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pipeline.lexicon import read_table


@dataclass(frozen=True)
class Amount:
    low: float | None
    high: float | None
    currency: str | None


def amount(norm: str) -> Amount:
    value, _, currency = norm.partition(" ")
    low, _, high = value.partition("/")
    try:
        return Amount(float(low), float(high or low), currency or None)
    except ValueError:
        return Amount(None, None, currency or None)


def last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


class DateRanges:
    """DATE norm -> (first day, last day), ISO strings, or (None, None)."""

    def __init__(self, parts_file: Path):
        self.parts = {row["part"]: (int(row["first_month"]), int(row["last_month"]), int(row["years_on"]))
                      for row in read_table(parts_file)}

    def __call__(self, norm: str) -> tuple[str | None, str | None]:
        first, _, last = norm.partition("/")
        start, end = self.days(first), self.days(last or first)
        if start is None or end is None:
            return None, None
        return start[0].isoformat(), end[1].isoformat()

    def days(self, value: str) -> tuple[date, date] | None:
        head, *rest = value.removeprefix("FY").split("-")  # a fiscal year counts as its calendar year
        if len(head) != 4 or not head.rstrip("X").isdigit():
            return None
        if "X" in head:  # a decade (199X) or a century (20XX)
            return (None if rest else (date(int(head.replace("X", "0")), 1, 1), date(int(head.replace("X", "9")), 12, 31)))
        year = int(head)
        try:
            return self.part(year, rest)
        except ValueError:  # a month 13, a day 31 in June, a week 54
            return None

    def part(self, year: int, rest: list[str]) -> tuple[date, date] | None:
        if not rest:
            return date(year, 1, 1), date(year, 12, 31)
        if len(rest) == 2 and all(r.isdigit() for r in rest):
            day = date(year, int(rest[0]), int(rest[1]))
            return day, day
        if len(rest) > 1:
            return None
        code = rest[0]
        if code.isdigit():
            month = int(code)
            return date(year, month, 1), date(year, month, last_day(year, month))
        if code.startswith("W") and code[1:].isdigit():
            week = int(code[1:])
            return date.fromisocalendar(year, week, 1), date.fromisocalendar(year, week, 7)
        if code in self.parts:
            first, last, years_on = self.parts[code]
            end_year = year + years_on
            return date(year, first, 1), date(end_year, last, last_day(end_year, last))
        return None

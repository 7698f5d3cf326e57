"""Placing dates on the calendar against the document date (the anchor).

A date without its year takes the year the text means: the tense places it
before or after the document date (docs/annotation-guidelines.md, DATE). A
relative date (`last week`, `two years ago`, `Friday`) is counted from the
document date, at no finer precision than the document date has."""
from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

PAST, FUTURE = "past", "future"
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
# How far after the document date a day named in a past-tense sentence may lie
# and still be the coming one, set in the past for the future (a deadline), not
# last year's: up to two months (`extended the offer to Nov. 20`), going round
# the year end. A month alone is not, as the guidelines say: `In April, exports
# fell` in March is last year's April. A quarter never: `earned $5 million in
# the fiscal first quarter` in October is the one just reported.
DEADLINE_MONTHS = 2
HALF_YEAR_MONTHS = 6  # a month named without tense more than this far from the document date is the other year's
# A day this close before the document date, named in a future-tense sentence,
# was still ahead when the text was written (`to repatriate the child by Jan. 14`
# in an article dated Jan. 15), not that day a year later.
WRITTEN_BEFORE_MONTHS = 1


class Anchor(NamedTuple):
    year: int = 0
    month: int = 0
    day: int = 0

    @classmethod
    def parse(cls, text: str) -> "Anchor":
        """`2001-10-15`, `2001-10`, `2001` or `` (no document date)."""
        parts = text[:10].split("-")
        try:
            numbers = [int(p) for p in parts if p]
        except ValueError:
            return cls()
        return cls(*numbers[:3]) if numbers and numbers[0] > 0 else cls()

    @property
    def date(self) -> date | None:
        return date(self.year, self.month, self.day) if self.day else None

    def iso(self) -> str:
        """The anchor at its own precision."""
        if not self.year:
            return ""
        return "-".join([f"{self.year:04d}"] + [f"{n:02d}" for n in (self.month, self.day) if n])


def year_for(anchor: Anchor, position: tuple[int, ...], here: tuple[int, ...], tense: str, months: int = 1) -> int:
    """The year of a date given by its `position` in the year ((month,),
    (month, day) or (quarter,): `months` long), the document date being at
    `here` on the same scale: in a past sentence its latest occurrence on or
    before the document date, in a future one its next occurrence on or after
    it, otherwise the nearer of the two (more than half a year away: the
    other year's), as for a weekday."""
    here = tuple(n for n in here if n)[: len(position)]
    if not here:
        return anchor.year
    if tense not in (PAST, FUTURE):
        ahead = (position[0] - here[0]) * months
        return anchor.year - (ahead > HALF_YEAR_MONTHS) + (ahead < -HALF_YEAR_MONTHS)
    position = position[: len(here)]
    if tense == PAST:
        if len(position) == 2 and 0 < _months_ahead(position, here) <= DEADLINE_MONTHS:
            return anchor.year + (position < here)  # `extended the offer to Nov. 20` (or `to Jan. 5` in December)
        return anchor.year if position <= here else anchor.year - 1
    if len(position) == 2 and 0 < _months_ahead(here, position) <= WRITTEN_BEFORE_MONTHS:
        return anchor.year
    return anchor.year if position >= here else anchor.year + 1


def _months_ahead(position: tuple[int, ...], here: tuple[int, ...]) -> float:
    """How far (month, day) or (month,) `position` lies after `here`, in months, going round the year end."""
    return (position[0] - here[0] + ((position[1] - here[1]) / 31 if len(position) == 2 else 0)) % 12


def quarter_of(month: int) -> int:
    return (month - 1) // 3 + 1


def season_year(anchor: Anchor, season: str, offset: int | None, tense: str) -> int:
    """The year of a season (a winter has the year of its December): `last`
    (-1) is the latest such season before the current one, `next` (+1) the
    first after it; `this` (0) or no word goes by the tense."""
    if not anchor.month:
        return anchor.year + (offset or 0)
    # The current season and its year: January and February belong to the winter of the December before.
    current = (anchor.year - (anchor.month < 3), max(m for m in SEASON_START.values() if m <= anchor.month) if anchor.month >= 3 else 12)
    start = SEASON_START[season]
    if offset is not None and offset < 0:
        return current[0] if start < current[1] else current[0] - 1
    if offset is not None and offset > 0:
        return current[0] if start > current[1] else current[0] + 1
    if offset == 0:  # `this winter` in January is the one that began in December
        return anchor.year - (season == "WI" and anchor.month < 3)
    if tense == PAST:
        return current[0] if start <= current[1] else current[0] - 1
    if tense == FUTURE:
        return current[0] if start >= current[1] else current[0] + 1
    return anchor.year - (season == "WI" and anchor.month < 3)


def weekday(anchor: Anchor, day: int, offset: int | None, tense: str) -> str:
    """A weekday (0 Monday ... 6 Sunday) counted from the document date: in a
    past sentence the latest such day on or before it, in a future one the
    next one on or after it, otherwise the nearer of the two. `last` is the
    latest before the document date, `next` the first after it."""
    today = anchor.date
    if today is None:
        return anchor.iso() or "XXXX"
    back = (today.weekday() - day) % 7
    if offset is not None and offset < 0:
        return str(today - timedelta(days=back or 7))
    if offset is not None and offset > 0:
        return str(today + timedelta(days=(day - today.weekday()) % 7 or 7))
    ahead = (day - today.weekday()) % 7 or (7 if tense == FUTURE else 0)  # `will be honored at Tuesday's ceremony` on a Tuesday: next week's
    if tense == PAST or (tense != FUTURE and back <= ahead):
        return str(today - timedelta(days=back))
    return str(today + timedelta(days=ahead))


def year_of_weekday(anchor: Anchor, month: int, day: int, weekday_number: int) -> int:
    """The year nearest the document date in which month/day falls on the weekday (`Saturday, April 25`)."""
    for year in sorted(range(anchor.year - 6, anchor.year + 7), key=lambda y: abs(y - anchor.year)):
        try:
            if date(year, month, day).weekday() == weekday_number:
                return year
        except ValueError:
            continue
    return anchor.year


def shift(anchor: Anchor, unit: str, count: int) -> str:
    """The anchor moved by `count` units (day, week, weekend, month, quarter,
    year, decade), written at that unit's precision or the anchor's, whichever
    is coarser (a weekend: its Saturday and Sunday as a range)."""
    if not anchor.year:
        return "XXXX"
    if unit == "decade":
        return str(anchor.year + 10 * count)
    if unit == "year":
        return str(anchor.year + count)
    if not anchor.month:
        return anchor.iso()
    if unit == "month":
        index = anchor.year * 12 + anchor.month - 1 + count
        return f"{index // 12}-{index % 12 + 1:02d}"
    if unit == "quarter":
        index = anchor.year * 4 + quarter_of(anchor.month) - 1 + count
        return f"{index // 4}-Q{index % 4 + 1}"
    today = anchor.date
    if today is None:
        return anchor.iso()
    if unit == "week":
        return iso_week(str(today + timedelta(weeks=count)))
    if unit == "weekend":  # the Saturday and Sunday of the ISO week `count` weeks away
        saturday = today + timedelta(weeks=count, days=5 - today.weekday())
        return f"{saturday}/{saturday + timedelta(days=1)}"
    if unit == "day":
        return str(today + timedelta(days=count))
    return anchor.iso()


def turn_of_century(anchor: Anchor, ordinal: int, tense: str) -> str:
    """The year at which a century begins: the `ordinal` one's (20th: 1900),
    or without one the turn the text means against the document date (past:
    the latest on or before it, future: the next, else the nearer)."""
    if ordinal:
        return str((ordinal - 1) * 100)
    if not anchor.year:
        return ""
    before, after = anchor.year // 100 * 100, -(-anchor.year // 100) * 100
    if tense == PAST or (tense != FUTURE and anchor.year - before <= after - anchor.year):
        return str(before)
    return str(after)


def iso_week(day: str) -> str:
    """The ISO 8601 week holding `day` (`2000-03-06` -> `2000-W10`); "" where `day` is no full date."""
    try:
        year, week, _ = date.fromisoformat(day).isocalendar()
    except ValueError:
        return ""
    return f"{year}-W{week:02d}"


def fiscal_year(anchor: Anchor, offset: int, calendar: tuple[int, str] | None) -> str:
    """The fiscal year `offset` years from the one holding the document date,
    on the issuer's `calendar` (first month, named by its start or end year,
    or split as `FY2016/FY2017`); without one, `FY` and the document year."""
    if calendar is None or not anchor.month:
        return f"FY{anchor.year + offset}"
    first_month, named_by = calendar
    start = anchor.year - (anchor.month < first_month) + offset
    if named_by == "split":
        return f"FY{start}/FY{start + 1}"
    return f"FY{start + 1 if named_by == 'end' and first_month > 1 else start}"


def holiday_on(rule: str, year: int) -> date:
    """`11-22+3` (the first Thursday on or after 22 November) or `12-25` in `year`."""
    day, _, weekday_number = rule.partition("+")
    month, day_of_month = (int(n) for n in day.split("-"))
    when = date(year, month, day_of_month)
    return when + timedelta(days=(int(weekday_number) - when.weekday()) % 7) if weekday_number else when

"""A rule match's named groups to the guideline's ISO 8601 value.

Groups (rules.tsv): y, y2 (years), yy2 (two-digit end year), m, m2 (months),
d, d2 (days), mn, dn (month and day as numbers), season, q, q2 (quarters), qm (`the September quarter`), h (half),
decade, decade2, decade_tail (`80s` after `the 1970s and`), decade_word, decade_digit
(and their pair's decade_word2, decade_digit2), century, fy, fy2 (fiscal years; fy2 of two digits
or four), fyy (`FY12`), ayy (`'82`), ocr_year (`1J42`), rel, rel2 (relative words), unit,
wd, wd2 (weekdays), n (a count), ago, ahead (`in two weeks`), and_half (`a year and a half ago`), dayword (`yesterday`),
newc (`the new century`), months_rel (`this` in `the first two months of this year`), dord (`twenty-second` day),
span_months (`the first seven months of ...`), span_quarters (`the first two quarters of ...`), week_of
(`the week of March 6`), year_ago (`the year-ago third quarter`), year_end (`year-end`), turn and turn_ordinal (`the turn of the 20th century`)."""
from __future__ import annotations

from pipeline.dates.calendar import (FUTURE, PAST, Anchor, fiscal_year, holiday_on, iso_week, quarter_of, season_year,
                                     shift, turn_of_century, weekday, year_for, year_of_weekday)

NEAR_YEARS = 10  # a month and two-digit year `(12/25)` is a date only this near the document date


class Normalizer:
    def __init__(self, lookups: dict[str, dict[str, str]], fiscal_calendars: dict[str, tuple[int, str]]):
        """`fiscal_calendars`: country -> (first month of its fiscal year, named_by start|end|split)."""
        self.fiscal = fiscal_calendars
        self.month = {k: int(v) for k, v in {**lookups["short_months"], **lookups["months"]}.items()}
        self.season = lookups["seasons"]
        self.ordinal = {k: int(v) for k, v in lookups["ordinals"].items()}
        self.relative = {k: int(v) for k, v in lookups["relatives"].items()}
        self.weekday = {k: int(v) for k, v in lookups["weekdays"].items()}
        self.count = {k: int(v) for k, v in lookups["counts"].items()}
        self.unit = lookups["units"]
        self.day_word = {k: int(v) for k, v in lookups["day_words"].items()}
        self.decade_word = lookups["decade_words"]
        self.number_word = {k: int(v) for k, v in lookups["number_words"].items()}
        self.holiday = lookups["holidays"]
        self.day_ordinal = lookups["day_ordinals"]

    def __call__(self, g: dict, anchor: Anchor, governing: int = 0, tense: str = "", issuer: str = "") -> str:
        """`governing`: a year the text gives this date's time frame (0: none);
        `issuer`: the country whose fiscal calendar a relative fiscal year follows."""
        g = {k: v for k, v in g.items() if v}
        for day in ("d", "d2"):
            if day in g:
                g[day] = g[day].rstrip("-stndrh")  # `24th`, `24-th` are 24
        if "century_words" in g or "millennium_words" in g:
            g["y"] = str(self._spelled_year(g))
        if "dord" in g:  # `the twenty-second day of April`
            g["d"] = self.day_ordinal[g["dord"]]
        if "decade_word" in g or "decade_digit" in g:
            first = self._decade_1900s(g.get("decade_word"), g.get("decade_digit"))
            second = self._decade_1900s(g.get("decade_word2"), g.get("decade_digit2"))
            return first + (f"/{second}" if second else "")
        if "holiday" in g:
            return self._holiday(g, anchor, governing, tense)
        if "dayword" in g:
            return shift(anchor, "day", self.day_word[g["dayword"]])
        if "ago" in g or "ahead" in g:
            if "ahead" in g and tense == PAST:
                return ""  # `finished in two years`: a duration
            count = self._number(g.get("n", "1"))  # `decade ago` (the span leaves `a` out) is one
            if "and_half" in g:  # `a year and a half ago`: the months counted, at a month's precision
                return shift(anchor, "month", (12 * count + 6) * (-1 if "ago" in g else 1))
            return shift(anchor, self.unit[g["unit"]], -count if "ago" in g else count)
        if "unit" in g and "rel" not in g and governing and ("h" in g or "q" in g):
            return self._point(str(governing), None, None, g)  # `In 2014, ... in the second half of the year`
        if "unit" in g and "rel" not in g and governing and governing != anchor.year:
            return ""  # `In 2005 ... for the year`: the year the text named, not the current one
        if "rel2" in g:  # `this week and early next week`: one DATE, from the first to the second
            return f"{self._relative(g, anchor, tense, issuer)}/{self._relative({**g, 'rel': g['rel2']}, anchor, tense, issuer)}"
        if "rel" in g or "unit" in g:
            return self._relative(g, anchor, tense, issuer)
        if "wd" in g and "m" not in g and "mn" not in g:
            return weekday(anchor, self.weekday[g["wd"]], None, tense)
        if "turn" in g:
            return turn_of_century(anchor, self._ordinal(g["turn_ordinal"], 0) if "turn_ordinal" in g else 0, tense)
        if "newc" in g:  # the century that begins nearest the document date
            return f"{(anchor.year + 50) // 100:02d}XX" if anchor.year else ""
        if "decade" in g:
            first = g["decade"][:3] + "X"
            if "decade_tail" in g:  # `the 1970s and 80s`: the second in the first one's century
                return f"{first}/{g['decade'][:2]}{g['decade_tail'][0]}X"
            return f"{first}/{g['decade2'][:3]}X" if "decade2" in g else first
        if "century" in g:
            return f"{self._ordinal(g['century'], 0) - 1:02d}XX"
        if "ocr_year" in g:
            g["y"] = ocr_year(g["ocr_year"], anchor)
            if not g["y"]:
                return ""
        if "ayy" in g:  # `'82`: in the century that puts it on or before the document date (+1 for `in '09` ahead)
            return str(two_digit_year(g["ayy"], anchor))
        if "mon" in g:  # `(12/25)`: a month and a two-digit year near the document date; `(5/40)` far from it is a score
            year = two_digit_year(g["dyy"], anchor)
            return f"{year}-{int(g['mon']):02d}" if anchor.year and abs(year - anchor.year) <= NEAR_YEARS else ""
        if "dyy" in g:  # `27/10/71`, `08.02.11`
            g.update(y=str(two_digit_year(g["dyy"], anchor)), dn=g.get("dn") or g["dn2"], mn=g.get("mn") or g["mn2"])
        if "fyy" in g:  # FY12: two digits, 19xx from 50 on
            g["fy"] = f"{'19' if int(g['fyy']) >= 50 else '20'}{g['fyy']}"
        if "fy" in g and "fy2" in g:
            end = g["fy2"] if len(g["fy2"]) == 4 else g["fy"][:2] + g["fy2"]
            return f"FY{g['fy']}/FY{int(end) + 100 * (int(end) < int(g['fy']))}"  # `FY99-00` ends in 2000
        if "fy" in g:  # `the second half of fiscal 2011`: FY2011-H2
            return self._point(f"FY{g['fy']}", None, None, g)
        if "qm" in g:  # `the September quarter`: the quarter its month ends
            g["q"] = str(quarter_of(self.month[g["qm"]]))
        if "year_ago" in g:  # `the year-ago third quarter`: a year before the latest such quarter
            latest = self._year(g, anchor, PAST)
            return self._point(str(int(latest) - 1), None, None, g) if latest.isdigit() else ""
        if "months_rel" in g:  # `the first two months of this year`
            g["y"] = str(anchor.year + self.relative[g["months_rel"]]) if anchor.year else "XXXX"
        end_year = (g.get("y2") or g["y"])[:2] + g["yy2"] if "yy2" in g and "y" in g else g.get("y2", "")
        year = g.get("y") or end_year or (str(governing) if governing else self._year(g, anchor, tense))
        if "mn" in g:  # day first (15/03/2016), unless the second number is no month (03/15/2016)
            first, second = int(g["dn"]), int(g["mn"])
            day, month = (first, second) if second <= 12 else (second, first)
            return f"{year}-{month:02d}-{day:02d}" if month <= 12 else ""
        if "span_months" in g:  # six months are the first half (docs/annotation-guidelines.md)
            months = self._number(g["span_months"])
            return f"{year}-H1" if months == 6 else f"{year}-01/{year}-{months:02d}"
        if "span_quarters" in g:  # two quarters are the first half
            quarters = self._number(g["span_quarters"])
            return f"{year}-H1" if quarters == 2 else f"{year}-Q1/{year}-Q{quarters}"
        start = self._point(year, g.get("m"), g.get("d"), g)
        if "week_of" in g:
            return iso_week(start)
        if "wd2" in g:  # `from Sept. 14 to Thursday`
            return f"{start}/{weekday(anchor, self.weekday[g['wd2']], None, tense)}"
        if "q2" in g:  # `Q1-Q3 2015`, `the second quarter of 2012 to the first quarter of 2013`
            return f"{start}/{g.get('y2') or year}-Q{self._ordinal(g['q2'], 4)}"
        if not any(k in g for k in ("y2", "yy2", "m2", "d2")):
            return start
        if not end_year and year.isdigit() and "m2" in g and self.month[g["m2"]] < self.month[g["m"]]:
            end_year = str(int(year) + 1)  # `November to February`
        end = self._point(end_year or year, g.get("m2") or g.get("m"), g.get("d2"), g)
        return f"{start}/{end}"

    def _holiday(self, g: dict, anchor: Anchor, governing: int, tense: str) -> str:
        """A holiday's day in the year the text means: a governing year, else
        `last`/`next` or the tense against the document date."""
        if "y" in g:  # `Christmas 2012`
            return str(holiday_on(self.holiday[g["holiday"]], int(g["y"])))
        if not anchor.year and not governing:
            return ""
        when = holiday_on(self.holiday[g["holiday"]], governing or anchor.year)
        if governing or not anchor.month:
            return str(when)
        here = (anchor.month, anchor.day)
        offset = self.relative[g["rel"]] if "rel" in g else None
        if offset is None:
            year = year_for(anchor, (when.month, when.day), here, tense)
        elif offset < 0:  # `last Thanksgiving`: the latest before the document date
            year = anchor.year - ((when.month, when.day) >= here)
        elif offset > 0:
            year = anchor.year + ((when.month, when.day) <= here)
        else:
            year = anchor.year
        return str(holiday_on(self.holiday[g["holiday"]], year))

    def _spelled_year(self, g: dict) -> int:
        """`nineteen ninety-six` -> 1996, `two thousand and one` -> 2001."""
        rest = sum(self.number_word[w] for w in g.get("year_words", "").replace("-", " ").split())
        return (2000 if "millennium_words" in g else self.number_word[g["century_words"].lower()] * 100) + rest

    def _decade_1900s(self, word: str | None, digit: str | None) -> str:
        """`nineties` or the `9` of `'90s` -> 199X; "" for neither."""
        return self.decade_word[word] + "X" if word else f"19{digit}X" if digit else ""

    def _number(self, word: str) -> int:
        return int(word) if word.isdigit() else self.count[word.lower()]  # `Three years ago` opens a sentence

    def _year(self, g: dict, anchor: Anchor, tense: str) -> str:
        """The year of a date written without one, by the tense."""
        if not anchor.year:
            return "XXXX"
        if "season" in g:
            return str(season_year(anchor, self.season[g["season"]], None, tense))
        if "q" in g:
            quarter, current = self._ordinal(g["q"], 4), quarter_of(anchor.month) if anchor.month else 0
            if tense == FUTURE and current and (quarter - current) % 4 == 3:
                # `expects to report third-quarter results` in October: the quarter just ended, its results still to come
                return str(anchor.year - (current == 1))
            return str(year_for(anchor, (quarter,), (current,), tense, months=3))
        if "m" in g and "d" in g and "wd" in g:
            return str(year_of_weekday(anchor, self.month[g["m"]], int(g["d"].rstrip("stndrh")), self.weekday[g["wd"]]))
        if "m2" in g and "d" not in g and tense == FUTURE:  # `will rise in April-June` in May: the range not yet over
            end, first = self.month[g["m2"]], self.month[g["m"]]
            return str(year_for(anchor, (end,), (anchor.month, anchor.day), tense) - (end < first))
        if "m" in g:
            position = (self.month[g["m"]], int(g["d"].rstrip("stndrh"))) if "d" in g else (self.month[g["m"]],)
            return str(year_for(anchor, position, (anchor.month, anchor.day), tense))
        return str(anchor.year)

    def _ordinal(self, word: str, last: int) -> int:
        """An ordinal; `last` is the final one (-1 in ordinals.tsv)."""
        number = self.ordinal.get(word, 0) or int(word.rstrip("stndrh"))
        return last if number < 0 else number

    def _point(self, year: str, month: str | None, day: str | None, g: dict) -> str:
        if "season" in g:
            return f"{year}-{self.season[g['season']]}"
        if "q" in g:
            return f"{year}-Q{self._ordinal(g['q'], 4)}"
        if "h" in g:
            return f"{year}-H{self._ordinal(g['h'], 2)}"
        value = year
        if month:
            value += f"-{self.month[month]:02d}"
            if day:
                value += f"-{int(day.rstrip('stndrh')):02d}"
        return value

    def _relative(self, g: dict, anchor: Anchor, tense: str, issuer: str = "") -> str:
        offset = self.relative[g["rel"]] if "rel" in g else 0
        unit = self.unit.get(" ".join(g.get("unit", "").split()), "")
        if not anchor.year:
            return "XXXX" + (f"-{self.month[g['m']]:02d}" if "m" in g else "")
        y = anchor.year
        if "season" in g:
            return f"{season_year(anchor, self.season[g['season']], offset, tense)}-{self.season[g['season']]}"
        if "wd" in g:
            return weekday(anchor, self.weekday[g["wd"]], offset, tense)
        if "m" in g:
            m = self.month[g["m"]]
            if unit == "year":
                return f"{y + offset}-{m:02d}"
            day = int(g["d"].rstrip("stndrh")) if "d" in g else 0
            when, here = (m, day), (anchor.month, anchor.day if day else 0)
            if anchor.month and offset < 0 and when >= here:
                y -= 1
            elif anchor.month and offset > 0 and when <= here:
                y += 1
            return f"{y}-{m:02d}" + (f"-{day:02d}" if day else "")
        if unit == "year" and "h" in g:
            return f"{y + offset}-H{self._ordinal(g['h'], 2)}"
        if unit == "year" and "q" in g:
            return f"{y + offset}-Q{self._ordinal(g['q'], 4)}"
        if "year_end" in g and tense == PAST and 0 < anchor.month < 12:
            return str(y - 1)  # `the percentage change is since year-end` in October: the last one passed
        if unit == "fiscal year":
            return fiscal_year(anchor, offset, self.fiscal.get(issuer))
        return shift(anchor, unit, offset)


# OCR misreads of a year's digits: I and l are 1; J stands for a digit it cannot tell.
_OCR_ONES = str.maketrans("Il", "11")


def ocr_year(written: str, anchor: Anchor) -> str:
    """A year as OCR wrote it (`1J42`, `1 94 1`, `I94 6`): spaces dropped, I and l
    read as 1, a J as the digit that puts the year nearest the document date.
    "" where it is a plain year (the other rules read it), there is no document
    date to settle a J, or it is no year of 1600-2099."""
    digits = "".join(written.split()).translate(_OCR_ONES)
    if written.isdigit() or ("J" in digits and not anchor.year):
        return ""
    if "J" in digits:
        digits = min((digits.replace("J", str(n)) for n in range(10)), key=lambda y: abs(int(y) - anchor.year))
    return digits if digits.isdigit() and 1600 <= int(digits) <= 2099 else ""



def two_digit_year(digits: str, anchor: Anchor) -> int:
    """`82` in `'82` or `27/10/82`: in the century that puts it on or before
    the document date (a year ahead still counts: `in '09` written in 2008)."""
    pivot = anchor.year + 1 if anchor.year else 2049
    year = pivot // 100 * 100 + int(digits)
    return year - 100 if year > pivot else year

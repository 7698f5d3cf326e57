"""TimeML (TempEval-3 TimeBank and AQUAINT) to polex's DATE gold.

A TimeML file gives a news text, its creation time (the DCT) and TIMEX3
elements. `read_timeml` returns the text with the markup removed and each
TIMEX3's character span in it; `to_norm` converts a TIMEX3 DATE value to the
annotation guidelines' norm, or None where the guidelines do not annotate
it (vague references, values that stay unresolved); `gold_dates` applies
the conventions where TimeML and the guidelines differ
(benchmarks/timeml_conventions.tsv, TIME values, pairs of dates) and counts
the TIMEX3s each one decides. The calendar and number words it reads are its
own (benchmarks/timeml_words.tsv): the gold never depends on the extractor."""
from __future__ import annotations

import csv
import datetime
import functools
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import NamedTuple

from pipeline.lexicon import read_table

CONVENTIONS = Path(__file__).with_name("timeml_conventions.tsv")
ADDITIONS = Path(__file__).with_name("timeml_additions.tsv")
WORDS = Path(__file__).with_name("timeml_words.tsv")  # month, season, weekday and number words: the benchmark's own


class Timex(NamedTuple):
    start: int
    end: int
    type: str
    value: str
    text: str


class TimeMLDoc(NamedTuple):
    doc_id: str
    dct: str
    text: str
    timexes: list[Timex]


# TIMEX3 value shape -> how the guidelines write it (docs/annotation-guidelines.md, DATE).
# example: 1998-W08 stays 1998-W08; 199 (the 1990s) is 199X; 19 (the 1900s) is 19XX
_SAME = re.compile(r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?|-W(?:0[1-9]|[1-4]\d|5[0-3])|-Q[1-4]|-H[12]|-(?:SP|SU|FA|WI))?|FY\d{4}")
_DECADE = re.compile(r"(\d{3})X?")
_CENTURY = re.compile(r"(\d{2})(?:XX)?")
# Words the guidelines call vague: not a DATE whatever value TimeML gives them.
VAGUE = {"now", "today", "currently", "recently", "nowadays", "tonight", "at present", "present"}


def to_norm(value: str, text: str = "") -> str | None:
    """The guidelines' norm of a TIMEX3 DATE `value` (with its `text`), or None."""
    if " ".join(text.lower().split()) in VAGUE:
        return None
    if re.fullmatch(r"\d{4}", value) and "fiscal" in text.lower():
        return "FY" + value  # TimeML writes `fiscal 1989` as 1989
    if _SAME.fullmatch(value):
        return value
    if m := _DECADE.fullmatch(value):
        return m.group(1) + "X"
    if m := _CENTURY.fullmatch(value):
        return m.group(1) + "XX"
    return None  # PRESENT_REF, 1998-WXX, 1998-03-04TNI, XXXX-XX-XX, P1Y, ...


def parse_xml(path: Path, kind: str) -> ET.Element:
    """The root element of an XML file, or a one-line ValueError naming the file."""
    try:
        return ET.parse(path).getroot()
    except ET.ParseError as err:
        raise ValueError(f"{path}: not well-formed {kind}: {err}") from None


def read_timeml(path: Path) -> TimeMLDoc:
    """The TEXT element's plain text, its TIMEX3 spans, and the DCT value."""
    path = Path(path)
    root = parse_xml(path, "TimeML")
    body = root.find("TEXT")
    if body is None:
        raise ValueError(f"{path}: no TEXT element")
    dct = root.find("DCT/TIMEX3")
    parts: list[str] = []
    spans: list[tuple[int, int, ET.Element]] = []

    def walk(element: ET.Element, start: int) -> int:
        """Append the element's text; return the offset where it ends."""
        parts.append(element.text or "")
        end = start + len(parts[-1])
        for child in element:
            end = walk(child, end)
            parts.append(child.tail or "")
            end += len(parts[-1])
        if element.tag == "TIMEX3":
            spans.append((start, end, element))
        return end

    walk(body, 0)
    text = "".join(parts)
    timexes = [Timex(s, e, t.get("type", ""), t.get("value", ""), text[s:e]) for s, e, t in sorted(spans, key=lambda x: x[0])]
    doc_id = (root.findtext("DOCID") or path.stem).strip()
    return TimeMLDoc(doc_id, dct.get("value", "") if dct is not None else "", text, timexes)


class Convention(NamedTuple):
    name: str
    action: str  # skip, elsewhere, year, month, week or here (benchmarks/timeml_conventions.tsv)
    pattern: re.Pattern


def load_conventions(path: Path = CONVENTIONS) -> list[Convention]:
    rows = csv.DictReader((line for line in path.open(encoding="utf-8") if not line.startswith("#")), delimiter="\t")
    return [Convention(r["name"], r["action"], re.compile(r["pattern"], re.IGNORECASE)) for r in rows]


def load_additions(path: Path = ADDITIONS) -> dict[tuple[str, str], list[tuple[str, int, str]]]:
    """(set, doc_id) -> (text, occurrence, norm) of the DATEs TimeML leaves
    out where the guidelines annotate them (benchmarks/timeml_additions.tsv)."""
    additions: dict[tuple[str, str], list[tuple[str, int, str]]] = {}
    for row in read_table(path):
        additions.setdefault((row["set"], row["doc_id"]), []).append((row["text"], int(row["occurrence"]), row["norm"]))
    return additions


def added_dates(doc: TimeMLDoc, additions: list[tuple[str, int, str]], path: Path = ADDITIONS) -> list[tuple[int, int, str]]:
    """(start, end, norm) of each addition in the document's text, or a
    one-line ValueError naming the file where its text is not there."""
    spans = []
    for text, occurrence, norm in additions:
        starts = [m.start() for m in re.finditer(re.escape(text), doc.text)]
        if len(starts) < occurrence:
            raise ValueError(f"{path}: {doc.doc_id}: {text!r} occurs {len(starts)} times, not {occurrence}")
        spans.append((starts[occurrence - 1], starts[occurrence - 1] + len(text), norm))
    return spans


def dct_period(dct: str, value: str) -> str:
    """The document date at the shape of `value`: 1989-10-30 as 1989, 1989-10, 1989-Q4, 1989-W44, 1989-10-30, FY1989."""
    day = datetime.date.fromisoformat(dct[:10])
    if value.startswith("FY"):
        return f"FY{day.year}"
    if re.fullmatch(r"\d{4}-Q[1-4]", value):
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if re.fullmatch(r"\d{4}-W\d\d", value):
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return dct[:len(value)]


def convert(timex: Timex, dct: str, conventions: list[Convention]) -> tuple[str | None, str]:
    """The guidelines' norm of a TIMEX3 DATE (None: not scored) and the name
    of the convention that decided it ("" where TimeML's value stands)."""
    norm = to_norm(timex.value, timex.text)
    text = " ".join(timex.text.split())
    for rule in conventions:
        if not rule.pattern.fullmatch(text):
            continue
        if rule.action == "skip":
            return None, rule.name
        if rule.action == "elsewhere" and norm and dct and norm != dct_period(dct, norm):
            return None, rule.name
        if rule.action == "year" and norm and re.match(r"\d{4}-", norm):
            return norm[:4], rule.name
        if rule.action == "month" and norm and re.match(r"\d{4}-\d\d-", norm):
            return norm[:7], rule.name
        if rule.action == "month" and norm and re.fullmatch(r"\d{4}-W\d\d", norm):
            thursday = datetime.date.fromisocalendar(int(norm[:4]), int(norm[6:]), 4)
            return f"{thursday:%Y-%m}", rule.name
        if rule.action == "here" and norm and dct:
            return dct_period(dct, "0000-W00"), rule.name  # the document date at a week's shape: its ISO week
        if rule.action == "week" and norm and re.fullmatch(r"\d{4}-\d\d-\d\d", norm):
            year, week, _ = datetime.date.fromisoformat(norm).isocalendar()
            return f"{year}-W{week:02d}", rule.name
        if rule.action == "week" and norm and re.fullmatch(r"\d{4}-\d\d", norm):
            return None, rule.name + "_month"  # `last week` valued 1999-01: the guidelines' ISO week cannot be told
        if rule.action == "near" and norm and dct and not _within_week(norm, dct):
            return None, rule.name
        if rule.action == "latest" and norm and dct and (latest := _latest(text.split()[-1], dct)) and latest != norm:
            return latest, rule.name
        break
    if norm and contradicts_text(text, norm):
        return None, "contradicts_own_text"
    return norm, ""


def _within_week(norm: str, dct: str) -> bool:
    """Whether a day lies where the guidelines' weekday rule can put it: from
    6 days before the document date (the latest such day on or before it) to 7
    after it (the next one)."""
    if not re.fullmatch(r"\d{4}-\d\d-\d\d", norm):
        return True
    return -6 <= (datetime.date.fromisoformat(norm) - datetime.date.fromisoformat(dct[:10])).days <= 7


_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}  # a winter has the year of its December


def _latest(word: str, dct: str) -> str:
    """The latest month or season named `word` before the document date's
    own (`February` in 1998-03-01: 1998-02; `spring` in 1989-10-26: 1989-SP),
    or "" where `word` names neither or the document date has no month."""
    word = word.capitalize()
    year, month = int(dct[:4]), int(dct[5:7]) if dct[5:7].isdigit() else 0
    months = _numbers("month")
    if not month:
        return ""
    if number := months.get(word) or months.get(word.rstrip(".")):
        return f"{year - (number >= month)}-{number:02d}"
    if season := _words("season").get(word):
        current_year, current = (year, max(m for m in _SEASON_START.values() if m <= month)) if month >= 3 else (year - 1, 12)
        return f"{current_year - (_SEASON_START[season] >= current)}-{season}"
    return ""


_WORD = re.compile(r"[A-Za-z]+\.?|\d+")


def contradicts_text(text: str, norm: str) -> bool:
    """Whether a norm contradicts what its own TIMEX3 text writes out: a
    four-digit year, a month name, a weekday or a day of the month it does
    not have (`Sept. 27, 1989` valued 1989-11-27, `1988` valued 1998, `Tuesday`
    valued a Wednesday, `Sept. 30` valued 1989-09). The guidelines' norm is what the text writes, so such
    a value is no gold for them."""
    words = _WORD.findall(text)
    years = {int(w) for w in words if w.isdigit() and len(w) == 4}
    m = re.match(r"(?:FY)?(\d{4})(?:-(\d\d)(?:-(\d\d))?)?$", norm)
    if not m:
        return False
    if years and int(m.group(1)) not in years:
        return True
    months = _looked_up(words, "month")
    if m.group(2) and months and int(m.group(2)) not in months:
        return True
    days = {int(w) for w in words if w.isdigit() and len(w) <= 2}
    if not m.group(3):
        return bool(m.group(2) and months and days)  # `Sept. 30` valued 1989-09: the day the text writes is lost
    day = datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    weekdays = _looked_up(words, "weekday")
    return bool(weekdays and day.weekday() not in weekdays or months and days and day.day not in days)


def _looked_up(words: list[str], kind: str) -> set[int]:
    table = _numbers(kind)
    return {table[w] if w in table else table[w.rstrip(".")] for w in words if w in table or w.rstrip(".") in table}


_JOINED = re.compile(r"\s*(?:and|or|to|through|-|–)\s*")


def _shape(norm: str) -> str:
    return re.sub(r"\d", "9", norm)


def gold_dates(doc: TimeMLDoc, conventions: list[Convention] | None = None
               ) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]], Counter]:
    """(start, end, norm) of the TIMEX3 DATEs the guidelines annotate, the
    spans of every other TIMEX3 DATE or TIME (not scored either way), and how
    many TIMEX3s each convention decided (`time_of_day`: a TIME, which the
    guidelines do not annotate; `pair_one_date`: `1990 and 1991`, two TIMEX3s
    and one DATE `1990/1991` in the guidelines; `month_of_year`: `October of
    next year`, two TIMEX3s and one DATE `2010-10`; `part_of_year`: `the first nine
    months of 1997`, a DURATION and a DATE, one DATE `1997-01/1997-09`)."""
    conventions = load_conventions() if conventions is None else conventions
    kept, ignored, counts = [], [], Counter()
    names: list[str] = []  # the convention behind each kept DATE
    previous: Timex | None = None
    for t in doc.timexes:
        before, previous = previous, t
        if t.type == "TIME":
            ignored.append((t.start, t.end))
            counts["time_of_day"] += 1
            continue
        if t.type != "DATE":
            continue
        norm, name = convert(t, doc.dct, conventions)
        if norm and before is not None and (part := _part_of_year(doc.text, before, t, norm)):
            kept.append((before.start, t.end, part))
            names.append("part_of_year")
            counts["part_of_year"] += 2
            continue
        if not norm:
            ignored.append((t.start, t.end))
            counts[name or "vague_or_unresolved"] += 1
        elif kept and not name and not names[-1] and _pairs(doc.text, kept[-1], (t.start, t.end, norm)):
            start, _, first = kept.pop()
            kept.append((start, t.end, f"{first}/{norm}"))
            names[-1] = "pair_one_date"
            counts["as_timeml"] -= 1
            counts["pair_one_date"] += 2
        elif kept and not names[-1] and _month_of_year(doc.text, kept[-1], (t.start, t.end, norm)):
            start, _, first = kept.pop()
            kept.append((start, t.end, first))
            names[-1] = "month_of_year"
            counts["as_timeml"] -= 1
            counts["month_of_year"] += 2
        else:
            kept.append((t.start, t.end, norm))
            names.append(name)
            counts[name or "as_timeml"] += 1
    return kept, ignored, counts


def _month_of_year(text: str, first: tuple[int, int, str], second: tuple[int, int, str]) -> bool:
    """A month or day and `of` its year (`October` `of` `next year`, two
    TIMEX3s valued 2010-10 and 2010): one DATE in the guidelines, from its
    first date word to its last, at the month's value."""
    return (text[first[1]:second[0]].strip().lower() == "of" and bool(re.fullmatch(r"\d{4}", second[2]))
            and first[2].startswith(second[2] + "-"))


# example: "the first nine months" (a DURATION) "of" "1997" (a DATE): one DATE in the guidelines
_FIRST_MONTHS = re.compile(r"the\s+first\s+(\w+)\s+months", re.IGNORECASE)


@functools.cache
def _words(kind: str) -> dict[str, str]:
    """The words of one kind (month, season, weekday, count) in benchmarks/timeml_words.tsv and their values."""
    return {row["word"]: row["value"] for row in read_table(WORDS) if row["kind"] == kind}


@functools.cache
def _numbers(kind: str) -> dict[str, int]:
    return {word: int(value) for word, value in _words(kind).items()}


def _part_of_year(text: str, duration: Timex, timex: Timex, norm: str) -> str:
    """`the first nine months of 1997`, which TimeML writes as a DURATION and a
    DATE, as the guidelines' one DATE (`1997-01/1997-09`; six months are the
    first half, `1997-H1`), or "" where the two are no such pair."""
    m = _FIRST_MONTHS.fullmatch(" ".join(duration.text.split()))
    months = int(m.group(1)) if m and m.group(1).isdigit() else _numbers("count").get(m.group(1).lower(), 0) if m else 0
    if duration.type != "DURATION" or not 1 < months < 12 or not re.fullmatch(r"\d{4}", norm):
        return ""
    if text[duration.end:timex.start].strip().lower() != "of":
        return ""
    return f"{norm}-H1" if months == 6 else f"{norm}-01/{norm}-{months:02d}"


def _pairs(text: str, first: tuple[int, int, str], second: tuple[int, int, str]) -> bool:
    """Two dates of one shape joined as a range or pair (`1985 and 1987`,
    `Aug. 26 to Oct. 20`), the first the earlier: one DATE in the guidelines."""
    return (bool(_JOINED.fullmatch(text[first[1]:second[0]])) and "/" not in first[2]
            and _shape(first[2]) == _shape(second[2]) and first[2] < second[2])

"""DATE: finds calendar expressions with the rules in models/dates/ and
normalizes them to the guideline's ISO 8601 values. Finding is the rule set's
job (data); normalizing is pipeline/dates/normalize.py, which reads only named
groups. No spaCy here: ingest reads document dates with these rules too."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from pipeline import scan
from pipeline.casing import titled_caps_lines
from pipeline.dates.calendar import FUTURE, PAST, Anchor
from pipeline.dates.normalize import Normalizer
from pipeline.lexicon import column, expand, indexed_alternation, longest_matches, read_table
from pipeline.rule_set import RuleSet

# Lookup tables: name -> the column holding each entry's value.
TABLES = {"months": "month", "seasons": "season", "ordinals": "number", "relatives": "offset", "modifiers": "",
          "weekdays": "day", "counts": "number", "units": "unit", "day_words": "offset", "decade_words": "decade",
          "number_words": "number", "holidays": "rule", "counted_nouns": "", "day_ordinals": "day",
          "short_months": "month"}
_EDGE_BEFORE = r"(?<![\w$€£¥.,/–§#])(?<![^a-z]-)"  # `post-2021` gives 2021; `1998-2001` is one range; `§1862`, `#2015` are numbers
_EDGE_AFTER = r"(?![\w]|[–-]\d|/\d)"  # `2018–23–51`, `2019/0101(COD)` are identifiers, not dates
_YEAR = re.compile(_EDGE_BEFORE + r"(?:1[6-9]|20)\d\d" + r"(?![\w]|[.,]\d)")
# Where a sentence ends: a full stop before a capital (not after an abbreviation
# or an initial: abbreviations.tsv), or a blank line; it starts after that or at a bullet.
_FULL_STOP = r"[.!?](?=[\"”’)]*\s+[A-Z\"“‘(])"
_BLANK_LINE, _BULLET = r"\n\s*\n", r"\n\s*[-•*–·▪]\s"
# A line this short that ends with its year is a dateline or a date heading (`December 10, 2013`).
DATELINE_CHARS = 40
CLAUSE_WORDS = 6  # how far back a clause word (`since its launch in 2003`, `since the assessment in December`) reaches
_POSSESSIVE = re.compile(r"['’]s\s")
_CLAUSE_EDGE = re.compile(r"[,;:()]|\b(?:and|but|while)\b")

Tense = Callable[[int, int], str]  # (start, end) of a date -> "past", "future" or ""


class DateRules:
    def __init__(self, data_dir: Path):
        data_dir = Path(data_dir)
        tables = {name: read_table(data_dir / f"{name}.tsv") for name in TABLES}
        self.not_before = set(column(data_dir / "not_dates.tsv", "word"))
        frames = read_table(data_dir / "other_frames.tsv")
        self.other_frame = {row["word"] for row in frames}
        self.clause_frame = {row["word"] for row in frames if row["clause"] == "yes"}
        self.other_anchor = set(column(data_dir / "other_anchors.tsv", "word"))
        tense_words = read_table(data_dir / "tense_words.tsv")
        self.tense_word = {row["word"]: (row["tense"], row["overrides"] == "yes") for row in tense_words}
        self.clause_tense = {row["word"]: row["tense"] for row in tense_words if row["clause"] == "yes"}
        fragments = {row["name"]: row["regex"] for row in read_table(data_dir / "fragments.tsv")}
        for name, rows in tables.items():
            fragments[name] = indexed_alternation([row["name"] for row in rows])
        short = {name.upper() for name in self.month_names(tables) if len(name) <= 3 and name.isalpha()}
        self.short_caps = re.compile(r"\b(?:" + "|".join(sorted(short)) + r")\b") if short else None
        lookups = {name: {r["name"]: r[key] for r in tables[name]} for name, key in TABLES.items() if key}
        calendars = {r["country"]: (int(r["start_month"]), r["named_by"]) for r in read_table(data_dir / "fiscal_years.tsv")}
        self.normalize = Normalizer(lookups, calendars)
        self.rules = []
        for row in read_table(data_dir / "rules.tsv"):
            body = expand(row["pattern"], fragments)
            try:
                regex = re.compile(_EDGE_BEFORE + "(?:" + body + ")" + _EDGE_AFTER)
            except re.error as err:
                raise ValueError(f"{data_dir / 'rules.tsv'}: rule {row['name']}: {err}") from None
            self.rules.append(regex)
        never_last = column(data_dir / "never_last_words.tsv", "word")
        # The period first, so that `re` jumps from period to period instead of trying each word's look-behind at every character.
        self.stray_stop = re.compile(r"\.(?=\s)(?:" + "|".join(rf"(?<=\b{re.escape(w)}\.)" for w in never_last) + ")") \
            if never_last else None
        self.masks = [re.compile(row["regex"]) for row in read_table(data_dir / "not_date_patterns.tsv")]
        not_after = "".join(rf"(?<!\b{re.escape(w)})" for w in column(data_dir / "abbreviations.tsv", "word"))
        full_stop = not_after + r"(?<!\b[A-Z])" + _FULL_STOP
        self.sentence_end = re.compile("|".join((full_stop, _BLANK_LINE)))
        self.sentence_start = re.compile("|".join((full_stop, _BLANK_LINE, _BULLET)))
        scan.prepare(self.masks + [self.sentence_end, self.sentence_start])
        self.rule_set = RuleSet(self.rules, _EDGE_BEFORE)

    @staticmethod
    def month_names(tables: dict) -> list[str]:
        return [row["name"] for name in ("months", "weekdays") for row in tables[name]]

    def find(self, text: str, anchor: str = "", tense: Tense | None = None, issuer: str = "") -> list[tuple[int, int, str]]:
        """Non-overlapping (start, end, norm), longest match first. `tense`
        tells whether a date's sentence speaks of the past or the future;
        `issuer` (ISO alpha-3) whose fiscal year `this fiscal year` is."""
        text = titled_caps_lines(text) or text  # `28 FEBRUARY 2011` in a heading
        text = self.short_caps.sub(lambda m: m.group().capitalize(), text) if self.short_caps else text  # `3 MAY 2013`
        text = self.stray_stop.sub(" ", text) if self.stray_stop else text  # OCR's `Thursday and. Friday`
        masked = [m.span() for rx in self.masks for m in scan.finditer(rx, text)]
        here = Anchor.parse(anchor)
        dates = []
        for start, end, m in longest_matches(self.rule_set.matches(text)):
            before = text[max(0, start - 20):start].split()
            if text[start].isdigit() and before and _as_written(before) in self.not_before:
                continue  # `resolution 1964`, `No. 2001`, OCR's `No; 2053`
            if before and before[-1] in self.other_anchor and not m.groupdict().get("rel"):
                continue  # `the previous Friday`: counted from another date in the text (not `following last month's`)
            if any(s < end and start < e for s, e in masked):
                continue  # a phone number, a document symbol
            dates.append((start, end, m.groupdict(), before))
        if hasattr(tense, "prepare"):  # a tense read from tagged sentences tags them all at once (extract/dates.py)
            tense.prepare([(start, end) for start, end, groups, _ in dates if needs_tense(groups)])
        found = []
        for start, end, groups, before in dates:
            said, governing = "", 0
            if needs_tense(groups):
                said = tense(start, end) if tense else ""
                told = self.tense_word.get(" ".join(before[-2:])) or self.tense_word.get(before[-1] if before else "")
                word, overrides = told or ("", False)  # `due in November`, then `since`, `by`
                if word and (overrides or not said):
                    said = word  # `since December`, `by February`
                elif not word:
                    said = next((self.clause_tense[w] for w in _clause_before(text, start) if w in self.clause_tense), said)
                if not said and groups.get("wd") and _POSSESSIVE.match(text, end):
                    said = PAST  # `over Thursday's closing price`: a day whose doings are reported
                governing = self.governing_year(text, start, here, said)
            norm = self.normalize(groups, here, governing, said, issuer)
            if norm:
                found.append((start, end, norm))
        return found

    def governing_year(self, text: str, start: int, anchor: Anchor, tense: str) -> int:
        """The explicit year nearest before `start` in its sentence that governs
        the same time frame: not one named for another frame (`since June
        1987, ...`), nor one the tense contradicts (a past sentence and a year
        after the document date). 0 if there is none."""
        sentence = max((m.end() for m in scan.finditer(self.sentence_start, text, max(0, start - 1000), start)), default=0)
        for m in reversed(list(_YEAR.finditer(text, sentence, start))):
            words = text[max(0, m.start() - 40):m.start()].replace(",", " ").split()
            while words and (words[-1] in self.normalize.month or words[-1].rstrip("stndrh").isdigit()):
                words.pop()  # `since 3 June 1987`: the word before the whole date
            if words and words[-1] in self.other_frame | self.not_before:
                continue
            if self.clause_frame.intersection(_clause_before(text, m.start())) or self._dateline(text, m.start(), m.end(), start):
                continue
            year = int(m.group())
            if anchor.year and ((tense == PAST and year > anchor.year) or (tense == FUTURE and year < anchor.year)):
                continue
            return year
        return 0

    @staticmethod
    def _dateline(text: str, year_start: int, year_end: int, date_start: int) -> bool:
        """Whether the year ends a short line of its own above the date: the
        article's dateline (`December 10, 2013`), not a year the sentence gives."""
        line_end = text.find("\n", year_end)
        if line_end < 0 or line_end >= date_start or text[year_end:line_end].strip():
            return False
        return line_end - (text.rfind("\n", 0, year_start) + 1) <= DATELINE_CHARS


def _as_written(before: list[str]) -> str:
    """The word before a number with OCR's misread full stop made whole again:
    `No;` and `NO .` (a stop read as a semicolon or set apart) are `No.` and `NO.`."""
    word = before[-1]
    if word in (".", ";", ":") and len(before) > 1:
        return before[-2] + "."
    return word[:-1] + "." if word[-1] in ";:" else word


def _clause_before(text: str, start: int) -> list[str]:
    """The last words of the clause before `start` (after a comma, semicolon,
    colon, bracket, `and`, `but` or `while`)."""
    return _CLAUSE_EDGE.split(text[max(0, start - 80):start])[-1].split()[-CLAUSE_WORDS:]


# A match with any of these groups is placed without the tense of its sentence.
_PLACED = ("dyy", "y", "y2", "fy", "fyy", "ayy", "ocr_year", "decade", "decade_word", "decade_digit", "century_words", "millennium_words", "century", "mn", "dayword", "ago", "newc", "months_rel", "year_ago")


def needs_tense(groups: dict) -> bool:
    """Whether the date lacks a year that only the text around it can give:
    `in August`, `on Friday`, `in two weeks`, `winter` (not `last year`, `2001`)."""
    if any(groups.get(k) for k in _PLACED):
        return False
    return not groups.get("rel") or bool(groups.get("wd") or groups.get("season"))

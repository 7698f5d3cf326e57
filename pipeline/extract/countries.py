"""COUNTRY: finds country names with pycountry's names plus the alias table
models/countries.tsv, and normalizes them to ISO 3166-1 alpha-3. The words
next to a name (models/country_context.tsv) can make the whole a state's full
name (`Commonwealth of Australia`) or a region's (`North China`)."""
from __future__ import annotations

import re
from pathlib import Path

import pycountry
from spacy.language import Language
from spacy.tokens import Doc

from pipeline import scan
from pipeline.lexicon import indexed_alternation, read_table, spaced
from pipeline.extract.candidates import Candidate, add, inside_word, spells_initials, text_of, titled_caps_lines


def country_names(rows: list[dict[str, str]]) -> tuple[dict[str, str], set[str]]:
    """name -> code, and the names that count only where NER says GPE;
    `rows`: the alias table's (models/countries.tsv)."""
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value and "," not in value:
                names[value] = country.alpha_3
    for name, code in list(names.items()):
        if name.startswith("Saint "):  # `St. Lucia`, `St Kitts and Nevis`
            names.setdefault("St. " + name[6:], code)
            names.setdefault("St " + name[6:], code)
    needs_ner = set()
    for row in rows:
        if row["context"] in ("region", "province"):
            continue
        if row["context"] == "drop":
            names.pop(row["name"], None)
            continue
        names[row["name"]] = row["code"]
        if row["context"] == "ner":
            needs_ner.add(row["name"])
    for name, code in list(names.items()):
        if "'" in name:  # typeset apostrophes: `People’s Republic of China`
            names.setdefault(name.replace("'", "\u2019"), code)
            if name in needs_ner:
                needs_ner.add(name.replace("'", "\u2019"))
    return names, needs_ner


# An ISO alpha-2 code as a listing writes it: after a comma or in brackets, ending the item (`Renew, DE`, `Smith (FR)`).
_LISTED_CODE = re.compile(r"(?:(?<=,[ \t])|(?<=\())([A-Z]{2})(?=[ \t]*(?:[),;.]|$))", re.MULTILINE)
MIN_LISTED_CODES = 3  # a listing uses codes for several countries; one `(IT)` is an acronym


# A law report citation after its reporter's name: the page, then the year in brackets (`988 (1985)`, `68 (3d Cir. 1985)`).
_PAGE_AND_YEAR = re.compile(r" \d+(?:, \d+)? \((?:[^()\n]{0,30} )?\d{4}\)")
# The context of a citation just before the volume number (`cert. denied,`, `Smith v. Jones,`, `760 F.2d 68`).
_CITATION_CONTEXT = re.compile(r"cert\.|\bv\.\s|\bF\.\s?[234]d\b|\bId\.")
CITATION_REACH = 80  # characters before the volume number searched for that context
_WHOLE_PAGE = re.compile(r" \d+(?![\d-])")


def cites_a_report(text: str, start: int, end: int) -> bool:
    """An abbreviated name between a volume number and a page number names a law report
    (`cert. denied, 474 U.S. 988 (1985)`: the U.S. Reports), no country: the page followed by the year in
    brackets, or a whole page number in a citation's context (`In 2019 U.S. 10-year yields` is a country)."""
    if not (text[end - 1] == "." and text[start - 2:start][:1].isdigit() and text[start - 1:start] == " "
            and text[end:end + 1] == " " and text[end + 1:end + 2].isdigit()):
        return False
    if _PAGE_AND_YEAR.match(text, end):
        return True
    if not _WHOLE_PAGE.match(text, end):
        return False
    volume = start - 1  # where the volume number starts
    while volume > 0 and text[volume - 1] in "0123456789":
        volume -= 1
    return bool(_CITATION_CONTEXT.search(text, max(0, volume - CITATION_REACH), volume))


def listed_codes(text: str) -> list[tuple[int, int, str]]:
    """ISO alpha-2 codes, only where the text lists countries by them."""
    found = []
    for m in _LISTED_CODE.finditer(text):
        country = pycountry.countries.get(alpha_2=m.group(1))
        if text[m.start() - 1:m.start()] == "(" and spells_initials(text, m.start(), m.group(1)):
            continue
        if country:
            found.append((m.start(1), m.end(1), country.alpha_3))
    return found if len({code for _, _, code in found}) >= MIN_LISTED_CODES else []


# A word broken by a hyphen, its tail in lower case: at a line end (`Luxem-\nburg`), or where a
# line ended in the layout the text was taken from (`Tai-wan`).
_BROKEN = re.compile(r"(?<![\w-])([A-Z][a-z]+)-[ \t]*\n?[ \t]*([a-z]+)(?!\w)")


def _hyphens(pattern: str) -> str:
    """A name written with a hyphen may have white space after it (`Indo- China` in a scan)."""
    return pattern.replace(r"\-", r"\-\s*")


@Language.factory("polex_countries")
class CountryFinder:
    """Proposes COUNTRY candidates; names come from `initialize(table=...)`."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.names: dict[str, str] = {}
        self.needs_ner: set[str] = set()
        self.regions: set[str] = set()
        self.regex: re.Pattern | None = None

    def initialize(self, get_examples=None, *, nlp=None, table: str = "models/countries.tsv",
                   context: str = "models/country_context.tsv"):
        rows, context_rows = read_table(Path(table)), read_table(Path(context))
        self.names, self.needs_ner = country_names(rows)
        self.regions = {row["name"] for row in rows if row["context"] == "region"}
        self.provinces = {row["name"] for row in rows if row["context"] == "province"}
        words = {kind: [r["word"] for r in context_rows if r["kind"] == kind] for kind in ("state", "before", "after")}
        names = _hyphens(spaced(indexed_alternation(list(self.names) + list(self.regions))))
        # A whole name first (`South Georgia and the South Sandwich Islands`), then one with words before it.
        # A name starts a word, or follows a sentence whose space the rendering lost (`financing.India's`);
        # a name joined to a short number (`USA-1`, a licence's) is part of an identifier.
        self.regex = re.compile(
            r"(?:(?<![\w.])|(?<=[a-z]{2}\.))(?:(?P<whole>" + names + r")|(?:(?P<state>" + spaced(indexed_alternation(words["state"]))
            + r")\s+of\s+(?:the\s+)?|(?P<before>" + spaced(indexed_alternation(words["before"])) + r")\s+)"
            + r"(?P<name>" + names + r"))(?P<after>\s+" + spaced(indexed_alternation(words["after"])) + r")?(?![\w$]|-\d{1,3}(?!\d))")
        scan.prepare([self.regex])

    def code(self, m: re.Match, gpe_spans) -> tuple[str | None, object]:
        """The match's country code (None for none), and the NER's GPE spans
        once they were needed."""
        name = re.sub(r"-\s+", "-", " ".join((m.group("whole") or m.group("name")).split()))
        if name in self.regions or m.group("before") or m.group("after"):
            return None, gpe_spans
        if name in self.needs_ner and not m.group("state"):
            if callable(gpe_spans):
                gpe_spans = gpe_spans()
            if gpe_spans is None or m.span() not in gpe_spans:
                return None, gpe_spans
        return self.names[name], gpe_spans

    def find(self, text: str, gpe_spans=None) -> list[tuple[int, int, str]]:
        """`gpe_spans`: the NER's GPE spans, or a function that returns them
        (called only if an ambiguous name such as `Jordan` occurs)."""
        found = []
        titled = titled_caps_lines(text)  # `ETHIOPIA` in a heading
        matches = list(scan.finditer(self.regex, text, costly=True))
        if titled:
            seen = {m.span() for m in matches}
            matches += [m for m in scan.finditer(self.regex, titled, costly=True) if m.span() not in seen and text[m.start()].isupper()
                        and text[m.start():m.end()].isupper()]
        for m in sorted(matches, key=lambda m: m.start()):
            if inside_word(text, m.start(), m.end()) or cites_a_report(text, m.start(), m.end()):
                continue
            if m.group("before") and " ".join((m.group("before") + " " + m.group("name")).split()) in self.provinces:
                found.append((m.start("name"), m.end("name"), self.names[" ".join(m.group("name").split())]))
                continue
            code, gpe_spans = self.code(m, gpe_spans)
            if code:
                found.append((m.start(), m.end(), code))
        found += [(m.start(), m.end(), self.names[m.group(1) + m.group(2)]) for m in scan.finditer(_BROKEN, text)
                  if self.names.get(m.group(1) + m.group(2)) and m.group(1) + m.group(2) not in self.needs_ner]
        taken = {(s, e) for s, e, _ in found}
        return sorted(found) + [c for c in listed_codes(text) if c[:2] not in taken]

    def __call__(self, doc: Doc) -> Doc:
        if self.regex is None:
            raise ValueError(f"{self.name}: call initialize(table=...) before use")
        gpe = lambda: {(e.start_char, e.end_char) for e in doc.ents if e.label_ == "GPE"}  # noqa: E731
        add(doc, [Candidate("COUNTRY", s, e, code, "countries") for s, e, code in self.find(text_of(doc), gpe)])
        return doc

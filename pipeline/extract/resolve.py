"""Merges the finders' candidates over a whole document into final,
non-overlapping entities: links short forms to the long forms the document
defines, resolves currencies that several countries write alike, and picks one candidate per stretch of text."""
from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Callable

import pycountry

from pipeline.lexicon import collapse
from pipeline.extract.candidates import Candidate, inside_word
from pipeline.extract.currencies import AMBIGUOUS, ISSUER_ONLY, currencies_of
from pipeline.extract.orgs.abbreviations import initials
from pipeline.extract.orgs.acronyms import AcronymShapes

# Definitions are read from the document itself, so they outrank every finder;
# a linked short form competes by length (`EU` loses to `EU-Africa Trust Fund`);
# spaCy's NER only fills gaps the rules leave.
TIER = {"definition": 0, "ner": 2}
LINKED = ("definition", "alias")  # the document's own word for a body
_CAPS_WORD = re.compile(r"(?<![\w.+&-])[A-Z]{2,}(?![\w+&-])")
_NAME_GOES_ON = re.compile(r"[ \t]+[A-Z][a-z]")  # `NITI Aayog`: the acronym starts a longer name
BODY_CHARS = 1000  # the issuing body is named near the top
RANK = {"definition": 0, "alias": 1, "shape": 2, "examples": 2, "known": 3, "initials": 3, "acronym": 3, "context": 3, "amounts": 4, "dates": 5, "countries": 6, "ner": 7}


@dataclass(frozen=True)
class Entity:
    label: str
    start: int
    end: int
    text: str
    norm: str


def figures(candidates: list[Candidate]) -> bytearray:
    """Which characters some DATE or AMOUNT candidate covers."""
    covered = bytearray(max((c.end for c in candidates), default=0))
    for c in candidates:
        if c.label in ("DATE", "AMOUNT"):
            covered[c.start:c.end] = b"\x01" * (c.end - c.start)
    return covered


def on_a_figure(candidate: Candidate, covered: bytearray) -> bool:
    """Whether a date or an amount covers part of a guessed ORG (`FY2026`, `FY2026's budget`,
    `the FY2027 Administration request`): a name never holds one, as the guidelines
    annotate a year inside a name as a DATE."""
    return any(covered[candidate.start:candidate.end])


def link_short_forms(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """Every whole-word use of a defined short form, before or after its
    definition, is an ORG with the long form as its norm."""
    long_of: dict[str, str] = {}
    for c in candidates:
        if c.label == "ORG" and c.source == "definition":
            long_of.setdefault(collapse(text[c.start:c.end]), c.norm)
    if not long_of:
        return []
    forms = sorted(long_of, key=len, reverse=True)
    # An acronym's plural (`MFCUs` after `Medicaid Fraud Control Unit (MFCU)`) is the same short form
    # where the long form names a class whose members each bear the name: its head ends it. One
    # with a complement names one body (`Office of Inspector General (OIG)`), and `OIGs` are the
    # offices of many bodies, a class the guidelines leave out.
    pattern = re.compile(r"(?<![\w.+])(?:" + "|".join(
        r"\s+".join(map(re.escape, f.split())) + ("s?" if f[-1].isupper() and names_a_class(long_of[f]) else "")
        for f in forms) + r")(?![\w+])")
    found = []
    for m in pattern.finditer(text):
        form = collapse(m.group())
        if not inside_word(text, m.start(), m.end()):
            found.append(Candidate("ORG", m.start(), m.end(), long_of.get(form) or long_of[form[:-1]], "alias"))
    return found


def names_a_class(long: str) -> bool:
    """Whether a long form is capitalized words alone, its head last (`Medicaid Fraud Control Unit`)."""
    return all(w[0].isupper() or not w[0].isalpha() for w in long.split())


def spelled_short_forms(text: str, candidates: list[Candidate], not_orgs: set[str] = frozenset()) -> list[Candidate]:
    """An acronym the document never defines but that spells the capitalized
    words of a body it names (`OIG` in a text naming the `Office of Inspector
    General`, `ECB` beside `European Central Bank`) is that body's short form,
    written as it is (the guidelines keep an undefined acronym's text as norm)."""
    named = set().union(*(initials(collapse(text[c.start:c.end])) for c in candidates
                          if c.label == "ORG" and c.source in ("shape", "known", "definition")))
    named -= not_orgs  # `social units (SU)`
    places = {(c.start, c.end) for c in candidates if c.label == "COUNTRY"}  # `US` beside `U.S. Senate`
    return [Candidate("ORG", m.start(), m.end(), m.group(), "initials") for m in _CAPS_WORD.finditer(text)
            if m.group() in named and m.span() not in places and not inside_word(text, m.start(), m.end())
            and not _NAME_GOES_ON.match(text, m.end())]


def acronym_uses(text: str, candidates: list[Candidate], shapes: AcronymShapes) -> list[Candidate]:
    """Every use of an acronym the text once shows to be a body (orgs/acronyms.py)
    is that body, as a definition would make it (the guidelines' `organizations
    such as IADB and CAF`), with its own text as norm; not where the word is a
    country or what the date rules read as a date (`the FY2026 request`: a fiscal
    year, `Q3`)."""
    places = {(c.start, c.end) for c in candidates if c.label == "COUNTRY"}
    dated = {(c.start, c.end) for c in candidates if c.source == "dates"}
    shown = {text[c.start:c.end] for c in candidates if c.source == "acronym"} - {text[s:e] for s, e in places}
    return [Candidate("ORG", s, e, text[s:e], "acronym") for s, e in shapes.uses(text, shown)
            if (s, e) not in places and (s, e) not in dated and not inside_word(text, s, e)]


def body_country(candidates: list[Candidate], within: int = BODY_CHARS) -> str | None:
    """The country in the name of the first body near the top that names one
    (`Central Bank of Sri Lanka`, `Department of Finance Canada`)."""
    countries = [c for c in candidates if c.label == "COUNTRY"]
    for org in sorted((c for c in candidates if c.label == "ORG" and c.source != "ner" and c.start < within),
                      key=lambda c: c.start):
        inside = [c.norm for c in countries if org.start <= c.start and c.end <= org.end]
        if inside:
            return inside[0]
    return None


def currency_chooser(candidates: list[Candidate], issuers: list[str], day: datetime.date | None,
                     share: float | None) -> Callable[[list[str]], str]:
    """What a form with several currencies (`$`, `Rs`, `pesos`) means here, its
    codes given default first: the issuer's currency at the document date (the
    issuer from the meta source domain, the title, then the issuing body's name);
    else the one of them the document marks unambiguously (`NZ$`, `LKR`) while never
    marking the default; else, with no issuer known, the currency of a country with
    at least `share` of the country mentions (None: never, the issuer being an
    international body); else the default. A form whose codes end with an
    empty one reads as an acronym (`DA 2`): one of its currencies only where the
    issuer, a mentioned country or a marked amount uses it, else "" (no sum).
    One whose codes end with ISSUER_ONLY (`P500`): the issuer's currency, else ""."""
    issuer = next(iter(issuers), None) or body_country(candidates)
    marked = {c.norm.rsplit(" ", 1)[-1] for c in candidates if c.label == "AMOUNT" and AMBIGUOUS not in c.norm}
    top = None
    countries = Counter(c.norm for c in candidates if c.label == "COUNTRY")
    if issuer is None and countries and share is not None:
        code, count = countries.most_common(1)[0]
        top = code if count / sum(countries.values()) >= share else None

    def local(country: str | None) -> list[str]:
        alpha2 = pycountry.countries.get(alpha_3=country) if country else None
        return currencies_of(alpha2.alpha_2, day) if alpha2 else []

    @cache
    def context() -> set[str]:
        """The currencies of the issuer, the top country, every mentioned country and the marked amounts."""
        return set(local(issuer)) | set(local(top)) | {code for country in countries for code in local(country)} | marked

    def choose(codes: list[str]) -> str:
        if ISSUER_ONLY in codes:  # a sign that needs a scale word, written bare: the issuer's money or no sum
            return next((code for code in codes if code in local(issuer)), "")
        if "" in codes:  # a symbol that reads as an acronym: a sum only in a currency the context has
            return next((code for code in codes if code in context()), "")
        for code in local(issuer):
            if code in codes:
                return code
        own = [code for code in codes[1:] if code in marked]
        if len(own) == 1 and codes[0] not in marked:
            return own[0]
        for code in local(top):
            if code in codes:
                return code
        return codes[0]

    return choose


def resolve(text: str, candidates: list[Candidate], acronyms: AcronymShapes, issuers: list[str] = (),
            day: datetime.date | None = None, dollar_share: float | None = 0.5) -> list[Entity]:
    """`acronyms`: the shapes every use of an acronym is found with; `issuers`: the
    countries the document's meta says issued it, strongest first (issuer.py)."""
    not_orgs = {text[c.start:c.end] for c in candidates if c.label == "NOT_ORG"}
    # `multilateral development banks (MDBs)`: a short form defined for a common noun is none in the singular too
    not_orgs |= {form[:-1] for form in not_orgs if form.endswith("s") and form[:-1].isupper()}
    pool = [c for c in candidates if c.label != "NOT_ORG"]
    pool = [c for c in pool if not (c.source in ("ner", "acronym", "shape") and text[c.start:c.end] in not_orgs)]
    covered = figures(pool)
    pool = [c for c in pool if not (c.label == "ORG" and c.source not in LINKED and on_a_figure(c, covered))]
    pool += link_short_forms(text, pool) + spelled_short_forms(text, pool, not_orgs) + acronym_uses(text, pool, acronyms)
    pool.sort(key=lambda c: (TIER.get(c.source, 1), -(c.end - c.start), RANK[c.source], c.start))
    currency = currency_chooser(pool, list(issuers), day, dollar_share)
    pool = [priced for c in pool if (priced := with_currency(c, currency)) is not None]
    taken = bytearray(len(text))
    chosen = []
    for c in pool:
        if c.start >= c.end or any(taken[c.start:c.end]):
            continue
        taken[c.start:c.end] = b"\x01" * (c.end - c.start)
        chosen.append(Entity(c.label, c.start, c.end, text[c.start:c.end], c.norm))
    return sorted(chosen, key=lambda e: e.start)


def with_currency(candidate: Candidate, currency: Callable[[list[str]], str]) -> Candidate | None:
    """An amount whose form stands for several currencies with the one `currency`
    picks, None where it picks none (`DA 2` read as an acronym); other candidates as they are."""
    if candidate.label != "AMOUNT" or AMBIGUOUS not in candidate.norm:
        return candidate
    value, codes = candidate.norm.rsplit(" ", 1)
    code = currency(codes.split(AMBIGUOUS))
    return candidate._replace(norm=f"{value} {code}") if code else None

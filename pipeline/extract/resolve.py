"""Merges the finders' candidates over a whole document into final,
non-overlapping entities: links short forms to the long forms the document
defines, resolves the local dollar, and picks one candidate per stretch of text."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from pipeline.extract.candidates import Candidate, inside_word
from pipeline.extract.orgs import collapse

# Definitions are read from the document itself, so they outrank every finder;
# a linked short form competes by length (`EU` loses to `EU-Africa Trust Fund`);
# spaCy's NER only fills gaps the rules leave.
TIER = {"definition": 0, "ner": 2}
RANK = {"definition": 0, "alias": 1, "shape": 2, "known": 3, "amounts": 4, "dates": 5, "countries": 6, "ner": 7}


@dataclass(frozen=True)
class Entity:
    label: str
    start: int
    end: int
    text: str
    norm: str


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
    pattern = re.compile(r"(?<![\w.+])(?:" + "|".join(r"\s+".join(map(re.escape, f.split())) for f in forms) + r")(?![\w+])")
    return [Candidate("ORG", m.start(), m.end(), long_of[collapse(m.group())], "alias")
            for m in pattern.finditer(text) if not inside_word(text, m.start(), m.end())]


def local_dollar(candidates: list[Candidate], local_dollars: dict[str, str], share: float) -> str:
    """What a bare `$` means here: the one marked local dollar the document
    uses (`NZ$`, `Canadian dollars`) if it never marks US dollars; else the
    dollar of a country with enough of the country mentions; else USD."""
    codes = {c.norm.rsplit(" ", 1)[-1] for c in candidates if c.label == "AMOUNT"}
    marked = codes & set(local_dollars.values())
    if len(marked) == 1 and "USD" not in codes:
        return marked.pop()
    countries = Counter(c.norm for c in candidates if c.label == "COUNTRY")
    if countries:
        top, count = countries.most_common(1)[0]
        if top in local_dollars and count / sum(countries.values()) >= share:
            return local_dollars[top]
    return "USD"


def resolve(text: str, candidates: list[Candidate], local_dollars: dict[str, str], dollar_share: float) -> list[Entity]:
    not_orgs = {text[c.start:c.end] for c in candidates if c.label == "NOT_ORG"}
    pool = [c for c in candidates if c.label != "NOT_ORG"]
    pool = [c for c in pool if not (c.source == "ner" and text[c.start:c.end] in not_orgs)]
    pool += link_short_forms(text, pool)
    pool.sort(key=lambda c: (TIER.get(c.source, 1), -(c.end - c.start), RANK[c.source], c.start))
    dollar = local_dollar(pool, local_dollars, dollar_share)
    taken = bytearray(len(text))
    chosen = []
    for c in pool:
        if c.start >= c.end or any(taken[c.start:c.end]):
            continue
        taken[c.start:c.end] = b"\x01" * (c.end - c.start)
        norm = c.norm
        if c.label == "AMOUNT" and norm.endswith(" $"):
            norm = norm[:-1] + dollar
        chosen.append(Entity(c.label, c.start, c.end, text[c.start:c.end], norm))
    return sorted(chosen, key=lambda e: e.start)

"""Capitalized names that a text counts (`each Participant`, `any Public Authority`,
`Most Public Authorities`) name a class of bodies or the role a party plays, not one
body: a body with a name of its own is one, and no text says `each World Bank`. The
guidelines leave roles (`any State`, `the Implementing Agency`) and classes of bodies
unannotated, so every mention of such a name, counted or not, is no ORG. The
quantifiers are the `quantifier` words of models/orgs/words.tsv."""
from __future__ import annotations

import re

from pipeline.extract.candidates import GUESSED, Candidate
from pipeline.extract.orgs.words import OrgWords

singular = OrgWords.singular

_CAPITALIZED_RUN = r"((?:[A-Z][\w'’&-]*[ \t]+)*[A-Z][\w'’&-]*)"


def class_key(name: str) -> str:
    """`Public Authorities` and `Public Authority` alike: the words in lower case, the last singular."""
    parts = name.lower().split()
    return " ".join(parts[:-1] + [singular(parts[-1])]) if parts else ""


def quantified(quantifiers: frozenset[str]) -> re.Pattern | None:
    """A capitalized run right after one of `quantifiers` (group 1), any case for the quantifier."""
    if not quantifiers:
        return None
    return re.compile(r"(?<![\w-])(?i:" + "|".join(map(re.escape, sorted(quantifiers))) + r")[ \t]+" + _CAPITALIZED_RUN)


def without_classes(text: str, candidates: list[Candidate], quantifiers: frozenset[str],
                    after: re.Pattern | None) -> list[Candidate]:
    """The candidates, less the guessed ORGs whose name the text counts somewhere (`after`:
    quantified(quantifiers)), with or without a quantifier in the span (`Most Public Authorities`)."""
    counted = {class_key(m.group(1)) for m in after.finditer(text)} if after else set()
    if not counted:
        return candidates

    def counted_name(c: Candidate) -> bool:
        parts = text[c.start:c.end].split()
        return bool(parts) and (parts[0].lower() in quantifiers or class_key(" ".join(parts)) in counted)

    return [c for c in candidates if not (c.label == "ORG" and c.source in GUESSED and counted_name(c))]

"""spaCy's NER ORG spans, cleaned (what precedes an inner possessive, trailing
punctuation) and kept only where they stand on their own as names."""
from __future__ import annotations

import re
from collections import Counter
from typing import Callable

from pathlib import Path

import numpy as np
from spacy.attrs import ORTH
from spacy.strings import hash_string
from spacy.tokens import Doc

from pipeline.extract.candidates import text_of
from pipeline.lexicon import read_table

from pipeline.extract.orgs.words import OrgWords

MIN_NER_REPEATS = 3  # a lone capitalized word spaCy calls ORG this much more often than anything else is one
# `Indo-Pacific`, `Al-Shanfari`, `Medi-Medi`, `GovPass`, `BeiDou`, `McKinnon`: capitalized words
# joined by hyphens or run together have an acronym's capitals but are a place's, a person's, a
# programme's or a product's name.
TITLED_PARTS = re.compile(r"[A-Z][a-zà-ÿ]+(?:[-‐–]?[A-Z][a-zà-ÿ]+)+")
MIXED_DIGITS = re.compile(r"[a-z]\d|\d[a-z]")  # `CSi4i30R3aXi`: a misread scan, not a name
# A capitalized word the text writes before a common noun this share of the time
# (`the Medicaid program`, `State governments`, `the Federal share`) names a kind
# of thing, not a body; bodies rarely modify nouns (`Treasury` 1 in 17, `Senate` 0).
MODIFIER_SHARE = 0.25
MIN_MODIFIER_USES = 2
COMMON_NOUN_TAGS = {"NN", "NNS"}
TAG_CONTEXT = 4  # tokens on each side of a use that the tagger reads


class LowerWords:
    """The document's lower-case words, found only if an all-caps word needs them."""

    def __init__(self, text: str):
        self.text, self.words = text, None
        self.name_ends: dict[str, bool] = {}  # each NER mention of a word asks again

    def __contains__(self, word: str) -> bool:
        if self.words is None:
            self.words = set(re.findall(r"(?<![\w-])[a-z][a-z-]*(?![\w-])", self.text))
        return word in self.words

    def ends_a_name(self, word: str, lead: set[str]) -> bool:
        """Whether the text writes `word` after another capitalized word
        (`Open Market Committee`): a name it ends, not after an opener (`The`)."""
        if word not in self.name_ends:
            self.name_ends[word] = any(m.group(1).lower() not in lead for m in
                                       re.finditer(r"\b([A-Z][\w-]*)\s+" + re.escape(word) + r"\b", self.text))
        return self.name_ends[word]


def accept(words: OrgWords, text: str, ner_orgs: Counter, lower_words, in_context: bool = False) -> bool:
    """Whether an ORG from spaCy's NER stands on its own here. A word that the
    document also writes in lower case (`AGENCY`, `Debt Subject to Limit`) is a
    word, and one that mixes digits into lower-case letters is a misread scan; a
    lone word needs to be an acronym, or called ORG often, or said to be a body
    by its context (`in_context`, contexts.tsv); a longer name needs a head word
    or that context (`Samsung Electronics announced`). A lone word is never a back-reference
    to a body the text names in full (`the Committee`), a role (`the Depositary`)
    or a qualifier (`each State`)."""
    parts = text.split()
    if not parts or text in words.not_orgs or not text[0].isupper():
        return False
    if len(parts) == 1:
        common = text.lower() in lower_words and text.lower() not in words.one_word_bodies
        if common or MIXED_DIGITS.search(text) or words.has_nonorg(parts) or words.names_a_role(text) \
                or words.is_back_reference(text, lambda w: lower_words.ends_a_name(w, words.lead)):
            return False
        acronym = sum(c.isupper() for c in text) >= 2 and not TITLED_PARTS.fullmatch(text)
        return acronym or in_context or ner_orgs[text] >= MIN_NER_REPEATS
    # `Samsung Electronics announced`: a company's name without a head word, said to be a body
    return words.is_org_name(text) or (in_context and parts[0] not in words.demonyms
                                        and not words.has_nonorg(parts) and not words.is_generic(parts))


def clean(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The name inside an NER span: without what comes before an inner
    possessive, or trailing punctuation."""
    inner = max(text.rfind("'s ", start, end), text.rfind("’s ", start, end))
    if inner >= 0:
        start = inner + 3  # `Spokesperson’s Office` -> `Office`, judged alone
    while end > start and not text[end - 1].isalnum() and text[end - 1] not in ".)+":
        end -= 1
    return (start, end) if start < end else None


def without_lead(words: OrgWords, text: str, start: int, end: int) -> tuple[int, int] | None:
    """The name without the determiners and openers the NER took in with it (`Those Local
    Authorities` is judged as `Local Authorities`; `The World Bank` is `World Bank`)."""
    for token in words.token.finditer(text, start, end):
        if token.group().lower() not in words.lead:
            return (token.start(), end) if token.start() < end else None
    return None


def before_calendar(words: OrgWords, text: str, start: int, end: int) -> tuple[int, int] | None:
    """The name before a weekday or month the NER ran into (`White House on Thursday`),
    without the connector words between them."""
    tokens = list(words.token.finditer(text, start, end))
    cut = next((i for i, t in enumerate(tokens) if t.group() in words.calendar), None)
    if cut is None:
        return start, end
    while cut and tokens[cut - 1].group().lower() in words.connector:
        cut -= 1
    return (start, tokens[cut - 1].end()) if cut else None


class BodyContext:
    """Whether the text around a word says it is a body (models/orgs/contexts.tsv)."""

    def __init__(self, table: Path):
        rows = read_table(table)
        self.after = [re.compile(r["regex"]) for r in rows if r["kind"] == "after"]
        self.before = [re.compile(r["regex"], re.IGNORECASE) for r in rows if r["kind"] == "before"]

    def __call__(self, text: str, start: int, end: int) -> bool:
        before = text[max(0, start - 40):start]
        return any(rx.match(text, end) for rx in self.after) or any(rx.search(before) for rx in self.before)


def modifiers(doc: Doc, words: set[str], tag_all: Callable[[list[Doc]], list[Doc]] | None) -> set[str]:
    """Those of `words` that the text uses as modifiers of lower-case common
    nouns often enough to be no name. Tags come from the Doc where it has them,
    else from `tag_all` run on a few tokens around each use (all uses in one
    batch); with neither, none."""
    if not words:
        return set()
    orths = doc.to_array(ORTH)[:-1]
    uses = [doc[int(i)] for i in np.flatnonzero(np.isin(orths, [hash_string(w) for w in words]))]
    uses = [token for token in uses if token.is_title]
    if doc.has_annotation("TAG"):
        following = [doc[token.i + 1] for token in uses]
    elif tag_all is not None:
        starts = [max(0, token.i - TAG_CONTEXT) for token in uses]
        windows = tag_all([doc[start:token.i + TAG_CONTEXT].as_doc() for start, token in zip(starts, uses)])
        following = [window[token.i + 1 - start] for window, start, token in zip(windows, starts, uses)]
    else:
        return set()
    counts = Counter(token.text for token in uses)
    before_noun = Counter(token.text for token, after in zip(uses, following)
                          if after.tag_ in COMMON_NOUN_TAGS and after.text.islower())
    return {w for w, n in before_noun.items() if n >= MIN_MODIFIER_USES and n >= MODIFIER_SHARE * counts[w]}


def ner_spans(words: OrgWords, doc: Doc, context: BodyContext | None = None,
              tag_all: Callable[[list[Doc]], list[Doc]] | None = None,
              lower_words: LowerWords | None = None) -> list[tuple[int, int]]:
    """`lower_words`: the document's LowerWords where the caller has them."""
    text = text_of(doc)
    ents = list(doc.ents)
    ner = [e for e in ents if e.label_ == "ORG"]
    counts = Counter(e.text for e in ner)
    repeated = {w for w, n in counts.items() if n >= MIN_NER_REPEATS and " " not in w}
    for word in modifiers(doc, repeated, tag_all):
        counts.pop(word, None)  # a lone modifier needs more than the NER's repeats: an acronym's shape
    lower_words = lower_words if lower_words is not None else LowerWords(text)
    found = []
    for ent in ner:
        span = clean(text, ent.start_char, ent.end_char)
        span = span and without_lead(words, text, *span)
        span = span and before_calendar(words, text, *span)
        said = bool(span and context and context(text, *span))
        if span and accept(words, text[span[0]:span[1]], counts, lower_words, said):
            found.append(span)
    return found

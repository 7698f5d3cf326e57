"""The DATE component: proposes the spans and values of pipeline.dates, with
the tense of each date's sentence read from the tagger's part-of-speech tags."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from spacy.language import Language
from spacy.tokens import Doc

from pipeline import scan
from pipeline.dates import DateRules
from pipeline.dates.calendar import FUTURE, PAST
from pipeline.extract.candidates import Candidate, add, text_of
from pipeline.extract.tagging import batch_tagger
from pipeline.lexicon import column, read_table

FUTURE_MODALS = {"will", "shall", "'ll", "’ll", "wo", "would"}
HAVE = {"has", "have", "'ve", "’ve"}
VERB_GROUP = {"MD", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "RB", "TO"}  # `will not be signed`, `has already risen`


class Intent(frozenset):
    """The words of models/dates/intent_verbs.tsv; `before_noun`: those that
    put a plan's date ahead as its noun's modifier too (`the planned review in
    March`); `prepositions`: participles that tell no tense
    (models/dates/preposition_participles.tsv: `issues related to`)."""
    before_noun: frozenset[str] = frozenset()
    prepositions: frozenset[str] = frozenset()

    @classmethod
    def read(cls, data_dir: Path) -> "Intent":
        rows = read_table(Path(data_dir) / "intent_verbs.tsv")
        intent = cls(row["word"] for row in rows)
        intent.before_noun = frozenset(row["word"] for row in rows if row["before_noun"] == "yes")
        intent.prepositions = frozenset(column(Path(data_dir) / "preposition_participles.tsv", "word"))
        return intent


def verb_tense(doc: Doc, i: int, intent: Intent = Intent()) -> str | None:
    """What the verb group holding token `i` says of time: past (`fell`, `was
    signed`, `has risen`, `shares issued`), future (`will meet`, `would be
    paid`, `set to resume`, `is expected to join`, `an agreement to acquire`,
    `was planned for`: `to` and a verb, or `for`, after one of the `intent`
    words), "" for one that does not tell (`says`, `is`,
    `may`, `to meet`), None where token `i` is no verb."""
    if (doc[i].lower_ in intent.before_noun and 0 < i < len(doc) - 1
            and doc[i - 1].tag_ in ("DT", "PRP$", "POS") and doc[i + 1].tag_ in ("NN", "NNS")):
        return FUTURE  # `the slated visit of the Secretary in September`: a plan's noun
    if not doc[i].tag_.startswith(("VB", "MD")):
        return None
    if doc[i].lower_ in intent.prepositions and i + 1 < len(doc) and doc[i + 1].tag_ in ("IN", "TO"):
        return None  # `issues related to ... in November`: a preposition, no verb
    start = end = i
    while start > 0 and doc[start - 1].tag_ in VERB_GROUP:
        start -= 1
    while end + 1 < len(doc) and doc[end + 1].tag_ in VERB_GROUP:
        end += 1
    verbs = [t for t in doc[start:end + 1] if t.tag_.startswith(("VB", "MD"))]
    if any(t.tag_ == "TO" and t.i > 0 and doc[t.i - 1].lower_ in intent and t.i < end and doc[t.i + 1].tag_ in ("VB", "VBG")
           for t in doc[start:end + 1]):  # `is expected to join`, `an agreement to acquire`, `looking forward to meeting`
        return FUTURE
    if verbs[-1].lower_ in intent and end + 1 < len(doc) and doc[end + 1].lower_ == "for":
        return FUTURE  # `was planned for early March`, `a summit set for April`
    if doc[end].lower_ in intent and end + 2 < len(doc) and doc[end + 1].lower_ == "to" and doc[end + 2].tag_ in ("VB", "VBG"):
        return FUTURE  # `looking forward to meeting`, its `to` tagged as a preposition
    first = verbs[0]
    if first.tag_ == "MD":
        return FUTURE if first.lower_ in FUTURE_MODALS else ""
    if first.tag_ in ("VBD", "VBN"):
        return PAST
    if first.tag_ in ("VBZ", "VBP") and first.lower_ in HAVE and any(t.tag_ == "VBN" for t in verbs[1:]):
        return PAST
    return None if first.tag_ == "VBG" else ""


def sentence_tense(doc: Doc, start: int, end: int, intent: Intent = Intent()) -> str:
    """The tense of the verb nearest the characters start..end in their
    sentence (up to a full stop or a blank line), not looking past a comma
    after them where a verb before them was found; "" where no verb tells."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not doc.has_annotation("TAG"):
        return ""
    nearest: list[tuple[int, str]] = []
    for step in (-1, 1):
        i = span.start - 1 if step < 0 else span.end
        while 0 <= i < len(doc) and not _sentence_edge(doc[i]):
            if step > 0 and nearest and doc[i].text in (",", ";"):
                break  # `admit them in early March, an official said`: the clause has its verb
            tense = verb_tense(doc, i, intent)
            if tense is not None:
                nearest.append((abs(i - span.start) if step < 0 else i - span.end + 1, tense))
                break
            i += step
    return min(nearest, key=lambda n: n[0])[1] if nearest else ""


class SentenceTense:
    """The tense of a date's sentence in `text`: the sentence alone goes
    through `tag_all` (the model's tok2vec and tagger), once. The sentences of
    the dates `prepare` is told of go through it in one batch: for short
    pieces most of the tagger's cost is per call (each gets the tags it gets alone)."""

    def __init__(self, text: str, tag_all: Callable[[list[str]], list[Doc]] | None, intent: Intent,
                 sentence_end: re.Pattern):
        self.text, self.tag_all, self.intent, self.sentence_end = text, tag_all, intent, sentence_end
        self.tagged: dict[tuple[int, int], Doc] = {}

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """The characters of the sentence around start..end, at most 600 either side."""
        first = max((m.end() for m in scan.finditer(self.sentence_end, self.text, max(0, start - 600), start)), default=0)
        last = next((m.start() + 1 for m in scan.finditer(self.sentence_end, self.text, end, end + 600)),
                    min(len(self.text), end + 600))
        return max(first, start - 600), last

    def prepare(self, dates: list[tuple[int, int]]) -> None:
        if self.tag_all is None:
            return
        sentences = list(dict.fromkeys(s for s in (self.sentence(start, end) for start, end in dates) if s not in self.tagged))
        self.tagged.update(zip(sentences, self.tag_all([self.text[first:last] for first, last in sentences])))

    def __call__(self, start: int, end: int) -> str:
        if self.tag_all is None:
            return ""
        first, last = self.sentence(start, end)
        if (first, last) not in self.tagged:
            self.prepare([(start, end)])
        return sentence_tense(self.tagged[first, last], start - first, end - first, self.intent)


def _sentence_edge(token) -> bool:
    return token.text in (".", "!", "?") or (token.is_space and "\n\n" in token.text)


@Language.factory("polex_dates")
class DateFinder:
    """Proposes DATE candidates; rules come from `initialize(data_dir=...)`."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.rules: DateRules | None = None
        self.intent = Intent()
        self.nlp = nlp

    def initialize(self, get_examples=None, *, nlp=None, data_dir: str = "models/dates"):
        self.rules = DateRules(Path(data_dir))
        self.intent = Intent.read(Path(data_dir))

    def __call__(self, doc: Doc) -> Doc:
        if self.rules is None:
            raise ValueError(f"{self.name}: call initialize(data_dir=...) before use")
        text = text_of(doc)
        found = self.rules.find(text, doc._.anchor, SentenceTense(text, self.tagger(), self.intent, self.rules.sentence_end),
                                doc._.issuer)
        add(doc, [Candidate("DATE", s, e, norm, "dates") for s, e, norm in found])
        return doc

    def tagger(self) -> Callable[[list[str]], list[Doc]] | None:
        """Texts -> Docs with part-of-speech tags; None where the pipeline has no tagger (spacy.blank)."""
        tag_all = batch_tagger(self.nlp)
        return None if tag_all is None else lambda texts: tag_all([self.nlp.make_doc(text) for text in texts])

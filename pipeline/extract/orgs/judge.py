"""The ORG judge: a logistic regression over plain features (features.py)
that may reject each ORG candidate of the shape, known-name, example and NER
finders, and may accept each NER ORG span the rules dropped. Its weights are data
(models/orgs/judge_weights.tsv), trained on the dev and synthetic gold by
`python -m pipeline.train_org_judge fit`. It runs after polex_orgs and
replaces the candidates it judges by those it accepts; definitions and
everything not ORG pass untouched."""
from __future__ import annotations

import math
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extract.candidates import Candidate, text_of
from pipeline.extract.orgs.features import SOURCES, FeatureReader, Judged
from pipeline.extract.orgs.ner import BodyContext, before_calendar, clean
from pipeline.extract.orgs.words import OrgWords
from pipeline.lexicon import collapse, read_table


def read_weights(path: Path) -> dict[str, float]:
    return {row["feature"]: float(row["weight"]) for row in read_table(path)}


def feature_reader(data_dir: Path, *calendar_tables: Path) -> FeatureReader:
    """`calendar_tables`: month and weekday names (models/dates/), as polex_orgs reads them."""
    return FeatureReader(OrgWords(Path(data_dir), *map(Path, calendar_tables)), BodyContext(Path(data_dir) / "contexts.tsv"))


def judged_spans(words: OrgWords, doc: Doc, text: str) -> list[Judged]:
    """The ORG candidates the judge weighs: the finders' (SOURCES), then each
    NER ORG span (cut as ner.py cuts it) that no ORG candidate has."""
    spans = [Judged(c[1], c[2], c[4]) for c in (doc._.candidates or []) if c[0] == "ORG" and c[4] in SOURCES]
    seen = {(s.start, s.end) for s in spans}
    for ent in doc.ents:
        span = clean(text, ent.start_char, ent.end_char) if ent.label_ == "ORG" else None
        span = span and before_calendar(words, text, *span)
        if span and span not in seen:
            seen.add(span)
            spans.append(Judged(*span, "dropped"))
    return spans


def as_candidate(span: Judged, text: str) -> Candidate:
    """A judged span the judge keeps, as the ORG candidate it becomes (a dropped NER span as `ner`)."""
    source = "ner" if span.source == "dropped" else span.source
    return Candidate("ORG", span.start, span.end, collapse(text[span.start:span.end]), source)


def probability(weights: dict[str, float], features: dict[str, float]) -> float:
    z = sum(weights.get(name, 0.0) * value for name, value in features.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def keeps(p: float, source: str, reject_below: float, accept_from: float) -> bool:
    """A candidate the rules accept stays unless its probability is below
    `reject_below`; an NER span they dropped comes in where it reaches `accept_from`."""
    return p >= accept_from if source == "dropped" else p >= reject_below


@Language.factory("polex_org_judge", default_config={"reject_below": 0.3, "accept_from": 0.9})
class OrgJudge:
    """Rejects rules' ORG candidates and accepts dropped NER ORG spans by their probability (`keeps`)."""

    def __init__(self, nlp: Language, name: str, reject_below: float, accept_from: float):
        self.name, self.reject_below, self.accept_from = name, reject_below, accept_from
        self.reader: FeatureReader | None = None
        self.weights: dict[str, float] = {}

    def initialize(self, get_examples=None, *, nlp=None, data_dir: str = "models/orgs",
                   months: str = "models/dates/months.tsv", weekdays: str = "models/dates/weekdays.tsv",
                   weights: str = "models/orgs/judge_weights.tsv"):
        self.reader = feature_reader(Path(data_dir), Path(months), Path(weekdays))
        self.weights = read_weights(Path(weights))

    def __call__(self, doc: Doc) -> Doc:
        if self.reader is None:
            raise ValueError(f"{self.name}: call initialize(data_dir=..., weights=...) before use")
        text = text_of(doc)
        features = self.reader.document(doc, text)
        kept = [c for c in (doc._.candidates or []) if not (c[0] == "ORG" and c[4] in SOURCES)]
        for span in judged_spans(self.reader.words, doc, text):
            if keeps(probability(self.weights, features(span)), span.source, self.reject_below, self.accept_from):
                kept.append(as_candidate(span, text))
        doc._.candidates = kept
        return doc

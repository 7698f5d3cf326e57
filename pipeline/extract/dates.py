"""The DATE component: proposes the spans and values of pipeline.dates."""
from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.dates import DateRules
from pipeline.extract.candidates import Candidate, add


@Language.factory("polex_dates")
class DateFinder:
    """Proposes DATE candidates; rules come from `initialize(data_dir=...)`."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.rules: DateRules | None = None

    def initialize(self, get_examples=None, *, nlp=None, data_dir: str = "models/dates"):
        self.rules = DateRules(Path(data_dir))

    def __call__(self, doc: Doc) -> Doc:
        if self.rules is None:
            raise ValueError(f"{self.name}: call initialize(data_dir=...) before use")
        add(doc, [Candidate("DATE", s, e, norm, "dates") for s, e, norm in self.rules.find(doc.text, doc._.anchor)])
        return doc

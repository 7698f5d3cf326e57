"""Part-of-speech tags on demand: the model's tok2vec and tagger are loaded
disabled (extract/__init__.py), and a component that needs tags for a few
pieces of text runs them on those pieces alone."""
from __future__ import annotations

from typing import Callable

from spacy.language import Language
from spacy.tokens import Doc


def on_demand_tagger(nlp: Language) -> Callable[[Doc], Doc] | None:
    """A Doc (or a span's `as_doc()`) -> the same with part-of-speech tags, from
    the pipeline's disabled tok2vec and tagger; None where it has no tagger (spacy.blank)."""
    names = [name for name, _ in nlp.components]
    if "tagger" not in names:
        return None
    steps = [nlp.get_pipe(name) for name in ("tok2vec", "tagger") if name in names]

    def tag(doc: Doc) -> Doc:
        for step in steps:
            doc = step(doc)
        return doc
    return tag

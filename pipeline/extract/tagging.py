"""Part-of-speech tags on demand: the model's tok2vec and tagger are loaded
disabled (extract/__init__.py), and a component that needs tags for a few
pieces of text runs them on those pieces alone."""
from __future__ import annotations

from typing import Callable

from spacy.language import Language
from spacy.tokens import Doc


def batch_tagger(nlp: Language) -> Callable[[list[Doc]], list[Doc]] | None:
    """Docs (or spans' `as_doc()`) -> the same with part-of-speech tags, from
    the pipeline's disabled tok2vec and tagger, run over them as one batch (for
    short pieces most of the cost is per call; each Doc's tags are those it gets
    alone); None where the pipeline has no tagger (spacy.blank)."""
    names = [name for name, _ in nlp.components]
    if "tagger" not in names:
        return None
    steps = [nlp.get_pipe(name) for name in ("tok2vec", "tagger") if name in names]

    def tag_all(docs: list[Doc]) -> list[Doc]:
        stream = iter(docs)
        for step in steps:
            stream = step.pipe(stream, batch_size=max(1, len(docs)))
        return list(stream)
    return tag_all

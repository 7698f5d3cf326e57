"""Part-of-speech tags on demand: the model's tok2vec and tagger are loaded
disabled (extract/__init__.py), and a component that needs tags for a few
pieces of text runs them on those pieces alone."""
from __future__ import annotations

from typing import Callable

from spacy.language import Language
from spacy.tokens import Doc

NOUN_TAGS = {"NN", "NNS", "NNP", "NNPS"}


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


def noun_at(doc: Doc, tag_all: Callable[[list[Doc]], list[Doc]] | None, context: int = 4) -> Callable[[int], bool]:
    """`is_noun(char)`: whether the word at a character offset of `doc`, read as
    the first word of what follows it (a sentence's or a table cell's), is tagged
    a noun: from the Doc's tags where it has them, else from `tag_all` run on it
    and the `context` tokens after it (the text before it, another column's words
    or the sentence before, would tag it as their continuation); True with neither."""
    def is_noun(char: int) -> bool:
        span = doc.char_span(char, char + 1, alignment_mode="expand")
        if span is None:
            return True
        token = span[0]
        if doc.has_annotation("TAG"):
            return token.tag_ in NOUN_TAGS
        if tag_all is None:
            return True
        [window] = tag_all([doc[token.i:token.i + context + 1].as_doc()])
        return window[0].tag_ in NOUN_TAGS
    return is_noun

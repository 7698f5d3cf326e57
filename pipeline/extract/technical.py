"""Precision on technical text: nothing is extracted from e-mail addresses
and web addresses; an ORG candidate that is part of a code or docket number
(`FAA–2020–0686`) is dropped, and so is a maker's name that the NER found in
a model name (`Boeing 737`) and a name that heads an event's or a document's
title (`Boeing Special Attention Service Bulletin`); a single word in capitals (`MCAS`, `MAX`,
`SUPPLEMENTARY`) is an ORG only when it is a well-known body (known.tsv), the
document defines it as one, or the words around it say it is a body (contexts.tsv;
and orgs/acronyms.py, whose candidates this filter leaves alone). Patterns are data in models/orgs/technical.tsv.
Over the whole document it also drops the guessed names the text counts (`each Participant`:
a class or a role, orgs/quantified.py)."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from pipeline import scan
from pipeline.extract.candidates import GUESSED, Candidate
from pipeline.extract.orgs.acronyms import acronym_shapes
from pipeline.extract.orgs.ner import BodyContext
from pipeline.extract.orgs.quantified import quantified, without_classes
from pipeline.extract.orgs.words import word_classes
from pipeline.lexicon import column, read_table

MIN_RUNNING_CHARS = 30  # a shorter line repeated (`Tel:`, a heading) may be a table's or a form's
_NEXT_WORD = re.compile(r"[ \t]+([A-Z][\w-]*)")  # the capitalized word right after a name, on its line


class TechnicalFilter:
    def __init__(self, orgs_dir: Path):
        orgs_dir = Path(orgs_dir)
        rows = read_table(orgs_dir / "technical.tsv")

        def kind(name: str, suffix: str = "") -> list[re.Pattern]:
            return [re.compile(r["regex"] + suffix) for r in rows if r["kind"] == name]

        self.off_limits = kind("off_limits")
        self.code_after = kind("code_after")
        self.code_before = kind("code_before")
        self.model_after = kind("model_after")
        self.lone_caps = kind("lone_caps", "$")
        self.running_cues = kind("running_cue")
        scan.prepare(self.off_limits)
        self.known = set(column(orgs_dir / "known.tsv"))
        self.said_to_be_body = BodyContext(orgs_dir / "contexts.tsv")  # `in collaboration with RAND`
        # what resolve.py, which this filter frames, finds every use of an acronym shown to be a body with
        self.acronyms = acronym_shapes(orgs_dir / "acronym_patterns.tsv")
        # Event and document words (`Summit`, `Bulletin`, `Report`): a guessed name right
        # before one of them, capitalized, is part of that event's or document's title.
        classes = word_classes(orgs_dir)
        self.nonorg = classes.get("nonorg", frozenset())
        # `STATEMENT MADE TO PARLIAMENT`: a standing body named by one word, in capitals, is no acronym
        self.one_word_bodies = classes.get("one_word_body", frozenset())
        # `each Participant`, `any Public Authority`: a name the text counts is a class or a role (orgs/quantified.py)
        self.quantifiers = classes.get("quantifier", frozenset())
        self.quantified = quantified(self.quantifiers)

    def blocked(self, text: str) -> list[tuple[int, int]]:
        """The spans of addresses and running lines; a pattern whose text lacks what it needs (`@`, `www.`) is not run."""
        return sorted([m.span() for rx in self.off_limits if scan.may_match(rx, text) for m in rx.finditer(text)]
                      + self.running_lines(text))

    def running_lines(self, text: str) -> list[tuple[int, int]]:
        """The lines the document repeats word for word that hold a web address, an e-mail or a
        telephone (a `running_cue`): a letter's running footer (`ECS, University of Southampton,
        Highfield Campus, ... Tel: ... www.ecs.soton.ac.uk`) that the reader left in, page
        furniture like a running header, not main content."""
        cued = [m for m in re.finditer(r"[^\n]+", text) if len(m.group().strip()) >= MIN_RUNNING_CHARS
                and any(rx.search(m.group()) for rx in self.running_cues)]
        seen = Counter(" ".join(m.group().split()) for m in cued)
        return [m.span() for m in cued if seen[" ".join(m.group().split())] > 1]

    def in_code(self, text: str, c) -> bool:
        before = text[max(0, c.start - 2):c.start]
        return any(rx.match(text, c.end) for rx in self.code_after) or any(rx.search(before) for rx in self.code_before)

    def __call__(self, text: str, candidates: list[Candidate], blocked: list[tuple[int, int]] | None = None) -> list[Candidate]:
        """`blocked`: self.blocked(text), where the caller has it."""
        blocked = self.blocked(text) if blocked is None else blocked
        candidates = without_classes(text, candidates, self.quantifiers, self.quantified)
        defined = {text[c.start:c.end] for c in candidates if c.label == "ORG" and c.source == "definition"}
        kept = []
        for c in candidates:
            if any(s < c.end and c.start < e for s, e in blocked):
                continue
            if c.label == "ORG" and c.source in GUESSED:
                word = text[c.start:c.end]
                if self.in_code(text, c):
                    continue
                if c.source == "ner" and " " not in word and any(rx.match(text, c.end) for rx in self.model_after):
                    continue  # `Boeing` in `Boeing 737 MAX`: a model's name
                if self.titles_a_document(text, c.end):
                    continue  # `Boeing Special Attention Service` in `... Service Bulletin 737–31–1860`
                if any(rx.match(word) for rx in self.lone_caps) and word not in self.known and word not in defined \
                        and word.lower() not in self.one_word_bodies and not self.said_to_be_body(text, c.start, c.end):
                    continue
            kept.append(c)
        return kept

    def titles_a_document(self, text: str, end: int) -> bool:
        m = _NEXT_WORD.match(text, end)
        return bool(m) and m.group(1).lower() in self.nonorg

    def final(self, text: str, entities: list, blocked: list[tuple[int, int]] | None = None) -> list:
        """The resolved entities without those that linking a defined short form
        put inside an address or a code (`FAA` in `FAA–2020–0686`)."""
        blocked = self.blocked(text) if blocked is None else blocked
        return [e for e in entities if not any(s < e.end and e.start < t for s, t in blocked)
                and not (e.label == "ORG" and self.in_code(text, e))]


@lru_cache(maxsize=None)
def technical_filter(orgs_dir: Path) -> TechnicalFilter:
    """The filter of `orgs_dir`, its data read once per process, however many
    batches of documents the extractor is called on."""
    return TechnicalFilter(orgs_dir)

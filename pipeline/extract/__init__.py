"""The extractor: spaCy's statistical NER proposes, the polex components find
and normalize with the data in models/, and resolve.py decides per document."""
from __future__ import annotations

import datetime
import gc
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.util import raise_error

from pipeline.extract import amounts, countries, dates, orgs  # noqa: F401  (registers the factories)
from pipeline.extract.orgs import judge  # noqa: F401  (registers polex_org_judge)
from pipeline.extract.candidates import Candidate, candidates_of
from pipeline.extract.issuer import IssuerReader, topic_words
from pipeline.extract.resolve import Entity, resolve
from pipeline.extract.spacing import spaced
from pipeline.extract.technical import TechnicalFilter, technical_filter

# Only the NER runs over every text: it has its own tok2vec in the small English
# model. The tagger and its tok2vec are loaded but disabled: the DATE component
# runs them on the few sentences whose tense places a date (extract/dates.py).
KEEP = {"ner"}
ON_DEMAND = ["tok2vec", "tagger"]
COMPONENTS = {
    "polex_countries": {"table": "countries.tsv", "context": "country_context.tsv"},
    "polex_orgs": {"data_dir": "orgs", "months": "dates/months.tsv", "weekdays": "dates/weekdays.tsv"},
    "polex_dates": {"data_dir": "dates"},
    "polex_amounts": {"data_dir": "amounts"},
}
# The ORG judge (orgs/judge.py) runs after polex_orgs where params.yaml's extract.org_judge says so.
JUDGE = {**COMPONENTS["polex_orgs"], "weights": "orgs/judge_weights.tsv"}


@dataclass
class Settings:
    model: str
    models_dir: Path
    chunk_chars: int = 20000
    batch_size: int = 16
    n_process: int = 1
    local_dollar_share: float = 0.5
    org_judge: bool = False
    org_judge_reject_below: float = 0.3
    org_judge_accept_from: float = 0.9

    def judge_config(self) -> dict | None:
        if not self.org_judge:
            return None
        return {"reject_below": self.org_judge_reject_below, "accept_from": self.org_judge_accept_from}


def build_nlp(model: str, models_dir: Path, org_judge: dict | None = None) -> Language:
    """`org_judge`: the ORG judge's config (orgs/judge.py) where it runs; None, it does not."""
    base = spacy.load(model)
    nlp = spacy.load(model, exclude=[name for name in base.pipe_names if name not in KEEP | set(ON_DEMAND)],
                     disable=[name for name in ON_DEMAND if name in base.pipe_names])
    for name, paths in COMPONENTS.items():
        component = nlp.add_pipe(name)
        component.initialize(**{key: str(Path(models_dir) / value) for key, value in paths.items()})
    if org_judge is not None:
        nlp.add_pipe("polex_org_judge", after="polex_orgs", config=org_judge).initialize(
            **{key: str(Path(models_dir) / value) for key, value in JUDGE.items()})
    # The model and the rules live as long as the process: frozen out of the cyclic collector's
    # sight, its full collections no longer walk them again and again while documents run
    # (3% of extract's CPU time on the benchmark's texts).
    gc.collect()
    gc.freeze()
    return nlp


def anchor_day(anchor: str) -> datetime.date | None:
    """The day a document date (`2001`, `2001-10`, `2001-10-15`) starts on."""
    m = re.match(r"(\d{4})(?:-(\d\d))?(?:-(\d\d))?$", anchor or "")
    if not m:
        return None
    try:
        return datetime.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        return None


def chunks(text: str, max_chars: int) -> list[tuple[int, str]]:
    """Cut `text` at line ends into pieces of at most about `max_chars`, so a
    big document never reaches spaCy's max_length and memory stays flat."""
    pieces, start = [], 0
    while start < len(text):
        end = min(len(text), start + max_chars)
        if end < len(text):
            cut = text.rfind("\n", start, end)
            end = cut + 1 if cut > start else end
        pieces.append((start, text[start:end]))
        start = end
    return pieces


def decided(text: str, candidates: list[Candidate], technical: TechnicalFilter, issuers: list[str] = (),
            day: datetime.date | None = None, dollar_share: float | None = 0.5, view: str | None = None) -> list[Entity]:
    """A whole document's entities from its pieces' candidates: the technical
    filter, resolve.py's decisions, then the filter's last check. The rules read
    the text with its layout white space as spaces (`view`: spaced(text), where
    the caller has it); each entity's text is the document's own."""
    view = spaced(text) if view is None else view
    blocked = technical.blocked(view)
    chosen = resolve(view, technical(view, candidates, blocked), technical.acronyms, issuers, day, dollar_share)
    found = technical.final(view, chosen, blocked)
    return [Entity(e.label, e.start, e.end, text[e.start:e.end], e.norm) for e in found]


def issuing(issuers_of: IssuerReader, meta: dict, local_dollar_share: float) -> tuple[list[str], float | None]:
    """The countries a document's meta (`source`, `title`, `issuer`) says issued
    it, and the share of a bare $ that makes it their dollar: none where the
    issuing body's name names no country (`World Bank`: no local dollar)."""
    issuers = issuers_of(meta.get("source", ""), meta.get("title", ""), meta.get("issuer", ""))
    international = bool(meta.get("issuer")) and not issuers_of.from_body(meta["issuer"])
    return issuers, None if international else local_dollar_share


def extract_documents(
    nlp: Language, documents: Iterable[tuple], settings: Settings,
    on_error: Callable[[str, str], None] | None = None,
) -> Iterator[tuple[str, list[Entity]]]:
    """(doc_id, text, anchor) or (doc_id, text, anchor, meta) in, (doc_id,
    entities) out, in the same order; `meta` may give the document's `source`
    and `title`, which tell who issued it. With `on_error`, a document that a
    component fails on is reported to it as (doc_id, message) and left out; the
    others go on. Without, the error is raised."""
    issuers_of = IssuerReader(nlp.get_pipe("polex_countries").find,
                              topic_words(Path(settings.models_dir) / "country_context.tsv"))
    technical = technical_filter(Path(settings.models_dir) / "orgs")
    pending: dict[str, list] = {}
    failures: dict[str, str] = {}
    def record(name, component, docs, error):
        for doc in docs:
            failures[doc.user_data["polex"][0]] = f"{name} failed: {type(error).__name__}: {error}"

    # spaCy calls this for a component without its own handler, such as ours
    # (nlp.set_error_handler would also reach the NER, which does not support it).
    nlp.default_error_handler = raise_error if on_error is None else record

    def docs():
        for doc_id, text, anchor, *meta in documents:
            meta = meta[0] if meta else {}
            view = spaced(text)
            pieces = chunks(view, settings.chunk_chars) or [(0, "")]
            issuers, share = issuing(issuers_of, meta, settings.local_dollar_share)
            about = (issuers, anchor_day(anchor), view, share)
            pending[doc_id] = [text, len(pieces), [], about]
            for offset, piece in pieces:
                doc = nlp.make_doc(piece)
                doc.user_data["polex_text"] = piece  # what text_of would join again from the tokens
                doc._.anchor = anchor
                doc._.issuer = next(iter(about[0]), "")
                doc.user_data["polex"] = (doc_id, offset)
                yield doc

    for doc in nlp.pipe(docs(), batch_size=settings.batch_size, n_process=settings.n_process):
        doc_id, offset = doc.user_data["polex"]
        entry = pending[doc_id]
        entry[2].extend(
            Candidate(c.label, c.start + offset, c.end + offset, c.norm, c.source) for c in candidates_of(doc)
        )
        entry[1] -= 1
        if entry[1] == 0 and doc_id not in failures:
            text, _, found, (issuers, day, view, share) = pending.pop(doc_id)
            try:
                yield doc_id, decided(text, found, technical, issuers, day, share, view)
            except Exception as error:
                if on_error is None:
                    raise
                on_error(doc_id, f"resolve failed: {type(error).__name__}: {error}")
    for doc_id in pending:  # a piece of it never came back from the pipeline
        on_error(doc_id, failures.get(doc_id, "a pipeline component failed on it"))

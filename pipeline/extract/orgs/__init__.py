"""ORG: proposes organization names from their shape (shape.py: capitalized
runs holding a head word such as `Bank` or `Council`), from well-known names,
from spaCy's NER (ner.py), from acronym and alias definitions
(abbreviations.py), and from acronyms that their context or a list shows to
be bodies (acronyms.py). Word classes and names are data in models/orgs/ (words.py).
Linking a short form to its long form across the whole document is resolve.py's
job; this component marks the definitions it sees."""
from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.lexicon import collapse
from pipeline.extract.candidates import Candidate, add, text_of
from pipeline.extract.orgs.abbreviations import definitions
from pipeline.extract.orgs.acronyms import AcronymContext, AcronymShapes, acronym_shapes, acronym_spans, programme_acronyms
from pipeline.extract.orgs.ner import BodyContext, LowerWords, ner_spans
from pipeline.extract.tagging import batch_tagger, noun_at
from pipeline.extract.orgs.shape import shape_spans
from pipeline.extract.orgs.shown import NameContext, affiliations, shown_names, without_form
from pipeline.extract.orgs.units import unit_spans
from pipeline.extract.orgs.words import OrgWords


# The NER's labels of names that are no body's: a person's affiliation written so is none.
NOT_BODIES = {"PERSON", "GPE", "LOC", "FAC", "NORP"}


@Language.factory("polex_orgs")
class OrgFinder:
    """Proposes ORG candidates; word lists come from `initialize(data_dir=...)`."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.nlp = nlp
        self.words: OrgWords | None = None
        self.context: BodyContext | None = None
        self.acronym_context: AcronymContext | None = None
        self.acronym_shapes: AcronymShapes | None = None
        self.name_context: NameContext | None = None

    def initialize(self, get_examples=None, *, nlp=None, data_dir: str = "models/orgs",
                   months: str = "models/dates/months.tsv", weekdays: str = "models/dates/weekdays.tsv"):
        self.words = OrgWords(Path(data_dir), Path(months), Path(weekdays))
        self.context = BodyContext(Path(data_dir) / "contexts.tsv")
        self.acronym_context = AcronymContext(Path(data_dir) / "acronym_contexts.tsv")
        self.acronym_shapes = acronym_shapes(Path(data_dir) / "acronym_patterns.tsv")
        self.name_context = NameContext(Path(data_dir) / "name_contexts.tsv")

    def acts_as_body(self, text: str, long: str, short: str) -> bool:
        """Whether a short form defined for a name without a head word (`Argentina-U.S.
        Dialogue on Illicit Finance (AUDIF)`) names a body all the same: the text writes
        it where only a body stands (acronym_contexts.tsv: `the AUDIF agreed`). Not
        where the long form is no name (words other than connectors in lower case: `the
        Cordillera visited Administrative Region (CAR)`, `social units (SU)`), nor where a
        year comes before the short form (`the 2024 ATA said`: an edition of a report)."""
        parts = long.split()
        if long == short or any(p[0].islower() and p not in self.words.connector for p in parts):
            return False
        uses = self.acronym_shapes.uses(text, {short})
        return not any(self.acronym_shapes.year_before.search(text, max(0, s - 8), s) for s, _ in uses) \
            and any(self.acronym_context(text, s, e, defined=True) for s, e in uses)

    def __call__(self, doc: Doc) -> Doc:
        if self.words is None:
            raise ValueError(f"{self.name}: call initialize(data_dir=...) before use")
        text, words = text_of(doc), self.words
        found = []
        countries = {(c[1], c[2]) for c in (doc._.candidates or []) if c[0] == "COUNTRY"}
        spans = [(s, e, "known") for s, e in words.known_spans(text)]
        tag_all = batch_tagger(self.nlp)
        people = {e.end_char: e.start_char for e in doc.ents if e.label_ == "PERSON" and len(e) > 1}
        spans += [(s, e, "shape") for s, e in shape_spans(words, text, countries, noun_at(doc, tag_all), people)] \
            + unit_spans(words, text, countries)
        org_ends = {e: s for s, e, _ in spans}
        named = [(s, e) for s, e, _ in spans]
        lower_words = LowerWords(text)
        is_word = lambda w: w.lower() in lower_words  # noqa: E731
        shown = shown_names(words, text, self.name_context, countries, is_word)
        for (ls, le), (ss, se), is_org in definitions(words, text, org_ends, countries, lower_words.__contains__):
            # `American Metal Resources (AMR)`, `a subsidiary of AMR`; `... on Illicit Finance (AUDIF)`, `the AUDIF agreed`
            if is_org or text[ss:se] in shown or self.acts_as_body(text, text[ls:le], text[ss:se]):
                long = collapse(text[ls:le])
                found.append(Candidate("ORG", ls, le, long, "definition"))
                found.append(Candidate("ORG", ss, se, long, "definition"))
                named += [(ls, le), (ss, se)]
            else:  # and a long form that reads as a body's name is none here (`... Units (SURS)`)
                found += [Candidate("NOT_ORG", s, e, text[s:e], "definition") for s, e in {(ss, se), (ls, le)}]
        acronyms = self.acronym_shapes.written(text)
        found += [Candidate("NOT_ORG", s, e, text[s:e], "acronym")
                  for s, e in programme_acronyms(words, text, acronyms, self.acronym_shapes)]
        not_bodies = countries | {(c.start, c.end) for c in found if c.label == "NOT_ORG"}
        found += [Candidate("ORG", s, e, text[s:e], "acronym") for s, e in acronym_spans(
            text, acronyms, named, not_bodies, is_word, self.acronym_context, self.acronym_shapes)]
        shown |= without_form(words, text, named, {text[s:e] for s, e in countries})
        persons = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]
        places = {e.text for e in doc.ents if e.label_ in NOT_BODIES} | {text[s:e] for s, e in countries}
        ner = ner_spans(words, doc, self.context, tag_all, lower_words)
        bodies = set(named) | set(ner) | {(c.start, c.end) for c in found if c.label == "ORG"}
        shown |= {text[s:e] for s, e in affiliations(self.name_context, text, persons, places, bodies)}
        found += [Candidate("ORG", s, e, text[s:e], "context") for s, e in self.acronym_shapes.uses(text, shown)
                  if (s, e) not in countries]
        spans += [(s, e, "ner") for s, e in ner]
        # A name before `securities`, `bills`, `bonds` names the security (`Treasury securities`), not
        # the body; a forum dated in the text is an event (`the Global Refugee Forum in December 2019`),
        # unless it is a well-known standing one.
        # ... and a plural head qualified by words the text writes in lower case describes a kind of
        # body (`Multilateral Development Banks` beside `multilateral development banks`).
        found += [Candidate("ORG", s, e, collapse(text[s:e]), source) for s, e, source in spans
                  if not words.before_instrument(text, e) and not words.names_a_portfolio(text, s, e, countries)
                  and (source == "known" or not (words.held_on_a_date(text, s, e)
                                                 or words.describes_a_kind(text[s:e], lower_words.__contains__)))]
        add(doc, found)
        return doc

"""What the ORG judge (judge.py) knows about a candidate span: plain,
named features read from the Doc, each 0 or 1 unless its name says a count.
The word classes are those of models/orgs/ (words.py), so the features say
what the rules' own data says about the span, and the judge weighs it."""
from __future__ import annotations

import math
import re
from typing import NamedTuple

from spacy.tokens import Doc

from pipeline.extract.orgs.ner import BodyContext, LowerWords
from pipeline.extract.orgs.words import OrgWords

# The finders whose ORG candidates the judge weighs; `dropped` is an NER ORG
# span that ner.py did not accept. Definitions and their linked short forms are
# the document's own word and are not judged.
SOURCES = ("shape", "known", "examples", "ner", "dropped")
# NER labels other than ORG that say what else a span may be.
OTHER_LABELS = ("PERSON", "GPE", "NORP", "LAW", "PRODUCT", "EVENT", "WORK_OF_ART", "FAC", "LOC")
NAMES = (
    ("bias",)
    + tuple(f"source_{s}" for s in SOURCES)
    + ("ner_exact", "ner_overlaps", *(f"ner_{label.lower()}" for label in OTHER_LABELS))
    + ("words_1", "words_2", "words_3_4", "words_5_up", "acronym", "all_caps", "has_digit", "has_connector")
    + ("org_name", "has_head", "has_nonorg", "generic", "known", "one_word_body", "not_org", "role",
       "demonym_first", "lower_in_text", "gerund_first", "crosses_line", "has_tab")
    + ("log_mentions", "log_ner_mentions", "in_parentheses", "after_the", "after_lower_word", "before_of", "before_possessive",
       "starts_line", "caps_line", "gapped_line", "body_context", "before_instrument")
    + ("company_form_last", "title_case", "before_short_form", "after_possessive", "coordinated_org")
)
# A short form in brackets right after a name (`American Metal Resources (AMR)`).
SHORT_FORM_AFTER = re.compile(r"\s*\(([A-Z][A-Za-z&.-]*[A-Z])\)")
# What joins two names of one list (`ZB Holdings Limited, Intermarket Holdings
# Limited and Scotfin Limited`; `Conservation International, the Nature Conservancy`).
COORDINATION = re.compile(r"\s*(?:,|;|,?\s+and|,?\s+or|\s+&)\s+(?:the\s+)?")
COORDINATION_REACH = 12  # characters: the longest such join


class Judged(NamedTuple):
    start: int
    end: int
    source: str


def _word_before(text: str, start: int) -> str:
    words = text[max(0, start - 30):start].split()
    return words[-1] if words else ""


def _word_after(text: str, end: int) -> str:
    words = text[end:end + 30].split()
    return words[0] if words else ""


class FeatureReader:
    """Feature vectors (dicts keyed by NAMES) for spans of one Doc."""

    def __init__(self, words: OrgWords, context: BodyContext):
        self.words, self.context = words, context

    def document(self, doc: Doc, text: str) -> "DocFeatures":
        return DocFeatures(self, doc, text)


class DocFeatures:
    def __init__(self, reader: FeatureReader, doc: Doc, text: str):
        self.words, self.context = reader.words, reader.context
        self.text = text
        self.ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        self.lower = LowerWords(text)
        self.mentions: dict[str, int] = {}
        self.ner_mentions: dict[str, int] = {}
        for e in doc.ents:
            if e.label_ == "ORG":
                self.ner_mentions[e.text] = self.ner_mentions.get(e.text, 0) + 1
        # Where names of bodies start and end: the finders' ORG candidates and the NER's ORG spans.
        names = [(c[1], c[2]) for c in (doc._.candidates or []) if c[0] == "ORG"]
        names += [(s, e) for s, e, label in self.ents if label == "ORG"]
        self.name_starts: dict[int, set[int]] = {}
        self.name_ends: dict[int, set[int]] = {}
        for s, e in names:
            self.name_starts.setdefault(s, set()).add(e)
            self.name_ends.setdefault(e, set()).add(s)

    def count(self, name: str) -> int:
        if name not in self.mentions:
            self.mentions[name] = self.text.count(name)
        return self.mentions[name]

    def coordinated(self, start: int, end: int) -> bool:
        """Whether another name joins this one in a list (`A, B and C`), before or after it."""
        text = self.text
        joined = COORDINATION.match(text, end)
        if joined and any(e != end for e in self.name_starts.get(joined.end(), ())):
            return True
        for e in range(max(0, start - COORDINATION_REACH), start):
            if e in self.name_ends and COORDINATION.fullmatch(text, e, start) and \
                    any(s != start for s in self.name_ends[e]):
                return True
        return False

    def __call__(self, c: Judged) -> dict[str, float]:
        text, words = self.text, self.words
        name = text[c.start:c.end]
        tokens = [w for w in words.token.findall(name) if w[0].isalnum()] or [name]
        lowered = name.lower()
        f = dict.fromkeys(NAMES, 0.0)
        f["bias"] = 1.0
        f[f"source_{c.source}"] = 1.0
        for s, e, label in self.ents:
            if s < c.end and c.start < e:
                if label == "ORG":
                    f["ner_exact" if (s, e) == (c.start, c.end) else "ner_overlaps"] = 1.0
                elif label in OTHER_LABELS:
                    f[f"ner_{label.lower()}"] = 1.0
        n = len(tokens)
        f["words_1" if n == 1 else "words_2" if n == 2 else "words_3_4" if n <= 4 else "words_5_up"] = 1.0
        letters = [ch for ch in name if ch.isalpha()]
        f["acronym"] = float(n == 1 and sum(ch.isupper() for ch in name) >= 2)
        f["all_caps"] = float(n > 1 and bool(letters) and all(ch.isupper() for ch in letters))
        f["has_digit"] = float(any(ch.isdigit() for ch in name))
        f["has_connector"] = float(any(t.lower() in words.connector for t in tokens[1:-1]))
        f["org_name"] = float(words.is_org_name(name))
        f["has_head"] = float(words.has_head(tokens))
        f["has_nonorg"] = float(words.has_nonorg(tokens))
        f["generic"] = float(words.is_generic([t for t in tokens if t.lower() not in words.connector]))
        f["known"] = float(name in words.known)
        f["one_word_body"] = float(lowered in words.one_word_bodies)
        f["not_org"] = float(name in words.not_orgs)
        f["role"] = float(words.names_a_role(name))
        f["demonym_first"] = float(tokens[0] in words.demonyms)
        # `the implementing agency` elsewhere: the text writes the words as common nouns
        f["lower_in_text"] = float(lowered != name and (lowered in self.lower if n == 1 else self.count(lowered) > 0))
        f["gerund_first"] = float(tokens[0].lower().endswith("ing") and tokens[0].lower() not in words.head)
        f["crosses_line"] = float("\n" in name)
        f["has_tab"] = float("\t" in name)
        f["log_mentions"] = math.log1p(self.count(name))
        f["log_ner_mentions"] = math.log1p(self.ner_mentions.get(name, 0))
        f["in_parentheses"] = float(text[c.start - 1:c.start] == "(" and text[c.end:c.end + 1] == ")")
        before, after = _word_before(text, c.start), _word_after(text, c.end)
        f["after_the"] = float(before.lower() == "the")
        f["after_lower_word"] = float(before.isalpha() and before.islower() and before != "the")
        f["before_of"] = float(after == "of")
        f["before_possessive"] = float(text[c.end:c.end + 2] in ("'s", "’s"))
        line_start = text.rfind("\n", 0, c.start) + 1
        line_end = text.find("\n", c.end)
        line = text[line_start:line_end if line_end >= 0 else len(text)]
        f["starts_line"] = float(not text[line_start:c.start].strip())
        caps = [ch for ch in line if ch.isalpha()]
        f["caps_line"] = float(len(caps) > 3 and all(ch.isupper() for ch in caps))
        f["gapped_line"] = float("\t" in line or "   " in line.strip())  # a table's row or PDF text set by tabs
        f["body_context"] = float(self.context(text, c.start, c.end))
        f["before_instrument"] = float(words.before_instrument(text, c.end))
        f["company_form_last"] = float(tokens[-1].lower() in words.company_forms)
        content = [t for t in tokens if t.lower() not in words.connector]
        f["title_case"] = float(n > 1 and all(words.is_capitalized(t) for t in content))
        f["before_short_form"] = float(bool(SHORT_FORM_AFTER.match(text, c.end)))
        f["after_possessive"] = float(text[max(0, c.start - 3):c.start].rstrip().endswith(("'s", "’s")))
        f["coordinated_org"] = float(self.coordinated(c.start, c.end))
        return f

"""ORG: proposes organization names from their shape (capitalized runs holding
a head word such as `Bank` or `Council`), from well-known names, from spaCy's
NER, and from acronym and alias definitions (`Full Name (ACR)`, `ACR (Full
Name)`, `Name (Other Name)`). Word classes and names are data in models/orgs/.
Linking a short form to its long form across the whole document is resolve.py's
job; this component marks the definitions it sees."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.lexicon import alternation, column, read_table
from pipeline.extract.candidates import Candidate, add, inside_word

# A word: an abbreviation with periods (U.S.), or letters/digits joined by - ' & + .
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|\w[\w&+.'’–-]*\w\+?|\w|[^\w\s]")
_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9&+.-]*$")
_PAREN = re.compile(r"\(([^()]{1,90})\)")
MIN_NER_REPEATS = 3  # a lone capitalized word spaCy calls ORG this much more often than anything else is one
WINDOW_CHARS = 300  # how far back a long form may start before its `(ACR)`
_NUMBERED = re.compile(r"^\d+(?:st|nd|rd|th)$")  # `5th BRICS Summit`: a numbered session is an event


@dataclass
class Token:
    start: int
    end: int
    text: str


def spaced(pattern: str) -> str:
    """Let an escaped multi-word alternation match across line breaks and space runs."""
    return pattern.replace(r"\ ", r"\s+")


def collapse(text: str) -> str:
    return " ".join(text.split())


def long_form(short: str, before: str) -> str | None:
    """Schwartz & Hearst (2003): the shortest tail of `before` whose letters
    spell `short` in order, its first letter starting a word."""
    s, l = len(short) - 1, len(before) - 1
    while s >= 0:
        c = short[s].lower()
        if not c.isalnum():
            s -= 1
            continue
        while l >= 0 and (before[l].lower() != c or (s == 0 and l > 0 and before[l - 1].isalnum())):
            l -= 1
        if l < 0:
            return None
        l -= 1
        s -= 1
    start = max(before.rfind(" ", 0, l + 1), before.rfind("\n", 0, l + 1)) + 1
    return before[start:]


class OrgRules:
    def __init__(self, data_dir: Path, months_table: Path):
        data_dir = Path(data_dir)
        classes: dict[str, set[str]] = {}
        for row in read_table(data_dir / "words.tsv"):
            classes.setdefault(row["class"], set()).add(row["word"].lower())
        self.head = classes.get("head", set())
        self.nonorg = classes.get("nonorg", set())
        self.connector = classes.get("connector", set())
        self.lead = classes.get("lead", set())
        self.generic = classes.get("generic", set()) | self.head
        self.notname = classes.get("notname", set())
        self.ordinal = classes.get("ordinal", set())
        self.head_initial = classes.get("head_initial", set())
        self.possessive_names = classes.get("possessive_name", set())
        self.brand = classes.get("brand", set())
        self.known = set(column(data_dir / "known.tsv"))
        self.not_orgs = set(column(data_dir / "not_orgs.tsv"))
        self.demonyms = set(column(data_dir / "demonyms.tsv"))
        self.months = set(column(Path(months_table)))
        self.known_regex = re.compile(r"(?<![\w.+])" + spaced(alternation(sorted(self.known))) + r"(?![\w+])")

    # --- word classes -------------------------------------------------
    @staticmethod
    def is_capitalized(word: str) -> bool:
        head, _, rest = word.partition("-")
        return word[0].isupper() or (head.islower() and rest[:1].isupper())

    @staticmethod
    @lru_cache(maxsize=65536)
    def parts(word: str) -> tuple[str, ...]:
        """`Co-operation` -> (`co`, `operation`): each part of a hyphenated word, lower case."""
        return tuple(p for p in word.lower().replace("‐", "-").split("-") if p)

    def has_head(self, words: list[str]) -> bool:
        return any(p in self.head or p in self.head_initial or p in self.brand for w in words for p in self.parts(w))

    def has_nonorg(self, words: list[str]) -> bool:
        return any(p in self.nonorg for w in words for p in self.parts(w))

    def is_org_name(self, name: str) -> bool:
        """Whether a whole name reads as an organization by its words."""
        words = [w for w in _TOKEN.findall(name) if w[0].isalnum()]
        if not words or name in self.not_orgs:
            return False
        if name in self.known:
            return True
        if not self.is_capitalized(words[0]) or words[0].lower() in self.ordinal or _NUMBERED.match(words[0]):
            return False
        content = [w for w in words if w.lower() not in self.connector]
        if content[0] in self.demonyms:
            content = content[1:]  # `Chinese Government` is a demonym and a common noun
        if all(p in self.generic for w in content for p in self.parts(w)) or len(words) == 1 and words[0].lower() in self.brand:
            return False
        if words[0].lower() in self.head_initial:
            return True  # `Agence Française de Développement`, `Banco Central do Brasil`
        # The word before any complement names what the body is: `Bank of Japan` is a
        # bank, `Members of Congress` people, `Okinawa Charter on ...` a document.
        first = self.first_segment(words)
        if len(first) > 1 and first[-1].lower() == "general":
            first = first[:-1]  # `Directorate General of Budget`
        return self.has_head(first[-1:])

    def first_segment(self, words: list[str]) -> list[str]:
        """The words before the first connector: `Bank` in `Bank for International Cooperation`."""
        for i, word in enumerate(words):
            if i and word.lower() in self.connector and word.lower() not in ("and", "&"):
                return words[:i]
        return words

    # --- finders --------------------------------------------------------
    def known_spans(self, text: str) -> list[tuple[int, int]]:
        return [m.span() for m in self.known_regex.finditer(text) if not inside_word(text, m.start(), m.end())]

    def runs(self, text: str) -> list[list[Token]]:
        """Maximal runs of capitalized words and the connectors between them."""
        tokens = [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
        width = self._wrap_width(text)
        runs, current = [], []
        for i, tok in enumerate(tokens):
            gap = text[current[-1].end:tok.start] if current else ""
            wrapped = current and (current[-1].text.lower() in self.connector or self._wrapped_line(text, current[-1].end, width))
            if current and ("   " in gap or ("\n" in gap and (gap.count("\n") > 1 or not wrapped))):
                runs.append(current)  # a blank line, a layout gap, or a line that ends its sentence
                current = []
            word = tok.text
            shouting = word.isupper() and bool(current) and current[-1].text.isupper()
            if current and word[0].isupper() and word.lower() in self.lead and not shouting:
                runs.append(current)  # `... Africa\nAt the Third ...`: a sentence opener starts anew
                current = []
            if word in self.months:
                if current:
                    runs.append(current)
                current = []
                continue
            if shouting and word.lower() in self.connector:
                current.append(tok)
            elif word[0].isalpha() and self.is_capitalized(word):
                if word.endswith(("'s", "’s")) and word.lower().replace("’", "'") not in self.possessive_names:
                    current.append(Token(tok.start, tok.end - 2, word[:-2]))
                    runs.append(current)
                    current = []
                    continue
                current.append(tok)
            elif current and word == "in" and self.has_head([current[-1].text]):
                runs.append(current)  # `NEPAD Secretariat in Midrand`: a place, not part of the name
                current = []
            elif current and (word in self.connector or (word == "," and self._comma_inside(tokens, i))):
                current.append(tok)
            elif current:
                runs.append(current)
                current = []
        if current:
            runs.append(current)
        return runs

    @staticmethod
    def _wrap_width(text: str) -> int:
        """The width a hard-wrapped text is wrapped at (its long lines' length)."""
        lengths = sorted(len(line) for line in text.split("\n") if line.strip())
        return lengths[int(len(lengths) * 0.9)] if lengths else 0

    @staticmethod
    def _wrapped_line(text: str, pos: int, width: int) -> bool:
        """A line that breaks inside a sentence: near the wrap width, no final punctuation."""
        line_start = text.rfind("\n", 0, pos) + 1
        line_end = text.find("\n", pos)
        line_end = len(text) if line_end < 0 else line_end
        return line_end - line_start >= max(40, 0.75 * width) and text[pos - 1].isalnum() and line_end - pos <= 1

    def _comma_inside(self, tokens: list[Token], i: int) -> bool:
        """`Educational, Scientific and Cultural`: a comma inside a name is followed
        by one capitalized word and then another comma or `and`."""
        nxt = tokens[i + 1: i + 3]
        return (
            len(nxt) == 2
            and nxt[0].text[0].isupper()
            and nxt[0].text.lower() not in self.head
            and nxt[1].text in (",", "and")
        )

    def split_run(self, run: list[Token]) -> list[list[Token]]:
        """Split `World Bank and the Asian Development Bank` into two names."""
        pieces, current = [], []
        for i, tok in enumerate(run):
            if tok.text == "of" and current:
                rest = [t for t in run[i + 1:] if t.text != "the"]
                rest_name = " ".join(t.text for t in rest)
                left_is_body = self.has_head(self.first_segment([t.text for t in current])[-1:])
                if rest and rest[0].text[0].isupper() and (
                        self.has_head([rest[0].text]) or (not left_is_body and self.is_org_name(rest_name))):
                    pieces.append(current)  # `Unit of the Department of ...`, `Chairperson of the African Union Commission`
                    current = []
                    continue
            if tok.text == "and" and current:
                rest = run[i + 1:]
                left = [t.text for t in current]
                right = [t.text for t in rest]
                acronym = bool(rest) and rest[0].text.isupper() and len(rest[0].text) > 1
                if (rest and rest[0].text == "the") or acronym or (self.has_head(left) and self.has_head(right)):
                    pieces.append(current)
                    current = []
                    continue
            current.append(tok)
        pieces.append(current)
        return pieces

    def trim(self, run: list[Token], text: str) -> list[Token]:
        while run and (run[0].text.lower() in self.lead or run[0].text in self.demonyms
                       or run[0].text == ","):
            if run[0].text in self.demonyms and len(run) > 1:
                if any(k.startswith(run[0].text + " " + run[1].text) for k in self.known):
                    break  # `African Union Commission`
                # `Canadian Department of Finance` -> `Department of Finance`, but
                # `Australian Trade Commission` is the name itself.
                rest = [t.text for t in run[1:]]
                first = self.first_segment(rest)
                official = self.has_head(first[-1:]) and len(first) < len(rest)  # `Department of Finance`
                generic = all(p in self.generic for w in rest for p in self.parts(w))
                if official or generic:  # `the French Government` is no name at all
                    run = run[1:]
                    continue
                break
            if run[0].text.lower() not in self.lead and run[0].text != ",":
                break
            run = run[1:]
        while run and (run[-1].text.lower() in self.connector or not run[-1].text[0].isalnum()):
            run = run[:-1]
        return run

    def named_after_country(self, text: str, piece: list[Token], countries: set[tuple[int, int]]) -> bool:
        """`Statistics Canada`, `Employment and Social Development Canada`: a body
        named with capitalized words and then its country, as Canada's are."""
        country = next(((s, e) for s, e in countries if e == piece[-1].end and s > piece[0].start), None)
        if country is None:
            return False
        before = [t for t in piece if t.end <= country[0]]
        words = [t.text for t in before]
        if not words or "," in words or words[-1].lower() in self.connector:
            return False
        return (
            words[0].lower() not in self.notname
            and not self.has_nonorg(words)
            and "\n" not in text[piece[0].start:piece[-1].end]
            and all(w == "and" or (w.lower() not in self.connector and w.lower() not in self.notname
                                   and w not in self.demonyms) for w in words)
            and not any((t.start, t.end) in countries for t in before)
        )

    def shape_spans(self, text: str, countries: set[tuple[int, int]] = frozenset()) -> list[tuple[int, int]]:
        found = []
        for run in self.runs(text):
            for piece in self.split_run(run):
                piece = self.trim(piece, text)
                if not piece:
                    continue
                if self.named_after_country(text, piece, countries):
                    found.append((piece[0].start, piece[-1].end))
                    continue
                words = [t.text for t in piece]
                if len(words) >= 2 and words[0].lower() in self.head and words[1] == "in":
                    continue  # `Fund in UNDP`: a head word that is a common noun here
                while piece:
                    piece = self.end_at_head(piece)
                    start, end = piece[0].start, piece[-1].end
                    if len(piece) > 1 and (start, end) not in countries and self.is_org_name(text[start:end]):
                        found.append((start, end))
                        break
                    piece = self.after_connector(piece)  # `Talks in the Korea–Viet Nam Joint Committee`
        return found

    def after_connector(self, run: list[Token]) -> list[Token]:
        """What follows the first connector words, if a capitalized word follows them."""
        for i, tok in enumerate(run[1:], 1):
            if tok.text.lower() in self.connector:
                rest = run[i:]
                while rest and rest[0].text.lower() in self.connector:
                    rest = rest[1:]
                return rest
        return []

    def end_at_head(self, run: list[Token]) -> list[Token]:
        """`Business Council Annual Luncheon` -> `Business Council`: a name without
        a complement (`of ...`, `for ...`) ends at its last head word."""
        if any(t.text.lower() in self.connector and t.text.lower() not in ("and", "&") for t in run[1:]):
            return run
        heads = [i for i, t in enumerate(run) if self.has_head([t.text])]
        if not heads or self.has_nonorg([t.text for t in run[heads[-1] + 1:]]):
            return run  # `... Service Bulletin` is a document, not the service
        return run[: heads[-1] + 1]

    def definitions(self, text: str, org_spans: dict[int, int], countries: set[tuple[int, int]]
                    ) -> list[tuple[tuple[int, int], tuple[int, int], bool]]:
        """(long span, short span, is_org) for each `Long (Short)` or `Short (Long)`.
        `org_spans` maps the end of each shape or known ORG span to its start;
        `countries` are the country spans, never an alias."""
        found = []
        for m in _PAREN.finditer(text):
            inner_start = m.start(1)
            content = m.group(1)
            lead = re.match(r"(?:the|The)\s+", content)
            if lead:
                inner_start += lead.end()
                content = content[lead.end():]
            content = content.rstrip()
            inner_end = inner_start + len(content)
            if not content or (inner_start, inner_end) in countries:
                continue
            before_end = m.start()
            while before_end > 0 and text[before_end - 1] in " \t\n":
                before_end -= 1
            window_start = max(0, before_end - WINDOW_CHARS)
            window = text[window_start:before_end].replace("\n", " ")
            words = content.split()
            preceding = org_spans.get(before_end)
            if _ACRONYM.match(words[0]) and sum(c.isupper() for c in words[0]) >= 2 and len(words) <= 2:
                tail = " ".join(window.split(" ")[-(2 * len(content) + 2):])
                long = long_form(content, tail)
                if long and long[0].isupper():
                    start = before_end - len(long)
                    if preceding is not None and preceding < start:
                        start = preceding  # `Office of the United Nations High Commissioner for Refugees (UNHCR)`
                    long_text = text[start:before_end]
                    is_org = content not in self.not_orgs and (content in self.known or self.is_org_name(collapse(long_text)))
                    found.append(((start, before_end), (inner_start, inner_end), is_org))
                    continue
                last = re.search(r"([A-Z][\w-]*)\s*$", window)
                if preceding is None and last and last.group(1).lower() in self.nonorg:
                    found.append(((inner_start, inner_end), (inner_start, inner_end), False))  # `... Programme (PEPAM)`
                    continue
                if preceding is not None and content not in self.not_orgs:
                    # `Federal Ministry ... (BMZ)`; a demonym the acronym spells is part of the name
                    demonym = re.search(r"(\S+)\s+$", text[max(0, preceding - 40):preceding])
                    if demonym and demonym.group(1) in self.demonyms and content[0] == demonym.group(1)[0] != text[preceding]:
                        preceding -= len(demonym.group(0))  # `German Corporation for ... (GIZ)`
                    found.append(((preceding, before_end), (inner_start, inner_end), True))
                    continue
            if not words[0][0].isupper():
                continue
            prev = re.search(r"([A-Z][\w&+.-]*)\s*$", window)
            spelled = prev and long_form(prev.group(1), collapse(content)) == collapse(content)
            if len(words) >= 2 and prev and sum(c.isupper() for c in prev.group(1)) >= 2 \
                    and (spelled or self.is_org_name(collapse(content))):  # `DEG (German Investment Corporation)`
                start = before_end - len(prev.group(1))
                is_org = prev.group(1) not in self.not_orgs and (prev.group(1) in self.known or self.is_org_name(collapse(content)))
                found.append(((inner_start, inner_end), (start, before_end), is_org))
            elif preceding is not None and (self.is_org_name(collapse(content)) or len(words) == 1):
                found.append(((preceding, before_end), (inner_start, inner_end), True))
        return found

    def accept_ner(self, text: str, ner_orgs: Counter, lower_words) -> bool:
        """Whether an ORG from spaCy's NER stands on its own here. An all-caps
        word that the document also writes in lower case (`AGENCY`) is a word."""
        words = text.split()
        if not words or text in self.not_orgs or not text[0].isupper():
            return False
        if len(words) == 1:
            if (text.isupper() and text.lower() in lower_words) or self.has_nonorg(words):
                return False
            acronym = sum(c.isupper() for c in text) >= 2
            return acronym or ner_orgs[text] >= MIN_NER_REPEATS
        return self.is_org_name(text)


class _LowerWords:
    """The document's lower-case words, found only if an all-caps word needs them."""

    def __init__(self, text: str):
        self.text, self.words = text, None

    def __contains__(self, word: str) -> bool:
        if self.words is None:
            self.words = set(re.findall(r"(?<![\w-])[a-z][a-z-]*(?![\w-])", self.text))
        return word in self.words


@Language.factory("polex_orgs")
class OrgFinder:
    """Proposes ORG candidates; word lists come from `initialize(data_dir=...)`."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.rules: OrgRules | None = None

    def initialize(self, get_examples=None, *, nlp=None, data_dir: str = "models/orgs",
                   months: str = "models/dates/months.tsv"):
        self.rules = OrgRules(Path(data_dir), Path(months))

    def __call__(self, doc: Doc) -> Doc:
        if self.rules is None:
            raise ValueError(f"{self.name}: call initialize(data_dir=...) before use")
        text, rules = doc.text, self.rules
        found = []
        countries = {(c[1], c[2]) for c in (doc._.candidates or []) if c[0] == "COUNTRY"}
        spans = [(s, e, "known") for s, e in rules.known_spans(text)]
        spans += [(s, e, "shape") for s, e in rules.shape_spans(text, countries)]
        org_ends = {e: s for s, e, _ in spans}
        for (ls, le), (ss, se), is_org in rules.definitions(text, org_ends, countries):
            if is_org:
                long = collapse(text[ls:le])
                found.append(Candidate("ORG", ls, le, long, "definition"))
                found.append(Candidate("ORG", ss, se, long, "definition"))
            else:
                found.append(Candidate("NOT_ORG", ss, se, text[ss:se], "definition"))
        ents = list(doc.ents)
        ner = [e for e in ents if e.label_ == "ORG"]
        # A word the NER also calls a place or a person elsewhere (`Rio`) is no sure ORG.
        counts = Counter(e.text for e in ner) - Counter(e.text for e in ents if e.label_ != "ORG")
        lower_words = _LowerWords(text)
        for ent in ner:
            start, end = ent.start_char, ent.end_char
            words = ent.text.split()
            while words and words[0].lower() in rules.lead:
                start = text.index(words[1], start + len(words[0])) if len(words) > 1 else end
                words = words[1:]
            if text[start:end].endswith(("'s", "’s")):
                end -= 2
            inner = max(text.rfind("'s ", start, end), text.rfind("’s ", start, end))
            if inner >= 0:
                start = inner + 3  # `Spokesperson’s Office` -> `Office`, judged alone
            while end > start and not text[end - 1].isalnum() and text[end - 1] not in ".)+":
                end -= 1
            if text[start:end].isupper() and text[end:end + 1] == ":":
                continue  # a form label such as `AGENCY:`
            if start < end and rules.accept_ner(text[start:end], counts, lower_words):
                spans.append((start, end, "ner"))
        found += [Candidate("ORG", s, e, collapse(text[s:e]), source) for s, e, source in spans]
        add(doc, found)
        return doc

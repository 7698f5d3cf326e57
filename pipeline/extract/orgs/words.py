"""The word classes of models/orgs/ and what they say about a whole name:
whether `Bank of Japan` reads as an organization by its words."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable
from pathlib import Path

from pipeline import scan
from pipeline.lexicon import column, indexed_alternation, named_rules, read_table, spaced
from pipeline.extract.candidates import inside_word

# Words a plural head needs before it to name a class of bodies rather than describe one.
MIN_PLURAL_NAME_WORDS = 2
# A word: an abbreviation with periods (U.S.), or letters/digits joined by ' & + . (a
# period before a capitalized word ends a sentence whose space was lost, `of India.The U.S.`,
# unless it ends an abbreviation such as `St.`); hyphens join such words, abbreviations too
# (`India–U.S.`, `U.S.-India`, `Co-operation`).
ABBREVIATION = r"(?:[A-Z]\.){2,}"
PLAIN = r"\w(?:[\w&+'’]|(?<!\b[A-Z][a-z])\.(?![A-Z][a-z])|(?<=\b[A-Z][a-z])\.)*\w\+?|\w"
WORD = rf"(?:{ABBREVIATION}|{PLAIN})(?:[–-]+(?:{ABBREVIATION}|{PLAIN}))*|[^\w\s]"
TOKEN = re.compile(WORD)


def unaccented(word: str) -> str:
    """`corporación` -> `corporacion`: the word without its accents."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


@dataclass(slots=True)  # slots: a document has thousands, made in half the time
class Token:
    start: int
    end: int
    text: str


def shortened_word(shortened: list[str]) -> re.Pattern | None:
    """Each abbreviated word of `shortened` (`dept.`) with its period, any case."""
    short = "|".join(re.escape(w[:-1]) for w in sorted(shortened, key=len, reverse=True))
    return re.compile(rf"(?i:{short})\.(?!\w)") if short else None


def shortened_in_text(shortened: list[str]) -> re.Pattern | None:
    """Whether a text holds a word of shortened_word: a match (the period alone)
    wherever shortened_word has one, written as the period with the words in
    look-behinds, one per length. `re` then jumps from period to period, where
    words in any case give it no first character to skip to: on a text without
    one it takes about a hundredth of shortened_word's search."""
    by_length: dict[int, list[str]] = {}
    for word in sorted(set(shortened)):
        by_length.setdefault(len(word) - 1, []).append(re.escape(word[:-1]))
    behind = "|".join(rf"(?<=(?i:{'|'.join(words)})\.)" for _, words in sorted(by_length.items(), reverse=True))
    return re.compile(rf"\.(?!\w)(?:{behind})") if behind else None


def tokenizer(shortened: list[str]) -> re.Pattern:
    """TOKEN, with each abbreviated word of `shortened` (`dept.`) one word with its period, any case."""
    short = shortened_word(shortened)
    return re.compile(rf"{short.pattern}|{WORD}" if short else WORD)


@lru_cache(maxsize=None)
def word_classes(data_dir: Path) -> dict[str, frozenset[str]]:
    """words.tsv of `data_dir`: each class's words, lower case, read once per process
    for the ORG finder and the technical filter alike."""
    classes: dict[str, set[str]] = {}
    for row in read_table(Path(data_dir) / "words.tsv"):
        classes.setdefault(row["class"], set()).add(row["word"].lower())
    return {name: frozenset(words) for name, words in classes.items()}


class OrgWords:
    def __init__(self, data_dir: Path, *calendar_tables: Path):
        """`calendar_tables`: month and weekday names (models/dates/); a name never
        runs across one (`the White House on Thursday` names `White House`)."""
        data_dir = Path(data_dir)
        classes = word_classes(data_dir)
        self.head = classes.get("head", frozenset())
        self.nonorg = classes.get("nonorg", frozenset())
        self.connector = classes.get("connector", frozenset())
        self.lead = classes.get("lead", frozenset())
        self.generic = classes.get("generic", frozenset()) | self.head
        self.notname = classes.get("notname", frozenset())
        self.ordinal = classes.get("ordinal", frozenset())
        # `Corporacion de Fomento`: a name of another language is often written without its accents
        self.head_initial = frozenset(v for w in classes.get("head_initial", ()) for v in (w, unaccented(w)))
        self.possessive_names = classes.get("possessive_name", frozenset())
        self.brand = classes.get("brand", frozenset())
        self.one_word_bodies = classes.get("one_word_body", frozenset())
        self.back_references = classes.get("back_reference", frozenset())
        self.portfolio_bodies = classes.get("portfolio_body", frozenset())
        self.instruments = classes.get("instrument", frozenset())
        self.qualifiers = classes.get("qualifier", frozenset())
        self.unit_nouns = classes.get("unit_noun", frozenset())
        self.titles = classes.get("title", frozenset())
        self.portfolio_titles = classes.get("portfolio_title", frozenset())
        self.title_suffixes = classes.get("title_suffix", frozenset())
        self.body_nouns = classes.get("body_noun", frozenset())
        self.company_forms = classes.get("company_form", frozenset())
        self.roles = classes.get("role", frozenset())
        self.event_heads = classes.get("event_head", frozenset())
        self.common_heads = classes.get("common_head", frozenset())
        self.place_nouns = classes.get("place_noun", frozenset())
        self.organ_words = classes.get("organ", frozenset()) | self.head
        # organs.py: a complement after a name of generic words, the word before it
        self.organ_patterns = {name: re.compile(rule) for name, rule in
                               named_rules(data_dir / "organ_patterns.tsv", ("goes_on", "last_word")).items()}
        # names_a_portfolio: the title after a one-word body's name
        self.title_after = re.compile(named_rules(data_dir / "name_patterns.tsv", ("title_after",))["title_after"])
        # `Dept.`, `Fed.`: one word with its period wherever words.tsv lists it so
        shortened = [w for words in classes.values() for w in words if re.fullmatch(r"\w+\.", w)]
        self.token = tokenizer(shortened)
        self.shortened = shortened_in_text(shortened)
        self.head_parts = self.head | self.head_initial | self.brand | self.company_forms
        # Asked of the same words a hundred thousand times in a corpus, each word's answer is kept.
        self._is_head = lru_cache(maxsize=65536)(lambda word: not self.head_parts.isdisjoint(self.parts(word)))
        # a nonorg word in the plural is one too (`Committee Reports`, `Trade Agreements`)
        self._is_nonorg = lru_cache(maxsize=65536)(
            lambda word: any(p in self.nonorg or self.singular(p) in self.nonorg for p in self.parts(word)))
        self._tokenized: tuple[str, list[Token], list[Token]] = ("", [], [])
        self.known = set(column(data_dir / "known.tsv"))
        self.not_orgs = set(column(data_dir / "not_orgs.tsv"))
        self.demonyms = set(column(data_dir / "demonyms.tsv"))
        self.calendar = set().union(*(column(Path(table)) for table in calendar_tables))
        self.known_regex = re.compile(r"(?<![\w.+])" + spaced(indexed_alternation(sorted(self.known))) + r"(?![\w+])")
        self.groups = [re.compile(regex) for regex in column(data_dir / "groups.tsv")]
        scan.prepare([self.known_regex, *self.groups])

    @staticmethod
    def is_capitalized(word: str) -> bool:
        if word[0].isupper():
            return True
        head, _, rest = word.partition("-")
        return head.islower() and rest[:1].isupper()

    @staticmethod
    def describes(word: str) -> bool:
        """`California-based`, `state-owned`, `JCPOA-required`: a word hyphenated to a
        lower-case past participle describes the body after it and is no part of its
        name; `Al-Rasheed`, capitalized, is a name's."""
        *first, last = re.split(r"[-‐]", word)
        return bool(first) and last.endswith("ed") and last.islower()

    @staticmethod
    @lru_cache(maxsize=65536)
    def parts(word: str) -> tuple[str, ...]:
        """`Co-operation` -> (`co`, `operation`), `Federal/State` -> (`federal`, `state`):
        each part of a hyphenated or slash-joined word, lower case."""
        return tuple(p for p in word.lower().replace("‐", "-").replace("/", "-").split("-") if p)

    def tokens(self, text: str) -> tuple[list[Token], list[Token]]:
        """The words of `text` by `token` (`Dept.` one word), and by TOKEN (`Dept`
        and `.`). Without a shortened word in the text the two are the same, and
        it is read once; the last text's words are kept for the next caller."""
        tokenized = self._tokenized  # one read: a worker's other thread may swap in its own text meanwhile
        if tokenized[0] is not text:
            plain = [Token(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]
            if self.shortened is None or self.shortened.search(text) is None:
                tokenized = (text, plain, plain)
            else:
                tokenized = (text, [Token(m.start(), m.end(), m.group()) for m in self.token.finditer(text)], plain)
            self._tokenized = tokenized
        return tokenized[1], tokenized[2]

    def has_head(self, words: list[str]) -> bool:
        """A company's legal form (`Limited`, `S.R.L.`) is a head word too."""
        return any(map(self._is_head, words))

    def has_nonorg(self, words: list[str]) -> bool:
        return any(map(self._is_nonorg, words))

    def is_generic(self, words: list[str]) -> bool:
        return all(self.generic.issuperset(self.parts(w)) for w in words)

    def is_back_reference(self, word: str, ends_a_name: Callable[[str], bool]) -> bool:
        """`the Government`, `the Committee`: a lone generic word is never a name; a
        lone head word, or the plural of one, refers back to a body the text names
        in full (`Federal Open Market Committee`, `ends_a_name`). A standing
        institution named by one word (`Senate`, `Treasury`) is a name."""
        parts = self.parts(word)
        if not parts or word.lower() in self.one_word_bodies:
            return False
        if word.lower() in self.back_references:
            return True  # `the House`: a chamber written alone
        if all((p in self.generic and p not in self.head) or p in self.qualifiers for p in parts):
            return True  # `the Federal Government`'s `Federal`, `Federal/State`
        return all(p in self.generic or self.singular(p) in self.generic for p in parts) and ends_a_name(word)

    def names_a_role(self, word: str) -> bool:
        """`the Depositary`, `the Secretary`, `each State`: a person's or a party's role,
        or a qualifier, written alone, is no body."""
        return word.lower() in self.titles or word.lower() in self.qualifiers

    @staticmethod
    def singular(word: str) -> str:
        """`Centers` -> `Center`, `Agencies` -> `Agency`: the regular singular of a plural."""
        if word.lower().endswith("ies"):
            return word[:-3] + "y"
        return word[:-1] if word.lower().endswith("s") and not word.lower().endswith("ss") else word

    def is_org_name(self, name: str, plural: bool = False) -> bool:
        """Whether a whole name reads as an organization by its words. A plural head
        word counts after two name words; with `plural`, always (`Centers for
        Medicare & Medicaid Services`): a name the text gives a short form to is a
        named body even in the plural."""
        words = [w for w in self.token.findall(name) if w[0].isalnum()]
        if not words:
            return False
        if name in self.known:
            return True
        if not self.is_capitalized(words[0]) or words[0].lower() in self.ordinal:
            return False
        content = [w for w in words if w.lower() not in self.connector]
        if content[0] in self.demonyms:
            content = content[1:]  # `Chinese Government` is a demonym and a common noun
        standing = len(content) > 1 and any(w.lower() in self.one_word_bodies for w in content) \
            and all(self.has_head([w]) for w in content)  # not `High Commission`
        if self.is_generic(content) and not standing or len(words) == 1 and words[0].lower() in self.brand:
            return False  # but a standing body's name with a head word names it (`Cabinet Office`, `Union Cabinet`)
        if any(w.lower() in self.roles for w in content) and \
                self.is_generic([self.singular(w) for w in content if w.lower() not in self.roles]):
            return False  # `Implementing Agency`, `High Contracting Parties`: a role in the text
        if words[0].lower() in self.head_initial:
            return True  # `Agence Française de Développement`, `Banco Central do Brasil`
        # The word before any complement names what the body is: `Bank of Japan` is a
        # bank, `Members of Congress` people, `Okinawa Charter on ...` a document.
        first = self.first_segment(words)
        if len(first) > 1 and first[-1].lower() == "general":
            first = first[:-1]  # `Directorate General of Budget`
        if self.has_head(first[-1:]):
            return True
        # `Medicaid Fraud Control Units`, `Federal Reserve Banks`: a class of bodies that
        # each bear the name; one word before a plural head is a description
        # (`Implementing Agencies`, `Investment Funds`).
        return (plural or self.names_a_class(first)) and self.has_head([self.singular(first[-1])])

    def names_a_class(self, first: list[str]) -> bool:
        """Whether enough name words stand before a plural head to name a class of
        bodies; a parent body's acronym (`OIG Field Offices`) is not one of them. Generic
        words after an `and` make a title, not a name (`Fiscal Sustainability and Central
        Banks`; `Health and Human Services` is one)."""
        joined = [i for i, w in enumerate(first[:-1]) if w.lower() in ("and", "&", ",")]
        if joined and self.is_generic(first[joined[-1] + 1:-1] + [self.singular(first[-1])]):
            return False
        named = [w for w in first[:-1] if w.lower() not in self.qualifiers and w.lower() not in self.connector
                 and not w.isupper()]
        return len(named) >= MIN_PLURAL_NAME_WORDS

    def describes_a_kind(self, name: str, written_lower: Callable[[str], bool]) -> bool:
        """Whether a name with a plural head qualifies it only by words the text also
        writes in lower case (`Multilateral Development Banks` in a text that writes
        `multilateral` and `development`): a kind of body described, not one named,
        unlike `Medicaid Fraud Control Units`."""
        parts = name.split()
        last = self.singular(parts[-1]) if parts else ""
        return len(parts) > 1 and parts[-1] != last and self.has_head([last]) \
            and all(written_lower(w.lower()) for w in parts[:-1] if w[0].isupper())

    def first_segment(self, words: list[str]) -> list[str]:
        """The words before the first connector: `Bank` in `Bank for International Cooperation`."""
        for i, word in enumerate(words):
            if i and word.lower() in self.connector and word.lower() not in ("and", "&"):
                return words[:i]
        return words

    def before_instrument(self, text: str, end: int) -> bool:
        """Whether a name ending at `end` names a security (`Treasury securities`, `Treasury bills`)."""
        following = text[end:end + 30].split()
        return bool(following) and following[0].lower().strip(".,;:") in self.instruments

    def names_a_portfolio(self, text: str, start: int, end: int, countries: set[tuple[int, int]]) -> bool:
        """`U.S. Treasury Secretary Paul O'Neill`, `Treasury Assistant Secretary for ...`,
        `Treasury/Finance Ministers`: a one-word body named after its field (words.tsv's
        `portfolio_body`), alone or after its country's name (one of `countries`), before a
        minister's title names the title's portfolio, not the body acting. Another one-word
        body's name (`Commission Secretary-General`) and a longer name (`European Commission
        Secretary-General`) are the body's."""
        name = list(re.finditer(r"\S+", text[start:end]))
        if not name or name[-1].group().lower() not in self.portfolio_bodies:
            return False
        if len(name) > 1 and (start, start + name[-2].end()) not in countries:
            return False
        title = self.title_after.match(text, end)
        return bool(title) and any(self.singular(w).lower() in self.portfolio_titles for w in title.group(1).split())

    def held_on_a_date(self, text: str, start: int, end: int) -> bool:
        """`the Global Refugee Forum in December 2019`, `Rome High-Level Forum on Harmonisation
        in February 2003`: a forum dated in the text is an event held then; `a meeting of the ... Forum
        in November` names a body that meets."""
        last = self.first_segment(self.token.findall(text[start:end]))[-1].lower()
        after = _DATED.match(text, end)
        if last not in self.event_heads or not after or not (after.group(1) in self.calendar or after.group(1).isdigit()):
            return False
        meeting = _OF_THE_BEFORE.search(text, max(0, start - 40), start)
        return not (meeting and meeting.group(1).lower() in self.nonorg)

    def known_spans(self, text: str) -> list[tuple[int, int]]:
        """Well-known names (known.tsv) and named groups of states (`G-10`, groups.tsv)."""
        known = [m.span() for m in scan.finditer(self.known_regex, text) if not inside_word(text, m.start(), m.end())]
        return known + [m.span() for rx in self.groups for m in scan.finditer(rx, text) if m.span() not in known]


_DATED = re.compile(r"[ \t]*(?:[,–-][ \t]*|(?:in|on|held)[ \t]+)?(?:\d{1,2}[ \t]+)?([A-Z][a-z]+\.?|\d{4}\b)")
_OF_THE_BEFORE = re.compile(r"(\w+)\s+of\s+(?:the\s+)?$")


def mentions(text: str, parts: list[str]) -> list[tuple[int, int]]:
    """Every place the text writes the words `parts` as whole words, any white space between."""
    return [m.span() for m in re.finditer(r"(?<![\w-])" + r"\s+".join(map(re.escape, parts)) + r"(?![\w-])", text)]

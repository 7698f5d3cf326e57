"""Who issued a document, as ISO alpha-3 country codes in order of evidence:
the domain of its meta `source` (`cbsl.gov.lk`, `state.gov`), then the first
country its title names (`Sri Lanka: ...`, `Indian ...`) other than its topic
(`Loans to Chile`: a country after a topic word of models/country_context.tsv),
then the country the meta `issuer` (the issuing body's name) names. resolve.py
adds the name of the first body the text names and the most-mentioned country;
a meta issuer that names no country (`World Bank`) is an international body,
and then the most-mentioned country tells nothing."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pycountry

from pipeline.extract.currencies import demonym_countries
from pipeline.lexicon import alternation, read_table

_HOST = re.compile(r"(?:https?://)?(?:www\.)?((?:[\w-]+\.)+([a-z]{2,}))(?=[/:?#]|$)", re.IGNORECASE)
US_ONLY_DOMAINS = ("gov", "mil")  # generic top-level domains only the U.S. government uses
TLD_EXCEPTIONS = {"uk": "GB"}  # ccTLDs that are not the ISO alpha-2 code


def alpha3(alpha2: str) -> str | None:
    country = pycountry.countries.get(alpha_2=alpha2.upper())
    return country.alpha_3 if country else None


def from_source(source: str) -> str | None:
    m = _HOST.search(source.strip().split()[0]) if source.strip() else None
    if not m:
        return None
    tld = m.group(2).lower()
    if tld in US_ONLY_DOMAINS:
        return "USA"
    if len(tld) == 2:
        return alpha3(TLD_EXCEPTIONS.get(tld, tld))
    return None


def topic_words(table: Path) -> list[str]:
    """The `topic` words of the country context table (models/country_context.tsv)."""
    return [row["word"] for row in read_table(table) if row["kind"] == "topic"]


@lru_cache(maxsize=1)
def demonyms() -> tuple[dict[str, str], re.Pattern]:
    """`Sri Lankan` -> LKA, and a pattern finding them; built once per process."""
    codes = {name: alpha3(code) for name, code in demonym_countries().items() if alpha3(code)}
    return codes, re.compile(r"\b(" + "|".join(map(re.escape, sorted(codes, key=len, reverse=True))) + r")\b")


class IssuerReader:
    def __init__(self, find_countries, topic_words: list[str] = ()):
        """`find_countries(text)` -> [(start, end, alpha-3)], the COUNTRY finder;
        `topic_words`: words before a country that make it the title's topic (`to`, `in`)."""
        self.find_countries = find_countries
        self.demonyms, self.demonym_regex = demonyms()
        self.topic = re.compile(r"(?<!\w)" + alternation(list(topic_words)) + r"(?:\s+the)?\s+$", re.IGNORECASE) \
            if topic_words else None

    def first_country(self, text: str, topic: re.Pattern | None = None) -> str | None:
        """The first country `text` names, by name or demonym; not one after `topic` words."""
        found = [(s, code) for s, _, code in self.find_countries(text) if not (topic and topic.search(text[:s]))]
        found += [(m.start(), self.demonyms[m.group(1)]) for m in self.demonym_regex.finditer(text)]
        return min(found)[1] if found else None

    def from_title(self, title: str) -> str | None:
        return self.first_country(title, self.topic)

    def from_body(self, body: str) -> str | None:
        """The country the issuing body's name names (`Bank of Japan`, `Philippine Statistics Authority`)."""
        return self.first_country(body)

    def __call__(self, source: str, title: str, body: str = "") -> list[str]:
        """`body`: the issuing body's name, as the meta file gives it."""
        return [code for code in (from_source(source or ""), self.from_title(title or ""), self.from_body(body or ""))
                if code]

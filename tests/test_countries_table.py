"""The country table: every name resolves to exactly one country code that
pycountry knows, and strings that are not countries never match."""
import pycountry
import pytest

from pipeline.extract.countries import CountryFinder, country_names
from pipeline.lexicon import read_table

from conftest import MODELS

NAMES, NEEDS_NER = country_names(read_table(MODELS / "countries.tsv"))
FINDER = CountryFinder(None, "countries")
FINDER.initialize(table=str(MODELS / "countries.tsv"), context=str(MODELS / "country_context.tsv"))
MUST_NOT_MATCH = ["Japanese", "Indian", "Asia", "East Asia", "Africa", "Caribbean", "Okinawa", "Tokyo", "Genoa",
                  "e-Japan", "Indiana", "Chinese", "Koreans", "us", "it", "Americas", "Latin America", "New Jersey",
                  "North America", "North China", "Indochina", "New Guinea", "Northern Ireland", "Av. Venezuela"]


def known(code: str) -> bool:
    return bool(pycountry.countries.get(alpha_3=code) or pycountry.historic_countries.get(alpha_4=code))


def test_every_name_resolves_to_one_known_country():
    """One test over the whole table, listing every name that fails."""
    failures = {}
    for name in sorted(NAMES):
        found = FINDER.find(f"Talks with {name} resumed.", gpe_spans={(11, 11 + len(name))})
        if found != [(11, 11 + len(name), NAMES[name])] or not known(NAMES[name]):
            failures[name] = (NAMES[name], found)
    assert failures == {}, f"{len(failures)} of {len(NAMES)} names fail: {failures}"


def test_no_alias_is_listed_twice():
    rows = [r["name"] for r in read_table(MODELS / "countries.tsv")]
    assert len(rows) == len(set(rows))


@pytest.mark.parametrize("text", MUST_NOT_MATCH)
def test_not_a_country(text):
    assert FINDER.find(f"In {text} they met.", gpe_spans=set()) == []


def test_an_ambiguous_name_needs_ner():
    assert "Jordan" in NEEDS_NER
    assert FINDER.find("Michael Jordan spoke.", gpe_spans=set()) == []
    assert FINDER.find("Jordan signed.", gpe_spans={(0, 6)}) == [(0, 6, "JOR")]

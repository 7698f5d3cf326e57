"""pipeline/lexicon.py: alternations of words, grouped or not, match alike; rules asked for by name."""
import re

import pytest

from pipeline.lexicon import alternation, indexed_alternation

from conftest import MODELS

WORDS = ["Jan", "January", "June", "Jun", "Feb", "J", "Sept.", "a b"]


def test_indexed_alternation_groups_words_by_their_first_character():
    assert indexed_alternation(["Jan", "January", "Feb"]) == "(?:J(?:anuary|an)|F(?:eb))"


@pytest.mark.parametrize("text", ["January 5", "Jan. 5", "Jun", "June", "J", "Sept.", "Sept", "a b", "ab", "x"])
def test_indexed_alternation_matches_what_alternation_matches(text):
    plain, indexed = re.compile(alternation(WORDS)), re.compile(indexed_alternation(WORDS))
    expected = plain.match(text)
    assert (indexed.match(text).group() if indexed.match(text) else None) == (expected.group() if expected else None)


def test_indexed_alternation_backtracks_in_the_same_order():
    # `Jan` then `\s+5` fails after `January`: the shorter word is tried next, as in the plain alternation
    words = ["January", "Jan"]
    text = "Jan 5"
    assert re.match(indexed_alternation(words) + r"\s+5", text).group() == re.match(alternation(words) + r"\s+5", text).group() == "Jan 5"


def test_a_rule_the_code_asks_for_by_name_is_missing(tmp_path):
    from pipeline.lexicon import named_rules

    table = tmp_path / "rules.tsv"
    table.write_text("# Rules.\nname\tregex\n# example: \"2015\" -> a year\nyear\t\\d{4}\n")
    assert named_rules(table, ("year",)) == {"year": "\\d{4}"}
    with pytest.raises(ValueError) as err:
        named_rules(table, ("year", "bare", "gap_before"))
    assert str(err.value) == f"{table}: no rule named bare, gap_before"


@pytest.mark.parametrize("table", ["amounts/cell_patterns.tsv", "orgs/acronym_patterns.tsv", "orgs/organ_patterns.tsv"])
def test_every_named_rule_has_an_example_above_it(table):
    lines = (MODELS / table).read_text(encoding="utf-8").splitlines()
    rules = [i for i, line in enumerate(lines) if line and not line.startswith("#")][1:]  # after the header
    assert rules and all(lines[i - 1].startswith("# example: ") for i in rules)

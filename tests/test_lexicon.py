"""pipeline/lexicon.py: alternations of words, grouped or not, match alike."""
import re

import pytest

from pipeline.lexicon import alternation, indexed_alternation

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

"""pipeline/lexicon.py: alternations of words, grouped or not, match alike; rules asked for by name."""
import re
from pathlib import Path

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


def rule_tables() -> list[str]:
    """Every table under models/ whose format header names a `regex` or `pattern` column."""
    return sorted(str(path.relative_to(MODELS)) for path in MODELS.rglob("*.tsv")
                  if {"regex", "pattern"} & set(table_lines(path)[1][0][0].split("\t")))


def table_lines(path: Path) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """A table's lines, and each of its rows (the header first) with the examples
    of the comment lines right above it."""
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = []
    for i, line in enumerate(lines):
        if line.strip() and not line.startswith("#"):
            above = i
            while above and lines[above - 1].startswith("#"):
                above -= 1
            rows.append((line, [c.split("example:", 1)[1] for c in lines[above:i] if c.startswith("# example:")]))
    return lines, rows


def example_strings(example: str) -> list[tuple[str, bool]]:
    """The quoted strings of an example (`\\n` a line break), or else all it says before `->`,
    each with whether it is a positive one: not one the example marks `-> no ...`, `-> none`,
    nor one after a `not` or `never` outside the quotes."""
    quoted = list(re.finditer(r'"((?:[^"\\]|\\.)*)"', example))
    if not quoted:
        text, _, said = example.partition(" -> ")
        return [(text.strip(), not _NEGATIVE.match(" -> " + said))]
    strings, after_not = [], False
    for i, m in enumerate(quoted):
        after_not = after_not or bool(re.search(r"\b(?:not|never)\b", example[quoted[i - 1].end() if i else 0:m.start()]))
        said = example[m.end():quoted[i + 1].start() if i + 1 < len(quoted) else len(example)]
        strings.append((m.group(1).replace("\\n", "\n").replace("\\t", "\t"), not (after_not or _NEGATIVE.match(said))))
    return strings


_NEGATIVE = re.compile(r"\s*(?:\([^)]*\)\s*)?->\s*(?:no|none)\b")


def test_the_rule_tables_are_found():
    assert {"amounts/cell_patterns.tsv", "orgs/technical.tsv", "segment/headings.tsv", "dates/rules.tsv"} <= set(rule_tables())
    assert "orgs/words.tsv" not in rule_tables()


@pytest.mark.parametrize("table", rule_tables())
def test_every_rule_has_an_example_above_it(table):
    _, rows = table_lines(MODELS / table)
    missing = [rule for rule, examples in rows[1:] if not examples]
    assert rows[1:] and missing == []


@pytest.mark.parametrize("table", rule_tables())
def test_every_rule_matches_its_example(table):
    """A rule matches one of its example's positive strings (a mask's, whose examples
    all say `-> no ...`, are all positive), searched whole; a rule anchored at the end
    (`$`: a `before` rule, matched against the text before a name) may match it up
    to the start of one of its words instead. Where the table says matching ignores case,
    so does this. A rule built of fragments (`{number}`) is compiled by its component
    only, and is left out here."""
    lines, rows = table_lines(MODELS / table)
    header = rows[0][0].split("\t")
    column = "regex" if "regex" in header else "pattern"
    flags = re.I if "ignores case" in " ".join(lines[:lines.index(rows[0][0])]) else 0
    unmatched = []
    for rule, examples in rows[1:]:
        regex = dict(zip(header, rule.split("\t")))[column]
        if re.search(r"\{[A-Za-z_]\w*(?::\w+)?\}", regex):
            continue
        compiled = re.compile(regex, flags)
        marked = [pair for example in examples for pair in example_strings(example)]
        strings = [s for s, positive in marked if positive] or [s for s, _ in marked]
        if regex.endswith("$"):
            strings += [s[:k] for s in strings for k in range(1, len(s)) if not s[k - 1].isalnum() and s[k].isalnum()]
        if not any(compiled.search(s) for s in strings):
            unmatched.append(regex)
    assert unmatched == []

"""pipeline/rule_set.py: rules found together give each rule what its own `finditer` gives."""
import re

from pipeline.dates import DateRules
from pipeline.extract.amounts import AmountRules
from pipeline.rule_set import RuleSet

from conftest import MODELS, cases

EDGE = r"(?<![\w.])"
RULES = [
    EDGE + r"(?:(?:early|late)\s+)?(?P<m>May|June)(?!\w)",  # may start with `e`, `l`, `M`, `J`: no body to skip to
    EDGE + r"(?:the\s+)?(?P<m>May|June)\s+(?P<y>\d{4})(?!\w)",  # overlaps the first
    EDGE + r"(?:on\s+)?(?P<d>\d\d?)(?P<sep>[/.])(?P<m>\d\d?)(?P=sep)(?P<y>\d{4})(?!\w)",  # a back-reference by name
    EDGE + r"FY\s?(?P<y>\d{4})(?!\w)",  # a letter first: `re` skips to it alone
    EDGE + r"(?:x\s)?(\d)\1(?!\w)",  # a back-reference by number stays alone
]
TEXT = ("In early May and late June 2001, on 3/4/2002 but not 3.4/2002, the May 2003 report; "
        "xMay, .June 2004, FY 2005, x 11 and 22 or 23; late May")


def finditer_each(regexes, text):
    return [[(m.span(), m.groups()) for m in rx.finditer(text)] for rx in regexes]


def test_rules_without_a_body_to_skip_to_are_found_together():
    rules = RuleSet([re.compile(r) for r in RULES], EDGE)
    assert rules.together == [0, 1, 2]
    found = rules.matches(TEXT)
    assert [m.group() for m in found[0]] == ["early May", "late June", "May", "late May"]
    assert [m.group() for m in found[1]] == ["June 2001", "the May 2003"]
    assert [m.groupdict() for m in found[2]] == [{"d": "3", "sep": "/", "m": "4", "y": "2002"}]
    assert [[(m.span(), m.groups()) for m in matches] for matches in found] == finditer_each(rules.regexes, TEXT)


def test_a_rule_not_opening_with_the_edge_stays_alone():
    rules = RuleSet([re.compile(RULES[0]), re.compile(r"(?:late\s+)?June")], EDGE)
    assert rules.together == [0]
    found = rules.matches(TEXT)
    assert [[(m.span(), m.groups()) for m in matches] for matches in found] == finditer_each(rules.regexes, TEXT)


def test_date_and_amount_rules_find_what_finditer_finds():
    text = "\n".join(case["text"] for case in cases("dates.tsv") + cases("amounts.tsv"))
    for rules in (DateRules(MODELS / "dates").rule_set, AmountRules(MODELS / "amounts").rule_set):
        assert rules.together  # the rules `re` would try at every character
        found = rules.matches(text)
        assert [[(m.span(), m.groups()) for m in matches] for matches in found] == finditer_each(rules.regexes, text)

"""pipeline/scan.py: a rule tried only where it can start finds exactly what `finditer` finds."""
import re

import pytest

from pipeline import scan
from pipeline.dates import DateRules

from conftest import MODELS, cases


@pytest.mark.parametrize("case", cases("scan_gates.tsv"), ids=lambda c: c["pattern"])
def test_first_chars(case):
    gate = scan.first_chars(re.compile(case["pattern"]))
    assert (gate.pattern if gate else "-") == case["gate"]


def test_look_behind_sees_the_text_before_the_gate():
    regex = re.compile(r"(?<![\w.])\d{4}")
    text = "a1999 .2000 2001 x2002 2003"
    assert [m.group() for m in scan.finditer(regex, text)] == ["2001", "2003"]


def test_matches_do_not_overlap_as_in_finditer():
    regex = re.compile(r"\d\d")
    assert [m.span() for m in scan.finditer(regex, "12345 678")] == [(0, 2), (2, 4), (6, 8)]


def test_costly_regex_is_gated_even_by_lower_case_letters():
    regex = re.compile(r"(?<!\w)(?:the\s+)?(?:Niger|Nigeria)(?!\w)")
    text = "the Nigeria and Niger, not theNiger"
    expected = [m.span() for m in regex.finditer(text)]
    assert expected == [(0, 11), (16, 21)]
    assert [m.span() for m in scan.finditer(regex, text, costly=True)] == expected


def test_every_date_rule_finds_what_finditer_finds():
    rules = DateRules(MODELS / "dates")
    text = (MODELS.parent / "tests" / "cases" / "dates.tsv").read_text(encoding="utf-8")
    for regex in rules.rules + rules.masks:
        found = [(m.span(), m.groups()) for m in scan.finditer(regex, text, costly=True)]
        assert found == [(m.span(), m.groups()) for m in regex.finditer(text)], regex.pattern[:80]


def test_body_without_look_behinds_where_re_can_skip_ahead():
    months = re.compile(r"(?<![\w.])(?:Jan|Feb)\s\d")
    assert scan.body_of(months).pattern is None  # compiled from the parsed body, not from source
    assert [m.span() for m in scan.finditer(months, "xJan 1, .Feb 2, Feb 3")] == [(16, 21)]
    assert scan.body_of(re.compile(r"(?<!\w)(?:on\s+)?\d")) is None  # it may start with a digit or `on`


def test_window_as_in_finditer_with_pos_and_endpos():
    # a full stop before a capital, as the date rules' sentence ends are found in a window
    regex = re.compile(r"(?<!\bNo)[.!?](?=\s+[A-Z])")
    text = "No. 5 is here. Then it ends. Next one"
    assert scan.first_chars(regex) is not None  # gated: tried only at . ! ?
    for pos, endpos in ((0, len(text)), (2, 30), (14, 30), (0, 29)):
        expected = [m.span() for m in regex.finditer(text, pos, endpos)]
        assert [m.span() for m in scan.finditer(regex, text, pos, endpos)] == expected
    assert [m.span() for m in scan.finditer(regex, text, 2, 30)] == [(13, 14), (27, 28)]  # `No` before pos still counts
    assert [m.span() for m in scan.finditer(regex, text, 0, 29)] == [(13, 14)]  # the capital after 27 is past endpos


def test_date_rules_read_their_gates_when_they_load_not_at_the_first_text():
    scan.body_of.cache_clear()
    scan.first_chars.cache_clear()
    rules = DateRules(MODELS / "dates")
    loaded = (scan.body_of.cache_info().misses, scan.first_chars.cache_info().misses)
    assert loaded[0] >= len(rules.rules)
    found = rules.find("The plan of 3 May 2013 ends in June 2014.", "2013-05-01")
    assert [norm for _, _, norm in found] == ["2013-05-03", "2014-06"]
    assert (scan.body_of.cache_info().misses, scan.first_chars.cache_info().misses) == loaded


@pytest.mark.parametrize("case", cases("scan_needs.tsv"), ids=lambda c: c["pattern"])
def test_needs_of(case):
    needs = scan.needs_of(re.compile(case["pattern"]))
    assert (" ; ".join(sorted("|".join(sorted(strings)) for strings in needs)) or "-") == case["needs"]


def test_a_text_without_a_need_is_not_scanned():
    regex = re.compile(r"(?<!\w)(?:first|second)\s+quarter")
    assert not scan.may_match(regex, "In the first half of the year.")
    assert list(scan.finditer(regex, "In the first half of the year.")) == []
    assert [m.group() for m in scan.finditer(regex, "In the second quarter.")] == ["second quarter"]


def test_every_date_rule_finds_what_finditer_finds_in_each_case_text():
    # each case's text alone lacks most rules' needs: those rules are skipped, with the same matches
    rules = DateRules(MODELS / "dates")
    skipped = 0
    for case in cases("dates.tsv"):
        for regex in rules.rules + rules.masks:
            skipped += not scan.may_match(regex, case["text"])
            found = [(m.span(), m.groups()) for m in scan.finditer(regex, case["text"])]
            assert found == [(m.span(), m.groups()) for m in regex.finditer(case["text"])], (case["text"], regex.pattern[:80])
    assert skipped > len(cases("dates.tsv")) * len(rules.rules) // 2


@pytest.mark.parametrize("literal, pattern, text, found", [
    # look-behinds judge by the text before the word: `xSURS units` is no match, `SURS units` after it is
    ("SURS", r"(?<!\w)SURS\s+units(?!\w)", "xSURS units, the SURS  units and SURS unitsx", ["SURS  units"]),
    # a failed try at one place goes on from the next character: `aab` in `aaab`
    ("aa", r"aab(?!\w)", "aaab aab", ["aab", "aab"]),
    # matches do not overlap, as in finditer: `DPAs DPAs` gives two
    ("DPAs", r"(?<![\w-])DPAs(?!\w)", "other DPAs DPAs, ex-DPAs", ["DPAs", "DPAs"]),
    ("IFC", r"(?<![\w-])IFCs(?!\w)", "the IFC alone", []),
])
def test_from_literal_finds_what_finditer_finds(literal, pattern, text, found):
    regex = re.compile(pattern)
    assert [m.group() for m in scan.from_literal(literal, regex, text)] == found
    assert [m.span() for m in scan.from_literal(literal, regex, text)] == [m.span() for m in regex.finditer(text)]


@pytest.mark.parametrize("template, opens", [
    (r"(?<![\w-]){acronym}s(?!\w)", True),  # look-behinds only before the word
    (r"\b{acronym}s", True),
    (r"x?{acronym}s", False),  # `xDPAs` starts before the word
    (r"(?:the\s+{acronym})", False),  # what comes before is no pattern alone
    (r"(?<!\w)DPAs", False),  # no slot
])
def test_opens_with_tells_a_template_whose_matches_start_with_its_word(template, opens):
    assert scan.opens_with(template, "{acronym}") == opens

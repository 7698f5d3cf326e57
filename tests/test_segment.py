"""The section tree from plain-text headings, bullets, run-on headings and hints."""
import pytest

from pipeline.segment import Segmenter, section_lookup

from conftest import MODELS

SEGMENTER = Segmenter(MODELS / "segment", max_title_chars=160)

TEXT = """Report title
1. First part
(1) Rules
a. Making rules
- a list item
- another list item
b. More rules
2. Second part
(1) Organizations
- Electronic commerce
The OECD works on tax, and the WTO works on trade; both report to their members every year. - Tackling crime
The Lyon Group meets.
(Asian region)
- Japan-India
Japan and India agreed.
Back to Index
"""


def outline(sections):
    return [(s.section_id, s.parent_id, s.level, s.number, s.title) for s in sections]


def test_section_tree():
    sections, end = SEGMENTER.segment(TEXT, "Report title")
    assert end == TEXT.index("Back to Index")
    assert outline(sections) == [
        ("0", "", 0, "", "Report title"),
        ("1", "0", 1, "1", "First part"),
        ("1.1", "1", 2, "1", "Rules"),
        ("1.1.1", "1.1", 3, "a", "Making rules"),
        ("1.1.2", "1.1", 3, "b", "More rules"),
        ("2", "0", 1, "2", "Second part"),
        ("2.1", "2", 2, "1", "Organizations"),
        ("2.1.1", "2.1", 3, "-", "Electronic commerce"),
        ("2.1.2", "2.1", 3, "-", "Tackling crime"),
        ("2.1.3", "2.1", 3, "", "Asian region"),
        ("2.1.3.1", "2.1.3", 4, "-", "Japan-India"),
    ]


def test_entities_attach_to_the_innermost_section():
    sections, _ = SEGMENTER.segment(TEXT, "Report title")
    lookup = section_lookup(sections)
    assert lookup(TEXT.index("Report title")) == "0"
    assert lookup(TEXT.index("OECD")) == "2.1.1"
    assert lookup(TEXT.index("Lyon")) == "2.1.2"
    assert lookup(TEXT.index("India agreed")) == "2.1.3.1"
    assert lookup(TEXT.index("Back to Index")) == ""


def test_heading_hints_from_html_nest_by_level():
    text = "Title\nIntro.\nPart A\nBody.\nDetail\nBody.\nPart B\nBody."
    hints = [{"start": text.index(t), "end": text.index(t) + len(t), "level": lvl}
             for t, lvl in (("Title", 1), ("Part A", 2), ("Detail", 3), ("Part B", 2))]
    sections, _ = SEGMENTER.segment(text, "Title", hints)
    assert [(s.section_id, s.parent_id, s.title) for s in sections] == [
        ("0", "", "Title"), ("1", "0", "Title"), ("1.1", "1", "Part A"), ("1.1.1", "1.1", "Detail"), ("1.2", "1", "Part B"),
    ]


BODY_LINE = "The plan sets out the grants of the fund for the coming years in detail."


@pytest.mark.parametrize("contents, expected", [
    # page numbers without leaders, under a contents title
    ("Contents\nIntroduction  2\nBudget Overview  3\n", "Contents\nIntroduction  2\nBudget Overview  3"),
    # no title: the entries name the headings that follow
    ("Introduction  2\n\nBudget Overview  3\nGrants to Japan 4\n", "Introduction  2\n\nBudget Overview  3\nGrants to Japan 4"),
    # no page numbers: a title, and entries that name later headings
    ("Table of Contents\nIntroduction\nBudget Overview\nGrants to Japan\n",
     "Table of Contents\nIntroduction\nBudget Overview\nGrants to Japan"),
])
def test_contents_without_leaders_is_recognised(contents, expected):
    text = contents + "".join(f"\n{h}\n{BODY_LINE}\n" for h in ("Introduction", "Budget Overview", "Grants to Japan"))
    starts = {h: text.rindex(f"\n{h}\n") + 1 for h in ("Introduction", "Budget Overview", "Grants to Japan")}
    hints = [{"start": s, "end": s + len(h), "level": 1} for h, s in starts.items()]
    [(start, end)] = SEGMENTER.contents(text, hints)
    assert text[start:end] == expected
    sections, _ = SEGMENTER.segment(text, "", hints)
    assert [s.title for s in sections[1:]] == ["Introduction", "Budget Overview", "Grants to Japan"]


@pytest.mark.parametrize("text", [
    "Apples 3\nPears 5\nPlums 9\n" + BODY_LINE,  # no title, nothing named again
    "Contents\nIntroduction 4\nBudget Overview 3\n" + BODY_LINE,  # pages out of order
    "Article 1\n" + BODY_LINE + "\nArticle 2\n" + BODY_LINE + "\nArticle 3\n" + BODY_LINE,
])
def test_lines_ending_in_numbers_are_no_contents(text):
    assert SEGMENTER.contents(text) == []


def test_entries_must_name_later_headings_not_just_lines():
    """Without a contents title, entries that come again only as ordinary lines
    (a table's cells, say) make no contents block."""
    text = "Roads 2\nSchools 3\nClinics 4\n" + BODY_LINE + "\nRoads\nSchools\nClinics\n" + BODY_LINE
    assert SEGMENTER.contents(text) == []
    starts = [text.index(f"\n{w}\n") + 1 for w in ("Roads", "Schools", "Clinics")]
    [(start, end)] = SEGMENTER.contents(text, [{"start": s, "end": s + 5, "level": 2} for s in starts])
    assert text[start:end] == "Roads 2\nSchools 3\nClinics 4"

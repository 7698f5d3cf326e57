"""Layout white space inside sentences (pipeline/extract/spacing.py)."""
import pytest

from pipeline.extract.spacing import spaced

from conftest import cases
from test_rules import extract

# A speech as a plain-text export double-spaces it: a blank line after each wrapped line, two between paragraphs.
LINES = ["I would like to begin by recognizing the co-hosts of this event, namely;",
         "the World Bank Group, China Development Bank; the China-Africa",
         "Development Fund; and the United Nations Industrial Development",
         "Organization. I think the spirit underlying this Forum is well",
         "demonstrated by the cooperative and forward looking way in which",
         "various organizations have collaborated in preparing the Forum."]
SPEECH = " ".join(LINES)


def double_spaced(paragraphs: int) -> str:
    return "\n\n\n\n".join("\n\n".join(LINES) for _ in range(paragraphs))


@pytest.mark.parametrize("case", cases("spacing.tsv"), ids=lambda c: c["text"][:40])
def test_spaced(case):
    assert spaced(case["text"]) == case["spaced"]


def test_a_double_spaced_text_keeps_its_paragraphs_and_joins_its_wrapped_lines():
    text = double_spaced(8)
    view = spaced(text)
    assert len(view) == len(text)
    assert view.count("\n\n\n\n") == 7
    assert "China-Africa\n\nDevelopment" in text and "China-Africa  Development" in view


def test_paragraphs_one_a_line_are_not_double_spacing():
    text = "\n\n".join([SPEECH.strip()] * 30)
    assert spaced(text) == text


def test_a_name_wrapped_in_a_double_spaced_text_is_one_org(blank_nlp, settings):
    text = double_spaced(8)
    found = {e.text for e in extract(blank_nlp, settings, text) if e.label == "ORG"}
    assert "China-Africa\n\nDevelopment Fund" in found
    assert "Development Fund" not in found

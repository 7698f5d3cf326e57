import pytest
import spacy

from pipeline.extract.candidates import text_of


def test_text_of_is_the_doc_text_read_once():
    doc = spacy.blank("en")("The Treasury said  so.\n")
    assert text_of(doc) == "The Treasury said  so.\n"
    assert doc.user_data["polex_text"] == "The Treasury said  so.\n"
    assert text_of(doc) is text_of(doc)


@pytest.mark.parametrize("text, name, inside", [
    ("the DCD/DAC(2004)12 paper", "DAC", True),
    ("communique PSC/PR/COMM.(CCLXI) of the Council", "PSC", True),
    ("efforts by OAS/CICAD, CFATF", "OAS", False),
    ("efforts by OAS/CICAD, CFATF", "CICAD", False),
    ("Special Report: FAO/WFP Crop Assessment", "WFP", False),
    ("the e-ASEAN initiative", "ASEAN", True),
])
def test_a_slash_joins_two_names_unless_it_is_in_a_code(text, name, inside):
    from pipeline.extract.candidates import inside_word

    start = text.index(name)
    assert inside_word(text, start, start + len(name)) is inside

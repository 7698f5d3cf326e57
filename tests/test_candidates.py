import spacy

from pipeline.extract.candidates import text_of


def test_text_of_is_the_doc_text_read_once():
    doc = spacy.blank("en")("The Treasury said  so.\n")
    assert text_of(doc) == "The Treasury said  so.\n"
    assert doc.user_data["polex_text"] == "The Treasury said  so.\n"
    assert text_of(doc) is text_of(doc)

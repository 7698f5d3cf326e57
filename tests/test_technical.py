"""Precision on technical text, on hand-built candidates: spaCy's lone
capitals, models and codes, addresses."""
import pytest

from pipeline.extract import extract_documents
from pipeline.extract.candidates import Candidate
from pipeline.extract.technical import TechnicalFilter

from conftest import MODELS, cases

FILTER = TechnicalFilter(MODELS / "orgs")


def kept(text: str, words: list[tuple[str, str]]) -> list[str]:
    candidates = [Candidate("ORG", text.index(w), text.index(w) + len(w), w, source) for w, source in words]
    return [text[c.start:c.end] for c in FILTER(text, candidates)]


def test_lone_capitals_need_a_known_name_or_a_definition():
    text = "The MCAS of the 737 MAX. SUPPLEMENTARY INFORMATION. The OECD and the Aircraft Evaluation Group (AEG) met; AEG agreed."
    words = [("MCAS", "ner"), ("MAX", "ner"), ("SUPPLEMENTARY", "ner"), ("OECD", "ner"),
             ("Aircraft Evaluation Group", "definition"), ("AEG", "definition"), ("AEG agreed", "shape")]
    assert kept(text, words) == ["OECD", "Aircraft Evaluation Group", "AEG", "AEG agreed"]


def test_a_defined_word_in_capitals_is_kept_from_the_ner():
    text = "The Aircraft Evaluation Group (AEG) met. Later the AEG agreed."
    candidates = [Candidate("ORG", 4, 29, "Aircraft Evaluation Group", "definition"), Candidate("ORG", 31, 34, "x", "definition"),
                  Candidate("ORG", 51, 54, "AEG", "ner")]
    assert [text[c.start:c.end] for c in FILTER(text, candidates)] == ["Aircraft Evaluation Group", "AEG", "AEG"]


def test_codes_models_and_addresses():
    text = "Docket No. FAA–2020–0686; a draft Boeing 737 report; mail 9-FAA-SACO@faa.gov; Boeing will act; www.boeing.com/Boeing"
    words = [("FAA", "ner"), ("Boeing", "ner"), ("SACO", "ner"), ("Boeing will", "shape")]
    assert kept(text, words) == ["Boeing will"]


def test_a_number_in_the_next_table_column_is_no_model_number():
    text = "Entity        Plans\nTranscaribe          3\nthe Airbus A320 and Boeing 737 fleet"
    assert kept(text, [("Transcaribe", "ner"), ("Airbus", "ner"), ("Boeing", "ner")]) == ["Transcaribe"]


@pytest.mark.parametrize("case", cases("orgs_technical.tsv"), ids=lambda c: c["text"][-40:])
def test_no_mention_inside_addresses_and_codes(case, blank_nlp, settings):
    [(_, entities)] = extract_documents(blank_nlp, [("case", case["text"], "")], settings)
    assert [e.text for e in entities if e.label == "ORG"] == case["orgs"].split(";")


def test_a_name_heading_a_documents_title_is_no_org():
    text = "See Boeing Special Attention Service Bulletin 737–31–1860. The Boeing Company wrote."
    assert kept(text, [("Boeing Special Attention Service", "shape"), ("Boeing Company", "shape")]) == ["Boeing Company"]


def test_a_currency_pair_is_no_body():
    text = "Amount % NTD/USD 371.9 38.6 EUR/USD 103.9 and the IMF"
    assert kept(text, [("NTD/USD", "ner"), ("EUR/USD", "ner"), ("IMF", "ner")]) == ["IMF"]


def test_lone_capitals_the_context_calls_a_body():
    text = "The World Bank in collaboration with RAND has estimated it. The MCAS failed."
    assert kept(text, [("RAND", "ner"), ("MCAS", "ner")]) == ["RAND"]


def test_a_licence_code_of_capitals_and_a_number_is_no_body():
    text = "Kennecott Consortium relinquished USA-4 to NOAA; the IMF agreed."
    assert kept(text, [("USA-4", "ner"), ("IMF", "ner")]) == ["IMF"]


def test_a_web_address_without_its_scheme_is_no_body():
    text = "a free Police.uk app; see VA.gov and data.gov.uk; the Home Office and U.S. Co. agreed"
    words = [("Police.uk", "ner"), ("VA.gov", "ner"), ("data.gov.uk", "ner"), ("Home Office", "shape"), ("U.S. Co.", "shape")]
    assert kept(text, words) == ["Home Office", "U.S. Co."]


def test_a_code_of_laws_cited_by_its_section_is_no_body():
    text = "pursuant to 15 C.F.R. §970.516 and 30 U.S.C. § 1401, the Commerce Department agreed"
    assert kept(text, [("C.F.R.", "ner"), ("U.S.C.", "ner"), ("Commerce Department", "shape")]) == ["Commerce Department"]


def test_only_a_repeated_line_with_a_contact_is_a_running_line():
    footer = "Example University, Hill Campus, Tel: +44 20 7946 0000"
    heading = "A heading repeated on the next page of the report"
    text = f"{footer}\n{heading}\nText.\n{footer}\n{heading}\nExample University, Hill Campus, www.example.ac.uk"
    assert [text[s:e] for s, e in FILTER.running_lines(text)] == [footer, footer]

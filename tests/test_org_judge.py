"""The ORG judge (pipeline/extract/orgs/judge.py) on spacy.blank Docs with
hand-set NER spans and candidates, its features, and its training
(pipeline/train_org_judge.py): same examples, same weight file."""
import math

import numpy as np
import pytest
import spacy
from spacy.tokens import Span

from pipeline.extract.candidates import Candidate
from pipeline.extract.orgs.features import NAMES, Judged
from pipeline.extract.orgs.judge import feature_reader, judged_spans, keeps
from pipeline.extract.technical import technical_filter
from pipeline.train_org_judge import (Gathered, decisions, fit, issuer_group, matrix, merged_groups, read_examples,
                                      weights_text)

from conftest import MODELS

READER = feature_reader(MODELS / "orgs", MODELS / "dates" / "months.tsv", MODELS / "dates" / "weekdays.tsv")
TEXT = "The Implementing Agency met the Bank of Japan. The implementing agency said so."
IMPLEMENTING_AGENCY = (4, 23)
BANK_OF_JAPAN = (32, 45)


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("en")


def make_doc(nlp, candidates):
    doc = nlp(TEXT)
    doc.ents = [Span(doc, 5, 8, label="ORG")]  # Bank of Japan
    doc._.candidates = candidates
    return doc


def test_judged_spans_are_the_finders_org_candidates_then_the_ner_spans_they_lack(nlp):
    doc = make_doc(nlp, [Candidate("ORG", 4, 23, "Implementing Agency", "shape"),
                         Candidate("ORG", 4, 23, "Implementing Agency", "definition"),
                         Candidate("COUNTRY", 41, 46, "JPN", "countries")])
    words = READER.words
    assert judged_spans(words, doc, TEXT) == [Judged(4, 23, "shape"), Judged(32, 45, "dropped")]


def test_a_dropped_ner_span_is_cut_before_a_weekday_as_the_rules_cut_it(nlp):
    doc = nlp("The Bank of Japan on Thursday met.")
    doc.ents = [Span(doc, 1, 6, label="ORG")]
    words = READER.words
    assert judged_spans(words, doc, doc.text) == [Judged(4, 17, "dropped")]


def test_features_of_a_description_and_of_a_dropped_name(nlp):
    doc = make_doc(nlp, [])
    read = READER.document(doc, TEXT)
    description = read(Judged(*IMPLEMENTING_AGENCY, "shape"))
    # a head word, but no org_name: words.tsv's role participle (`Implementing`) before it
    assert {k for k, v in description.items() if v} == {
        "bias", "source_shape", "words_2", "has_head", "lower_in_text", "gerund_first",
        "log_mentions", "after_the", "title_case"}
    assert description["log_mentions"] == math.log(2)
    name = read(Judged(*BANK_OF_JAPAN, "dropped"))
    assert {k for k, v in name.items() if v} == {
        "bias", "source_dropped", "ner_exact", "words_3_4", "has_connector", "org_name", "has_head",
        "log_mentions", "log_ner_mentions", "after_the", "title_case"}
    assert name["log_ner_mentions"] == math.log(2)
    assert list(name) == list(NAMES)


def test_features_of_companies_in_a_list_read_from_the_document(nlp):
    # ZB Holdings Limited (ZBH), Scotfin Limited and the Nature Conservancy's unit
    text = "ZB Holdings Limited (ZBH), Scotfin Limited and the Nature Conservancy's unit met."
    doc = nlp(text)
    doc.ents = [Span(doc, 0, 3, label="ORG")]  # ZB Holdings Limited
    doc._.candidates = [Candidate("ORG", 51, 69, "Nature Conservancy", "shape")]
    read = READER.document(doc, text)
    first, second, third = read(Judged(0, 19, "dropped")), read(Judged(27, 42, "dropped")), read(Judged(51, 69, "shape"))
    on = lambda f: {k for k in ("company_form_last", "before_short_form", "coordinated_org", "after_possessive",
                                "before_possessive") if f[k]}
    assert (on(first), on(second), on(third)) == (
        {"company_form_last", "before_short_form"},  # its bracket, not a name, follows it
        {"company_form_last", "coordinated_org"},  # `and the` joins it to the Nature Conservancy
        {"before_possessive"})  # Scotfin Limited before it is no name the finders or the NER found


@pytest.mark.parametrize("p, source, kept", [
    (0.29, "shape", False), (0.3, "shape", True), (0.29, "known", False), (0.49, "dropped", False), (0.5, "dropped", True)])
def test_keeps_rejects_below_one_threshold_and_accepts_from_the_other(p, source, kept):
    assert keeps(p, source, reject_below=0.3, accept_from=0.5) is kept


def test_the_component_rejects_and_accepts_by_its_weights(nlp, tmp_path):
    # z = -1 + 3 has_head - 4 gerund_first + 2.5 ner_exact: the description -2 (p 0.12, rejected),
    # the dropped Bank of Japan 4.5 (p 0.99, accepted), a definition is never judged.
    weights = tmp_path / "weights.tsv"
    weights.write_text("# test weights\nfeature\tweight\nbias\t-1\nhas_head\t3\ngerund_first\t-4\nner_exact\t2.5\n")
    judge = spacy.blank("en").add_pipe("polex_org_judge")
    judge.initialize(data_dir=str(MODELS / "orgs"), months=str(MODELS / "dates" / "months.tsv"),
                     weekdays=str(MODELS / "dates" / "weekdays.tsv"), weights=str(weights))
    doc = judge(make_doc(nlp, [Candidate("ORG", 4, 23, "Implementing Agency", "shape"),
                               Candidate("ORG", 51, 70, "implementing agency", "definition"),
                               Candidate("COUNTRY", 41, 46, "JPN", "countries")]))
    assert doc._.candidates == [Candidate("ORG", 51, 70, "implementing agency", "definition"),
                                Candidate("COUNTRY", 41, 46, "JPN", "countries"),
                                Candidate("ORG", 32, 45, "Bank of Japan", "ner")]


def test_the_component_needs_its_weights(nlp):
    judge = spacy.blank("en").add_pipe("polex_org_judge", name="unready")
    with pytest.raises(ValueError, match="unready: call initialize"):
        judge(make_doc(nlp, []))


def test_fit_finds_the_log_odds_of_a_lone_bias():
    # three positives and one negative: the unpenalized bias is log(3)
    assert fit(np.ones((4, 1)), np.array([1.0, 1.0, 1.0, 0.0])).tolist() == [round(math.log(3), 4)]


def test_retraining_on_the_committed_examples_gives_the_committed_weights():
    rows = read_examples(MODELS / "orgs" / "judge_examples.tsv")
    weights = fit(matrix(rows), np.array([r["gold"] for r in rows], dtype=float))
    assert weights_text(weights) == (MODELS / "orgs" / "judge_weights.tsv").read_text(encoding="utf-8")


def test_issuers_are_grouped_by_the_body_before_any_qualifier():
    groups = {
        "a": issuer_group({"issuer": "U.S. Department of the Treasury, Financial Management Service"}, "a"),
        "b": issuer_group({"issuer": "World Bank"}, "b"),
        "c": issuer_group({"issuer": "World Bank Group"}, "c"),
        "d": issuer_group({"issuer": "World Bank and Ministry of Planning and Finance, Myanmar"}, "d"),
        "e": issuer_group({"issuer": "National Science and Technology Council (Taiwan); republished"}, "e"),
        "f": issuer_group({}, "f"),
        "g": issuer_group({"issuer": "Philippine Statistics Authority, NSCB Cordillera Administrative Region office"}, "g"),
        "h": issuer_group({"issuer": "Philippine Statistics Authority, National Statistical Coordination Board"}, "h"),
        "i": issuer_group({"issuer": "World Bank Group Archives"}, "i"),
    }
    assert merged_groups(groups) == {"a": "U.S. Department of the Treasury", "b": "World Bank", "c": "World Bank",
                                     "d": "World Bank", "e": "National Science and Technology Council", "f": "f",
                                     "g": "Philippine Statistics Authority", "h": "Philippine Statistics Authority",
                                     "i": "World Bank"}


def test_the_examples_are_the_judged_candidates_whose_decision_changes_the_output():
    # Bank of Japan is also a definition's long form (unjudged: it stays whatever the judge says);
    # Reserve Bank of India is output by the shape finder alone; Fed Watchers, a dropped NER span, lies in a gap.
    text = "The Bank of Japan (BOJ) met the Reserve Bank of India and Fed Watchers."
    g = Gathered({"doc_id": "d", "text": text, "date": "2020", "gold": {(4, 17), (32, 53)}})
    g.fixed = [Candidate("ORG", 4, 17, "Bank of Japan", "definition"), Candidate("ORG", 19, 22, "Bank of Japan", "definition")]
    features = dict.fromkeys(NAMES, 0.0)
    g.judged = [(Judged(4, 17, "shape"), features), (Judged(32, 53, "shape"), features),
                (Judged(58, 70, "dropped"), features)]
    found = decisions(g, technical_filter(MODELS / "orgs"))
    assert [(s, y) for s, _, y in found] == [(Judged(32, 53, "shape"), 1), (Judged(58, 70, "dropped"), 0)]

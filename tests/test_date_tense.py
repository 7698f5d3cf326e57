"""The tense a DATE's sentence gives it, read from part-of-speech tags on hand-built Docs."""
import pytest
import spacy
from spacy.tokens import Doc

from pipeline.dates import DateRules
from pipeline.extract.dates import Intent, SentenceTense, sentence_tense

from conftest import MODELS, cases

VOCAB = spacy.blank("en").vocab


def tagged(text: str) -> Doc:
    """`word/TAG word/TAG ...` to a Doc with those tags."""
    words, tags = zip(*(pair.rsplit("/", 1) for pair in text.split()))
    return Doc(VOCAB, words=list(words), tags=list(tags))


def tense_of(doc: Doc, word: str, intent: Intent = Intent()) -> str:
    start = doc.text.index(word)
    return sentence_tense(doc, start, start + len(word), intent)


@pytest.mark.parametrize("text, date, tense", [
    ("In/IN November/NNP ,/, exports/NNS fell/VBD ./.", "November", "past"),
    ("The/DT council/NN will/MD meet/VB in/IN November/NNP ./.", "November", "future"),
    ("The/DT report/NN is/VBZ due/JJ in/IN November/NNP ./.", "November", ""),
    ("Prices/NNS have/VBP risen/VBN since/IN June/NNP ./.", "June", "past"),
    ("The/DT law/NN was/VBD signed/VBN on/IN Friday/NNP ./.", "Friday", "past"),
    ("It/PRP would/MD be/VB paid/VBN in/IN January/NNP ./.", "January", "future"),
    ("Shares/NNS issued/VBN July/NNP 1/CD will/MD vote/VB ./.", "July", "past"),
    # the nearest verb decides: the past `said`, not the later `will`
    ("He/PRP said/VBD Friday/NNP that/IN it/PRP will/MD rise/VB ./.", "Friday", "past"),
    # a full stop ends the sentence: the next sentence's verb does not count
    ("In/IN August/NNP ./. Exports/NNS fell/VBD ./.", "August", ""),
])
def test_sentence_tense(text, date, tense):
    assert tense_of(tagged(text), date) == tense


def test_untagged_doc_has_no_tense():
    doc = spacy.blank("en")("In November, exports fell.")
    assert tense_of(doc, "November") == ""


def test_tense_places_the_month():
    """In a document dated 2013-03-22, a past `in August` is 2012-08 and a future one 2013-08."""
    rules = DateRules(MODELS / "dates")
    for text, norm in [("In/IN August/NNP ,/, exports/NNS fell/VBD ./.", "2012-08"),
                       ("Exports/NNS will/MD rise/VB in/IN August/NNP ./.", "2013-08")]:
        doc = tagged(text)
        [(_, _, found)] = rules.find(doc.text, "2013-03-22", lambda s, e: sentence_tense(doc, s, e))
        assert found == norm


def test_trained_pipeline_tags_only_on_demand(trained_nlp, settings):
    """The tagger is disabled in the pipeline, yet the DATE component reads the tense with it."""
    from pipeline.extract import extract_documents

    assert "tagger" not in trained_nlp.pipe_names
    text = "In August, exports fell sharply. The council will meet in August."
    [(_, entities)] = extract_documents(trained_nlp, [("case", text, "2013-03-22")], settings)
    assert [(e.text, e.norm) for e in entities if e.label == "DATE"] == [("August", "2012-08"), ("August", "2013-08")]


@pytest.mark.parametrize("text, date, tense", [
    ("Talks/NNS are/VBP set/VBN to/TO resume/VB Monday/NNP ./.", "Monday", "future"),
    ("It/PRP planned/VBD to/TO leave/VB on/IN Thursday/NNP ./.", "Thursday", "future"),
    # `began` is no intent verb: `began to fall` stays past
    ("Prices/NNS began/VBD to/TO fall/VB in/IN March/NNP ./.", "March", "past"),
    # a noun of intent before `to` does the same
    ("It/PRP signed/VBD an/DT agreement/NN to/TO acquire/VB the/DT bank/NN in/IN January/NNP ./.", "January", "future"),
    # `look forward to` and a gerund, its `to` tagged either way
    ("We/PRP are/VBP looking/VBG forward/RB to/TO meeting/VBG guests/NNS in/IN June/NNP ./.", "June", "future"),
    ("We/PRP are/VBP looking/VBG forward/RB to/IN meeting/VBG guests/NNS in/IN June/NNP ./.", "June", "future"),
    # a gerund after `to` without an intent word tells nothing
    ("We/PRP are/VBP committed/VBN to/TO meeting/VBG guests/NNS in/IN June/NNP ./.", "June", ""),
])
def test_intent_verb_puts_the_date_ahead(text, date, tense):
    doc = tagged(text)
    start = doc.text.index(date)
    assert sentence_tense(doc, start, start + len(date), Intent({"set", "planned", "agreement", "forward"})) == tense


@pytest.mark.parametrize("text, date, tense", [
    # `Sept. 14` ends no sentence: the verb before it still gives `Thursday` its tense.
    ("Shares were bought from Sept. 14 to Thursday for cash.", "Thursday", "past"),
    # Nor do a title and an initial (abbreviations.tsv): `will succeed` places Feb. 1 ahead.
    ("Mr. Schwarz will succeed Daniel P. Davison Feb. 1, soon after Mr. Davison retires.", "Feb. 1", "future"),
    # A full stop before a capital does end one: `were` is not this date's verb.
    ("Shares were bought. Prices rise in May.", "May", ""),
])
def test_sentence_tense_stays_in_its_sentence(text, date, tense):
    tags = {"were": "VBD", "bought": "VBN", "will": "MD", "succeed": "VB", "retires": "VBZ", "rise": "VBP"}

    def tag(part: str) -> Doc:
        words = part.replace(",", " ,").split()
        return Doc(VOCAB, words=words, tags=[tags.get(w, "NN") for w in words])

    start = text.index(date)
    sentence_end = DateRules(MODELS / "dates").sentence_end
    tag_all = lambda parts: [tag(part) for part in parts]  # noqa: E731
    assert SentenceTense(text, tag_all, Intent(), sentence_end)(start, start + len(date)) == tense


def test_intent_verb_with_for_puts_the_date_ahead():
    doc = tagged("Accession/NN was/VBD planned/VBN for/IN early/JJ March/NNP ./.")
    start = doc.text.index("March")
    assert sentence_tense(doc, start, start + 5, Intent({"planned"})) == "future"


@pytest.mark.parametrize("text, tense", [
    # a participle that joins as a preposition tells no tense; one that does not still does
    ("Views/NNS on/IN issues/NNS related/VBN to/TO the/DT meeting/NN in/IN September/NNP ./.", ""),
    ("Shares/NNS issued/VBN in/IN September/NNP ./.", "past"),
])
def test_words_around_a_noun_place_the_date(text, tense):
    from pipeline.extract.dates import Intent

    intent = Intent.read(MODELS / "dates")
    assert tense_of(tagged(text), "September", intent) == tense


@pytest.mark.parametrize("case", cases("date_tense_before_noun.tsv"), ids=lambda c: c["tagged"][:40])
def test_a_plan_word_before_a_noun(case):
    from pipeline.extract.dates import Intent

    doc = tagged(case["tagged"])
    tense = tense_of(doc, case["date"], Intent.read(MODELS / "dates"))
    found = [(doc.text[s:e], norm) for s, e, norm in DateRules(MODELS / "dates").find(doc.text, case["anchor"], lambda s, e: tense)]
    assert (tense, (case["date"], case["norm"])) == (case["tense"], found[0])

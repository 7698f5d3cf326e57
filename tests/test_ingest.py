"""Ingest: text cleaning, formats and bad input, each with its exact error."""
import codecs
import json

import pytest

from pipeline.corpus import list_documents
from pipeline.ingest import ingest
from pipeline.ingest.errors import DocumentError
from pipeline.meta import date_rules, infer_date, infer_title

from conftest import MODELS

RULES = date_rules(MODELS)


def ingest_bytes(tmp_path, name, data, max_chars=10_000, timeout_s=10):
    (tmp_path / name).write_bytes(data)
    [doc] = list_documents(tmp_path)
    return ingest(doc, RULES, max_chars, timeout_s)


@pytest.mark.parametrize("data", [
    "Japan\r\nand\rChina\n".encode(),
    codecs.BOM_UTF8 + "Japan\r\nand\rChina\n".encode(),
    codecs.BOM_UTF16_LE + "Japan\r\nand\rChina\n".encode("utf-16-le"),
])
def test_text_line_ends_and_boms(tmp_path, data):
    assert ingest_bytes(tmp_path, "doc.txt", data)["text"] == "Japan\nand\nChina\n"


def test_cp1252_is_detected(tmp_path):
    text = "Le ministère a versé 5 millions d’euros à l’Unesco en été 2001. " * 3
    assert ingest_bytes(tmp_path, "doc.txt", text.encode("cp1252"))["text"] == text


def test_nfc_and_control_characters(tmp_path):
    assert ingest_bytes(tmp_path, "doc.txt", "Cote\u0301 d\x07Ivoire".encode())["text"] == "Coté dIvoire"


@pytest.mark.parametrize("name,data,cause", [
    ("empty.txt", b"", "the file is empty"),
    ("blank.txt", b"  \n\t\n", "the document is empty or only white space"),
    ("garbage.txt", bytes(range(256)) * 4, "binary content (NUL bytes), not text"),
    ("image.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "named .txt but holds PNG data"),
    ("fake.pdf", b"Just some text", "named .pdf but holds text content"),
    ("report.docx", b"PK\x03\x04", "report.docx: unknown extension '.docx'"),
])
def test_bad_input_gives_one_clear_error(tmp_path, name, data, cause):
    with pytest.raises(DocumentError) as err:
        ingest_bytes(tmp_path, name, data)
    assert err.value.cause == cause
    assert err.value.hint


def test_too_long_is_refused_above_max_chars(tmp_path):
    with pytest.raises(DocumentError, match="12 characters, above ingest.max_chars"):
        ingest_bytes(tmp_path, "long.txt", b"Japan Japan.", max_chars=10)


def test_same_stem_twice_is_an_error_for_both(tmp_path):
    (tmp_path / "x.txt").write_text("Japan")
    (tmp_path / "x.html").write_text("<p>Japan</p>")
    docs = list_documents(tmp_path)
    assert [d.problem for d in docs] == [
        "x.html shares its document id 'x' with x.txt",
        "x.txt shares its document id 'x' with x.html",
    ]


def test_name_with_spaces_and_accents(tmp_path):
    doc = ingest_bytes(tmp_path, "Déclaration de Paris 2005.txt", "Paris, 2 March 2005\nText.".encode())
    assert doc["doc_id"] == "Déclaration de Paris 2005"
    assert doc["date"] == "2005-03-02"


def test_meta_file_wins_over_inference(tmp_path):
    (tmp_path / "d.meta.json").write_text(json.dumps({"title": "T", "date": "2001-10", "source": "s"}))
    doc = ingest_bytes(tmp_path, "d.txt", b"Other title\nMay 2003\nBody.")
    assert (doc["title"], doc["date"], doc["source"]) == ("T", "2001-10", "s")


@pytest.mark.parametrize("text,title,date", [
    ("International Cooperation in IT\nOctober 2001\n1. Fields", "International Cooperation in IT", "2001-10"),
    ("\n  Press release  \nMarch 3, 2015\nBody text.", "Press release", "2015-03-03"),
    ("Statement\nBody with no date line near the top.", "Statement", ""),
])
def test_title_and_date_inference(text, title, date):
    assert (infer_title(text), infer_date(text, RULES)) == (title, date)


def test_html_keeps_main_content_only(tmp_path):
    page = b"""<html><head><title>Budget 2019</title><meta name="date" content="2019-03-19"></head><body>
    <nav><ul><li>Japan</li><li>France</li></ul></nav><div class="cookie-banner">We use cookies</div>
    <main><h1>Budget &amp; plan</h1><p>Canada will   invest $5 billion.</p><ul><li>One</li></ul></main>
    <footer>Contact us</footer><script>var x = "Germany";</script></body></html>"""
    doc = ingest_bytes(tmp_path, "page.html", page)
    assert doc["text"] == "Budget & plan\nCanada will invest $5 billion.\n- One"
    assert (doc["title"], doc["date"]) == ("Budget 2019", "2019-03-19")
    assert doc["headings"] == [{"start": 0, "end": 13, "level": 1}]


def test_html_image_captions_are_text_icons_are_not(tmp_path):
    page = b"""<html><body><nav><img alt="Map of Kenya and its neighbours"></nav><article>
    <div class="slider"><div class="slide"><img src="a.jpg" alt="With President of  Egypt Mohammed Morsi.">
    </div></div><p>Talks were held <img src="rss.png" alt="RSS icon">in Moscow.</p><img src="b.jpg" alt="">
    </article></body></html>"""
    doc = ingest_bytes(tmp_path, "talks.html", page)
    assert doc["text"] == "With President of Egypt Mohammed Morsi.\nTalks were held in Moscow."


def test_html_a_wrapper_named_like_boilerplate_that_holds_the_text_is_kept(tmp_path):
    """A class word such as `sidebar` marks a sidebar, not the block around the
    page's whole text (GOV.UK's `sidebar-with-body`); the real sidebar still goes."""
    page = b"""<html><body><main><h1>Forum communique</h1>
    <div class="govuk-grid-row sidebar-with-body"><div class="sidebar">Print this page</div>
    <div class="govspeak"><p>Ministers of the United Kingdom and Nigeria met in Abuja on 26 April 2022.</p>
    <p>They agreed to expand trade.</p></div></div></main></body></html>"""
    doc = ingest_bytes(tmp_path, "communique.html", page)
    assert doc["text"] == ("Forum communique\nMinisters of the United Kingdom and Nigeria met in Abuja on 26 April 2022.\n"
                           "They agreed to expand trade.")


def test_html_numbered_paragraphs_in_a_list_are_the_content(tmp_path):
    """A page with no <main> whose text is a numbered list of paragraphs: the
    block around the list is the content, not its longest single item."""
    long_item = "The parties agreed to work together towards a successful outcome at the climate talks. " * 3
    page = f"""<html><body><div class="header"><p>Skip to main content</p></div><div class="body">
    <h1>Joint communique</h1><ol><li><p>Brazil and the United Kingdom met on 7 October 2020.</p></li>
    <li><p>{long_item.strip()}</p></li><li><p>They agreed to meet again in 2021.</p></li></ol></div>
    </body></html>""".encode()
    doc = ingest_bytes(tmp_path, "communique.html", page)
    # each item's marker stands on its own line before its paragraph
    assert doc["text"] == ("Joint communique\n-\nBrazil and the United Kingdom met on 7 October 2020.\n"
                           f"-\n{long_item.strip()}\n-\nThey agreed to meet again in 2021.")


def test_html_menu_without_markup_hints_is_dropped(tmp_path):
    countries = "".join(f'<li><a href="/c/{n}">{n}</a></li>' for n in ["Japan", "France", "Kenya", "Chile", "Peru", "Fiji"] * 25)
    page = f"""<html><head><title>Visit</title></head><body><div id="top-links"><ul>{countries}</ul></div>
    <div class="content"><p>The Minister visited <a href="/c/Ghana">Ghana</a> on 2 May 2019.</p>
    <p>Talks covered trade.</p></div></body></html>""".encode()
    doc = ingest_bytes(tmp_path, "visit.html", page)
    assert doc["text"] == "The Minister visited Ghana on 2 May 2019.\nTalks covered trade."


@pytest.mark.slow
def test_ingest_runs_without_spacy():
    """Ingest reads document dates with pipeline.dates, which needs no spaCy."""
    import subprocess
    import sys

    code = "import sys, pipeline.ingest.__main__; print(sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_documents_in_subfolders_take_the_meta_file_beside_them(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "cb-minutes.txt").write_text("Japan")
    (tmp_path / "real" / "cb-minutes.meta.json").write_text('{"split": "test"}')
    (tmp_path / "real" / "listed-only.meta.json").write_text('{"split": "dev"}')
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("not a document")
    [doc] = list_documents(tmp_path)
    assert (doc.doc_id, doc.meta_path) == ("cb-minutes", tmp_path / "real" / "cb-minutes.meta.json")
    assert ingest_bytes(tmp_path / "real", "cb-minutes.txt", b"Japan")["split"] == "test"


def test_form_feeds_and_other_breaks_become_line_breaks(tmp_path):
    text = ingest_bytes(tmp_path, "doc.txt", "Kenya\fJapan\vChile\u2028Peru\x85Fiji\n".encode())["text"]
    assert text == "Kenya\nJapan\nChile\nPeru\nFiji\n"


def test_zero_width_and_bidi_characters_do_not_split_words(tmp_path):
    data = "World\u200b Bank, Ja\u200bpan, \u202aKenya\u202c, Chi\u00adle, \u2066Peru\u2069\u200f, e\ufeffg\u2060h".encode()
    assert ingest_bytes(tmp_path, "doc.txt", data)["text"] == "World Bank, Japan, Kenya, Chile, Peru, egh"


def test_mixed_encodings_are_decoded_line_by_line(tmp_path):
    data = "Côte d’Ivoire, UTF-8\n".encode() + "São Tomé, cp1252 – 5 €\n".encode("cp1252") + "Zürich\n".encode()
    assert ingest_bytes(tmp_path, "doc.txt", data)["text"] == "Côte d’Ivoire, UTF-8\nSão Tomé, cp1252 – 5 €\nZürich\n"


def test_a_byte_broken_in_a_utf8_file_with_its_mark_becomes_a_replacement_character(tmp_path):
    sentence = "the \u201cmissing middle,\u201d small firms. ".encode()
    broken = sentence.replace("\u201d".encode(), b"\xe2\x80?")
    data = codecs.BOM_UTF8 + sentence * 30 + broken
    assert ingest_bytes(tmp_path, "doc.txt", data)["text"].endswith("middle,\u201d small firms. the \u201cmissing middle,\ufffd? small firms. ")


def test_a_utf8_mark_before_text_in_another_encoding_is_refused(tmp_path):
    data = codecs.BOM_UTF8 + "Le ministère a versé 5 millions d’euros. ".encode("cp1252") * 3
    with pytest.raises(DocumentError) as err:
        ingest_bytes(tmp_path, "doc.txt", data)
    assert err.value.cause == "invalid utf-8-sig after its byte-order mark (invalid continuation byte)"


@pytest.mark.parametrize("meta,cause", [
    ('{"date": "9999-99-99"}', "doc.meta.json: date: date '9999-99-99': the year must be from 1000 to 2999"),
    ('{"date": "2001-13"}', "doc.meta.json: date: date '2001-13': there is no month 13"),
    ('{"date": "2001-02-30"}', "doc.meta.json: date: date '2001-02-30': that day does not exist"),
    ('{"title": ["a", "b"]}', "doc.meta.json: title: Input should be a valid string"),
    ('{"title": "Red \\u001b[31m alert"}', "doc.meta.json: title: 'Red \\x1b[31m alert' holds control characters"),
    ('{"source": 5}', "doc.meta.json: source: Input should be a valid string"),
    ('["a"]', "doc.meta.json: a meta file holds one JSON object with title, date, source"),
])
def test_meta_files_are_checked_against_the_schema(tmp_path, meta, cause):
    (tmp_path / "doc.meta.json").write_text(meta)
    with pytest.raises(DocumentError) as err:
        ingest_bytes(tmp_path, "doc.txt", b"Title\nJapan next month.\n")
    assert err.value.cause == cause
    assert err.value.hint == "fix the meta file (title, date YYYY-MM-DD, source) or delete it"


def test_a_valid_meta_file_keeps_its_other_keys_out_of_the_way(tmp_path):
    (tmp_path / "doc.meta.json").write_text('{"title": "T", "date": "2001-10", "source": null, "lang": "en"}')
    doc = ingest_bytes(tmp_path, "doc.txt", b"Title\nJapan next month.\n")
    assert (doc["title"], doc["date"], doc["source"]) == ("T", "2001-10", "")


def test_a_web_page_date_that_is_no_calendar_date_is_not_used(tmp_path):
    page = b'<html><head><meta name="date" content="2015-19-40"></head><body><p>Japan.</p></body></html>'
    assert ingest_bytes(tmp_path, "doc.html", page)["date"] == ""


def test_links_that_leave_the_corpus_folder_are_refused(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (tmp_path / "secret.txt").write_text("root:x:0:0")
    (raw / "inside.txt").write_text("Japan")
    (raw / "passwd.txt").symlink_to(tmp_path / "secret.txt")
    (raw / "alias.txt").symlink_to(raw / "inside.txt")
    (raw / "note.txt").write_text("Kenya")
    (raw / "note.meta.json").symlink_to(tmp_path / "secret.txt")
    documents = {d.doc_id: d for d in list_documents(raw)}
    assert {d: (doc.problem, doc.hint) for d, doc in documents.items() if doc.problem} == {
        "passwd": ("passwd.txt is a link to a file outside the corpus folder", "copy the file into the corpus folder instead of linking to it"),
        "note": ("note.meta.json is a link to a file outside the corpus folder", "copy the file into the corpus folder instead of linking to it"),
    }
    with pytest.raises(DocumentError, match="passwd.txt is a link to a file outside the corpus folder"):
        ingest(documents["passwd"], RULES, 100, 10)
    assert ingest(documents["alias"], RULES, 100, 10)["text"] == "Japan"

"""Bad input never crashes a run: fuzzed bytes, slow readers, strict mode,
very long texts. (Runs killed half-way: tests/test_run_faults.py.)"""
import subprocess
import sys

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from pipeline.corpus import list_documents
from pipeline.extract import chunks
from pipeline.ingest import ingest
from pipeline.ingest.errors import DocumentError
from pipeline.ingest.html import read_html
from pipeline.ingest.text import read_plain
from pipeline.meta import date_rules

from conftest import MODELS, ROOT, venv_env
from pdf_fixtures import column, pdf

HTML_BITS = st.sampled_from([b"<html>", b"<body>", b"<p>", b"</p>", b"<h1>", b"</h1>", b"<li>", b"<nav>", b"<script>",
                             b"&amp;", b"&#x0;", b"&bogus;", b"<!DOCTYPE x SYSTEM 'file:///etc/passwd'>", b"\xff\xfe",
                             b"\x00", b"Japan", b" ", b"\r\n", "é".encode("latin-1")])


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000))
def test_fuzz_text_either_text_or_a_clean_error(data):
    try:
        doc = read_plain(data)
    except DocumentError as err:
        assert err.cause and err.hint
    else:
        assert doc["text"].strip() and "\r" not in doc["text"]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=2000), st.lists(HTML_BITS, max_size=60).map(b"".join)))
def test_fuzz_html_either_text_or_a_clean_error(data):
    try:
        doc = read_html(data)
    except DocumentError as err:
        assert err.cause and err.hint
    else:
        assert isinstance(doc["text"], str) and doc["text"].strip()
        for h in doc["headings"]:
            assert 0 <= h["start"] < h["end"] <= len(doc["text"])


def test_html_never_fetches_or_expands_entities(tmp_path):
    page = b"""<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/hostname">]><html><body>
    <img src="http://example.invalid/a.png"><p>Aid &x; to Kenya.</p></body></html>"""
    text = read_html(page)["text"]
    assert "Kenya" in text and open("/etc/hostname").read().strip() not in text.replace("Kenya", "")


def slow_pdf(tmp_path, monkeypatch, reader):
    """A one-page PDF whose reading is `reader` (a stand-in for a slow one)."""
    import pipeline.ingest

    monkeypatch.setitem(pipeline.ingest.READERS, "pdf", reader)
    (tmp_path / "report.pdf").write_bytes(pdf([column(72, 700, ["Text"])]))
    [doc] = list_documents(tmp_path)
    return doc


def test_a_reader_that_never_stops_hits_the_time_limit(tmp_path, monkeypatch):
    """The reader uses CPU without end, so the limit always interrupts it: how
    fast a loaded machine reads a real PDF cannot decide the outcome."""
    def still_reading(data):
        while True:  # the limit's signal ends the loop by raising
            pass

    doc = slow_pdf(tmp_path, monkeypatch, still_reading)
    with pytest.raises(DocumentError) as err:
        ingest(doc, date_rules(MODELS), 10**9, timeout_s=0.001)
    assert err.value.cause == "reading took more than 0.001 s of CPU time"


def test_a_reader_waiting_past_the_time_limit_is_not_refused(tmp_path, monkeypatch):
    """The limit counts CPU time: a reader that waits four times its limit of
    wall-clock time (as on a loaded machine) while using almost no CPU reads the document."""
    import time

    def waiting(data):
        time.sleep(0.2)
        return {"text": "Read in time.", "title": "", "date": "", "headings": [], "pages": []}

    doc = slow_pdf(tmp_path, monkeypatch, waiting)
    assert ingest(doc, date_rules(MODELS), 10**9, timeout_s=0.05)["text"] == "Read in time."


def test_the_time_limit_expiring_while_the_title_is_read_is_not_swallowed(monkeypatch):
    import pipeline.ingest.pdf as pdf_reader

    def expire(*args):
        raise TimeoutError

    monkeypatch.setattr(pdf_reader, "PDFDocument", expire)
    with pytest.raises(TimeoutError):
        pdf_reader.metadata_title(b"%PDF-1.4")


def test_a_20_mb_text_is_read_and_cut_into_pieces(tmp_path):
    line = "The Asian Development Bank lent US$2 billion to Viet Nam in 2015.\n"
    (tmp_path / "big.txt").write_text(line * (20_000_000 // len(line)))
    [doc] = list_documents(tmp_path)
    text = ingest(doc, date_rules(MODELS), 30_000_000, 120)["text"]
    pieces = chunks(text, 20_000)
    assert len(text) > 19_900_000
    assert max(len(p) for _, p in pieces) <= 20_000
    assert "".join(p for _, p in pieces) == text


def run_stage(project, module, *args):
    return subprocess.run([sys.executable, "-m", module, *args], cwd=project, env=venv_env(), capture_output=True, text=True)


@pytest.mark.slow
def test_strict_turns_a_document_error_into_a_failed_run(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "good.txt").write_text("Japan")
    (raw / "empty.txt").write_text("")
    params = yaml.safe_load((ROOT / "params.yaml").read_text())
    for strict, code in ((False, 0), (True, 1)):
        params["strict"] = strict
        (tmp_path / "params.yaml").write_text(yaml.safe_dump(params))
        result = run_stage(ROOT, "pipeline.ingest", "--raw", str(raw), "--out", str(tmp_path / f"out{strict}"),
                           "--manifest", str(tmp_path / f"{strict}.sqlite"), "--errors", str(tmp_path / f"{strict}.csv"),
                           "--models", str(MODELS), "--params", str(tmp_path / "params.yaml"))
        assert result.returncode == code, result.stderr
        assert "error ingest: empty.txt: the file is empty (remove it or put the document's text in it)" in result.stderr
        assert (tmp_path / f"out{strict}" / "good.json").exists()


WORDS = st.sampled_from(["Japan", "the", "(", ")", "ROK", "of", "Bank", "Council", "US$", "$", "5", "1,200.5", "billion",
                         "-", "–", "March", "2001", "FY", "2019-20", "e-", "ASEAN", "\n", "\n\n", ",", ".", "'s", "Fund",
                         "United Nations", "Development", "(UNDP)", "last", "year", "to", "and", "A$", "crore", "Rs",
                         "Canada", "Statistics", "THE", "COUNCIL", "é", "\u200b", "1990s", "21st", "Century", "mid-"])


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, max_size=80))
def test_fuzz_extract_gives_valid_spans(blank_nlp, words):
    from pipeline.extract import Settings, extract_documents

    text = " ".join(words)
    [(_, entities)] = extract_documents(blank_nlp, [("fuzz", text, "2001-10")], Settings("none", MODELS))
    taken = set()
    for e in entities:
        assert 0 <= e.start < e.end <= len(text) and e.text == text[e.start:e.end]
        assert not taken & set(range(e.start, e.end))
        taken |= set(range(e.start, e.end))


def test_a_document_a_component_fails_on_is_reported_and_the_others_go_on():
    from spacy.language import Language

    from conftest import blank_pipeline
    from pipeline.extract import Settings, extract_documents

    @Language.component("explode_on_boom")
    def explode(doc):
        if "BOOM" in doc.text:
            raise RuntimeError("boom")
        return doc

    nlp = blank_pipeline()
    nlp.add_pipe("explode_on_boom", first=True)
    failed = []
    docs = [("a", "Japan in 2001.", ""), ("b", "BOOM Kenya", ""), ("c", "Chile paid $5 million.", "")]
    done = dict(extract_documents(nlp, docs, Settings("none", MODELS), on_error=lambda d, m: failed.append((d, m))))
    assert failed == [("b", "explode_on_boom failed: RuntimeError: boom")]
    assert [e.text for e in done["a"]] == ["Japan", "2001"]
    assert [e.text for e in done["c"]] == ["Chile", "$5 million"]

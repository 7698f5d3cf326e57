"""The HTML report: built from the tables, self-contained, and rendered in
headless Chromium where it is installed."""
import json
import re
import shutil
import subprocess

import pytest

from pipeline.report import build

TEXT = "Summary\nJapan and the Asian Development Bank (ADB) lent US$2 billion in March 2015.\nBack to Index"
ENTITIES = [
    {"label": "COUNTRY", "start": 8, "end": 13, "text": "Japan", "norm": "JPN"},
    {"label": "ORG", "start": 22, "end": 44, "text": "Asian Development Bank", "norm": "Asian Development Bank"},
    {"label": "ORG", "start": 46, "end": 49, "text": "ADB", "norm": "Asian Development Bank"},
    {"label": "AMOUNT", "start": 56, "end": 68, "text": "US$2 billion", "norm": "2000000000 USD"},
    {"label": "DATE", "start": 72, "end": 82, "text": "March 2015", "norm": "2015-03"},
]


@pytest.fixture
def page(tmp_path):
    interim = tmp_path / "interim"
    for folder in ("docs", "sections", "entities"):
        (interim / folder).mkdir(parents=True)
    (interim / "docs" / "note.json").write_text(json.dumps(
        {"doc_id": "note", "title": "Note", "date": "2015-03", "source": "https://example.org", "format": "text",
         "text": TEXT, "pages": [], "headings": []}))
    (interim / "sections" / "note.json").write_text(json.dumps({"doc_id": "note", "content_end": 83, "sections": [
        {"section_id": "0", "parent_id": "", "level": 0, "number": "", "title": "Note", "start": 0, "end": 83},
        {"section_id": "1", "parent_id": "0", "level": 1, "number": "", "title": "Summary", "start": 0, "end": 83}]}))
    rows = [dict(e, section_id="1", page="") for e in ENTITIES]
    (interim / "entities" / "note.json").write_text(json.dumps({"doc_id": "note", "entities": rows}))
    with open(tmp_path / "entities.csv", "w") as fh:
        fh.write("doc_id,section_id,label,start,end,text,norm,page\n")
        fh.writelines(f'note,1,{e["label"]},{e["start"]},{e["end"]},{e["text"]},{e["norm"]},\n' for e in ENTITIES)
    html = build(interim / "docs", interim / "sections", interim / "entities", tmp_path / "entities.csv", tmp_path / "none.json")
    path = tmp_path / "index.html"
    path.write_text(html)
    return path


def test_report_has_highlights_and_tables(page):
    html = page.read_text()
    assert len(re.findall(r'<mark class="entity"', html)) == 5
    assert "<td>Asian Development Bank</td><td>1</td>" in html  # organizations by countries: ADB with JPN
    assert "<td>2000000000</td><td>USD</td><td>US$2 billion</td>" in html
    assert "<td>2015-03</td><td>March 2015</td>" in html
    assert "No gold annotations: nothing was scored." in html


def test_report_is_self_contained(page):
    html = page.read_text()
    assert "<script" not in html
    assert not re.search(r'(src|href)="(https?:)?//', html)


def test_report_renders_in_headless_chromium(page, tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        pytest.skip("Chromium is not installed (apt-get install chromium); the page was checked as HTML only")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([chromium, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr
    assert dom.stdout.count('class="entity"') == 5
    assert "<td>2000000000</td>" in dom.stdout
    shot = tmp_path / "report.png"
    subprocess.run([chromium, *flags, f"--screenshot={shot}", "--window-size=1200,1600", page.as_uri()],
                   capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 10_000

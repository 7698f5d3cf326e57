"""Hostile input: each file gives its text or one clear error, and a run
over hostile files and good documents gives the good ones exactly the outputs
of a run without the hostile files."""
import csv
import shutil

import pytest
import yaml

import hostile
from pipeline.cache import spreadsheet_safe, write_csv
from pipeline.corpus import list_documents
from pipeline.ingest import ingest
from pipeline.ingest.errors import DocumentError
from pipeline.meta import date_rules

from conftest import MODELS, ROOT, dvc, new_project


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    folder, outside = tmp_path_factory.mktemp("raw"), tmp_path_factory.mktemp("outside")
    hostile.write(folder, outside)
    results = {}
    for doc in list_documents(folder):
        try:
            results[doc.path.name] = ingest(doc, date_rules(MODELS), 30_000_000, 120)
        except DocumentError as err:
            results[doc.path.name] = err.cause
    return results


@pytest.mark.parametrize("name,expect,value", [(n, e, v) for n, _, e, v in hostile.FILES], ids=[f[0] for f in hostile.FILES])
def test_each_hostile_file_gives_its_text_or_a_clear_error(ingested, name, expect, value):
    found = ingested[name]
    if name.removesuffix(".txt") in hostile.META_ERRORS:
        assert found == hostile.META_ERRORS[name.removesuffix(".txt")]
    elif expect == hostile.MUST_HOLD:
        assert isinstance(found, dict), found
        assert value in found["text"]
    else:
        assert isinstance(found, str) and found.startswith(value), found


def test_the_html_cases_keep_all_their_content(ingested):
    assert ingested["unclosed-embed.html"]["text"] == "Japan\nKenya and Chile signed."
    assert ingested["unclosed-divs.html"]["text"] == "\n".join(f"Item {i}" for i in range(400))
    assert ingested["big-block.html"]["text"] == hostile.BIG_BLOCK.decode().strip()
    assert ingested["xhtml.html"]["title"] == "T"


def test_a_link_out_of_the_corpus_is_an_error(ingested):
    assert ingested[hostile.LINK[0]] == hostile.LINK[1]


def test_cells_a_spreadsheet_would_run_get_an_apostrophe(tmp_path):
    rows = [{"text": t} for t in ("=1+2", "+44 20", "-", "@SUM(A1)", "\tx", "-5", "-0.5", "Japan", "a=b")]
    write_csv(tmp_path / "t.csv", ["text"], rows)
    with open(tmp_path / "t.csv", newline="") as fh:
        cells = [r["text"] for r in csv.DictReader(fh)]
    assert cells == ["'=1+2", "'+44 20", "'-", "'@SUM(A1)", "'\tx", "-5", "-0.5", "Japan", "a=b"]
    assert spreadsheet_safe(5) == 5


@pytest.mark.parametrize("value", ["=1+2", "'=1+2", "''=1+2", "'quoted", "'", "-5", "Japan", "@"])
def test_a_quoted_cell_reads_back_as_its_value(value):
    from pipeline.cache import spreadsheet_value

    assert spreadsheet_value(spreadsheet_safe(value)) == value


def good_documents(raw, count=40):
    """The shipped web pages, then parts of the seed up to `count` (small, so
    that two runs stay quick)."""
    shipped = sorted(p for p in (ROOT / "corpus/raw").iterdir() if p.suffix == ".html")
    for path in shipped[:count]:
        shutil.copy(path, raw / path.name)
        meta = path.with_name(path.stem + ".meta.json")
        if meta.exists():
            shutil.copy(meta, raw / meta.name)
    lines = (ROOT / "corpus/raw/mofa-it-cooperation-2001.txt").read_text().splitlines(keepends=True)
    parts = count - len(shipped[:count])
    for i in range(parts):
        (raw / f"seed-part-{i:02d}.txt").write_text("".join(lines[i * len(lines) // parts:(i + 1) * len(lines) // parts]))
    return {p.stem for p in raw.iterdir() if not p.name.endswith(".meta.json")}


def outputs_of(project, doc_ids) -> dict:
    found = {}
    for stage in ("docs", "sections", "entities"):
        for doc_id in doc_ids:
            found[f"{stage}/{doc_id}"] = (project / "outputs/interim" / stage / f"{doc_id}.json").read_bytes()
    for table in ("entities", "sections", "documents"):
        with open(project / "outputs" / f"{table}.csv", newline="") as fh:
            found[table] = [r for r in csv.reader(fh) if r[0] in doc_ids or r[0] == "doc_id"]
    return found


@pytest.mark.slow
def test_hostile_files_leave_good_documents_outputs_byte_identical(tmp_path):
    runs = {}
    for run in ("clean", "hostile"):
        project = new_project(tmp_path / run)
        params = yaml.safe_load((project / "params.yaml").read_text())
        params["ingest"]["max_chars"] = 2_000_000  # the 12 MB page is an error row here, not minutes of extraction
        (project / "params.yaml").write_text(yaml.safe_dump(params))
        raw = project / "corpus/raw"
        good = good_documents(raw)
        if run == "hostile":
            outside = tmp_path / "outside"
            outside.mkdir()
            hostile.write(raw, outside)
        result = dvc(project, "repro", "tables")  # the stages that make the per-document files and tables
        assert result.returncode == 0, result.stderr[-3000:]
        runs[run] = (project, good)
    (clean, good), (dirty, _) = runs["clean"], runs["hostile"]
    assert len(good) == 40
    assert outputs_of(dirty, good) == outputs_of(clean, good)
    with open(dirty / "outputs/errors.csv", newline="") as fh:
        errors = {r["doc_id"]: r["error"] for r in csv.DictReader(fh)}
    assert errors["passwd"] == "passwd.txt: " + hostile.LINK[1]
    assert errors["big-block"].startswith("big-block.html: 11,899,999 characters, above ingest.max_chars")
    leaked = [p.name for p in (dirty / "outputs").rglob("*") if p.is_file() and b"root:x:0" in p.read_bytes()]
    assert leaked == []
    assert "passwd" not in {p.stem for p in (dirty / "outputs/interim/docs").iterdir()}
    with open(dirty / "outputs/documents.csv", newline="") as fh:
        titles = {r["doc_id"]: r["title"] for r in csv.DictReader(fh)}
    assert titles["formula"] == "'=cmd|' /C calc'!A0"

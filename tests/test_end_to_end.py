"""The whole pipeline under `dvc repro` on a temporary copy of a tiny corpus."""
import csv
import json
import re
import subprocess
import sys

import pytest

from conftest import dvc, new_project, venv_env

pytestmark = pytest.mark.slow

DOC = """Joint Statement on Trade
March 3, 2015
1. Background
The Asian Development Bank (ADB) and Japan agreed in July 2014 to lend US$2 billion to Viet Nam.
2. Next steps
The ADB will report next year.
"""
GOLD = [
    ("DATE", "March 3, 2015", "2015-03-03"),
    ("ORG", "Asian Development Bank", "Asian Development Bank"),
    ("ORG", "ADB", "Asian Development Bank"),
    ("COUNTRY", "Japan", "JPN"),
    ("DATE", "July 2014", "2014-07"),
    ("AMOUNT", "US$2 billion", "2000000000 USD"),
    ("COUNTRY", "Viet Nam", "VNM"),
    ("ORG", "ADB", "Asian Development Bank"),
    ("DATE", "next year", "2016"),
]


def gold_lines(text):
    lines, pos = [], 0
    for label, surface, norm in GOLD:
        start = text.index(surface, pos)
        pos = start + len(surface)
        lines.append(json.dumps({"label": label, "start": start, "end": pos, "text": surface, "norm": norm}))
    return "\n".join(lines) + "\n"


def read_csv(path):
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    project = new_project(tmp_path_factory.mktemp("polex"))
    raw = project / "corpus" / "raw"
    (raw / "statement.txt").write_text(DOC, encoding="utf-8")
    (project / "corpus" / "gold" / "statement.jsonl").write_text(gold_lines(DOC), encoding="utf-8")
    (raw / "page.html").write_text("<html><body><nav>France</nav><main><h1>Aid</h1><p>Canada gave $5 million in 2010.</p></main></body></html>")
    (raw / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog")
    run = subprocess.run([sys.executable, "-m", "pipeline.cli", "run"], cwd=project, env=venv_env(COLUMNS="200"),
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    (project / "run.log").write_text(run.stdout)
    return project


def test_polex_run_ends_with_a_one_line_summary(project):
    last = (project / "run.log").read_text().strip().splitlines()[-1]
    assert re.fullmatch(r"polex: 2 documents, ORG 3, COUNTRY 3, DATE 4, AMOUNT 2, 1 errors, \d+\.\d s", last), last


def test_entities_table(project):
    rows = read_csv(project / "outputs" / "entities.csv")
    assert list(rows[0]) == ["doc_id", "section_id", "label", "start", "end", "text", "norm", "page", "flags"]
    statement = [(r["section_id"], r["label"], r["text"], r["norm"]) for r in rows if r["doc_id"] == "statement"]
    assert statement == [
        ("0", "DATE", "March 3, 2015", "2015-03-03"),
        ("1", "ORG", "Asian Development Bank", "Asian Development Bank"),
        ("1", "ORG", "ADB", "Asian Development Bank"),
        ("1", "COUNTRY", "Japan", "JPN"),
        ("1", "DATE", "July 2014", "2014-07"),
        ("1", "AMOUNT", "US$2 billion", "2000000000 USD"),
        ("1", "COUNTRY", "Viet Nam", "VNM"),
        ("2", "ORG", "ADB", "Asian Development Bank"),
        ("2", "DATE", "next year", "2016"),
    ]
    page = [(r["label"], r["text"], r["norm"]) for r in rows if r["doc_id"] == "page"]
    assert page == [("COUNTRY", "Canada", "CAN"), ("AMOUNT", "$5 million", "5000000 CAD"), ("DATE", "2010", "2010")]


def test_sections_documents_and_aggregates(project):
    sections = read_csv(project / "outputs" / "sections.csv")
    assert [(s["doc_id"], s["section_id"], s["parent_id"], s["level"], s["number"], s["title"]) for s in sections if s["doc_id"] == "statement"] == [
        ("statement", "0", "", "0", "", "Joint Statement on Trade"),
        ("statement", "1", "0", "1", "1", "Background"),
        ("statement", "2", "0", "1", "2", "Next steps"),
    ]
    documents = {d["doc_id"]: d for d in read_csv(project / "outputs" / "documents.csv")}
    assert set(documents) == {"statement", "page"}
    assert (documents["statement"]["date"], documents["statement"]["format"], documents["statement"]["entities"]) == ("2015-03-03", "text", "9")
    orgs = read_csv(project / "outputs" / "organizations.csv")
    assert orgs == [{"name": "Asian Development Bank", "short_forms": "ADB", "mentions": "3", "documents": "1"}]
    countries = [(c["code"], c["name"], c["mentions"]) for c in read_csv(project / "outputs" / "countries.csv")]
    assert countries == [("CAN", "Canada", "1"), ("JPN", "Japan", "1"), ("VNM", "Vietnam", "1")]


def test_bad_document_is_listed_and_others_complete(project):
    errors = read_csv(project / "outputs" / "errors.csv")
    assert [(e["doc_id"], e["stage"]) for e in errors] == [("broken", "ingest")]
    assert errors[0]["error"].startswith("broken.pdf: truncated or corrupt PDF")


def test_metrics_and_mismatches(project):
    metrics = json.loads((project / "outputs" / "metrics.json").read_text())
    assert metrics["documents"] == 1
    assert metrics["polex"]["micro"]["strict"]["f1"] == 1.0
    assert metrics["polex"]["micro"]["value"]["f1"] == 1.0
    assert set(metrics["spacy_baseline"]) == {"ORG", "COUNTRY", "DATE", "AMOUNT", "micro"}
    assert read_csv(project / "outputs" / "mismatches.csv") == []


def test_unchanged_corpus_reruns_nothing(project):
    status = dvc(project, "status")
    assert "up to date" in status.stdout, status.stdout
    (project / "corpus" / "raw" / "new.txt").write_text("Note\nKorea and Japan met in 2003.\n")
    run = dvc(project, "repro")
    assert run.returncode == 0, run.stderr
    assert "ingest: 1 processed, 2 unchanged, 1 errors" in run.stderr
    assert "extract: 1 processed, 2 unchanged, 0 errors" in run.stderr
    rows = read_csv(project / "outputs" / "entities.csv")
    assert [(r["text"], r["norm"]) for r in rows if r["doc_id"] == "new"] == [("Korea", "KOR"), ("Japan", "JPN"), ("2003", "2003")]


def test_a_rule_change_reruns_extraction_not_ingest(project):
    with open(project / "models" / "orgs" / "known.tsv", "a") as fh:
        fh.write("Asian Infrastructure Forum\n")
    status = dvc(project, "status", "--json")
    assert set(json.loads(status.stdout)) == {"extract"}  # the stages after it follow when its output changes

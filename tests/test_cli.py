"""The polex command: add, show, eval, gold init/import/export, on a small
project made in a temporary folder."""
import json

import pytest
from typer.testing import CliRunner

from pipeline.cli import app, slug
from pipeline.exchange import export, load

from conftest import ENTITIES, TEXT

runner = CliRunner()

def test_slug():
    assert slug("Déclaration de Paris (2005) FINAL") == "declaration-de-paris-2005-final"


def test_add_copies_under_a_safe_id_and_refuses_a_collision(project, tmp_path):
    source = tmp_path / "My Report é.txt"
    source.write_text("Budget Statement\nMarch 3, 2015\nCanada will spend $5 billion.\n")
    result = runner.invoke(app, ["add", str(source), "--source", "https://example.org/r"])
    assert result.exit_code == 0, result.output
    assert "added corpus/raw/my-report-e.txt as 'my-report-e'" in result.output
    assert "title 'Budget Statement', date 2015-03-03" in result.output
    assert "next: polex run" in result.output
    assert json.loads((project / "corpus/raw/my-report-e.meta.json").read_text()) == {"source": "https://example.org/r"}
    again = runner.invoke(app, ["add", str(source)])
    assert again.exit_code == 1
    assert "document id 'my-report-e' is taken by corpus/raw/my-report-e.txt; use --replace" in again.output
    assert runner.invoke(app, ["add", str(source), "--replace"]).exit_code == 0


def test_add_refuses_what_ingest_cannot_read(project, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = runner.invoke(app, ["add", str(empty)])
    assert result.exit_code == 1
    assert "empty.txt: the file is empty (remove it or put the document's text in it); not added" in result.output
    assert not (project / "corpus/raw/empty.txt").exists()


def test_show_prints_the_tree_and_entities(project):
    result = runner.invoke(app, ["show", "note"])
    assert result.exit_code == 0
    assert "Note  2001-10  text" in result.output
    assert "│ 0       │ ORG     │ OECD" in result.output
    assert runner.invoke(app, ["show", "missing"]).exit_code == 1


def test_gold_init_writes_a_draft_that_evaluation_refuses(project):
    from pipeline.gold import GoldError, read_gold

    result = runner.invoke(app, ["gold", "init", "note"])
    assert result.exit_code == 0
    path = project / "corpus/gold/note.jsonl"
    with pytest.raises(GoldError, match="note.jsonl:1: draft gold, made from predictions"):
        read_gold(path, TEXT)
    assert runner.invoke(app, ["gold", "init", "note"]).exit_code == 1  # no silent overwrite
    path.write_text("".join(l + "\n" for l in path.read_text().splitlines()[1:]))
    assert read_gold(path, TEXT) == ENTITIES


@pytest.mark.parametrize("fmt,suffix", [("label-studio", "json"), ("doccano", "jsonl"), ("spacy", "spacy")])
def test_gold_round_trip(project, fmt, suffix):
    (project / "corpus/gold").mkdir(parents=True)
    (project / "corpus/gold/note.jsonl").write_text("".join(json.dumps(e) + "\n" for e in ENTITIES))
    exported = project / f"note.{suffix}"
    assert runner.invoke(app, ["gold", "export", "note", "--format", fmt, "--out", str(exported)]).exit_code == 0
    (project / "corpus/gold/note.jsonl").unlink()
    result = runner.invoke(app, ["gold", "import", str(exported), "--format", fmt])
    assert result.exit_code == 0, result.output
    lines = [json.loads(l) for l in (project / "corpus/gold/note.jsonl").read_text().splitlines()]
    assert [{k: l[k] for k in ENTITIES[0]} for l in lines] == ENTITIES
    assert [(l["prefix"], l["suffix"]) for l in lines] == [("", " and the OECD met in October 200"),
                                                          ("Japan and the ", " met in October 2001."), ("Japan and the OECD met in ", ".")]


def test_docbin_keeps_spans_that_do_not_align_with_tokens(tmp_path):
    text = "Japan-ROK talks"
    entities = [{"label": "COUNTRY", "start": 0, "end": 5, "text": "Japan", "norm": "JPN"},
                {"label": "COUNTRY", "start": 6, "end": 9, "text": "ROK", "norm": "KOR"}]
    export("spacy", "d", text, entities, tmp_path / "d.spacy")
    assert load("spacy", tmp_path / "d.spacy") == {"d": (text, entities)}


def test_unknown_format_is_refused(project):
    result = runner.invoke(app, ["gold", "export", "note", "--format", "brat", "--out", "x"])
    assert result.exit_code == 1
    assert "unknown format 'brat'; use one of label-studio, doccano, spacy" in result.output


@pytest.fixture
def raw(project):
    raw = project / "corpus/raw"
    raw.mkdir(parents=True)
    (raw / "report.txt").write_text("Old Report\nJapan in 2001.\n")
    (raw / "report.meta.json").write_text('{"title": "Old"}')
    (raw / "report.v2.txt").write_text("Second Report\nKenya in 2002.\n")
    return raw


def snapshot(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_replace_with_an_unreadable_file_keeps_the_old_document(raw, tmp_path):
    before = snapshot(raw)
    (tmp_path / "report.txt").write_bytes(b"\x00\x01binary")
    result = runner.invoke(app, ["add", str(tmp_path / "report.txt"), "--replace"])
    assert result.exit_code == 1
    assert "report.txt: binary content (NUL bytes), not text (check the file: it is not a text document); not added" in result.output
    assert snapshot(raw) == before


def test_replace_touches_only_the_document_it_names(raw, tmp_path):
    (tmp_path / "report.html").write_text("<html><body><h1>New Report</h1><p>Chile in 2003.</p></body></html>")
    result = runner.invoke(app, ["add", str(tmp_path / "report.html"), "--replace"])
    assert result.exit_code == 0, result.output
    assert sorted(snapshot(raw)) == ["report.html", "report.meta.json", "report.v2.txt"]


def test_adding_a_corpus_file_to_itself_changes_nothing(raw):
    before = snapshot(raw)
    result = runner.invoke(app, ["add", "corpus/raw/report.txt", "--replace"])
    assert result.exit_code == 1
    assert "corpus/raw/report.txt is already the corpus document 'report'; nothing to add" in result.output
    assert snapshot(raw) == before


def test_a_folder_is_refused(raw):
    result = runner.invoke(app, ["add", "corpus"])
    assert result.exit_code == 1
    assert "corpus: is a folder; give the document files in it" in result.output


def test_same_content_under_another_name_is_a_warning(raw, tmp_path):
    (tmp_path / "copy.txt").write_bytes((raw / "report.v2.txt").read_bytes())
    result = runner.invoke(app, ["add", str(tmp_path / "copy.txt")])
    assert result.exit_code == 0
    assert f"warning: {tmp_path / 'copy.txt'} has the same content as corpus/raw/report.v2.txt" in result.output
    assert (raw / "copy.txt").exists()


@pytest.mark.parametrize("date,problem", [("9999-99-99", "the year must be from 1000 to 2999"),
                                          ("2001-02-29", "that day does not exist"), ("March 2001", "is not YYYY")])
def test_add_refuses_a_bad_date(raw, tmp_path, date, problem):
    (tmp_path / "new.txt").write_text("New\nText.\n")
    result = runner.invoke(app, ["add", str(tmp_path / "new.txt"), "--date", date])
    assert result.exit_code == 1
    assert f"error: --date: date {date!r}" in result.output and problem in result.output
    assert not (raw / "new.txt").exists()


def test_add_applies_the_limits_of_params_yaml(raw, tmp_path):
    params = (raw.parent.parent / "params.yaml")
    params.write_text(params.read_text().replace("max_chars: 30000000", "max_chars: 10"))
    (tmp_path / "long.txt").write_text("Japan and Kenya met.\n")
    result = runner.invoke(app, ["add", str(tmp_path / "long.txt")])
    assert result.exit_code == 1
    assert "21 characters, above ingest.max_chars (10)" in result.output
    assert not (raw / "long.txt").exists()


def test_user_text_is_printed_as_plain_text(project):
    doc = project / "outputs/interim/docs/note.json"
    doc.write_text(doc.read_text().replace('"title": "Note"', '"title": "A [/b] \\u001b[31mred"'))
    result = runner.invoke(app, ["show", "note"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "A [/b] \\x1b[31mred  2001-10  text  "


def test_polex_works_from_a_subfolder_and_says_when_outside_a_project(project, monkeypatch, tmp_path_factory):
    (project / "corpus/gold").mkdir(parents=True)
    monkeypatch.chdir(project / "corpus/gold")
    assert runner.invoke(app, ["gold", "init", "note"]).exit_code == 0
    assert (project / "corpus/gold/note.jsonl").exists()
    outside = tmp_path_factory.mktemp("elsewhere")
    monkeypatch.chdir(outside)
    result = runner.invoke(app, ["show", "note"])
    assert result.exit_code == 1
    assert f"error: not inside a polex project: no dvc.yaml and params.yaml in {outside} or any folder above it" in result.output


def write_tables(project, predicted):
    from pipeline.cache import write_csv
    from pipeline.tables import ENTITY_COLUMNS

    rows = [dict(e, doc_id="note", section_id="0", page="") for e in predicted]
    write_csv(project / "outputs/entities.csv", ENTITY_COLUMNS, rows)
    write_csv(project / "outputs/baseline_entities.csv", ENTITY_COLUMNS, rows[:1])


def test_eval_scores_the_gold_as_it_is_now_on_one_stream(project):
    (project / "corpus/gold").mkdir(parents=True)
    (project / "corpus/gold/note.jsonl").write_text("".join(json.dumps(e) + "\n" for e in ENTITIES))
    write_tables(project, ENTITIES[:2])
    result = runner.invoke(app, ["eval", "--label", "date"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert [l for l in lines if l.startswith("│ micro")] == ["│ micro   │    3 │  0.800 │   0.800 │ 0.800 │        0.500 │       0.500 │"]
    assert lines[-3:] == ["1 errors", "note  missed  DATE  'October 2001'  gold 2001-10, predicted -",
                          "    Japan and the OECD met in [[October 2001]]."]
    (project / "corpus/gold/note.jsonl").write_text(json.dumps(ENTITIES[0]) + "\n")
    again = runner.invoke(app, ["eval"])
    assert again.output.splitlines()[-3:] == ["1 errors", "note  spurious  ORG  'OECD'  gold -, predicted "
                                              "Organisation for Economic Co-operation and Development",
                                              "    Japan and the [[OECD]] met in October 2001."]


def test_eval_refuses_an_unknown_label(project):
    result = runner.invoke(app, ["eval", "--label", "BOGUS"])
    assert result.exit_code == 1
    assert "error: --label: unknown label 'BOGUS'; use one of ORG, COUNTRY, DATE, AMOUNT" in result.output


def test_metrics_prints_one_table_per_level(project):
    metrics = {"documents": 1, "polex": {}, "spacy_baseline": {}}
    for system, f1 in (("polex", 0.9), ("spacy_baseline", 0.5)):
        for label in ("ORG", "COUNTRY", "DATE", "AMOUNT", "micro"):
            scores = {"precision": f1, "recall": f1, "f1": f1}
            metrics[system][label] = {"gold": 3, "predicted": 3, "strict": scores, "partial": scores, "value": scores}
    (project / "outputs/metrics.json").write_text(json.dumps(metrics))
    result = runner.invoke(app, ["metrics"], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert [l.strip() for l in lines if l.strip().endswith("match")] == ["strict match", "partial match", "value match"]
    assert "│ micro   │    3 │ 0.900 │ 0.900 │ 0.900 │   0.500 │   0.500 │    0.500 │" in lines
    assert max(len(l) for l in lines) <= 80

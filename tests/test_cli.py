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
    assert [json.loads(l) for l in (project / "corpus/gold/note.jsonl").read_text().splitlines()] == ENTITIES


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

"""`polex gold import`: everything is checked before anything is written."""
import json
import re
import xml.etree.ElementTree as ET

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.exchange import from_label_studio, to_doccano, to_label_studio
from pipeline.gold import LABELS

from conftest import ENTITIES, ROOT, TEXT

runner = CliRunner()
ORIGINAL = "".join(json.dumps(e) + "\n" for e in ENTITIES)


@pytest.fixture
def gold(project):
    (project / "corpus/gold").mkdir(parents=True)
    path = project / "corpus/gold/note.jsonl"
    path.write_text(ORIGINAL)
    return path


def doccano_file(project, entities, doc_id="note", **changes):
    line = dict(to_doccano(doc_id, TEXT, entities)[0], **changes)
    path = project / "in.jsonl"
    path.write_text(json.dumps(line) + "\n")
    return path


def import_(path, *extra):
    return runner.invoke(app, ["gold", "import", str(path), "--format", "doccano", *extra])


def with_(i, **change):
    return [dict(e, **change) if n == i else e for n, e in enumerate(ENTITIES)]


@pytest.mark.parametrize("entities,problem", [
    (with_(2, end=99), "note: DATE 26-99: offsets outside the text of 39 characters"),
    (with_(1, start=13), "note: ORG 13-18: ' OECD' starts or ends with white space"),
    (with_(1, label="PERSON"), "note: PERSON 14-18: unknown label 'PERSON'; use one of ORG, COUNTRY, DATE, AMOUNT"),
    (with_(0, end=3), "note: COUNTRY 0-3: 'Jap' cuts a word ('Japan and the')"),
    (ENTITIES + [{"label": "ORG", "start": 10, "end": 18, "norm": "the OECD"}], "ORG 10-18 overlaps ORG 14-18"),
    (with_(0, norm="Japan"), "note: COUNTRY 0-5 'Japan': norm 'Japan' is not in the COUNTRY form (docs/annotation-guidelines.md)"),
    (with_(0, norm="XYZ"), "note: COUNTRY 0-5 'Japan': norm 'XYZ': XYZ is not an ISO 3166 country code"),
    (with_(2, norm="2001-13"), "note: DATE 26-38 'October 2001': norm '2001-13': month 13 does not exist"),
    (with_(2, norm="October 2001"), "norm 'October 2001' is not in the DATE form"),
    (with_(2, label="AMOUNT", norm="2001 dollars"), "norm '2001 dollars' is not in the AMOUNT form"),
    (with_(2, label="AMOUNT", norm="2001 XXQ"), "norm '2001 XXQ': XXQ is not an ISO 4217 currency code"),
])
def test_a_bad_file_changes_nothing(gold, entities, problem):
    result = import_(doccano_file(gold.parent.parent.parent, entities), "--force")
    assert result.exit_code == 1
    assert "nothing imported, 1 problems:" in result.output
    assert problem in result.output
    assert gold.read_text() == ORIGINAL


def test_good_norms_of_every_form_pass(project):
    from pipeline.goldcheck import NormForms

    forms = NormForms(ROOT / "models/gold/norms.tsv")
    good = {"COUNTRY": ["JPN", "SUHH"], "AMOUNT": ["15000000000 USD", "0.5 EUR", "1000000/2000000 USD"],
            "DATE": ["2001", "2001-10", "2001-03-15", "XXXX-02-29", "2001-SP", "2002-Q1", "2002-H2", "199X", "20XX",
                     "FY2007", "2000-10/2000-11"], "ORG": ["Organisation for Economic Co-operation and Development"]}
    assert {label: [forms.problem(label, n) for n in norms if forms.problem(label, n)] for label, norms in good.items()} == \
        {label: [] for label in good}
    assert forms.problem("DATE", "2001-02-29") == "norm '2001-02-29': day 29 does not exist in that month"
    assert forms.problem("AMOUNT", "1,000 USD") == "norm '1,000 USD' is not in the AMOUNT form (docs/annotation-guidelines.md)"


def test_labels_and_norms_must_pair_up(gold):
    path = doccano_file(gold.parent.parent.parent, ENTITIES, norms=["JPN"])
    result = import_(path, "--force")
    assert result.exit_code == 1
    assert "not a doccano export (3 labels but 1 norms in document 'note')" in result.output
    assert gold.read_text() == ORIGINAL


@pytest.mark.parametrize("doc_id", ["../../../outputs/interim/docs/x", "/tmp/x", ".hidden", ".."])
def test_ids_with_folders_are_refused(project, doc_id):
    result = import_(doccano_file(project, ENTITIES, doc_id=doc_id))
    assert result.exit_code == 1
    assert f"document id {doc_id!r} is not a plain file name (no folders, no leading dot)" in result.output
    assert not (project / "outputs/interim/docs/x.jsonl").exists() and not (project / "corpus/gold").exists()


def test_existing_gold_needs_force(gold):
    changed = with_(1, norm="OECD")
    path = doccano_file(gold.parent.parent.parent, changed)
    result = import_(path)
    assert result.exit_code == 1
    assert "corpus/gold/note.jsonl exists; nothing imported; use --force to replace it" in result.output
    assert gold.read_text() == ORIGINAL
    assert import_(path, "--force").exit_code == 0
    assert [{k: l[k] for k in changed[0]} for l in map(json.loads, gold.read_text().splitlines())] == changed


def test_label_studio_reads_the_latest_annotation():
    [task] = to_label_studio("note", TEXT, ENTITIES)
    first = task["annotations"][0]
    later = {"result": [r for r in first["result"] if r["id"] != "note-1"], "created_at": "2026-02-01T10:00:00Z"}
    cancelled = {"result": [], "created_at": "2026-03-01T10:00:00Z", "was_cancelled": True}
    task["annotations"] = [dict(first, created_at="2026-01-01T10:00:00Z"), later, cancelled]
    assert from_label_studio([task]) == {"note": (TEXT, [ENTITIES[0], ENTITIES[2]])}


def test_the_label_studio_config_matches_the_exchange_format():
    config = ET.parse(ROOT / "docs/label-studio.xml").getroot()
    [task] = to_label_studio("note", TEXT, ENTITIES)
    names = {(r["from_name"], r["to_name"], r["type"]) for r in task["annotations"][0]["result"]}
    tags = {(el.get("name"), el.get("toName"), el.tag.lower()) for el in config if el.get("toName")}
    assert names == tags
    assert [el.get("value") for el in config.iter("Label")] == list(LABELS)
    assert config.find("Text").get("value") == "$" + next(iter(task["data"]))
    assert re.search(r"perRegion=\"true\"", (ROOT / "docs/label-studio.xml").read_text())

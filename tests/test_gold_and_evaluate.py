"""The gold format's validation and the scores evaluate.py computes."""
import json

import pytest

from pipeline.evaluate import mismatches, score
from pipeline.gold import GoldError, read_gold

TEXT = "Japan and the OECD met in October 2001."


def write(tmp_path, *items):
    path = tmp_path / "doc.jsonl"
    path.write_text("".join(json.dumps(i) + "\n" for i in items))
    return path


def test_valid_gold_reads_back(tmp_path):
    path = write(tmp_path, {"label": "COUNTRY", "start": 0, "end": 5, "text": "Japan", "norm": "JPN"})
    assert read_gold(path, TEXT) == [{"label": "COUNTRY", "start": 0, "end": 5, "text": "Japan", "norm": "JPN"}]


@pytest.mark.parametrize("item,message", [
    ({"label": "COUNTRY", "start": 0, "end": 4, "text": "Japan", "norm": "JPN"},
     "doc.jsonl:2: text 'Japan' does not match the document at 0-4: 'Japa'"),
    ({"label": "PLACE", "start": 0, "end": 5, "text": "Japan", "norm": "JPN"},
     "doc.jsonl:2: unknown label 'PLACE'; use one of ORG, COUNTRY, DATE, AMOUNT"),
    ({"label": "ORG", "start": 14, "end": 18, "text": "OECD"}, "doc.jsonl:2: missing norm"),
    ({"_draft": "from predictions"}, "doc.jsonl:2: draft gold, made from predictions; correct it and delete this line"),
])
def test_bad_gold_names_file_and_line(tmp_path, item, message):
    path = write(tmp_path, {"label": "ORG", "start": 14, "end": 18, "text": "OECD", "norm": "OECD"}, item)
    with pytest.raises(GoldError) as err:
        read_gold(path, TEXT)
    assert str(err.value) == f"{tmp_path}/{message}"


GOLD = [
    {"doc_id": "d", "label": "COUNTRY", "start": 0, "end": 5, "text": "Japan", "norm": "JPN"},
    {"doc_id": "d", "label": "ORG", "start": 14, "end": 18, "text": "OECD", "norm": "Organisation"},
    {"doc_id": "d", "label": "DATE", "start": 26, "end": 38, "text": "October 2001", "norm": "2001-10"},
]
PRED = [
    {"doc_id": "d", "label": "COUNTRY", "start": 0, "end": 5, "text": "Japan", "norm": "JPN"},
    {"doc_id": "d", "label": "ORG", "start": 14, "end": 18, "text": "OECD", "norm": "OECD"},
    {"doc_id": "d", "label": "DATE", "start": 34, "end": 38, "text": "2001", "norm": "2001"},
    {"doc_id": "d", "label": "ORG", "start": 10, "end": 13, "text": "the", "norm": "the"},
]


def test_scores():
    result = score(GOLD, PRED)
    assert result["micro"]["strict"] == {"precision": 0.5, "recall": 0.6667, "f1": 0.5714}
    assert result["micro"]["partial"] == {"precision": 0.75, "recall": 1.0, "f1": 0.8571}
    assert result["micro"]["value"] == {"precision": 0.25, "recall": 0.3333, "f1": 0.2857}
    assert result["COUNTRY"]["strict"]["f1"] == 1.0
    assert result["AMOUNT"] == {"gold": 0, "predicted": 0, "strict": {"precision": 0.0, "recall": 0.0, "f1": 0.0},
                                "partial": {"precision": 0.0, "recall": 0.0, "f1": 0.0},
                                "value": {"precision": 0.0, "recall": 0.0, "f1": 0.0}}


def test_mismatches_list_every_error_with_context():
    rows = mismatches(GOLD, PRED, TEXT, "dev")
    assert {(r["doc_id"], r["part"]) for r in rows} == {("d", "dev")}
    assert [(r["kind"], r["label"], r["text"]) for r in rows] == [
        ("spurious", "ORG", "the"), ("wrong_norm", "ORG", "OECD"), ("missed", "DATE", "October 2001"), ("spurious", "DATE", "2001"),
    ]
    assert rows[1]["context"] == "Japan and the [[OECD]] met in October 2001."


def quoted(text, start, end, label="ORG", norm="x"):
    from pipeline.gold import quote

    return quote({"label": label, "start": start, "end": end, "text": text[start:end], "norm": norm}, text)


def test_quoted_gold_follows_its_text_when_the_reader_changes(tmp_path):
    old = "The EU and the AU met. Later the EU said so.\nWorld\nBank"
    new = "Menu\n\nThe EU  and the AU met. Later the   EU said so. World Bank"
    path = write(tmp_path, quoted(old, 33, 35), quoted(old, 4, 6), quoted(old, 45, 55))
    assert [(e["start"], e["end"], e["text"]) for e in read_gold(path, new)] == [
        (10, 12, "EU"), (42, 44, "EU"), (54, 64, "World Bank")]


def test_quoted_gold_the_text_lost_is_a_miss(tmp_path):
    old = "Japan and the OECD met."
    path = write(tmp_path, quoted(old, 0, 5, "COUNTRY", "JPN"), quoted(old, 14, 18))
    gold = [{"doc_id": "d", **g} for g in read_gold(path, "Japan met.")]
    assert [(g["start"], g["text"]) for g in gold] == [(-1, "OECD"), (0, "Japan")]
    result = score(gold, [{"doc_id": "d", "label": "COUNTRY", "start": 0, "end": 5, "norm": "JPN"}])
    assert result["micro"]["strict"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667}
    assert mismatches(gold, [], "Japan met.", "test")[0]["context"] == "(quoted gold entity not found in the ingested text)"


def test_parts_are_scored_apart_with_bootstrap_intervals():
    from pipeline.evaluate import Scores

    gold = [{"doc_id": d, "label": "ORG", "start": s, "end": s + 2, "norm": "n"} for d in "ab" for s in (0, 5)]
    gold.append({"doc_id": "c", "label": "ORG", "start": 0, "end": 2, "norm": "n"})
    pred = [{"doc_id": "a", "label": "ORG", "start": 0, "end": 2, "norm": "n"},
            {"doc_id": "a", "label": "ORG", "start": 5, "end": 7, "norm": "other"},
            {"doc_id": "c", "label": "ORG", "start": 0, "end": 2, "norm": "n"}]
    scores = Scores()
    for doc_id, part in (("a", "test"), ("b", "test"), ("c", "dev")):
        scores.add(doc_id, part, [g for g in gold if g["doc_id"] == doc_id], [p for p in pred if p["doc_id"] == doc_id])
    parts = scores.metrics()["parts"]
    assert sorted(parts) == ["dev", "test"]
    assert parts["test"]["documents"] == 2
    assert parts["test"]["polex"]["micro"]["strict"]["f1"] == 0.6667
    assert parts["test"]["interval"] == {"strict_f1": [0.0, 1.0], "value_f1": [0.0, 0.5]}
    assert parts["dev"]["interval"] == {"strict_f1": [1.0, 1.0], "value_f1": [1.0, 1.0]}


def test_quoted_gold_still_in_place_keeps_its_occurrence():
    from pipeline.gold import anchor

    text = "The EU met."
    here = {"label": "ORG", "start": 4, "end": 6, "text": "EU", "norm": "here", "prefix": "The ", "suffix": " met."}
    gone = {"label": "ORG", "start": 0, "end": 2, "text": "EU", "norm": "gone", "prefix": "", "suffix": " met."}
    assert [(e["norm"], e["start"]) for e in anchor([here, gone], text)] == [("gone", -1), ("here", 4)]


def test_quoted_gold_moves_only_to_an_occurrence_with_the_same_word_edges():
    from pipeline.gold import anchor

    text = "Russian-Egyptian talks. Exports to MexicoCanada rose."
    word = {"label": "COUNTRY", "start": 30, "end": 35, "text": "Egypt", "norm": "EGY", "prefix": "President of ", "suffix": " Mohammed"}
    fused = {"label": "COUNTRY", "start": 40, "end": 46, "text": "Canada", "norm": "CAN", "prefix": "to Mexico", "suffix": " fell."}
    assert [(e["norm"], e["start"]) for e in anchor([word, fused], text)] == [("EGY", -1), ("CAN", 41)]


def test_the_bootstrap_drawn_in_slices_equals_one_draw(monkeypatch):
    from pipeline import evaluate

    per_doc = [(3, 2, 2, 1), (1, 2, 1, 1), (4, 4, 3, 3), (0, 1, 0, 0), (2, 2, 2, 2)] * 7
    whole = evaluate.bootstrap_interval(per_doc)
    monkeypatch.setattr(evaluate, "BOOTSTRAP_CELLS", 3 * len(per_doc) + 1)  # 3 samples a slice, 334 slices
    assert evaluate.bootstrap_interval(per_doc) == whole
    low, high = whole["strict_f1"]
    assert low < 2 * 56 / (70 + 77) < high and high - low < 0.3  # around the corpus's F1: 56 strict of 70 gold, 77 predicted
    low, high = whole["value_f1"]
    assert low < 2 * 49 / (70 + 77) < high and high - low < 0.3


@pytest.mark.parametrize("block_rows", [50_000, 1])  # one block for all rows; a block per row
def test_predictions_come_back_by_document_in_table_order(tmp_path, monkeypatch, block_rows):
    from pipeline.evaluate import Predictions

    monkeypatch.setattr(Predictions, "BLOCK_ROWS", block_rows)
    table = tmp_path / "entities.csv"
    table.write_text("doc_id,section_id,label,start,end,text,norm,page,flags\n"
                     "b,1,ORG,9,12,UNDP,UNDP,,\n"
                     "a,1,ORG,0,9,\"World\nBank\",NA,,\n"
                     "c,1,DATE,0,4,2020,2020,,\n"
                     "b,1,DATE,0,4,2019,,,\n", encoding="utf-8")
    found = Predictions(table, {"a", "b", "z"})
    assert found.of("b") == [{"doc_id": "b", "label": "ORG", "start": 9, "end": 12, "text": "UNDP", "norm": "UNDP"},
                             {"doc_id": "b", "label": "DATE", "start": 0, "end": 4, "text": "2019", "norm": ""}]
    assert found.of("a") == [{"doc_id": "a", "label": "ORG", "start": 0, "end": 9, "text": "World\nBank", "norm": "NA"}]
    assert (found.of("c"), found.of("z")) == ([], [])  # c is not asked for; z has no rows


def test_predictions_read_the_value_behind_a_spreadsheet_quote(tmp_path):
    from pipeline.evaluate import Predictions

    table = tmp_path / "entities.csv"
    table.write_text("doc_id,section_id,label,start,end,text,norm,page,flags\n"
                     "a,1,AMOUNT,0,6,$-0.09,'-90000000 USD,,in_column\n"
                     "a,1,ORG,9,13,'=SUM(1),'Note,,\n", encoding="utf-8")
    assert [(r["text"], r["norm"]) for r in Predictions(table, {"a"}).of("a")] == [
        ("$-0.09", "-90000000 USD"), ("=SUM(1)", "'Note")]  # a quote the CSV did not add stays


def test_each_mismatch_row_names_its_documents_part(tmp_path):
    import csv

    from pipeline.cache import CsvStream
    from pipeline.evaluate import MISMATCH_COLUMNS, score_documents

    (tmp_path / "gold").mkdir()
    (tmp_path / "docs").mkdir()
    gold_item = lambda g: {k: v for k, v in g.items() if k != "doc_id"}
    for doc_id, split in (("dev-doc", "dev"), ("test-doc", "test"), ("own-doc", None)):
        (tmp_path / "docs" / f"{doc_id}.json").write_text(json.dumps({"text": TEXT, **({"split": split} if split else {})}))
        (tmp_path / "gold" / f"{doc_id}.jsonl").write_text("".join(json.dumps(gold_item(g)) + "\n" for g in GOLD))
    with open(tmp_path / "entities.csv", "w", newline="") as out:
        table = csv.DictWriter(out, ["doc_id", "label", "start", "end", "text", "norm"], extrasaction="ignore")
        table.writeheader()
        table.writerows({**p, "doc_id": doc_id} for doc_id in ("dev-doc", "test-doc", "own-doc") for p in PRED)
    with CsvStream(tmp_path / "mismatches.csv", MISMATCH_COLUMNS) as wrong:
        score_documents(["dev-doc", "own-doc", "test-doc"], tmp_path / "gold", tmp_path / "docs",
                        tmp_path / "entities.csv", None, wrong.write)
        wrong.commit()
    with open(tmp_path / "mismatches.csv", newline="") as rows:
        table = list(csv.reader(rows))
    assert table[0][:3] == ["doc_id", "part", "kind"]
    assert [row[:4] for row in table[1:]] == [
        [doc_id, part, kind, label] for doc_id, part in (("dev-doc", "dev"), ("own-doc", "unassigned"), ("test-doc", "test"))
        for kind, label in (("spurious", "ORG"), ("wrong_norm", "ORG"), ("missed", "DATE"), ("spurious", "DATE"))]

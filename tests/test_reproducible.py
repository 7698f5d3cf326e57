"""The same corpus gives the same bytes: every output's order is total, so
neither PYTHONHASHSEED nor the order things were found in can change it. (The
whole pipeline under two hash seeds: tests/test_run_faults.py.)"""
import random

from pipeline.evaluate import mismatches


def test_mismatches_are_ordered_by_document_start_end_and_label():
    gold = [{"doc_id": "d", "label": "ORG", "start": 0, "end": e, "text": "x", "norm": "x"} for e in (5, 9)]
    pred = [{"doc_id": "d", "label": "ORG", "start": 0, "end": e, "text": "x", "norm": "x"} for e in (3, 7)]
    pred += [{"doc_id": "d", "label": "COUNTRY", "start": 0, "end": 7, "text": "x", "norm": "x"}]
    expected = [(0, 3, "ORG", "spurious"), (0, 5, "ORG", "missed"), (0, 7, "COUNTRY", "spurious"),
                (0, 7, "ORG", "spurious"), (0, 9, "ORG", "missed")]
    for seed in range(5):
        random.Random(seed).shuffle(gold)
        random.Random(seed).shuffle(pred)
        rows = mismatches(gold, pred, "x" * 20, "dev")
        assert [(r["start"], r["end"], r["label"], r["kind"]) for r in rows] == expected

"""The same corpus gives the same bytes: every output's order is total, so
neither PYTHONHASHSEED nor the order things were found in can change it. (The
whole pipeline under two hash seeds: tests/test_run_faults.py.) Nor the day it
runs: an undated document's currencies are the CLDR data's current ones."""
import datetime
import random

import pytest

from pipeline.evaluate import mismatches
from pipeline.extract import currencies
from pipeline.extract.currencies import currencies_of


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


class _NoClock(datetime.date):
    @classmethod
    def today(cls):
        raise AssertionError("read the clock")


@pytest.mark.parametrize("alpha2, day, expected", [
    ("HR", None, ["EUR"]), ("ZW", None, ["USD", "ZWG"]), ("CW", None, ["XCG"]),
    ("HR", datetime.date(2020, 6, 1), ["HRK"]), ("CW", datetime.date(2025, 5, 1), ["ANG", "XCG"]),
])
def test_an_undated_document_s_currencies_are_the_data_s_current_ones_not_the_clock_s(monkeypatch, alpha2, day, expected):
    monkeypatch.setattr(currencies.datetime, "date", _NoClock)
    assert currencies_of(alpha2, day) == expected

"""MEANTIME's CAT XML to text and TIMEX3 spans (benchmarks/meantime.py), on a hand-written snippet."""
import pytest

from benchmarks.meantime import read_meantime
from benchmarks.timeml import gold_dates

TOKENS = [  # (sentence, token)
    (0, "Boeing"), (0, "'s"), (0, "profit"), (0, "falls"),
    (1, "March"), (1, "01"), (1, ","), (1, "2008"),
    (2, "Profits"), (2, "fell"), (2, "("), (2, "by"), (2, "US$"), (2, "5"), (2, ")"), (2, "in"), (2, "``"),
    (2, "January"), (2, "''"), (2, "."),
    (3, "It"), (3, "was"), (3, "today"), (3, "."),
] + [(n, "Later") for n in range(4, 9)]


def _cat(dct_value: str = "2008-03-01") -> str:
    tokens = "\n".join(f'<token t_id="{i}" sentence="{s}" number="{i}">{w}</token>'
                       for i, (s, w) in enumerate(TOKENS, start=1))
    return f"""<?xml version="1.0" ?><Document doc_id="100911" doc_name="x" lang="en">
{tokens}
<Markables>
<TIMEX3 m_id="1" type="DATE" value="{dct_value}" functionInDocument="CREATION_TIME">
<token_anchor t_id="5"/><token_anchor t_id="6"/><token_anchor t_id="7"/><token_anchor t_id="8"/></TIMEX3>
<TIMEX3 m_id="2" type="DATE" value="2008-01" functionInDocument="NONE"><token_anchor t_id="18"/></TIMEX3>
<TIMEX3 m_id="3" type="DATE" value="PRESENT_REF" functionInDocument="NONE"><token_anchor t_id="23"/></TIMEX3>
<TIMEX3 m_id="4" type="DATE" value="1980" functionInDocument="NONE" TAG_DESCRIPTOR="1980"/>
</Markables>
</Document>
"""


def test_read_meantime_text_spans_and_creation_time(tmp_path):
    path = tmp_path / "100911_x.xml"
    path.write_text(_cat(), encoding="utf-8")
    doc = read_meantime(path)
    assert doc.doc_id == "100911" and doc.dct == "2008-03-01"
    # Six sentences are annotated: the two after them are cut off.
    assert doc.text == ("Boeing's profit falls\nMarch 01, 2008\nProfits fell (by US$5) in \"January\".\n"
                        "It was today.\nLater\nLater")
    assert [t.text for t in doc.timexes] == ["March 01, 2008", "January", "today"]
    gold, ignored, _ = gold_dates(doc)
    assert [(doc.text[s:e], n) for s, e, n in gold] == [("March 01, 2008", "2008-03-01"), ("January", "2008-01")]
    assert [doc.text[s:e] for s, e in ignored] == ["today"]


def test_read_meantime_creation_time_not_iso_is_none(tmp_path):
    path = tmp_path / "a.xml"
    path.write_text(_cat("03-02-2009"), encoding="utf-8")
    assert read_meantime(path).dct == ""


def test_read_meantime_bad_file(tmp_path):
    path = tmp_path / "b.xml"
    path.write_text("<Document><token>open", encoding="utf-8")
    with pytest.raises(ValueError, match=r"b\.xml: not well-formed CAT XML"):
        read_meantime(path)

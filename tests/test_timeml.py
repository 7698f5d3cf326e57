"""TimeML to the guidelines' DATE norms (benchmarks/timeml.py), on hand-written snippets."""
import ast

import pytest

from benchmarks.timeml import gold_dates, read_timeml, to_norm

from conftest import ROOT

SNIPPET = """<?xml version="1.0" ?>
<TimeML>
<DOCID>NYT19980402.0001</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-04-02" functionInDocument="CREATION_TIME">19980402</TIMEX3></DCT>
<TEXT>
Profits <EVENT eid="e1">fell</EVENT> in <TIMEX3 tid="t1" type="DATE" value="1998-Q1">the first quarter</TIMEX3>, \
the company said <TIMEX3 tid="t2" type="DATE" value="PRESENT_REF">today</TIMEX3>, after \
<TIMEX3 tid="t3" type="DURATION" value="P2Y">two years</TIMEX3> of growth since <TIMEX3 tid="t4" type="DATE" value="199">the 1990s</TIMEX3>.
</TEXT>
</TimeML>
"""


@pytest.mark.parametrize("value, text, norm", [
    ("1998-03-04", "March 4", "1998-03-04"),
    ("1998-12", "December", "1998-12"),
    ("1998", "last year", "1998"),
    ("1998-W08", "last week", "1998-W08"),
    ("1998-Q3", "the third quarter", "1998-Q3"),
    ("1998-H1", "the first half", "1998-H1"),
    ("1998-SU", "summer", "1998-SU"),
    ("FY1998", "fiscal 1998", "FY1998"),
    ("1989", "fiscal 1989", "FY1989"),
    ("1989", "the current fiscal year", "FY1989"),
    ("199", "the 1990s", "199X"),
    ("199X", "the 1990s", "199X"),
    ("19", "the 20th century", "19XX"),
    ("1998-03-04", "today", None),
    ("PRESENT_REF", "now", None),
    ("1998-WXX", "weekly", None),
    ("1998-03-04TNI", "Wednesday night", None),
    ("XXXX-XX-XX", "a day", None),
    ("1998-13", "month 13", None),
])
def test_to_norm(value, text, norm):
    assert to_norm(value, text) == norm


def test_read_timeml(snippet):
    doc = snippet
    assert doc.doc_id == "NYT19980402.0001" and doc.dct == "1998-04-02"
    assert [doc.text[t.start:t.end] for t in doc.timexes] == ["the first quarter", "today", "two years", "the 1990s"]
    gold, ignored, _ = gold_dates(doc)
    assert [(doc.text[s:e], n) for s, e, n in gold] == [("the first quarter", "1998-Q1"), ("the 1990s", "199X")]
    assert [doc.text[s:e] for s, e in ignored] == ["today"]


def test_read_timeml_bad_file(tmp_path):
    path = tmp_path / "b.tml"
    path.write_text("<TimeML><TEXT>open", encoding="utf-8")
    with pytest.raises(ValueError, match=r"b\.tml: not well-formed TimeML"):
        read_timeml(path)


def test_bench_without_data_says_so(tmp_path, capsys):
    from benchmarks.dates import main

    assert main(["--timeml", str(tmp_path), "--out", str(tmp_path)]) == 0
    assert capsys.readouterr().out.startswith("dates benchmark skipped: no TimeML data")
    assert not (tmp_path / "dates_benchmark.json").exists()


@pytest.fixture
def snippet(tmp_path):
    path = tmp_path / "a.tml"
    path.write_text(SNIPPET, encoding="utf-8")
    return read_timeml(path)


def test_score_counts_overlap_and_value(snippet):
    from benchmarks.dates import score
    from pipeline.extract.resolve import Entity

    doc = snippet
    start = doc.text.index("first quarter")
    today = doc.text.index("today")
    predicted = [Entity("DATE", start, start + 13, "first quarter", "1998-Q2"),  # found, wrong value
                 Entity("DATE", today, today + 5, "today", "1998-04-02")]  # over an unscored TIMEX3
    result, errors = score([doc], {doc.doc_id: predicted})
    assert (result["gold"], result["predicted"], result["found_recall"], result["value_recall"]) == (2, 1, 0.5, 0.0)
    assert [e["kind"] for e in errors] == ["value", "missed"]


def test_score_with_additions_adds_the_dates_timeml_leaves_out(snippet):
    from benchmarks.dates import score
    from pipeline.extract.resolve import Entity

    doc = snippet
    growth = doc.text.index("growth")
    predicted = [Entity("DATE", growth, growth + 6, "growth", "1997")]  # where no TIMEX3 is: spurious without the addition
    plain, _ = score([doc], {doc.doc_id: predicted})
    added, errors = score([doc], {doc.doc_id: predicted}, {doc.doc_id: [("growth", 1, "1997")]})
    assert (plain["gold"], plain["predicted"], plain["found_precision"]) == (2, 1, 0.0)
    assert (added["gold"], added["predicted"], added["value_precision"], added["value_recall"]) == (3, 1, 1.0, 0.333)
    assert [e["kind"] for e in errors] == ["missed", "missed"]


def test_added_dates_finds_the_occurrence_or_names_the_file(snippet):
    from benchmarks.timeml import added_dates

    doc = snippet
    at = doc.text.index("the company")
    assert added_dates(doc, [("the company", 1, "1998")]) == [(at, at + 11, "1998")]
    with pytest.raises(ValueError, match=r"timeml_additions.tsv: NYT19980402.0001: 'the company' occurs 1 times, not 2"):
        added_dates(doc, [("the company", 2, "1998")])


def test_every_addition_has_a_guidelines_norm():
    from benchmarks.timeml import ADDITIONS, load_additions, to_norm
    from pipeline.lexicon import read_table

    additions = load_additions()
    assert {name for name, _ in additions} == {"TimeBank", "AQUAINT", "MEANTIME"}
    assert all(to_norm(norm.rstrip("X"), text) == norm and occurrence >= 1
               for rows in additions.values() for text, occurrence, norm in rows)
    assert [row["doc_id"] for row in read_table(ADDITIONS) if not row["reason"].strip()] == []


def test_an_addition_for_a_document_the_set_does_not_hold_is_an_error(snippet):
    from benchmarks.dates import additions_of

    rows = [("the company", 1, "1998")]
    assert additions_of("TimeBank", [snippet], {("TimeBank", snippet.doc_id): rows, ("AQUAINT", "X1"): rows}) == {snippet.doc_id: rows}
    with pytest.raises(ValueError, match=r"^\S*timeml_additions.tsv: TimeBank has no document NYT19990101.9999$"):
        additions_of("TimeBank", [snippet], {("TimeBank", "NYT19990101.9999"): rows})


@pytest.mark.parametrize("text, value, dct, norm, convention", [
    ("a year earlier", "1988-Q3", "1989-11-02", None, "counted_from_other_date"),
    ("the year-ago quarter", "1988-Q3", "1989-11-02", None, "counted_from_other_date"),
    ("year-earlier", "1988", "1989-10-30", None, "counted_from_other_date"),
    ("the third quarter", "1988-Q3", "1989-10-30", "1988-Q3", ""),
    ("The following month", "1989-04", "1989-10-27", None, "relative_to_other_date"),
    ("the previous Friday", "1989-10-20", "1989-10-30", None, "relative_to_other_date"),
    ("that year", "1988", "1989-11-02", None, "relative_to_other_date"),
    ("next month", "1989-11", "1989-10-27", "1989-11", ""),
    ("the second day", "1998-03-06", "1998-03-06", None, "day_of_event"),
    ("the quarter", "1989-Q3", "1989-10-30", None, "anaphoric_period"),
    ("the latest period", "1989-Q3", "1989-11-02", None, "anaphoric_period"),
    ("the year", "1989", "1989-10-30", "1989", ""),
    ("the week", "1989-W44", "1989-10-30", "1989-W44", ""),
    ("the fiscal year", "1989", "1989-11-02", "FY1989", ""),
    ("a year ago", "1988-Q3", "1989-11-02", "1988", "year_ago_quarter"),
    ("last year", "1988-10-26", "1989-10-26", "1988", "year_ago_quarter"),
    ("last year", "1988", "1989-10-26", "1988", ""),
    ("later this year", "1989-11-01", "1989-10-27", "1989", "modified_relative_year"),
    ("the start of this year", "2009-01-01", "2009-02-20", "2009", "modified_relative_year"),
    ("two weeks ago", "1998-03-08", "1998-03-22", "1998-W10", "weeks_ago_week"),
    ("six weeks ago", "1998-W02", "1998-03-01", "1998-W02", ""),
    ("next week", "1998-11-03", "1998-10-26", "1998-W45", "weeks_ago_week"),
    ("which", "2006-Q4", "2007-01-18", None, "anaphor"),
    ("its date", "2007-07-08", "2007-07-09", None, "anaphor"),
    ("three days later than originally planned", "2005-11-11", "2005-11-05", None, "counted_from_other_date"),
    ("the same period a year earlier", "2009-10", "2009-10-16", None, "counted_from_other_date"),
    ("the year previous", "2008", "2010-01-28", None, "relative_to_other_date"),
    ("a second consecutive day", "2008-09-17", "2008-09-17", None, "day_of_event"),
    ("the entire year", "2005", "2006-01-27", None, "anaphoric_period"),
    ("the entire year", "2006", "2006-01-27", "2006", ""),
    ("the same period last year", "2009-02", "2010-03-03", "2009", "year_ago_quarter"),
    ("last year's quarter", "1988-Q3", "1989-11-01", "1988", "year_ago_quarter"),
    ("the quarter a year ago", "1988-Q3", "1989-10-26", "1988", "year_ago_quarter"),
    ("Last week", "1999-01", "1999-01-22", None, "weeks_ago_week_month"),
    ("year-end", "1989-12-31", "1989-11-02", "1989", "year_end"),
    ("year-end", "1988-12-31", "1989-10-30", "1988", "year_end"),
    ("around year end", "1989-12", "1989-10-30", "1989", "year_end"),
    ("the end of the month", "1990-08-30", "1990-08-13", "1990-08", "modified_relative_month"),
    ("earlier today", "2009-06-04", "2009-06-04", None, "today_vague"),
    ("the start of the day", "2008-10-10", "2008-10-10", None, "today_vague"),
    ("the past decade", "200X", "2011-01-17", None, "period_up_to_now"),
    ("the last week", "2000-W15", "2000-04-14", None, "period_up_to_now"),
    ("last week", "2000-W14", "2000-04-14", "2000-W14", ""),
    ("this year", "1989-10-30", "1989-10-30", "1989", "modified_relative_year"),
    ("this year", "1989", "1989-10-30", "1989", ""),
    ("the last week of March", "2009-W13", "2009-04-01", "2009-03", "week_of_month"),
    ("the first week of June", "2009-W23", "2009-05-20", "2009-06", "week_of_month"),
    ("Earlier that day", "1998-10-23", "1999-05-05", None, "relative_to_other_date"),
    ("the next morning", "2000-02-23", "2000-02-24", None, "relative_to_other_date"),
    ("day before last Tuesday", "2000-02-21", "2000-02-24", None, "relative_to_other_date"),
    ("weeks", "1998-10", "1999-05-05", None, "unit_alone"),
    ("10 days", "1998-10-13", "1999-05-05", None, "unit_alone"),
    ("day", "1999-03-12", "1999-03-13", None, "unit_alone"),
    ("Sept. 27, 1989", "1989-11-27", "1989-11-02", None, "contradicts_own_text"),
    ("Sept. 27, 1989", "1989-09-27", "1989-11-02", "1989-09-27", ""),
    ("1988", "1998", "1989-11-02", None, "contradicts_own_text"),
    ("fiscal 1988", "1989", "1989-11-02", None, "contradicts_own_text"),
    ("July last year", "1997-06", "1998-02-19", None, "contradicts_own_text"),
    ("Tuesday", "2000-04-05", "2000-04-03", None, "contradicts_own_text"),
    ("Tues.", "2000-04-04", "2000-04-03", "2000-04-04", ""),
    ("October 10, 2008", "2008-10-20", "2008-10-20", None, "contradicts_own_text"),
    ("the 1988 quarter", "1988-Q3", "1989-10-30", "1988-Q3", ""),
    ("1992", "1992-05-10", "1998-10-25", "1992", "bare_year"),
    ("1992", "1992", "1998-10-25", "1992", ""),
    ("this week", "2006-W14", "2006-03-28", "2006-W13", "this_week"),
    ("this week", "1999-02", "1999-02-06", "1999-W05", "this_week"),
    ("Sept. 30", "1989-09", "1989-11-02", None, "contradicts_own_text"),
    ("Sept. 30", "1989-09-30", "1989-11-02", "1989-09-30", ""),
    ("Tuesday", "1990-08-07", "1990-08-15", None, "weekday_outside_week"),
    ("Sunday", "1998-02-22", "1998-03-22", None, "weekday_outside_week"),
    ("Friday", "1990-08-10", "1990-08-15", "1990-08-10", ""),
    ("Tuesday", "1990-08-21", "1990-08-15", "1990-08-21", ""),
    ("Thursday", "1990-08-23", "1990-08-15", None, "weekday_outside_week"),
    ("Sunday", "1998-03-22", "1998-03-22", "1998-03-22", ""),
    ("last February", "1997-02", "1998-03-01", "1998-02", "last_month_by_rule"),
    ("last May", "1997-05", "1998-02-27", "1997-05", ""),
    ("last Feb.", "1997-02", "1998-03-01", "1998-02", "last_month_by_rule"),
    ("last spring", "1988-SP", "1989-10-26", "1989-SP", "last_month_by_rule"),
    ("last fall", "1998-FA", "1999-04-10", "1998-FA", ""),
    ("last fall", "1997-FA", "1998-02-06", "1997-FA", ""),
    ("last Friday", "1998-08-07", "1998-08-11", "1998-08-07", ""),
    ("a few years ago", "199X", "1998-02-12", None, "vague_ago"),
    ("a week or so ago", "1991-02-18", "1991-02-25", None, "vague_ago"),
])
def test_convert_applies_the_guidelines_conventions(text, value, dct, norm, convention):
    from benchmarks.timeml import Timex, convert, load_conventions

    assert convert(Timex(0, len(text), "DATE", value, text), dct, load_conventions()) == (norm, convention)


PAIRS = """<?xml version="1.0" ?>
<TimeML><DOCID>P1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1989-10-30">19891030</TIMEX3></DCT>
<TEXT>Sales fell in <TIMEX3 tid="t1" type="DATE" value="1990">1990</TIMEX3> and \
<TIMEX3 tid="t2" type="DATE" value="1991">1991</TIMEX3>, revised <TIMEX3 tid="t3" type="DATE" value="1989-10-27">Friday</TIMEX3> \
to <TIMEX3 tid="t4" type="DATE" value="1989-09">September</TIMEX3>'s figures at \
<TIMEX3 tid="t5" type="TIME" value="1989-10-27TEV">Friday evening</TIMEX3>, \
<TIMEX3 tid="t6" type="DATE" value="1988-Q3">a year earlier</TIMEX3>.</TEXT></TimeML>
"""


def test_gold_dates_joins_pairs_and_counts_conventions(tmp_path):
    path = tmp_path / "p.tml"
    path.write_text(PAIRS, encoding="utf-8")
    doc = read_timeml(path)
    gold, ignored, counts = gold_dates(doc)
    assert [(doc.text[s:e], n) for s, e, n in gold] == [("1990 and 1991", "1990/1991"), ("Friday", "1989-10-27"),
                                                       ("September", "1989-09")]
    assert [doc.text[s:e] for s, e in ignored] == ["Friday evening", "a year earlier"]
    assert counts == {"pair_one_date": 2, "as_timeml": 2, "time_of_day": 1, "counted_from_other_date": 1}



PART_OF_YEAR = """<?xml version="1.0" ?>
<TimeML><DOCID>P2</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-02-06">19980206</TIMEX3></DCT>
<TEXT>Jobs grew after <TIMEX3 tid="t1" type="DURATION" value="P9M">the first nine months</TIMEX3> of \
<TIMEX3 tid="t2" type="DATE" value="1997">1997</TIMEX3>, <TIMEX3 tid="t3" type="DURATION" value="P6M">the first six months</TIMEX3> \
of <TIMEX3 tid="t4" type="DATE" value="1996">1996</TIMEX3> and <TIMEX3 tid="t5" type="DURATION" value="P3M">three months</TIMEX3> \
in <TIMEX3 tid="t6" type="DATE" value="1995">1995</TIMEX3>.</TEXT></TimeML>
"""


def test_gold_dates_joins_the_first_months_of_a_year(tmp_path):
    path = tmp_path / "p.tml"
    path.write_text(PART_OF_YEAR, encoding="utf-8")
    doc = read_timeml(path)
    gold, ignored, counts = gold_dates(doc)
    assert [(doc.text[s:e], n) for s, e, n in gold] == [
        ("the first nine months of 1997", "1997-01/1997-09"), ("the first six months of 1996", "1996-H1"), ("1995", "1995")]
    assert ignored == []
    assert counts == {"part_of_year": 4, "as_timeml": 1}


MONTH_OF_YEAR = """<?xml version="1.0" ?>
<TimeML><DOCID>M1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2009-05-15">20090515</TIMEX3></DCT>
<TEXT>Franchises end after <TIMEX3 tid="t1" type="DATE" value="2010-10">October</TIMEX3> of \
<TIMEX3 tid="t2" type="DATE" value="2010">next year</TIMEX3>, not in <TIMEX3 tid="t3" type="DATE" value="2009-06">June</TIMEX3> \
of <TIMEX3 tid="t4" type="DATE" value="2010">next year</TIMEX3>.</TEXT></TimeML>
"""


def test_gold_dates_joins_a_month_and_its_year(tmp_path):
    path = tmp_path / "m.tml"
    path.write_text(MONTH_OF_YEAR, encoding="utf-8")
    doc = read_timeml(path)
    gold, _, counts = gold_dates(doc)
    assert [(doc.text[s:e], n) for s, e, n in gold] == [("October of next year", "2010-10"), ("June", "2009-06"),
                                                       ("next year", "2010")]
    assert counts == {"month_of_year": 2, "as_timeml": 2}


@pytest.mark.parametrize("module, pipeline_imports", [("benchmarks/timeml.py", ["pipeline.lexicon"]),
                                                      ("benchmarks/meantime.py", [])])
def test_the_gold_never_depends_on_the_extractor(module, pipeline_imports):
    """The modules that make the dates benchmark's gold import no extractor code
    (only the table reader) and name no file under models/: a change to the date
    rules cannot move the gold they are scored against."""
    tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)} \
        | {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    strings = [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)]
    assert sorted(name for name in imported if name.split(".")[0] == "pipeline") == pipeline_imports
    assert [s for s in strings if "models" in s] == []

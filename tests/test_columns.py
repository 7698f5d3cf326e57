"""Space-aligned tables in plain text: cells found in place, nothing joined
across them, the caption's unit applied."""
import pytest

from pipeline.extract.amounts import AmountRules
from pipeline.extract.cells import UnitRules, apply_tables
from pipeline.extract.resolve import Entity
from pipeline.ingest.columns import text_tables
from pipeline.ingest.text import read_plain

from conftest import MODELS, cases

AMOUNTS = AmountRules(MODELS / "amounts")
UNITS = UnitRules(MODELS / "amounts")
REPORT = """Regional budgets 2019

Region          Budget     Change
North     € 21,965,000       -0.3
South         € 1,000        -2
East         € 12,500.5       4.1

The rest of the report.
"""
THOUSANDS = REPORT.replace("budgets 2019", "budgets 2019 (€000)").replace("€ ", "  ")


def test_space_aligned_columns_are_a_table():
    text = read_plain(REPORT.encode("cp1252"))["text"]
    [table] = text_tables(text)
    assert table["headers"] == ["Region", "Budget", "Change"]
    assert text[slice(*table["caption"])] == "Regional budgets 2019"
    assert [(c["row"], c["column"], text[c["start"]:c["end"]]) for c in table["cells"][3:6]] == [
        (1, 0, "North"), (1, 1, "€ 21,965,000"), (1, 2, "-0.3")]


def amounts(report: str) -> list[tuple[str, str, list[str]]]:
    text = read_plain(report.encode("cp1252"))["text"]
    found = [Entity("AMOUNT", s, e, text[s:e], n.split("|")[0]) for s, e, n in AMOUNTS.find(text)]
    return [(e.text, e.norm, flags) for e, flags in apply_tables(text, found, text_tables(text), AMOUNTS, UNITS)]


def test_amounts_stay_in_their_cells_and_keep_an_unknown_scale_as_written():
    assert amounts(REPORT) == [("€ 21,965,000", "21965000 EUR", ["in_table", "scale_unknown"]), ("€ 1,000", "1000 EUR", ["in_table", "scale_unknown"]),
                               ("€ 12,500.5", "12500.5 EUR", ["in_table", "scale_unknown"])]


def test_bare_numbers_take_the_captions_currency_and_scale():
    assert amounts(THOUSANDS) == [("21,965,000", "21965000000 EUR", ["in_table"]), ("1,000", "1000000 EUR", ["in_table"]),
                                  ("12,500.5", "12500500 EUR", ["in_table"])]


def test_prose_is_no_table():
    text = "One paragraph of prose.\nAnother line, with 3 numbers: 1, 2 and 3.\nA third line.\n"
    assert text_tables(text) == []


def test_a_unit_line_above_states_the_scale_and_a_sign_keeps_its_number():
    report = """                 (Detail, rounded in millions, may not add to totals)

 Account                         Today        This month
 Federal Reserve Account    $     32,271    $     52,068
 Tax and Loan Note
      (Table V)                  2,048           1,963
 Total                          34,318          54,031
"""
    assert [(text, norm) for text, norm, _ in amounts(report)] == [("$     32,271", "32271000000 USD"), ("$     52,068", "52068000000 USD")]


TWO_TABLES = """                     LOW INCOME COUNTRIES
      Long Term        Private Co-financing (US$       Private Direct
                               million)                 (US$ million)
 ADB                         8,995.0                      459.5
 AfDB                        1,908.9                    1,088.4
 EIB                        90,356.5                   36,502.7


 TOTAL                     101,260.4                   38,050.6
                   LOW INCOME COUNTRIES - INFRASTRUCTURE ONLY
      Infra Financing   Private Co-financing (US$       Private Direct
                               million)                 (US$ million)
 ADB                             7.1                        0.0
 AfDB                          863.4                      123.4
"""


def test_a_total_row_set_apart_closes_its_table_and_a_title_line_starts_the_next():
    text = read_plain(TWO_TABLES.encode("cp1252"))["text"]
    first, second = text_tables(text)
    assert [text[c["start"]:c["end"]] for c in first["cells"][-3:]] == ["TOTAL", "101,260.4", "38,050.6"]
    assert second["headers"][1] == "Private Co-financing (US$ million)"
    assert text[slice(*second["caption"])] == "LOW INCOME COUNTRIES - INFRASTRUCTURE ONLY"
    assert ("101,260.4", "101260400000 USD") in [(t, n) for t, n, _ in amounts(TWO_TABLES)]


@pytest.mark.parametrize("case", cases("column_units.tsv"), ids=lambda c: c["case"])
def test_column_headers_outside_tables(case):
    expected = [tuple(pair.split("=")) for pair in case["amounts"].split("; ") if pair]
    assert [(text, norm) for text, norm, _ in amounts(case["text"])] == expected


@pytest.mark.parametrize("case", cases("cell_lines.tsv"), ids=lambda c: c["case"])
def test_tables_one_cell_to_a_line(case):
    expected = [tuple(pair.split("=")) for pair in case["amounts"].split("; ") if pair]
    assert [(text, norm) for text, norm, _ in amounts(case["text"])] == expected


def test_accounting_brackets_in_a_table_are_a_minus_sign_inside_the_span():
    report = """Budget variance (Thousands of United States dollars)

 Object            Appropriation     Variance
 Posts                  1,250.0        (299.1)
 Travel                   310.5          (4.0)
"""
    assert [(text, norm) for text, norm, _ in amounts(report)] == [
        ("1,250.0", "1250000 USD"), ("(299.1)", "-299100 USD"), ("310.5", "310500 USD"), ("(4.0)", "-4000 USD")]


def test_a_symbol_that_reads_as_an_acronym_is_money_in_a_table_only_in_a_currency_the_text_used():
    from pipeline.extract.cells import currency_in

    choose = currency_in([Entity("AMOUNT", 0, 5, "C$5", "5 CAD"), Entity("COUNTRY", 9, 15, "Canada", "CAN")])
    assert choose("DZD|") == ""  # `DA 67` where the text never used dinars: no sum
    assert choose("USD|CAD|") == "CAD"
    assert choose("USD|CAD") == "CAD"
    assert currency_in([])("USD|CAD") == "USD"  # a form's default where the text used none


def test_a_bare_peso_sign_is_money_in_a_table_only_in_a_currency_the_text_used():
    from pipeline.extract.cells import currency_in

    assert currency_in([Entity("AMOUNT", 0, 5, "$5", "5 USD")])("PHP|BWP|issuer") == ""  # `P500` outside the issuer's documents
    assert currency_in([Entity("AMOUNT", 0, 4, "P500", "500 PHP")])("PHP|BWP|issuer") == "PHP"

"""outputs/polex.db: typed values, full-text search, and each view against
the same question asked of the CSV tables with pandas."""
import sqlite3

import pandas as pd
import pytest

from pipeline.database import build
from pipeline.norms import DateRanges, amount
from tests.conftest import MODELS, cases
from tests.explorer_corpus import DOCUMENTS, OECD, write_corpus

PARTS = MODELS / "database" / "date_parts.tsv"


@pytest.mark.parametrize("case", cases("date_ranges.tsv"), ids=lambda c: c["norm"])
def test_date_ranges(case):
    assert DateRanges(PARTS)(case["norm"]) == (case["start"] or None, case["end"] or None)


def test_amounts():
    assert amount("17499940000 USD").low == 17499940000 and amount("17499940000 USD").currency == "USD"
    assert (amount("1000000/2000000 USD").low, amount("1000000/2000000 USD").high) == (1000000, 2000000)
    assert amount("many EUR").low is None


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("explorer")
    paths = write_corpus(root)
    tables = [paths[n] for n in ("documents", "sections", "entities", "errors", "organizations", "countries")]
    counts = build(tables, paths["docs"], MODELS / "database", root / "polex.db")
    frames = {n: pd.read_csv(paths[n], keep_default_na=False, dtype=str) for n in ("documents", "entities", "countries")}
    return root / "polex.db", frames, counts


def query(db, sql, **params) -> pd.DataFrame:
    with sqlite3.connect(db) as connection:
        return pd.read_sql_query(sql, connection, params=params)


def test_tables_keys_and_indexes(corpus):
    db, frames, counts = corpus
    assert counts == {"documents": 3, "sections": 8, "entities": 17, "errors": 1, "organizations": 3, "countries": 3}
    foreign = query(db, "SELECT * FROM pragma_foreign_key_list('entities')")
    assert list(foreign[["table", "from", "to"]].itertuples(index=False, name=None)) == [("documents", "doc_id", "doc_id")]
    indexed = set(query(db, "SELECT name FROM pragma_index_list('entities')").name)
    columns = {tuple(query(db, f"SELECT name FROM pragma_index_info('{i}')").name) for i in indexed}
    assert {("doc_id", "section_id", "label"), ("label", "norm"), ("norm",)} <= columns


def test_typed_values(corpus):
    db, _, _ = corpus
    eur = query(db, "SELECT text, amount_value, currency FROM entities WHERE currency = 'EUR' AND amount_value > 20000000 ORDER BY amount_value")
    assert eur.values.tolist() == [["EUR 50 million", 50000000.0, "EUR"], ["EUR 2 billion", 2000000000.0, "EUR"]]
    after = query(db, "SELECT text FROM entities WHERE label = 'DATE' AND date_start > '2015-12-31' ORDER BY date_start")
    assert after.text.tolist() == ["March 2016", "June 2020"]


def test_full_text_search(corpus):
    db, _, _ = corpus
    assert query(db, "SELECT doc_id FROM texts WHERE rowid IN (SELECT rowid FROM texts_fts WHERE texts_fts MATCH 'pledged')").doc_id.tolist() == ["oecd-2020"]
    assert query(db, "SELECT title FROM sections_fts WHERE sections_fts MATCH 'reactions'").title.tolist() == ["Reactions"]
    assert len(query(db, "SELECT * FROM entities_fts WHERE entities_fts MATCH 'bank'")) == 3


def section_pairs(entities: pd.DataFrame, label: str, other: str) -> pd.DataFrame:
    keys = ["doc_id", "section_id", "norm"]
    left = entities[entities.label == label][keys].drop_duplicates()
    right = entities[entities.label == other][keys].drop_duplicates()
    return left.merge(right, on=["doc_id", "section_id"], suffixes=("", "_other"))


def test_organizations_with_countries_view(corpus):
    db, frames, _ = corpus
    pairs = section_pairs(frames["entities"], "ORG", "COUNTRY")
    expected = (pairs.groupby(["norm_other", "norm"]).agg(sections=("doc_id", "size"), documents=("doc_id", "nunique"))
                .reset_index().rename(columns={"norm_other": "country", "norm": "organization"}))
    got = query(db, "SELECT country, organization, sections, documents FROM organizations_with_countries ORDER BY country, organization")
    pd.testing.assert_frame_equal(got, expected.sort_values(["country", "organization"]).reset_index(drop=True))
    kenya = got[got.country == "KEN"].organization.tolist()
    assert kenya == [OECD, "World Bank"]


def test_amounts_by_country_year_view(corpus):
    db, frames, _ = corpus
    entities, documents = frames["entities"], frames["documents"]
    amounts = entities[entities.label == "AMOUNT"].assign(value=lambda f: f.norm.str.split().str[0].astype(float),
                                                          currency=lambda f: f.norm.str.split().str[1])
    countries = entities[entities.label == "COUNTRY"][["doc_id", "section_id", "norm"]].drop_duplicates()
    joined = amounts.merge(countries, on=["doc_id", "section_id"], suffixes=("", "_country")).merge(
        documents.assign(year=documents.date.str[:4].astype(int))[["doc_id", "year"]], on="doc_id")
    expected = (joined.groupby(["norm_country", "year", "currency"]).agg(amounts=("value", "size"), total_value=("value", "sum"))
                .reset_index().rename(columns={"norm_country": "country"}))
    got = query(db, "SELECT country, year, currency, amounts, total_value FROM amounts_by_country_year ORDER BY country, year, currency")
    pd.testing.assert_frame_equal(got, expected.sort_values(["country", "year", "currency"]).reset_index(drop=True))


def test_amounts_view(corpus):
    db, frames, _ = corpus
    entities = frames["entities"]
    got = query(db, "SELECT text, currency, year, countries FROM amounts ORDER BY entity_id")
    expected = entities[entities.label == "AMOUNT"].text.tolist()
    assert got.text.tolist() == expected
    assert got.countries.tolist() == ['["KEN"]', '["FRA","KEN"]', '["FRA","KEN"]', '["GHA"]']
    assert got[(got.currency == "EUR") & (got.year > 2015)].text.tolist() == ["EUR 50 million", "EUR 2 billion"]


def test_entity_timeline_view(corpus):
    db, frames, _ = corpus
    entities = frames["entities"]
    named = entities[entities.label.isin(["ORG", "COUNTRY"])]
    dates = entities[entities.label == "DATE"]
    expected = (named.merge(dates, on=["doc_id", "section_id"], suffixes=("", "_date"))
                .groupby(["label", "norm", "norm_date"]).size().reset_index(name="mentions")
                .rename(columns={"norm": "entity", "norm_date": "date"}))
    got = query(db, "SELECT label, entity, date, mentions FROM entity_timeline ORDER BY label, entity, date")
    pd.testing.assert_frame_equal(got, expected.sort_values(["label", "entity", "date"]).reset_index(drop=True))


def test_missing_table_is_one_clear_error(tmp_path):
    paths = write_corpus(tmp_path)
    with pytest.raises(SystemExit, match=r"no errors.csv, countries.csv among the tables given"):
        build([paths["documents"], paths["sections"], paths["entities"], paths["organizations"]], paths["docs"], MODELS / "database",
              tmp_path / "polex.db")
    assert not (tmp_path / "polex.db").exists()


def test_canned_query_agrees_with_its_view(corpus):
    import yaml

    db, _, _ = corpus
    metadata = yaml.safe_load((MODELS.parent / "pipeline" / "serve" / "metadata.yml").read_text())
    sql = metadata["databases"]["polex"]["queries"]["organizations_with_country"]["sql"]
    columns = "organization, sections, documents"
    view = query(db, f"SELECT {columns} FROM organizations_with_countries WHERE country = 'KEN' ORDER BY organization")
    for given in ("Kenya", "ken"):
        canned = query(db, f"SELECT {columns} FROM ({sql}) ORDER BY organization", country=given)
        pd.testing.assert_frame_equal(canned, view)


def test_a_build_over_an_older_database_equals_a_fresh_build(tmp_path):
    """The database is rebuilt whole (make bench-scale times it at 100,000
    documents): nothing of an earlier build, such as a removed document,
    survives into the next."""
    names = ("documents", "sections", "entities", "errors", "organizations", "countries")
    three, two = write_corpus(tmp_path / "three"), write_corpus(tmp_path / "two", DOCUMENTS[:2])
    rebuilt, fresh = tmp_path / "rebuilt.db", tmp_path / "fresh.db"
    for paths, out in ((three, rebuilt), (two, rebuilt), (two, fresh)):
        build([paths[n] for n in names], paths["docs"], MODELS / "database", out)
    with sqlite3.connect(rebuilt) as old, sqlite3.connect(fresh) as new:
        assert list(old.iterdump()) == list(new.iterdump())
        assert old.execute("SELECT count(*) FROM texts_fts WHERE texts_fts MATCH 'Ghana'").fetchone() == (0,)

"""Loading and validation of the data package: good data passes, each broken rule is named precisely."""
from __future__ import annotations

import pathlib
import shutil

import pytest

from bookkit import data
from bookkit.validate import DataError, validate_new_table, validate_package

ROOT = pathlib.Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


def test_the_committed_package_is_valid():
    validate_package()


def test_load_gives_typed_columns():
    nato = data.load("nato_defence_expenditure")
    assert str(nato["year"].dtype) == "Int64" and str(nato["value"].dtype) == "float64"
    assert set(nato["source_kind"]) == {"primary"}


def test_load_unknown_table_names_the_known_ones():
    with pytest.raises(KeyError, match="tables: geo, groups, series"):
        data.load("no_such_table")


def test_malformed_fixture_fails_with_file_row_column_and_rule():
    with pytest.raises(DataError) as info:
        validate_new_table(FIXTURES / "malformed_observations.csv", "observations")
    lines = str(info.value).splitlines()
    shown = "tests/fixtures/malformed_observations.csv"
    expected = [
        f"{shown}:3: column 'value': 'n/a' is not a number",
        f"{shown}:4: column 'source_url': 'http://192.0.2.10/report.pdf' breaks the rule: https address on a named host (no IP addresses)",
        f"{shown}:4: column 'geo': 'XX' is not a code in data/geo.csv",
        f"{shown}:4: column 'source_date': date 2099-06-17 is in the future",
        f"{shown}:5: column 'source_kind': 'official' is not one of primary, relay",
        f"{shown}:5: columns 'series, unit, price_basis': 'nato_defexp_share_gdp, EUR bn, constant 2015 prices' do not match a row of data/series.csv (unit or price basis not allowed for the series)",
        f"{shown}:6: column 'source_publisher': value is required but empty",
        f"{shown}:6: duplicate key (series, geo, year): same as row 2",
    ]
    assert lines == expected


def test_package_level_problems_name_the_file(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy, ignore=shutil.ignore_patterns("raw"))
    (copy / "un_votes.csv").write_bytes("resolution,vote_date\n".encode())
    (copy / "opinion_us.csv").write_bytes((copy / "opinion_us.csv").read_bytes().replace(b"Sweden", "Sw\xe9den".encode("latin-1")) + b"x\xe9\n")
    with pytest.raises(DataError) as info:
        validate_package(copy / "datapackage.json")
    text = str(info.value)
    assert "data/un_votes.csv: file has no data rows" in text
    assert "data/opinion_us.csv:" in text and "not UTF-8" in text

"""Data refresh: the Eurostat converter on a fixture in the API's TSV format, the change report, and a
refresh that cannot replace good data with bad."""
from __future__ import annotations

import pathlib

import pandas as pd
import pytest

from bookkit import snapshot
from scripts import derive_eurostat, derive_nato

ROOT = pathlib.Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "eurostat_sample.tsv"


def test_sdmx_tsv_parser_reads_values_flags_and_gaps():
    long = derive_eurostat.parse_sdmx_tsv(FIXTURE)
    de_2015 = long[(long["geo"] == "DE") & (long["period"] == "2015")].iloc[0]
    assert de_2015["value"] == pytest.approx(45.32) and de_2015["flag"] == "i"
    al = long[long["geo"] == "AL"]
    assert al["value"].isna().all() and set(al["flag"]) == {"m"}
    assert {"freq", "siec", "partner", "unit", "geo", "period", "value", "flag"} <= set(long.columns)


def test_sdmx_tsv_parser_refuses_a_changed_layout(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("freq,siec,geo\\TIME_PERIOD\t2020 \nA,G3000\t1.0\n")
    with pytest.raises(ValueError, match="header names 3 dimensions, rows carry 2"):
        derive_eurostat.parse_sdmx_tsv(bad)


def test_diff_report_counts_added_removed_changed():
    key = ["series", "geo", "year"]
    old = pd.DataFrame({"series": ["s", "s", "s"], "geo": ["DE", "FR", "PL"], "year": ["2024"] * 3, "value": ["1", "2", "3"]})
    new = pd.DataFrame({"series": ["s", "s", "s"], "geo": ["DE", "FR", "IT"], "year": ["2024"] * 3, "value": ["1", "9", "4"]})
    report = snapshot.diff_report(old, new, key)
    assert report.splitlines()[0] == "1 added, 1 removed, 1 changed"
    assert "  + s / IT / 2024" in report and "  - s / PL / 2024" in report and "  ~ s / FR / 2024" in report


def test_a_bad_download_changes_nothing(tmp_path, monkeypatch, capsys):
    """--fetch with a download that is not the expected spreadsheet: table and raw snapshot stay as they were."""
    out_dir = tmp_path / "data"
    out_dir.mkdir()
    table = out_dir / "nato_defence_expenditure.csv"
    table.write_bytes((ROOT / "data" / "nato_defence_expenditure.csv").read_bytes())
    raw_dir = tmp_path / "raw"
    raw_dir.mkdir()
    raw_copy = raw_dir / "tables.xlsx"
    raw_copy.write_bytes(derive_nato.RAW_PATH.read_bytes())
    before_table, before_raw = table.read_bytes(), raw_copy.read_bytes()

    def fake_fetch(url, dest):
        dest.write_text("<html>Service unavailable</html>")

    monkeypatch.setattr(snapshot, "fetch", fake_fetch)
    code = snapshot.run("NATO", derive_nato.UPSTREAM_URL, raw_copy, derive_nato.derive,
                        "nato_defence_expenditure.csv", argv=["--fetch"], out_dir=out_dir)
    assert code == 1
    assert "nothing was changed" in capsys.readouterr().err
    assert table.read_bytes() == before_table and raw_copy.read_bytes() == before_raw
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "raw"], "the staging folder was left behind"
    assert [p.name for p in raw_dir.iterdir()] == ["tables.xlsx"]


def test_a_good_download_replaces_the_snapshot(tmp_path, monkeypatch, capsys):
    """--fetch that brings a valid file: the snapshot is replaced and the staging folder removed."""
    raw_dir = tmp_path / "raw"
    raw_dir.mkdir()
    raw_copy = raw_dir / "tables.xlsx"
    raw_copy.write_bytes(b"old snapshot")
    out_dir = tmp_path / "data"
    out_dir.mkdir()
    committed = ROOT / "data" / "nato_defence_expenditure.csv"
    (out_dir / committed.name).write_bytes(committed.read_bytes())
    monkeypatch.setattr(snapshot, "fetch", lambda url, dest: dest.write_bytes(derive_nato.RAW_PATH.read_bytes()))
    assert snapshot.run("NATO", derive_nato.UPSTREAM_URL, raw_copy, derive_nato.derive,
                        "nato_defence_expenditure.csv", argv=["--fetch"], out_dir=out_dir) == 0
    assert raw_copy.read_bytes() == derive_nato.RAW_PATH.read_bytes()
    assert "0 added, 0 removed, 0 changed" in capsys.readouterr().out
    assert (out_dir / committed.name).read_bytes() == committed.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "raw"]


def test_rederiving_from_the_snapshot_reproduces_the_committed_table(tmp_path, capsys):
    """Derived into a private folder: the bytes equal the committed table (the checkout is never written)."""
    committed = ROOT / "data" / "nato_defence_expenditure.csv"
    assert snapshot.run("NATO", derive_nato.UPSTREAM_URL, derive_nato.RAW_PATH, derive_nato.derive,
                        "nato_defence_expenditure.csv", argv=[], out_dir=tmp_path) == 0
    assert "1430 rows added (new table)" in capsys.readouterr().out
    assert (tmp_path / committed.name).read_bytes() == committed.read_bytes()

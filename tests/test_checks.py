"""The data checks are reported where a reader and a maintainer look: the method page and the build log."""
from __future__ import annotations

import re

from bookkit import book, plausibility


def test_method_page_lists_every_cross_source_difference(site):
    page = (site / "pages" / "method.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    summary = plausibility.summary(book.DATA_DIR)
    nato_sipri = [d for d in summary["differences"] if d["right"] == "sipri_milex_share_gdp"]
    assert f"{summary['rules']} rules in data/plausibility.csv" in text
    assert f"Of {summary['nato_sipri_compared']} country-years in both, {len(nato_sipri)} differ" in text
    for d in nato_sipri:
        assert f"{d['geo']} {d['year']} {d['left_value']:.2f} {d['right_value']:.2f} {d['difference']:+.2f}" in text
    # The Kiel sums are within tolerance today; a check that found nothing must still show its figures.
    for k in summary["kiel"]:
        assert f"{k['year']} {k['left_value']:g} {k['right_value']:g} {k['difference']:+.2f}" in text


def test_a_difference_above_tolerance_is_reported(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for name in ("datapackage.json", "plausibility.csv", "plausibility_exceptions.csv", "kiel_aid.csv",
                 "kiel_headline.csv", "nato_defence_expenditure.csv", "sipri_milex.csv"):
        (data / name).write_bytes((book.DATA_DIR / name).read_bytes())
    headline = data / "kiel_headline.csv"
    lines = headline.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [re.sub(r"^(kiel_headline_eu_level_nonmilitary_eur,EU,2025,)35\.1,", r"\g<1>30.1,", ln) for ln in lines]
    headline.write_text("".join(lines), encoding="utf-8")
    found = [d for d in plausibility.cross_source(data) if d["right"] == "kiel_headline_eu_level_nonmilitary_eur"]
    assert len(found) == 1 and abs(found[0]["difference"] - 5.02) < 0.01, found

"""Derive data/kiel_aid.csv from the Kiel Institute's Ukraine Support Tracker, Release 29.

Source: Kiel Institute for the World Economy, Ukraine Support Tracker, Release 29 (data period to
04/2026, release dated 2026-08-04 in `release_info.csv`). The tracker's website publishes its chart data
as CSV files; the snapshot in data/raw/kiel-ukraine-support-tracker/ holds them unmodified:
  - data_explorer.csv: monthly *allocations* by donor (EUR bn, current prices; columns total, financial,
    humanitarian, military; gdp = donor GDP in EUR bn, one fixed value per donor; pct_gdp = the month's
    allocations in % of that GDP). Allocations = aid delivered or earmarked for specific packages, the
    tracker's main measure since 2024 (not commitments).
  - eu_aid_shares.csv: bilateral allocations in % of donor GDP for EU member states, plus each member's
    attributed share of EU-level aid (% of GDP and EUR bn) and the sum of both.
  - procurement_trends.csv: monthly military allocations of all tracked donors by channel (stockpile
    donations, industry procurement, unspecified, NATO PURL purchases of US weapons), EUR bn.
Units: EUR bn at current prices (nominal; Kiel's own press releases often use inflation-adjusted values,
which are not in these files), and % of donor GDP. Licence: not stated in the files or on the pages seen
(treat as "(c) Kiel Institute, reuse with attribution").
Upstream: the tracker page https://www.ifw-kiel.de/topics/war-against-ukraine/ukraine-support-tracker/
embeds charts fed from the website repository's data folder (UPSTREAM_URL below; `--fetch` refreshes
data_explorer.csv only; refresh the other five files by hand from the same folder).

Aggregates: EUROPE follows the tracker website's own region "Continental Europe + EU Institutions" (the
27 EU member states, the United Kingdom, Norway, Switzerland, Iceland, plus EU (Commission and Council));
the sum is computed here over the donor rows. Years: 2022 starts in January 2022 (the tracker counts from
24 Jan 2022); 2026 covers January-April only (data period end 04/2026).

    python -m scripts.derive_kiel            # re-derive from data/raw/kiel-ukraine-support-tracker/
    python -m scripts.derive_kiel --fetch    # first download data_explorer.csv again (needs a network)
"""
from __future__ import annotations

import pathlib
import sys

import pandas as pd

from bookkit import snapshot
from bookkit.data import group
from bookkit.validate import DATA_DIR

UPSTREAM_URL = ("https://raw.githubusercontent.com/UkraineSupportTrackerWebsite/ukraine-support-tracker/"
                "main/data/data_explorer.csv")
RAW_PATH = DATA_DIR / "raw" / "kiel-ukraine-support-tracker" / "data_explorer.csv"
TRACKER_PAGE = "https://www.ifw-kiel.de/topics/war-against-ukraine/ukraine-support-tracker/"
RELEASE = "29"

# Tracker iso3 codes -> book geo codes. Only European donors, the US and Canada are kept.
ISO3 = snapshot.geo_map(RAW_PATH.parent)  # data/raw/kiel-ukraine-support-tracker/geo_map.csv
EU27 = set(group("eu27"))  # data/groups.csv
EUROPE = set(group("kiel_europe")) | {"EU"}  # the tracker's Europe: EU27, GB, NO, CH, IS, EU institutions

ALLOC = {  # data_explorer column -> series id
    "military": "kiel_alloc_military",
    "financial": "kiel_alloc_financial",
    "humanitarian": "kiel_alloc_humanitarian",
    "total": "kiel_alloc_total",
}
CHANNELS = {  # procurement_trends column -> series id
    "stockpile": "kiel_mil_channel_stockpile",
    "procurement": "kiel_mil_channel_procurement",
    "unspecified": "kiel_mil_channel_unspecified",
    "nato_purl": "kiel_mil_channel_nato_purl",
}


def _release(raw_dir: pathlib.Path) -> tuple[str, str, str]:
    info = pd.read_csv(raw_dir / "release_info.csv", dtype=str).iloc[0]
    if info["release"] != RELEASE:
        print(f"note: raw files are release {info['release']}, script written for release {RELEASE}",
              file=sys.stderr)
    return info["release"], info["period"], info["date"]


def _year_note(year: int, period: str, months: set[int]) -> str:
    if year == 2022:
        return "2022 = Jan-Dec 2022 (tracker counts from 24 Jan 2022)"
    if len(months) < 12:
        return f"{year} partial: months {min(months)}-{max(months)} only (data period end {period})"
    return ""


def derive(raw_path: pathlib.Path) -> pd.DataFrame:
    raw_dir = raw_path.parent
    release, period, rdate = _release(raw_dir)
    base = {
        "source_publisher": "Kiel Institute for the World Economy",
        "source_title": f"Ukraine Support Tracker, Release {release} ({period})",
        "source_url": TRACKER_PAGE,
        "source_date": rdate,
        "source_kind": "primary",
    }
    rows: list[dict] = []

    d = pd.read_csv(raw_path)
    d["geo"] = d["iso"].map(ISO3)
    months = d.groupby("year")["month"].apply(set).to_dict()
    kept = d[d["geo"].notna()]

    # 1. yearly sums of monthly allocations, by donor and for Kiel's Europe region
    yearly = kept.groupby(["geo", "year"])[list(ALLOC)].sum()
    # a donor-year without any monthly row means the tracker recorded no allocations: keep it as 0
    full = pd.MultiIndex.from_product([sorted(kept["geo"].unique()), sorted(kept["year"].unique())],
                                      names=["geo", "year"])
    missing = set(full) - set(yearly.index)
    yearly = yearly.reindex(full, fill_value=0.0)
    europe = kept[kept["geo"].isin(EUROPE)].groupby("year")[list(ALLOC)].sum()
    europe["geo"] = "EUROPE"
    yearly = pd.concat([yearly.reset_index(), europe.reset_index()])
    for rec in yearly.to_dict("records"):
        note = _year_note(int(rec["year"]), period, months[rec["year"]])
        if (rec["geo"], rec["year"]) in missing:
            note = ("no allocation recorded by the tracker for this donor in this period; " + note).rstrip("; ")
        if rec["geo"] == "EUROPE":
            note = ("sum computed from the donor rows over the tracker website's region 'Continental Europe + "
                    "EU Institutions' (EU27 incl. CY and MT, GB, NO, CH, IS, EU institutions); " + note).rstrip("; ")
        if rec["geo"] == "EU":
            note = ("EU (Commission and Council) as recorded by the tracker, which books no military aid under this "
                    "donor (EPF-funded aid is not shown separately in the file); " + note).rstrip("; ")
        for col, series in ALLOC.items():
            rows.append({"series": series, "geo": rec["geo"], "year": int(rec["year"]),
                         "value": round(float(rec[col]), 6), "unit": "EUR bn", "price_basis": "current prices",
                         **base, "note": note})

    # 2. cumulative bilateral allocations in % of donor GDP (Jan 2022 to the data period end)
    last_year = int(d["year"].max())
    span = f"cumulative allocations Jan 2022-{period} in % of donor GDP as carried in the tracker file"
    cum = kept[kept["geo"] != "EU"].groupby("geo").agg(total=("total", "sum"), gdp=("gdp", "first"))
    for geo, rec in cum.iterrows():
        rows.append({"series": "kiel_aid_share_gdp", "geo": geo, "year": last_year,
                     "value": round(rec["total"] / rec["gdp"] * 100, 6), "unit": "% of GDP", "price_basis": "n/a",
                     **base, "note": span + " (bilateral only)"})

    # 3. EU member states: attributed share of EU-level aid, and bilateral + EU share (eu_aid_shares.csv)
    e = pd.read_csv(raw_dir / "eu_aid_shares.csv")
    e["geo"] = e["iso"].map(ISO3)
    for rec in e.to_dict("records"):
        rows.append({"series": "kiel_aid_share_gdp_eu_attrib", "geo": rec["geo"], "year": last_year,
                     "value": round(float(rec["eu_share_pct_gdp"]), 6), "unit": "% of GDP", "price_basis": "n/a",
                     **base, "note": "member state's attributed share of EU-level aid, % of GDP (eu_aid_shares.csv),"
                                     f" period to {period}"})
        rows.append({"series": "kiel_aid_share_gdp_incl_eu", "geo": rec["geo"], "year": last_year,
                     "value": round(float(rec["total_pct_gdp"]), 6), "unit": "% of GDP", "price_basis": "n/a",
                     **base, "note": "bilateral allocations plus attributed share of EU-level aid, % of GDP "
                                     f"(eu_aid_shares.csv), period to {period}"})

    # 4. military allocations of all tracked donors by channel, yearly sums (procurement_trends.csv)
    p = pd.read_csv(raw_dir / "procurement_trends.csv")
    pm = p.groupby("year")["month"].apply(set).to_dict()
    for year, rec in p.groupby("year")[list(CHANNELS)].sum().iterrows():
        note = _year_note(int(year), period, pm[year])
        note = ("all donors tracked by Kiel (41 governments plus EU institutions), not a world total; " + note
                ).rstrip("; ")
        for col, series in CHANNELS.items():
            rows.append({"series": series, "geo": "WORLD", "year": int(year), "value": round(float(rec[col]), 6),
                         "unit": "EUR bn", "price_basis": "current prices", **base, "note": note})

    return pd.DataFrame(rows, columns=snapshot.OBSERVATION_COLUMNS)


def main(argv: list[str] | None = None) -> int:
    return snapshot.run("Kiel Institute Ukraine Support Tracker", UPSTREAM_URL, RAW_PATH, derive, "kiel_aid.csv", argv=argv)


if __name__ == "__main__":
    sys.exit(main())

"""Derive data/eurostat_energy.csv from Eurostat's energy import-dependency datasets.

Source: Eurostat (European Commission), energy statistics, datasets
  * nrg_ind_id      "Energy imports dependency" (% ; net imports / gross available energy, by fuel)
  * nrg_ind_idogas  "Natural gas import dependency by country of origin" (%; 2015-2020, discontinued)
  * nrg_ind_idooil  "Oil import dependency by country of origin" (%; 2015-2020, discontinued)
Upstream: the Eurostat dissemination API, SDMX-TSV format, one URL per dataset (UPSTREAM_URL below);
dataset pages https://ec.europa.eu/eurostat/databrowser/view/<code>/default/table.
Raw snapshot: data/raw/eurostat/estat_<code>.tsv (retrieved ~Jan 2026; see data/raw/PROVENANCE.md).
Units: percent (2.05 means 2.05 %). Import dependency can be negative (net exporter) or above 100
(stock build-up). The by-origin datasets give Russia's portion of a country's imports by ultimate
origin (transit removed); Eurostat flags every value there `i` (see metadata).
Licence: Eurostat copyright notice - statistical data may be reused, commercially or not, provided the
source is acknowledged (Commission Decision 2011/833/EU); editorial content under CC BY 4.0
(https://ec.europa.eu/eurostat/web/main/help/copyright-notice).

Rows kept: EU27 (Eurostat EU27_2020) and its member states plus GB, NO, UA and MD; nrg_ind_id from
2014 onwards; Russia as partner only for the by-origin datasets. Eurostat codes EL and UK become GR
and GB. `parse_sdmx_tsv` reads any Eurostat SDMX-TSV file and can be reused by other scripts.

Run: `.venv/bin/python -m scripts.derive_eurostat [--fetch]`.
"""
from __future__ import annotations

import gzip
import io
import pathlib
import sys

import pandas as pd

from bookkit import snapshot
from bookkit.data import group

RAW_DIR = pathlib.Path(__file__).resolve().parents[1] / "data" / "raw" / "eurostat"

_API = "https://ec.europa.eu/eurostat/api/dissemination/sdmx/3.0/data/dataflow/ESTAT/{code}/1.0?format=TSV"
DATASETS = ("nrg_ind_id", "nrg_ind_idogas", "nrg_ind_idooil")
UPSTREAM_URL = {code: _API.format(code=code) for code in DATASETS}
RAW_PATHS = {code: RAW_DIR / f"estat_{code}.tsv" for code in DATASETS}
RAW_PATH = RAW_PATHS["nrg_ind_id"]  # the other two files are read from the same folder

TITLES = {
    "nrg_ind_id": "Energy imports dependency (nrg_ind_id)",
    "nrg_ind_idogas": "Natural gas import dependency by country of origin (nrg_ind_idogas)",
    "nrg_ind_idooil": "Oil import dependency by country of origin (nrg_ind_idooil)",
}
PAGE_URL = "https://ec.europa.eu/eurostat/databrowser/view/{code}/default/table"
SOURCE_DATE = "2026-01-20"  # retrieval vintage of the raw snapshot (PROVENANCE.md); Eurostat prints no date in the TSV
FIRST_YEAR = 2014

# nrg_ind_id product codes (siec) -> series id
SIEC_SERIES = {
    "TOTAL": "eurostat_import_dependency_total",
    "G3000": "eurostat_import_dependency_gas",
    "O4100_TOT": "eurostat_import_dependency_crude_oil",
    "O4000XBIO": "eurostat_import_dependency_oil",
    "C0000X0350-0370": "eurostat_import_dependency_solid_fossil",
}
ORIGIN_SERIES = {
    "nrg_ind_idogas": "eurostat_russia_share_gas_imports",
    "nrg_ind_idooil": "eurostat_russia_share_oil_imports",
}

# Eurostat geo codes -> the book's codes (ISO 3166-1 alpha-2 or geo.csv aggregates)
GEO_MAP = snapshot.geo_map(RAW_DIR)  # data/raw/eurostat/geo_map.csv: the codes that differ
EU_MEMBERS = group("eu27")  # data/groups.csv
KEEP_GEO = set(["EU27"] + EU_MEMBERS + ["GB", "NO", "UA", "MD"])


def parse_sdmx_tsv(path: pathlib.Path | str) -> pd.DataFrame:
    """Read a Eurostat SDMX-TSV file (bulk download or API `format=TSV`, plain or gzipped) into long form.

    The first column holds comma-separated dimension codes, its header e.g. `freq,siec,unit,geo\\TIME_PERIOD`;
    then one column per period. A cell is `value`, `value flags` or `: flags` (`:` = not available).
    Returns one row per cell with the dimension columns (lower case, as in the header), `period` (str),
    `value` (float, NaN when not available) and `flag` (str, '' when none). Empty cells are kept as NaN.
    """
    raw = pathlib.Path(path).read_bytes()
    if raw[:2] == b"\x1f\x8b":  # the API may answer gzip-compressed
        raw = gzip.decompress(raw)
    table = pd.read_csv(io.BytesIO(raw), sep="\t", dtype=str, keep_default_na=False)
    key = table.columns[0]
    dims = [d.strip() for d in key.split("\\")[0].split(",")]
    table.columns = [key] + [c.strip() for c in table.columns[1:]]
    codes = table[key].str.split(",", expand=True)
    if codes.shape[1] != len(dims):
        raise ValueError(f"{path}: header names {len(dims)} dimensions, rows carry {codes.shape[1]}")
    codes.columns = dims
    long = (pd.concat([codes, table.drop(columns=key)], axis=1)
            .melt(id_vars=dims, var_name="period", value_name="cell"))
    cell = long.pop("cell").str.strip()
    parts = cell.str.split(r"\s+", n=1, expand=True, regex=True).reindex(columns=[0, 1])
    number = parts[0].where(parts[0] != ":")
    long["value"] = pd.to_numeric(number, errors="raise")
    long["flag"] = [("" if pd.isna(f) else str(f).strip()) for f in parts[1]]
    return long


def _rows(long: pd.DataFrame, series: pd.Series, code: str, extra_note: str) -> pd.DataFrame:
    out = pd.DataFrame({
        "series": series,
        "geo": long["geo"].replace(GEO_MAP),
        "year": long["period"].astype(int),
        "value": long["value"].round(3),
        "unit": "%",
        "price_basis": "n/a",
        "source_publisher": "Eurostat",
        "source_title": TITLES[code],
        "source_url": PAGE_URL.format(code=code),
        "source_date": SOURCE_DATE,
        "source_kind": "primary",
    })
    flag_note = long["flag"].map(lambda f: f"Eurostat flag '{f}'; " if f else "")
    out["note"] = flag_note + extra_note + "; snapshot retrieved ~Jan 2026 (Eurostat prints no release date in the file)"
    return out


def derive(raw_path: pathlib.Path) -> pd.DataFrame:
    raw_dir = pathlib.Path(raw_path).parent
    frames = []

    dep = parse_sdmx_tsv(raw_path)
    dep = dep[dep["siec"].isin(SIEC_SERIES) & (dep["unit"] == "PC") & (dep["freq"] == "A")]
    dep = dep[dep["period"].astype(int) >= FIRST_YEAR]
    frames.append(_rows(dep, dep["siec"].map(SIEC_SERIES), "nrg_ind_id",
                        "net imports / gross available energy, siec " + dep["siec"]))

    for code, series in ORIGIN_SERIES.items():
        origin = parse_sdmx_tsv(raw_dir / f"estat_{code}.tsv")
        origin = origin[(origin["partner"] == "RU") & (origin["unit"] == "PC") & (origin["freq"] == "A")]
        frames.append(_rows(origin, pd.Series(series, index=origin.index), code,
                            "partner RU (ultimate origin), siec " + origin["siec"] + "; series discontinued after 2020"))

    rows = pd.concat(frames, ignore_index=True)
    rows = rows[rows["geo"].isin(KEEP_GEO) & rows["value"].notna()]
    return rows[snapshot.OBSERVATION_COLUMNS].reset_index(drop=True)


def main(argv: list[str] | None = None) -> int:
    return snapshot.run("Eurostat energy import dependency", UPSTREAM_URL["nrg_ind_id"], RAW_PATH, derive,
                        "eurostat_energy.csv", argv=argv,
                        also_fetch={RAW_PATHS[code].name: UPSTREAM_URL[code] for code in ORIGIN_SERIES})


if __name__ == "__main__":
    sys.exit(main())

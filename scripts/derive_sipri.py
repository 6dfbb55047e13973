"""Derive data/sipri_milex.csv from the SIPRI Military Expenditure Database (1949-2024 edition).

Source: Stockholm International Peace Research Institute (SIPRI), "SIPRI Military Expenditure
Database 1949-2024", Excel file SIPRI-Milex-data-1949-2024_2.xlsx (data released 28 April 2025).
Upstream: https://www.sipri.org/databases/milex (file linked from that page; the copy used here is
data/raw/sipri-milex/, see data/raw/PROVENANCE.md).

Series written (years 2014-2024; European states as grouped by SIPRI, plus Türkiye, the United
States, Canada and China, plus SIPRI's "European Union" row = EU-level spending via the EDF):
- sipri_milex_share_gdp     military expenditure, % of GDP (the sheet holds fractions; x100 here)
- sipri_milex_constant_usd  military expenditure, US$ million at constant 2023 prices and exchange rates
- sipri_milex_current_usd   military expenditure, US$ million at current prices and exchange rates

SIPRI's cell colours are carried in `note`: blue = SIPRI estimate, red = highly uncertain data.
The country's special-note symbols (e.g. excludes pensions, budget not actual) are also decoded
into `note`. ". . " / "..." (unavailable), "xxx" (did not exist) and blank cells are skipped.

Licence: © SIPRI. SIPRI's terms of use allow free non-commercial use of excerpts of its data sets
with a clear reference to the SIPRI source; this table is a small excerpt (a few dozen countries,
11 years) and cites SIPRI on every row.
"""
from __future__ import annotations

import pathlib
import sys

import openpyxl
import pandas as pd

from bookkit import snapshot

UPSTREAM_URL = "https://www.sipri.org/databases/milex"
# The Excel file itself was linked from the database page; --fetch needs its direct address.
FILE_URL = "https://www.sipri.org/sites/default/files/SIPRI-Milex-data-1949-2024_2.xlsx"
RAW_PATH = pathlib.Path(__file__).resolve().parents[1] / "data" / "raw" / "sipri-milex" / "SIPRI-Milex-data-1949-2024_2.xlsx"

SOURCE_PUBLISHER = "Stockholm International Peace Research Institute (SIPRI)"
SOURCE_TITLE = "SIPRI Military Expenditure Database 1949–2024"
SOURCE_DATE = "2025-04-28"  # release of the 2024 data (SIPRI fact sheet and database update)

YEARS = range(2014, 2025)

# sheet name -> (series id, unit, price basis, multiplier, decimals)
SHEETS = {
    "Share of GDP": ("sipri_milex_share_gdp", "% of GDP", "n/a", 100.0, 4),
    "Constant (2023) US$": ("sipri_milex_constant_usd", "USD million", "constant 2023 USD", 1.0, 1),
    "Current US$": ("sipri_milex_current_usd", "USD million", "current prices", 1.0, 1),
}

# SIPRI country name -> geo code (European states as grouped by SIPRI, plus the extra countries the book needs)
GEO = snapshot.geo_map(RAW_PATH.parent)  # data/raw/sipri-milex/geo_map.csv

# Special-note symbols explained on SIPRI's "Footnotes" sheet (paraphrased).
SYMBOLS = {
    "†": "excludes military pensions",
    "‡": "current spending only (excludes capital spending)",
    "§": "adopted budget rather than actual spending",
    "¶": "excludes paramilitary forces",
}
# Excel legacy palette indices used by SIPRI for font colours (the file's palette: 10 = FF0000, 12 = 0000FF).
BLUE, RED = 12, 10


def _flag(cell) -> str:
    color = cell.font.color if cell.font is not None else None
    if color is None or color.type != "indexed":
        return ""
    if color.indexed == BLUE:
        return "SIPRI estimate (blue in source)"
    if color.indexed == RED:
        return "highly uncertain data (red in source)"
    return ""


def _symbols(notes) -> list[str]:
    text = str(notes or "")
    return [label for sym, label in SYMBOLS.items() if sym in text]


def derive(raw_path: pathlib.Path) -> pd.DataFrame:
    wb = openpyxl.load_workbook(raw_path)
    rows = []
    for sheet, (series, unit, basis, mult, decimals) in SHEETS.items():
        ws = wb[sheet]
        header_row = next(r for r in ws.iter_rows(min_row=1, max_row=15) if r[0].value == "Country")
        year_col = {c.value: c.column for c in header_row if isinstance(c.value, int)}
        notes_col = next(c.column for c in header_row if c.value == "Notes")
        seen = set()
        for r in ws.iter_rows(min_row=header_row[0].row + 1):
            name = r[0].value
            if not isinstance(name, str) or name.strip() not in GEO:
                continue
            name = name.strip()
            geo = GEO[name]
            if geo in seen:
                raise ValueError(f"{sheet}: duplicate row for {name}")
            seen.add(geo)
            symbols = _symbols(ws.cell(r[0].row, notes_col).value)
            for year in YEARS:
                cell = ws.cell(r[0].row, year_col[year])
                value = cell.value
                if not isinstance(value, (int, float)) or isinstance(value, bool):
                    continue  # ". .", "...", "xxx" or blank
                notes = [n for n in [_flag(cell)] if n] + symbols
                if geo == "EU":
                    notes.append("EU-level spending through the European Defence Fund, not part of member-state totals")
                if geo == "TR":
                    notes.append("SIPRI groups Türkiye under the Middle East")
                rows.append({
                    "series": series, "geo": geo, "year": year,
                    "value": f"{round(value * mult, decimals):.{decimals}f}",
                    "unit": unit, "price_basis": basis,
                    "source_publisher": SOURCE_PUBLISHER, "source_title": SOURCE_TITLE,
                    "source_url": UPSTREAM_URL, "source_date": SOURCE_DATE, "source_kind": "primary",
                    "note": "; ".join(notes),
                })
        missing = set(GEO) - {n for n in GEO if GEO[n] in seen}
        if missing:
            raise ValueError(f"{sheet}: countries not found: {sorted(missing)}")
    return pd.DataFrame(rows, columns=snapshot.OBSERVATION_COLUMNS)


def main(argv: list[str] | None = None) -> int:
    return snapshot.run("SIPRI Military Expenditure Database", FILE_URL, RAW_PATH, derive, "sipri_milex.csv", argv=argv)


if __name__ == "__main__":
    sys.exit(main())

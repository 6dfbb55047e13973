"""Derive data/nato_defence_expenditure.csv from NATO's "Defence Expenditure of NATO Countries (2014-2024)".

Source: NATO Public Diplomacy Division / Defence Investment, tables released 17 June 2024 (data cut-off
12 June 2024), file `240617-def-exp-2024-TABLES-en.xlsx`, published beside the report PDF on nato.int.
Units: % of GDP (Table 3, ratio of real values at 2015 prices), million US$ (Table 2, current and constant
2015 prices and exchange rates), % of total defence expenditure (Table 8a, equipment).
NATO definition of defence expenditure (includes pensions and some paramilitary forces), which differs
from SIPRI's and the EDA's. 2023 and 2024 are NATO estimates. Licence: © NATO, reuse with attribution.

    python -m scripts.derive_nato            # re-derive from data/raw/nato/
    python -m scripts.derive_nato --fetch    # first download the tables again (needs a network)
"""
from __future__ import annotations

import pathlib
import sys

import openpyxl
import pandas as pd

from bookkit import snapshot
from bookkit.validate import DATA_DIR

UPSTREAM_URL = "https://www.nato.int/nato_static_fl2014/assets/pdf/2024/6/pdf/240617-def-exp-2024-TABLES-en.xlsx"
REPORT_URL = "https://www.nato.int/nato_static_fl2014/assets/pdf/2024/6/pdf/240617-def-exp-2024-en.pdf"
RAW_PATH = DATA_DIR / "raw" / "nato" / "240617-def-exp-2024-TABLES-en.xlsx"
SOURCE = {
    "source_publisher": "NATO",
    "source_title": "Defence Expenditure of NATO Countries (2014-2024), statistical tables",
    "source_url": REPORT_URL,
    "source_date": "2024-06-17",
    "source_kind": "primary",
}
# Names as NATO prints them (a trailing '*' marks a footnote and is stripped) -> geo codes.
NATO_NAMES = snapshot.geo_map(RAW_PATH.parent)  # data/raw/nato/geo_map.csv
# (sheet, block heading that starts the block, series id, unit, price basis)
BLOCKS = [
    ("TABLE3", "Share of real GDP (%)", "nato_defexp_share_gdp", "% of GDP", "constant 2015 prices"),
    ("TABLE2", "Current prices and exchange rates", "nato_defexp_usd_current", "USD million", "current prices"),
    ("TABLE2", "Constant 2015 prices and exchange rates", "nato_defexp_usd_constant", "USD million",
     "constant 2015 prices"),
    ("TABLE8a", "Equipment (a)", "nato_equipment_share", "% of defence expenditure", "current prices"),
]


def _year(cell) -> tuple[int, bool] | None:
    """NATO heads columns 2014 … 2022, '2023e', '2024e'; return (year, is_estimate)."""
    text = str(cell).strip() if cell is not None else ""
    digits = text.rstrip("e")
    return (int(digits), text.endswith("e")) if digits.isdigit() else None


def _label(row) -> str:
    """The row's label: its first text cell (NATO leaves the first column or two empty)."""
    return next((str(c).strip() for c in row if isinstance(c, str) and c.strip()), "")


def _block_rows(sheet, heading: str):
    """Yield (country name, {column: value}) for the rows under `heading` until the next heading."""
    rows = list(sheet.iter_rows(values_only=True))
    years = next({i: y for i, c in enumerate(r) if (y := _year(c))} for r in rows if sum(map(bool, map(_year, r))) > 5)
    start = next(i for i, r in enumerate(rows) if _label(r) == heading)
    for row in rows[start + 1:]:
        name = _label(row).rstrip("*").strip()
        if name not in NATO_NAMES:
            if name and not name.startswith("#"):
                break  # next block heading or the notes
            continue
        yield name, {years[i]: row[i] for i in years if isinstance(row[i], (int, float))}


def derive(raw_path: pathlib.Path) -> pd.DataFrame:
    book = openpyxl.load_workbook(raw_path, data_only=True, read_only=True)
    records = []
    for sheet, heading, series, unit, price_basis in BLOCKS:
        for name, values in _block_rows(book[sheet], heading):
            for (year, estimate), value in values.items():
                records.append({
                    "series": series, "geo": NATO_NAMES[name], "year": year, "value": value,
                    "unit": unit, "price_basis": price_basis, **SOURCE,
                    "note": "NATO estimate" if estimate else "",
                })
    return pd.DataFrame.from_records(records, columns=snapshot.OBSERVATION_COLUMNS)


def main(argv: list[str] | None = None) -> int:
    return snapshot.run("NATO", UPSTREAM_URL, RAW_PATH, derive, "nato_defence_expenditure.csv", argv=argv)


if __name__ == "__main__":
    sys.exit(main())

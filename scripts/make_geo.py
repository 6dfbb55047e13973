"""Write data/geo.csv: ISO 3166-1 alpha-2 countries (from pycountry) plus the aggregates the book uses.

Run once when an aggregate is added: `python scripts/make_geo.py`. The CSV is committed, so the
book itself never needs pycountry.
"""
import csv
import pathlib

import pycountry

AGGREGATES = [
    ("EU27", "European Union (27 member states, 2020 composition)", "aggregate"),
    ("EU", "European Union institutions (Commission, Council, EIB, EPF)", "organisation"),
    ("NATO", "NATO, all Allies", "aggregate"),
    ("NATO_EU_CA", "NATO Europe and Canada", "aggregate"),
    ("NATO_EUROPE", "European NATO Allies", "aggregate"),
    ("EUROPE", "Europe (all European donors, Kiel definition)", "aggregate"),
    ("E3", "France, Germany and the United Kingdom (E3)", "aggregate"),
    ("G7", "Group of Seven", "organisation"),
    ("UN", "United Nations", "organisation"),
    ("WORLD", "World", "aggregate"),
    ("XK", "Kosovo", "country"),  # user-assigned code, not in ISO 3166-1
]

def main() -> None:
    rows = [(c.alpha_2, getattr(c, "common_name", c.name), "country") for c in pycountry.countries]
    rows += AGGREGATES
    out = pathlib.Path(__file__).resolve().parents[1] / "data" / "geo.csv"
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["geo", "name", "kind"])
        writer.writerows(sorted(rows))
    print(f"wrote {out} ({len(rows)} rows)")

if __name__ == "__main__":
    main()

"""Plausibility: numbers that parse but cannot be right (a share of GDP typed 100x too large, a unit slip
between EUR m and EUR bn, a negative amount, a fiftyfold jump in one year).

The rules are data: `data/plausibility.csv` gives every series its range, whether its values are whole
numbers, and the largest credible factor between two consecutive years; `data/plausibility_exceptions.csv`
accepts a deliberate outlier (a war year) with its reason. The validator calls `problems()`.

`cross_source()` compares series that measure the same thing (NATO against SIPRI share of GDP; the book's
sums of Kiel tracker rows against the totals the Kiel Institute published) and lists each difference above
a stated tolerance, for the build log and the method page.
"""
from __future__ import annotations

import json
import pathlib

import pandas as pd

from bookkit.errors import Problem

RULES_FILE = "plausibility.csv"
EXCEPTIONS_FILE = "plausibility_exceptions.csv"


def _observation_tables(data_dir: pathlib.Path) -> list[str]:
    """Paths (relative to data/) of the tables with one numeric value per series, geo and year."""
    descriptor = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    tables = []
    for res in descriptor["resources"]:
        schema = res["schema"]
        if isinstance(schema, str):
            schema = json.loads((data_dir / schema).read_text(encoding="utf-8"))
        if {"series", "geo", "year", "value"} <= {f["name"] for f in schema["fields"]}:
            tables.append(res["path"])
    return tables


def _fmt(value: float) -> str:
    return f"{value:,.6g}".replace(",", " ") if pd.notna(value) else "none"


def _neighbours(group: pd.DataFrame, year: int) -> str:
    by_year = dict(zip(group["year"], group["value"]))
    return f"neighbouring years: {year - 1} = {_fmt(by_year.get(year - 1))}, {year + 1} = {_fmt(by_year.get(year + 1))}"


def _rule_text(series: str, rule: pd.Series) -> str:
    return f"rule for series {series} in data/{RULES_FILE}: {rule['basis']}"


def check_table(rows: pd.DataFrame, shown: str, rules: pd.DataFrame, exceptions: set) -> list[Problem]:
    """Problems in one table; `rows` has series, geo, year, value and the CSV row number in `row`."""
    problems = []
    for (series, geo), group in rows.groupby(["series", "geo"], sort=False):
        if series not in rules.index:
            continue  # an unregistered series is reported by the foreign-key check
        rule = rules.loc[series]
        group = group.sort_values("year")
        for r in group.itertuples():
            where = f"series {series}, {geo} {r.year}; {_neighbours(group, r.year)}"
            if r.value < rule["minimum"] or r.value > rule["maximum"]:
                side = "below the minimum" if r.value < rule["minimum"] else "above the maximum"
                bound = rule["minimum"] if r.value < rule["minimum"] else rule["maximum"]
                problems.append(Problem(shown, r.row, "value", f"{_fmt(r.value)} is {side} {_fmt(bound)} ({where}; "
                                        f"{_rule_text(series, rule)})"))
            elif rule["integer"] and r.value != int(r.value):
                problems.append(Problem(shown, r.row, "value", f"{_fmt(r.value)} is not a whole number ({where}; "
                                        f"{_rule_text(series, rule)})"))
        factor = rule["max_change_factor"]
        if pd.isna(factor):
            continue
        previous = group.shift()
        for r, p in zip(group.itertuples(), previous.itertuples()):
            if pd.isna(p.year) or r.year - p.year != 1 or r.value <= 0 or p.value <= 0:
                continue
            change = max(r.value / p.value, p.value / r.value)
            if change > factor and (series, geo, r.year) not in exceptions:
                problems.append(Problem(
                    shown, r.row, "value",
                    f"{_fmt(r.value)} is {change:.1f} times the {int(p.year)} value {_fmt(p.value)}; the series allows "
                    f"at most {_fmt(factor)} times from one year to the next (series {series}, {geo} {r.year}; "
                    f"{_neighbours(group, r.year)}; {_rule_text(series, rule)}; a real outlier needs a row in "
                    f"data/{EXCEPTIONS_FILE} with its reason)"))
    return problems


def load_rules(data_dir: pathlib.Path) -> tuple[pd.DataFrame, set]:
    rules = pd.read_csv(data_dir / RULES_FILE, keep_default_na=False, na_values={"max_change_factor": [""]})
    rules["integer"] = rules["integer"].astype(str).str.lower() == "true"
    exceptions = pd.read_csv(data_dir / EXCEPTIONS_FILE, dtype={"year": int})
    return rules.set_index("series"), set(zip(exceptions["series"], exceptions["geo"], exceptions["year"]))


def _read_values(path: pathlib.Path) -> pd.DataFrame:
    rows = pd.read_csv(path, dtype={"series": str, "geo": str}, keep_default_na=False,
                       usecols=["series", "geo", "year", "value"])
    rows["row"] = rows.index + 2  # the header is row 1
    rows["value"] = pd.to_numeric(rows["value"])
    rows["year"] = rows["year"].astype(int)
    return rows


def problems_in_new_table(csv_path: pathlib.Path, data_dir: pathlib.Path) -> list[Problem]:
    """A derived table before it replaces the committed one (the derive scripts call this)."""
    rules, exceptions = load_rules(data_dir)
    return check_table(_read_values(csv_path), str(csv_path), rules, exceptions)


def problems(data_dir: pathlib.Path) -> list[Problem]:
    """Every value outside its series' rule, and every series that has no rule."""
    rules, exceptions = load_rules(data_dir)
    found = []
    registered = pd.read_csv(data_dir / "series.csv", dtype=str)["series"]
    for i, series in enumerate(registered, start=2):
        if series not in rules.index:
            found.append(Problem("data/series.csv", i, "series", f"series {series} has no plausibility rule in "
                                 f"data/{RULES_FILE} (range, whole numbers, largest year-on-year change)"))
    for path in _observation_tables(data_dir):
        found += check_table(_read_values(data_dir / path), f"data/{path}", rules, exceptions)
    return found


# Series that measure the same thing, compared for the same country and year, with the tolerance above
# which a difference is reported. Definitions differ (SIPRI counts paramilitary forces, NATO counts
# pensions), so some gap is expected: the list is for a reader to see, not an error.
COMPARISONS = [
    {"left": ("nato_defence_expenditure.csv", "nato_defexp_share_gdp"),
     "right": ("sipri_milex.csv", "sipri_milex_share_gdp"), "tolerance": 0.5, "unit": "percentage points"},
]


# The book's sums of the Kiel tracker's rows against the Kiel Institute's own published figures
# (kiel_headline.csv): EU institutions' financial and humanitarian aid, and its share of Europe's.
KIEL_CHECKS = [
    {"label": "EU institutions' financial and humanitarian aid, EUR bn", "geo": "EU", "year": 2025,
     "published": "kiel_headline_eu_level_nonmilitary_eur", "published_geo": "EU", "share_of": None,
     "tolerance": 0.5, "unit": "EUR bn"},
    {"label": "EU-level share of Europe's financial and humanitarian aid, %", "geo": "EU", "year": 2025,
     "published": "kiel_headline_eu_level_share_nonmilitary", "published_geo": "EUROPE", "share_of": "EUROPE",
     "tolerance": 2.0, "unit": "percentage points"},
    {"label": "EU-level share of Europe's financial and humanitarian aid, %", "geo": "EU", "year": 2022,
     "published": "kiel_headline_eu_level_share_nonmilitary", "published_geo": "EUROPE", "share_of": "EUROPE",
     "tolerance": 2.0, "unit": "percentage points"},
]


def kiel_checks(data_dir: pathlib.Path) -> list[dict]:
    """Each Kiel comparison with the book's sum, the published figure and the difference (all of them)."""
    aid = pd.read_csv(data_dir / "kiel_aid.csv", usecols=["series", "geo", "year", "value"])
    head = pd.read_csv(data_dir / "kiel_headline.csv", usecols=["series", "geo", "year", "value"])
    nonmilitary = aid[aid["series"].isin(["kiel_alloc_financial", "kiel_alloc_humanitarian"])]
    summed = nonmilitary.groupby(["geo", "year"])["value"].sum()
    out = []
    for check in KIEL_CHECKS:
        published = head[(head["series"] == check["published"]) & (head["geo"] == check["published_geo"])
                         & (head["year"] == check["year"])]
        if published.empty or (check["geo"], check["year"]) not in summed.index:
            continue
        book_value = summed[(check["geo"], check["year"])]
        if check["share_of"]:
            book_value = book_value / summed[(check["share_of"], check["year"])] * 100
        value = float(published["value"].iloc[0])
        out.append({"left": f"book's sum of kiel_aid rows: {check['label']}", "right": check["published"],
                    "geo": check["geo"], "year": check["year"], "left_value": round(float(book_value), 2),
                    "right_value": value, "difference": round(float(book_value) - value, 2),
                    "tolerance": check["tolerance"], "unit": check["unit"], "compared": 1})
    return out


def cross_source(data_dir: pathlib.Path) -> list[dict]:
    """Differences above tolerance between series that measure the same thing, largest first."""
    out = [c for c in kiel_checks(data_dir) if abs(c["difference"]) > c["tolerance"]]
    for comp in COMPARISONS:
        sides = []
        for table, series in (comp["left"], comp["right"]):
            rows = pd.read_csv(data_dir / table, usecols=["series", "geo", "year", "value"])
            sides.append(rows[rows["series"] == series].set_index(["geo", "year"])["value"])
        both = pd.concat(sides, axis=1, keys=["left", "right"], join="inner").dropna()
        both["difference"] = both["left"] - both["right"]
        large = both[both["difference"].abs() > comp["tolerance"]]
        for (geo, year), r in large.iterrows():
            out.append({"left": comp["left"][1], "right": comp["right"][1], "geo": geo, "year": int(year),
                        "left_value": float(r["left"]), "right_value": float(r["right"]),
                        "difference": float(r["difference"]), "tolerance": comp["tolerance"], "unit": comp["unit"],
                        "compared": len(both)})
    return sorted(out, key=lambda d: -abs(d["difference"]))


def summary(data_dir: pathlib.Path) -> dict:
    """What the checks cover: rules, exceptions, comparisons made and differences found (method page, build log)."""
    rules = pd.read_csv(data_dir / RULES_FILE)
    exceptions = pd.read_csv(data_dir / EXCEPTIONS_FILE)
    diffs = cross_source(data_dir)
    nato_sipri = [d for d in diffs if d["right"] == "sipri_milex_share_gdp"]
    compared = nato_sipri[0]["compared"] if nato_sipri else _nato_sipri_pairs(data_dir)
    return {"rules": len(rules), "exceptions": exceptions.to_dict("records"), "differences": diffs,
            "nato_sipri_compared": compared, "kiel": kiel_checks(data_dir)}


def _nato_sipri_pairs(data_dir: pathlib.Path) -> int:
    comp = COMPARISONS[0]
    sides = []
    for table, series in (comp["left"], comp["right"]):
        rows = pd.read_csv(data_dir / table, usecols=["series", "geo", "year", "value"])
        sides.append(rows[rows["series"] == series].set_index(["geo", "year"])["value"])
    return len(pd.concat(sides, axis=1, join="inner").dropna())

"""Load tables of the data package as typed DataFrames, and remember which files each chapter read.

The record of reads feeds two things: the build's execution cache (a chapter re-runs only when a file it
read has changed) and the data page (which table backs which chapter).
"""
from __future__ import annotations

import functools
import json

import pandas as pd

from bookkit import manifest
from bookkit.book import DATA_DIR

PACKAGE = DATA_DIR / "datapackage.json"
_PANDAS_TYPES = {"integer": "Int64", "number": "float64", "string": "string", "date": "string"}


@functools.cache
def package() -> dict:
    """The datapackage.json descriptor, with each resource's schema inlined."""
    descriptor = json.loads(PACKAGE.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if isinstance(resource.get("schema"), str):
            resource["schema"] = json.loads((DATA_DIR / resource["schema"]).read_text(encoding="utf-8"))
    return descriptor


def resource(name: str) -> dict:
    """The descriptor of one table; KeyError names the tables that do exist."""
    for res in package()["resources"]:
        if res["name"] == name:
            return res
    known = ", ".join(r["name"] for r in package()["resources"])
    raise KeyError(f"no table '{name}' in data/datapackage.json (tables: {known})")


def load(name: str) -> pd.DataFrame:
    """Read one table with the column types its schema declares (dates stay ISO strings)."""
    res = resource(name)
    path = DATA_DIR / res["path"]
    dtypes = {f["name"]: _PANDAS_TYPES.get(f["type"], "string") for f in res["schema"]["fields"]}
    frame = pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values={
        c: [""] for c, t in dtypes.items() if t != "string"})
    manifest.record_read(path)
    return frame


def series_info(series: str) -> dict:
    """Label, unit, price basis and definition of a series, from series.csv."""
    table = load("series").set_index("series")
    if series not in table.index:
        raise KeyError(f"series '{series}' is not defined in data/series.csv")
    return {"series": series, **table.loc[series].to_dict()}


def group(name: str) -> list[str]:
    """The members of a country group of data/groups.csv (EU-27, European Allies, ...), as geo codes."""
    table = load("groups")
    members = table.loc[table["group"] == name, "geo"].tolist()
    if not members:
        known = ", ".join(sorted(table["group"].unique()))
        raise KeyError(f"no group '{name}' in data/groups.csv (groups: {known})")
    return members


def geo_names() -> dict[str, str]:
    """Map geo code -> display name."""
    geo = load("geo")
    return dict(zip(geo["geo"], geo["name"]))


SOURCE_COLUMNS = ["source_publisher", "source_title", "source_url", "source_date", "source_kind"]


JOINED = " | "  # how `with_sources` joins several sources into the source columns of one computed row


def sources_of(rows: pd.DataFrame) -> pd.DataFrame:
    """The distinct sources behind some rows, one per source (computed rows carry several, joined), for
    source lines and citations: each source becomes its own link."""
    frame = rows[SOURCE_COLUMNS].astype(str).drop_duplicates()
    split = []
    for _, r in frame.iterrows():
        parts = {c: r[c].split(JOINED) for c in SOURCE_COLUMNS}
        n = len(parts["source_url"])
        split += [{c: (v[i] if len(v) == n else r[c]) for c, v in parts.items()} for i in range(n)]
    return pd.DataFrame(split, columns=SOURCE_COLUMNS).drop_duplicates().sort_values(["source_publisher", "source_date"])


def with_sources(derived: pd.DataFrame, inputs: pd.DataFrame, note: str) -> pd.DataFrame:
    """Rows computed by the book (a change, a sum), carrying the sources of the rows they came from,
    so that a figure's download holds exactly the plotted rows and still names every publisher."""
    sources = sources_of(inputs)
    joined = {c: JOINED.join(sources[c].astype(str)) for c in SOURCE_COLUMNS}
    return derived.assign(**joined, note=note)


def pick(frame: pd.DataFrame, **where) -> pd.DataFrame:
    """The rows whose columns equal the given values (a list or set means any of them), as a copy:
    `pick(nato, series="nato_defexp_share_gdp", geo=["PL", "EE"], year=2024)`."""
    mask = pd.Series(True, index=frame.index)
    for column, wanted in where.items():
        many = isinstance(wanted, (list, tuple, set, frozenset, range, pd.Series, pd.Index))
        mask &= frame[column].isin(list(wanted)) if many else frame[column] == wanted
    return frame[mask].copy()


def latest(frame: pd.DataFrame, **where) -> pd.DataFrame:
    """The one row with the latest year among those `pick` selects (a one-row frame, so it can be glued)."""
    rows = pick(frame, **where)
    if rows.empty:
        raise ValueError(f"no row matches {where}")
    return rows.sort_values("year").iloc[[-1]]


def per_year(rows: pd.DataFrame, how: str, note: str, **columns) -> pd.DataFrame:
    """One computed row per year from country rows (`how`: "sum", "median", ... of their values): the rows' series,
    unit and price basis, `columns` (e.g. geo="EUROPE"), their sources (as `with_sources`) and `note`, in which {n}
    is the number of countries behind that year's value."""
    out = rows.groupby("year").agg(value=("value", how), n=("geo", "nunique")).reset_index()
    kept = {c: rows[c].iloc[0] for c in ("series", "unit", "price_basis") if c in rows}
    notes = out["n"].map(lambda n: note.format(n=n))
    return with_sources(out.drop(columns="n").assign(**kept, **columns), rows, note="").assign(note=notes)


def labelled(frame: pd.DataFrame, column: str, labels: dict, names: str | list[str] = "label") -> pd.DataFrame:
    """The rows whose `column` is a key of `labels` (in the frame's order), with each key's label in a new column
    `names`; when the labels are tuples, one new column per name in `names`. Chart labels for series or ids stay
    beside the data in the chapter, and a key missing from the data simply selects no row."""
    rows = pick(frame, **{column: list(labels)})
    if isinstance(names, str):
        return rows.assign(**{names: rows[column].map(labels)})
    parts = pd.DataFrame([labels[k] for k in rows[column]], index=rows.index, columns=list(names))
    return rows.assign(**{name: parts[name] for name in names})


def missing_in_run(numbers) -> list[int]:
    """The integers missing between the smallest and the largest of `numbers`, in order: the gaps of a numbered
    series (sanctions packages, editions) that a text should name rather than pass over."""
    present = {int(n) for n in numbers}
    return [n for n in range(min(present), max(present) + 1) if n not in present]


def renamed(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """Only the columns named in `columns`, in its order, renamed to its values: a table for readers (a figure's data
    table, a reference table) from data columns."""
    return frame[list(columns)].rename(columns=columns)

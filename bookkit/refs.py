"""References to single rows of the data package, by table and primary key: `table:key`, key parts joined
by '/' (e.g. `events_trust:trust-2026-01-06-paris-declaration`, `nato_latest_estimates:nato25_defexp_share_gdp/PL/2025`).

The claims ledger cites its post-essay evidence this way; the data page gives every cited row an anchor
built from its primary key, so a reader follows a verdict to the row and from there to the publisher.
"""
from __future__ import annotations

import csv
import functools
import json
import pathlib
import re

from bookkit.book import DATA_DIR

# The date that makes a row "evidence published after the essay", by table shape (first field present).
DATE_FIELDS = ("date", "vote_date", "fieldwork_end", "source_date")


def anchor(key_values: list[str]) -> str:
    """The data page's anchor for a row: 'row-' and its primary key, slugged (stable across builds)."""
    return "row-" + re.sub(r"[^a-z0-9]+", "-", "-".join(map(str, key_values)).lower()).strip("-")


def parse(ref: str) -> tuple[str, list[str]]:
    table, _, key = ref.strip().partition(":")
    return table, key.split("/")


def split(value: str) -> list[str]:
    return [r.strip() for r in (value or "").split(";") if r.strip()]


@functools.cache
def _tables(data_dir: pathlib.Path = DATA_DIR) -> dict[str, dict]:
    """Table name -> {path, key fields}, from datapackage.json and the schemas."""
    descriptor = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    out = {}
    for res in descriptor["resources"]:
        schema = res["schema"]
        if isinstance(schema, str):
            schema = json.loads((data_dir / schema).read_text(encoding="utf-8"))
        out[res["name"]] = {"path": data_dir / res["path"], "key": schema.get("primaryKey", []),
                            "title": res.get("title", res["name"])}
    return out


@functools.cache
def rows_by_key(table: str, data_dir: pathlib.Path = DATA_DIR) -> dict[tuple, dict]:
    info = _tables(data_dir)[table]
    with info["path"].open(encoding="utf-8") as fh:
        return {tuple(row[k] for k in info["key"]): row for row in csv.DictReader(fh)}


def resolve(ref: str, data_dir: pathlib.Path = DATA_DIR) -> dict:
    """The row a reference points at, with its table, anchor, date and a short label. KeyError says why not."""
    table, key = parse(ref)
    tables = _tables(data_dir)
    if table not in tables:
        raise KeyError(f"{ref!r}: no table '{table}' in data/datapackage.json")
    fields = tables[table]["key"]
    if len(key) != len(fields):
        raise KeyError(f"{ref!r}: table '{table}' is keyed by {'/'.join(fields)}")
    row = rows_by_key(table, data_dir).get(tuple(key))
    if row is None:
        raise KeyError(f"{ref!r}: no row with {'/'.join(fields)} = {'/'.join(key)} in data/{tables[table]['path'].name}")
    date = next((row[f] for f in DATE_FIELDS if row.get(f)), "")
    return {"table": table, "key": key, "row": row, "anchor": anchor(key), "date": date, "label": label(row)}


def label(row: dict) -> str:
    """A few words naming the row: an event's summary, or a value with its unit."""
    if row.get("summary"):
        return row["summary"]
    if row.get("value"):
        unit = row.get("unit", "")
        return f"{row.get('geo', '')} {row.get('year', '')}: {row['value']} {unit}".strip()
    return " / ".join(v for v in row.values() if v)[:120]


def find(row: dict, data_dir: pathlib.Path = DATA_DIR) -> str | None:
    """The `table:key` reference of a row given by its values (e.g. a row a chapter glued a number from):
    the table whose primary key the row carries and which holds a row with those key values."""
    matches = []
    for table, info in _tables(data_dir).items():
        key = info["key"]
        if table in METADATA_TABLES or not key or not all(k in row for k in key):
            continue
        values = tuple(_key_text(row[k]) for k in key)
        if values in rows_by_key(table, data_dir):
            matches.append((len(key), table, values))
    if not matches:
        return None
    _, table, values = max(matches)  # the most specific key wins (series/geo/year over geo alone)
    return f"{table}:{'/'.join(values)}"


# Tables that describe the others (codes, series, rules): a number is never read from them.
METADATA_TABLES = {"geo", "groups", "series", "plausibility", "plausibility_exceptions", "claims", "claims_history"}


def _key_text(value) -> str:
    """Key values as they are written in the CSV (a year read as 2025.0 or Int64 is '2025')."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)

"""Shared plumbing for the `scripts/derive_*.py` scripts that turn a raw upstream file into a tidy table.

Each derive script declares where its raw file lives upstream and how to derive rows from it; this module
does the rest the same way for every source: optionally refresh the raw snapshot (`--fetch`, needs a
network), derive, write the CSV in a stable order, validate it, and print what changed.
"""
from __future__ import annotations

import argparse
import pathlib
import shutil
import sys
import tempfile
import urllib.request
from collections.abc import Callable

import pandas as pd

from bookkit.validate import DATA_DIR, DataError, validate_new_table

OBSERVATION_COLUMNS = ["series", "geo", "year", "value", "unit", "price_basis", "source_publisher",
                       "source_title", "source_url", "source_date", "source_kind", "note"]


def fetch(url: str, dest: pathlib.Path) -> None:
    """Download url to dest atomically: a failed or partial download never replaces the snapshot."""
    with urllib.request.urlopen(url, timeout=120) as response, tempfile.NamedTemporaryFile(
            dir=dest.parent, delete=False) as tmp:
        shutil.copyfileobj(response, tmp)
    pathlib.Path(tmp.name).replace(dest)


def write_table(rows: pd.DataFrame, path: pathlib.Path, key: list[str] | None = None) -> None:
    """Write rows sorted by key with a fixed column order, so that a re-derivation diffs cleanly."""
    key = key or ["series", "geo", "year"]
    rows = rows.sort_values(key).reset_index(drop=True)
    rows.to_csv(path, index=False, lineterminator="\n", float_format="%.6g")


def diff_report(old: pd.DataFrame | None, new: pd.DataFrame, key: list[str]) -> str:
    """Rows added, removed and changed between two versions of a table, keyed by `key`."""
    if old is None or old.empty:
        return f"{len(new)} rows added (new table)"
    old_i, new_i = old.set_index(key), new.set_index(key)
    added = new_i.index.difference(old_i.index)
    removed = old_i.index.difference(new_i.index)
    common = new_i.index.intersection(old_i.index)
    cols = [c for c in new_i.columns if c in old_i.columns]
    left = old_i.loc[common, cols].astype(str)
    right = new_i.loc[common, cols].astype(str)
    changed = common[(left != right).any(axis=1).to_numpy()]
    lines = [f"{len(added)} added, {len(removed)} removed, {len(changed)} changed"]
    for label, idx in (("+", added), ("-", removed), ("~", changed)):
        lines += [f"  {label} {' / '.join(map(str, i if isinstance(i, tuple) else (i,)))}" for i in list(idx)[:20]]
    return "\n".join(lines)


def run(name: str, upstream_url: str, raw_path: pathlib.Path, derive: Callable[[pathlib.Path], pd.DataFrame],
        out_name: str, schema: str = "observations", key: list[str] | None = None,
        argv: list[str] | None = None) -> int:
    """Command-line entry point shared by every derive script."""
    parser = argparse.ArgumentParser(description=f"Derive data/{out_name} from the {name} raw file.")
    parser.add_argument("--fetch", action="store_true", help=f"first download a new raw snapshot from {upstream_url}")
    args = parser.parse_args(argv)
    if args.fetch:
        fetch(upstream_url, raw_path)
        print(f"fetched {upstream_url} -> {raw_path}")
    key = key or ["series", "geo", "year"]
    out = DATA_DIR / out_name
    old = pd.read_csv(out, dtype=str, keep_default_na=False) if out.exists() else None
    rows = derive(raw_path)
    with tempfile.TemporaryDirectory() as tmp:
        candidate = pathlib.Path(tmp) / out_name
        write_table(rows, candidate, key)
        try:
            validate_new_table(candidate, schema)
        except DataError as exc:
            print(f"derived table is invalid, data/{out_name} left unchanged:\n{exc}", file=sys.stderr)
            return 1
        new = pd.read_csv(candidate, dtype=str, keep_default_na=False)
        shutil.copyfile(candidate, out)
    print(f"wrote data/{out_name}: {diff_report(old, new, key)}")
    return 0

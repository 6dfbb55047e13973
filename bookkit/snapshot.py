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


def geo_map(raw_dir: pathlib.Path) -> dict[str, str]:
    """The book's country map for one source, kept as data beside its raw files (`geo_map.csv`: the name or code
    the source prints -> the book's geo code). A code missing from data/geo.csv stops the script, naming the row."""
    from bookkit.data import geo_names
    path = pathlib.Path(raw_dir) / "geo_map.csv"
    known = geo_names()
    rows = pd.read_csv(path, dtype=str, keep_default_na=False)
    for n, row in enumerate(rows.itertuples(index=False), start=2):
        if row.geo not in known:
            raise ValueError(f"{_shown(path)}:{n}: column 'geo': '{row.geo}' is not a code of data/geo.csv")
    return dict(zip(rows["upstream"], rows["geo"]))


def _shown(path: pathlib.Path) -> str:
    return str(path.relative_to(DATA_DIR.parent)) if path.is_relative_to(DATA_DIR.parent) else str(path)


def fetch(url: str, dest: pathlib.Path) -> None:
    """Download url to dest (called on a staging copy of the raw folder, never on the snapshot itself)."""
    with urllib.request.urlopen(url, timeout=120) as response, dest.open("wb") as out:
        shutil.copyfileobj(response, out)


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
        argv: list[str] | None = None, also_fetch: dict[str, str] | None = None,
        out_dir: pathlib.Path = DATA_DIR) -> int:
    """Command-line entry point shared by every derive script.

    With --fetch, the raw folder is copied to a staging folder, the downloads (`upstream_url` for
    raw_path, and `also_fetch`: other file name -> URL) land there, and derive() reads the staging copy.
    Only once the derived table validates do the downloads replace the snapshot; otherwise nothing changes.
    The table is written to `out_dir` (the data package; tests pass a private folder).
    """
    parser = argparse.ArgumentParser(description=f"Derive data/{out_name} from the {name} raw file.")
    parser.add_argument("--fetch", action="store_true", help=f"first download a new raw snapshot from {upstream_url}")
    args = parser.parse_args(argv)
    downloads = {raw_path.name: upstream_url, **(also_fetch or {})} if args.fetch else {}
    staging = raw_path.parent.with_name(raw_path.parent.name + ".fetching")
    key = key or ["series", "geo", "year"]
    out = pathlib.Path(out_dir) / out_name
    old = pd.read_csv(out, dtype=str, keep_default_na=False) if out.exists() else None
    try:
        source = raw_path
        if downloads:
            shutil.rmtree(staging, ignore_errors=True)
            shutil.copytree(raw_path.parent, staging)
            for file_name, url in downloads.items():
                fetch(url, staging / file_name)
            source = staging / raw_path.name
        with tempfile.TemporaryDirectory() as tmp:
            candidate = pathlib.Path(tmp) / out_name
            try:
                write_table(derive(source), candidate, key)
                validate_new_table(candidate, schema)
            except DataError as exc:
                print(f"derived table is invalid; data/{out_name} and the raw snapshot are unchanged:\n{exc}",
                      file=sys.stderr)
                return 1
            except Exception as exc:  # an unreadable download, a changed layout upstream
                print(f"could not derive data/{out_name} from {source.name}: {exc!r}; nothing was changed",
                      file=sys.stderr)
                return 1
            new = pd.read_csv(candidate, dtype=str, keep_default_na=False)
            for file_name, url in downloads.items():
                (staging / file_name).replace(raw_path.parent / file_name)
                print(f"fetched {url} -> {raw_path.parent / file_name}")
            shutil.copyfile(candidate, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    print(f"wrote {_shown(out)}: {diff_report(old, new, key)}")
    return 0

"""Validate the data package (Frictionless) and report each problem as file:row: column: rule.

    python -m bookkit.validate                      # the whole data/datapackage.json
    python -m bookkit.validate data/x.csv --schema observations   # one new table, before it is registered

Frictionless does the checking (types, required, enum, pattern, keys, foreign keys); this module adds
the two rules Table Schema cannot state (no date in the future, no blocked source host) and turns each
error into a sentence a maintainer can act on. A package that passes is then checked for plausibility
(`bookkit/plausibility.py`: each series' range and largest year-on-year change, from data/plausibility.csv).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import pathlib
import sys
import urllib.parse

import frictionless
from frictionless import Check, Package, errors

from bookkit.book import DATA_DIR, ROOT
from bookkit.errors import DataError, Problem

DATE_FIELDS_NOT_IN_FUTURE = ("source_date", "date", "vote_date", "fieldwork_start", "fieldwork_end")


class NoFutureDates(Check):
    """A source or event dated after today is a typo (or an invented number)."""

    type = "no-future-date"
    Errors = [errors.RowConstraintError]

    def validate_row(self, row):
        today = dt.date.today()
        for name in DATE_FIELDS_NOT_IN_FUTURE:
            value = row.get(name) if name in row.field_names else None
            if isinstance(value, dt.date) and value > today:
                yield errors.RowConstraintError.from_row(
                    row, note=f"column '{name}': date {value.isoformat()} is in the future")


# Plain-language statements of the pattern rules in data/schemas (a regex is no help to a maintainer).
PATTERN_RULES = {
    "source_url": "https address on a named host (no IP addresses)",
    "series": "lower-case letters, digits and underscores",
    "event_id": "lower-case letters, digits and hyphens",
    "actors": "geo codes separated by semicolons, e.g. PL;DE",
    "resolution": "a UN document symbol such as A/RES/ES-11/7",
    "claim_id": "an upper-case letter (the chapter's claim prefix) and a number, e.g. A1",
    "figures": "figure anchors fig-<chapter>-<name>, separated by semicolons",
    "sources": "https addresses separated by semicolons",
    "geo": "upper-case code",
}
LOOKUP_TABLES = {"geo": "data/geo.csv", "series": "data/series.csv"}


# Hosts the book never cites as the source of a number (the developers' guide, "Source quality").
BLOCKED_HOSTS = {
    **dict.fromkeys(["tass.ru", "tass.com", "ria.ru", "rt.com", "sputniknews.com", "sputnikglobe.com", "rg.ru",
                     "1tv.ru", "belta.by", "ukrinform.net", "ukrinform.ua", "ukrinform.de"],
                    "state-controlled media of a party to the war"),
    **dict.fromkeys(["news-pravda.com", "finanznachrichten.de", "miragenews.com", "globalsecurity.org",
                     "europavarietas.org", "shiawaves.com", "wikipedia.org", "scribd.com", "openrijk.nl", "einpresswire.com"],
                    "an aggregator or republisher, not the publisher or an outlet of record"),
}


class NoBlockedSources(Check):
    """A source address on a blocked host is refused, with the reason."""

    type = "blocked-source"
    Errors = [errors.RowConstraintError]

    def validate_row(self, row):
        if "source_url" not in row.field_names or not isinstance(row.get("source_url"), str):
            return
        host = urllib.parse.urlsplit(row["source_url"]).hostname or ""
        for blocked, reason in BLOCKED_HOSTS.items():
            if host == blocked or host.endswith("." + blocked):
                yield errors.RowConstraintError.from_row(
                    row, note=f"column 'source_url': {host} is {reason}; cite the publisher or an outlet of record")


def _constraint_text(error, column: str | None, cell) -> str:
    note = error.note
    if "required" in note:
        return "value is required but empty"
    if '"pattern"' in note:
        return f"{cell!r} breaks the rule: {PATTERN_RULES.get(column, note)}"
    if '"enum"' in note:
        allowed = note.split(" is ", 1)[1].strip('"[]').replace("'", "")
        return f"{cell!r} is not one of {allowed}"
    if '"minimum"' in note or '"maximum"' in note or "Length" in note:
        return f"{cell!r} is out of range ({note})"
    return f"{cell!r} breaks {note}"


def _describe(error, resource_path: str, key: list[str] | None = None) -> Problem:
    """Turn a frictionless error into a Problem with a sentence a maintainer can act on."""
    row = getattr(error, "row_number", None)
    column = getattr(error, "field_name", None)
    cell = getattr(error, "cell", None)
    code = error.type
    if code == "type-error":
        field_type = error.note.split('"')[1] if '"' in error.note else error.note
        text = f"{cell!r} is not a {field_type.split('/')[0]}"
    elif code == "constraint-error":
        text = _constraint_text(error, column, cell)
    elif code == "row-constraint":
        if error.note.startswith("column '"):
            column, _, text = error.note[len("column '"):].partition("': ")
        else:
            text = error.note
    elif code == "foreign-key":
        names, cells = error.field_names, error.field_cells
        table = LOOKUP_TABLES.get(error.reference_name, f"table '{error.reference_name}'")
        if len(names) == 1:
            column, text = names[0], f"{cells[0]!r} is not a code in {table}"
        else:
            return Problem(resource_path, row, None, f"columns '{', '.join(names)}': '{', '.join(cells)}' do not "
                           f"match a row of {table} (unit or price basis not allowed for the series)")
    elif code in ("primary-key", "unique-error", "duplicate-row"):
        other = error.note.rsplit(" ", 1)[-1]
        text = f"duplicate key ({', '.join(key or [])}): same as row {other}" if other.isdigit() else error.note
        return Problem(resource_path, row, None, text)
    elif code in ("extra-label", "missing-label", "incorrect-label", "blank-label", "duplicate-label"):
        column = getattr(error, "label", None) or column
        text = {"extra-label": "column is not in the table's schema",
                "missing-label": "column required by the schema is missing",
                "incorrect-label": "column name or position differs from the schema"}.get(code, code)
        row = 1
    elif code in ("extra-cell", "missing-cell"):
        text = "row has more cells than the header" if code == "extra-cell" else "row has fewer cells than the header"
    else:
        text = f"{code}: {error.note or error.message}"
    return Problem(resource_path, row, column, text)


def _primary_keys(descriptor: dict, base: pathlib.Path) -> dict[str, list[str]]:
    """Resource name -> primary key fields, for naming the key in duplicate-key messages."""
    keys = {}
    for res in descriptor.get("resources", []):
        schema = res.get("schema")
        if isinstance(schema, str):
            schema = json.loads((base / schema).read_text(encoding="utf-8"))
        keys[res["name"]] = (schema or {}).get("primaryKey", [])
    return keys


def _problems(report, base: pathlib.Path, descriptor: dict) -> list[Problem]:
    keys = _primary_keys(descriptor, base)
    problems = []
    for task in report.tasks:
        path = pathlib.Path(task.place)
        full = path if path.is_absolute() else base / path
        shown = str(full.relative_to(ROOT)) if ROOT in full.parents else str(full)
        problems += [_describe(e, shown, keys.get(task.name)) for e in task.errors]
    problems += [Problem("datapackage.json", None, None, e.message) for e in report.errors]
    return problems


def _check_files_readable(package_path: pathlib.Path) -> list[Problem]:
    """Frictionless reports an empty or non-UTF-8 file vaguely; say plainly what is wrong with it."""
    problems = []
    descriptor = json.loads(package_path.read_text(encoding="utf-8"))
    for resource in descriptor.get("resources", []):
        path = package_path.parent / resource["path"]
        shown = str(path.relative_to(package_path.parent.parent))
        if not path.exists():
            problems.append(Problem(shown, None, None, "file is missing"))
            continue
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            problems.append(Problem(shown, line, None, f"not UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"))
            continue
        lines = [ln for ln in text.splitlines() if ln.strip()]
        if len(lines) < 2:
            problems.append(Problem(shown, None, None, "file has no data rows (a table needs a header and at least one row)"))
            continue
        problems += _header_problems(shown, lines[0], resource.get("schema"), package_path.parent)
    return problems


def _header_problems(shown: str, header_line: str, schema, base: pathlib.Path) -> list[Problem]:
    """A header that is not the schema's names in the schema's order, said by name: which column is missing,
    which is not in the schema, or which stands in the wrong place (row-level checks would only add noise)."""
    import csv
    if isinstance(schema, str):
        schema = json.loads((base / schema).read_text(encoding="utf-8"))
    expected = [f["name"] for f in (schema or {}).get("fields", [])]
    header = next(csv.reader([header_line]))
    if not expected or header == expected:
        return []
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    problems = [Problem(shown, 1, c, "column required by the schema is missing") for c in missing]
    problems += [Problem(shown, 1, c, "column is not in the table's schema") for c in extra]
    if not problems:
        problems = [Problem(shown, 1, None, f"columns are in the wrong order: the schema wants {', '.join(expected)}")]
    return problems


def _claims_match_registry(data_dir: pathlib.Path) -> list[Problem]:
    """Each claim's chapter is a registered chapter (or the conclusion) and its id carries that chapter's prefix."""
    import csv
    from bookkit import book
    prefixes = {c["slug"]: c["claim_prefix"] for c in [*book.chapters(), book.CONCLUSION]}
    problems = []
    with (data_dir / "claims.csv").open(encoding="utf-8") as fh:
        for row_number, row in enumerate(csv.DictReader(fh), start=2):
            chapter, claim_id = row["chapter"], row["claim_id"]
            if chapter not in prefixes:
                problems.append(Problem("data/claims.csv", row_number, "chapter", f"{chapter!r} is not a chapter of "
                                        f"the registry chapters/parameters.yml ({', '.join(prefixes)})"))
            elif not claim_id.startswith(prefixes[chapter]):
                problems.append(Problem("data/claims.csv", row_number, "claim_id", f"{claim_id!r} must start with "
                                        f"{prefixes[chapter]!r}, the claim prefix of chapter '{chapter}' in "
                                        "chapters/parameters.yml"))
    return problems


def _edition_matches_citation(descriptor: dict) -> list[Problem]:
    """The data package carries the book's edition (CITATION.cff's version), so a download says which it is."""
    from bookkit import book
    version = descriptor.get("version")
    expected = str(book.citation()["version"])
    if version != expected:
        return [Problem("data/datapackage.json", None, "version", f"{version!r} is not the edition in CITATION.cff "
                        f"({expected!r}); change both together")]
    return []


def _claims_dated_and_traced(data_dir: pathlib.Path) -> list[Problem]:
    """A claim's verdict and date are its newest history row; every post-essay reference exists and is post-essay."""
    import csv
    from bookkit import book, refs
    history: dict[str, tuple[str, str]] = {}
    with (data_dir / "claims_history.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["as_of"] >= history.get(row["claim_id"], ("",))[0]:
                history[row["claim_id"]] = (row["as_of"], row["verdict"])
    problems = []
    with (data_dir / "claims.csv").open(encoding="utf-8") as fh:
        for n, row in enumerate(csv.DictReader(fh), start=2):
            latest = history.get(row["claim_id"])
            if latest is None:
                problems.append(Problem("data/claims.csv", n, "verdict", f"claim {row['claim_id']} has no row in "
                                        "data/claims_history.csv (every verdict needs its dated history)"))
            elif (row["as_of"], row["verdict"]) != latest:
                problems.append(Problem("data/claims.csv", n, "verdict", f"{row['verdict']!r} as of {row['as_of']} "
                                        f"differs from the newest row of data/claims_history.csv for "
                                        f"{row['claim_id']} ({latest[1]!r} as of {latest[0]})"))
            for ref in refs.split(row["after_refs"]):
                try:
                    target = refs.resolve(ref, data_dir)
                except KeyError as exc:
                    problems.append(Problem("data/claims.csv", n, "after_refs", str(exc).strip('"')))
                    continue
                if target["date"] <= book.ESSAY_DATE:
                    problems.append(Problem("data/claims.csv", n, "after_refs", f"{ref!r} is dated {target['date']}, "
                                            f"not after the essay of {book.ESSAY_DATE}"))
    return problems


def validate_package(package_path: pathlib.Path = DATA_DIR / "datapackage.json") -> None:
    """Raise DataError listing every problem in the package; return None if it is clean."""
    package_path = pathlib.Path(package_path)
    problems = _check_files_readable(package_path)
    if not problems:
        with frictionless.system.use_context(trusted=True):
            package = Package(str(package_path))
            report = package.validate(checklist=frictionless.Checklist(checks=[NoFutureDates(), NoBlockedSources()]), parallel=False)
        descriptor = json.loads(package_path.read_text(encoding="utf-8"))
        problems = _problems(report, package_path.parent, descriptor)
    if not problems:
        problems = (_claims_match_registry(package_path.parent) + _claims_dated_and_traced(package_path.parent)
                    + _edition_matches_citation(descriptor))
    if not problems:
        # Values that parse can still be wrong: ranges and year-on-year changes per series (data/plausibility.csv).
        from bookkit import plausibility
        problems = plausibility.problems(package_path.parent)
    if problems:
        raise DataError(problems)


def validate_new_table(csv_path: pathlib.Path, schema: str) -> None:
    """Check a table that is not in datapackage.json yet, with series.csv and geo.csv for its foreign keys."""
    csv_path = pathlib.Path(csv_path).resolve()
    descriptor = {"name": "check", "resources": [
        {"name": "series", "path": str(DATA_DIR / "series.csv"), "schema": str(DATA_DIR / "schemas/series.json")},
        {"name": "geo", "path": str(DATA_DIR / "geo.csv"), "schema": str(DATA_DIR / "schemas/geo.json")},
        {"name": "table", "path": str(csv_path), "schema": str(DATA_DIR / f"schemas/{schema}.json")},
    ]}
    with frictionless.system.use_context(trusted=True):
        report = Package(descriptor).validate(checklist=frictionless.Checklist(checks=[NoFutureDates(), NoBlockedSources()]), parallel=False)
    problems = _problems(report, DATA_DIR, descriptor)
    if not problems and schema == "observations":
        from bookkit import plausibility
        problems = plausibility.problems_in_new_table(csv_path, DATA_DIR)
    if problems:
        raise DataError(problems)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("table", nargs="?", help="a CSV not yet in datapackage.json")
    parser.add_argument("--schema", default="observations", help="schema name in data/schemas/ for TABLE")
    parser.add_argument("--package", default=str(DATA_DIR / "datapackage.json"))
    args = parser.parse_args(argv)
    try:
        if args.table:
            validate_new_table(pathlib.Path(args.table), args.schema)
        else:
            validate_package(pathlib.Path(args.package))
    except DataError as exc:
        print(f"Data validation failed ({len(exc.problems)} problem(s)):\n{exc}", file=sys.stderr)
        return 1
    print("data package valid")
    return 0


if __name__ == "__main__":
    sys.exit(main())

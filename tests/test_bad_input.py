"""Bad input never loses the book: each kind of malformed input stops the build with a message naming
file, row, column and rule, and the previously published book stays byte-for-byte as it was.

Runs on a private copy of the repository with its own build folder, so it never touches _build/.
"""
from __future__ import annotations

import csv
import hashlib
import io
import pathlib
import re

import pytest

from conftest import ROOT, run_build

NATO = "data/nato_defence_expenditure.csv"


def _digest_tree(folder: pathlib.Path) -> str:
    h = hashlib.sha256()
    for f in sorted(folder.rglob("*")):
        if f.is_file():
            h.update(str(f.relative_to(folder)).encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _write_rows(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _get_cell(text: str, row: int, column: str) -> str:
    rows = _rows(text)
    return rows[row][rows[0].index(column)]


def _set_cell(text: str, row: int, column: str, value: str) -> str:
    """Set one cell of a CSV text (row 1 = first data row), keeping everything else as it was."""
    rows = _rows(text)
    rows[row][rows[0].index(column)] = value
    return _write_rows(rows)


def _key_row(path: str, series: str, geo: str, year: int) -> int:
    """The CSV row number (header = 1) of the row with this key, read from today's file."""
    with (ROOT / path).open(encoding="utf-8") as f:
        for number, row in enumerate(csv.DictReader(f), start=2):
            if (row["series"], row["geo"], row["year"]) == (series, geo, str(year)):
                return number
    raise LookupError(f"{path} has no row {series}/{geo}/{year}")


def _value_change(path: str, series: str, geo: str, year: int, new_value):
    """A mutation addressed by key (not by today's literal text), so a data refresh does not break it."""
    def change(text: str) -> str:
        row = _key_row(path, series, geo, year) - 1
        old = float(_get_cell(text, row, "value"))
        return _set_cell(text, row, "value", f"{new_value(old):.6g}")
    return change


def _plausibility_case(name, path, series, geo, year, new_value, rule_fragment):
    row = _key_row(path, series, geo, year)
    return (name, path, _value_change(path, series, geo, year, new_value), [],
            [f"{path}:{row}: column 'value':", rule_fragment, f"series {series}, {geo} {year}",
             "neighbouring years:", "data/plausibility.csv"])


EDA = "data/eda_defence_data.csv"
PLAUSIBILITY_CASES = [
    _plausibility_case("share of GDP 100 times too large", NATO, "nato_defexp_share_gdp", "DE", 2024,
                       lambda v: v * 100, "is above the maximum 60"),
    _plausibility_case("negative amount", NATO, "nato_defexp_usd_current", "DE", 2024, lambda v: -v,
                       "is below the minimum 0"),
    _plausibility_case("share above 100 %", NATO, "nato_equipment_share", "DE", 2024, lambda v: 120,
                       "is above the maximum 100"),
    _plausibility_case("1000 times unit slip (EUR m for EUR bn)", EDA, "eda_defexp_total", "EU27", 2024,
                       lambda v: v * 1000, "is above the maximum 2 000"),
    _plausibility_case("50 times jump in one year", NATO, "nato_defexp_usd_constant", "AL", 2020,
                       lambda v: v * 50, "the series allows at most 3 times from one year to the next"),
]


def _cell(column: str, value: str, row: int = 1):
    """Set one cell of the first data row (file row 2): addressed by column, whatever today's values are."""
    return lambda text: _set_cell(text, row, column, value)


def _same_key_as_row_1(text: str) -> str:
    """Row 2 takes row 1's key (series, geo, year): a duplicate key."""
    for column in ("series", "geo", "year"):
        text = _set_cell(text, 2, column, _get_cell(text, 1, column))
    return text


def _drop_column(column: str):
    def change(text: str) -> str:
        rows = _rows(text)
        i = rows[0].index(column)
        return _write_rows([r[:i] + r[i + 1:] for r in rows[:3]])
    return change


def _swap_columns(a: str, b: str):
    def change(text: str) -> str:
        rows = _rows(text)
        i, j = rows[0].index(a), rows[0].index(b)
        for r in rows:
            if len(r) > max(i, j):
                r[i], r[j] = r[j], r[i]
        return _write_rows(rows)
    return change


def _extra_cell(text: str) -> str:
    rows = _rows(text)
    rows[1].append("x")
    return _write_rows(rows)


def _cell_case(name: str, column: str, value: str, rule: str):
    """A bad value in one cell of the NATO table's first data row: the message names file, row 2, column, rule."""
    return (name, NATO, _cell(column, value), [], [f"{NATO}:2: column '{column}':", rule])


# (id, file to change, change, command-line parameters, fragments the error must contain)
MUTATIONS = [
    _cell_case("non-numeric value", "value", "n/a", "'n/a' is not a number"),
    _cell_case("empty required source field", "source_publisher", "", "value is required but empty"),
    _cell_case("malformed URL", "source_url", "htps:/nato/", "https address on a named host"),
    _cell_case("IP-address URL", "source_url", "https://192.0.2.7/", "no IP addresses"),
    _cell_case("state media as a source", "source_url", "https://tass.com/",
               "tass.com is state-controlled media of a party to the war"),
    _cell_case("aggregator as a source", "source_url", "https://www.finanznachrichten.de/",
               "www.finanznachrichten.de is an aggregator or republisher"),
    _cell_case("malformed date", "source_date", "17/06/2024", "'17/06/2024' is not a date"),
    _cell_case("future date", "source_date", "2099-01-01", "date 2099-01-01 is in the future"),
    _cell_case("unknown country code", "geo", "ZZ", "'ZZ' is not a code in data/geo.csv"),
    ("duplicate key", NATO, _same_key_as_row_1, [], [f"{NATO}:3:", "duplicate key (series, geo, year): same as row 2"]),
    ("unit not allowed for the series", NATO, _cell("unit", "EUR bn"), [],
     [f"{NATO}:2: columns 'series, unit, price_basis'", "not allowed for the series"]),
    ("series not registered", NATO, _cell("series", "nato_share_typo"), [],
     [f"{NATO}:2: columns 'series, unit, price_basis'", "data/series.csv"]),
    _cell_case("source kind not allowed", "source_kind", "official", "'official' is not one of primary, relay"),
    _cell_case("year out of range", "year", "1066", "'1066' is out of range"),
    ("missing column", NATO, _drop_column("unit"), [], [f"{NATO}:1: column 'unit':"]),
    ("columns in another order", NATO, _swap_columns("unit", "price_basis"), [],
     [f"{NATO}:1: columns are in the wrong order: the schema wants series, geo, year, value, unit, price_basis"]),
    ("extra unknown column", NATO, lambda t: "\n".join(l + (",colour" if i == 0 else ",red") if l else l
                                                      for i, l in enumerate(t.split("\n"))), [],
     [f"{NATO}:1: column 'colour': column is not in the table's schema"]),
    ("row with an extra cell", NATO, _extra_cell, [], [f"{NATO}:2:", "more cells than the header"]),
    ("empty data file", NATO, lambda t: "", [], [f"{NATO}: file has no data rows"]),
    ("wrong encoding", "data/geo.csv", lambda t: t.replace("Türkiye", "T\udcfcrkiye"), [],
     ["data/geo.csv:", "not UTF-8 (byte 0xfc)"]),
    ("table file missing", "data/datapackage.json", lambda t: t.replace('"path": "refugees.csv"', '"path": "refugee.csv"'), [],
     ["data/refugee.csv: file is missing"]),
    ("verdict not allowed", "data/claims.csv", lambda t: _set_cell(t, 1, "verdict", "probably true"), [],
     ["data/claims.csv:2: column 'verdict': 'probably true' is not one of"]),
    ("event summary too short", "data/events_east.csv",
     lambda t: _set_cell(t, 1, "summary", "Short"),
     [], ["data/events_east.csv:2: column 'summary': 'Short' is out of range"]),
    ("wrong parameter type", None, None, ["autonomy.start_year=soon"],
     ["invalid parameter", "autonomy.start_year=soon", "'soon' is not an integer"]),
    ("unknown parameter name", None, None, ["autonomy.colour=red"],
     ["unknown parameter 'colour' of chapter 'autonomy'"]),
    ("parameter value out of range", None, None, ["autonomy.end_year=2031"], ["2031 is above the maximum 2024"]),
    ("unknown country in a parameter", None, None, ["east.flank=[PL,XY]"], ["unknown geo code(s) ['XY']"]),
    ("bad value in the parameters file", "chapters/parameters.yml",
     lambda t: re.sub(r"target_share: \{value: [^,]+,", "target_share: {value: high,", t, count=1), [],
     ["chapters/parameters.yml:", "parameter 'autonomy.target_share': 'high' is not a number"]),
    ("notebook that raises", "chapters/autonomy.md",
     lambda t: t + "\n```{code-cell} ipython3\nraise ValueError('deliberate failure')\n```\n", [],
     ["chapters/autonomy.md: cell", "ValueError: deliberate failure"]),
    ("claim citing a figure no chapter drew", "data/claims.csv",
     lambda t: _set_cell(t, 1, "figures", "fig-autonomy-retired-chart"), [],
     ["data/claims.csv:2: column 'figures': claim A1 cites 'fig-autonomy-retired-chart', which no chapter drew"]),
    *PLAUSIBILITY_CASES,
]


@pytest.mark.parametrize("name, path, change, overrides, fragments", MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_bad_input_fails_clearly_and_keeps_the_book(book_copy, name, path, change, overrides, fragments):
    book, build = book_copy
    published = build / "html"
    before = _digest_tree(published)
    original = None
    if path:
        target = book / path
        original = target.read_bytes()
        changed = change(original.decode("utf-8"))
        target.write_bytes(changed.encode("utf-8", errors="surrogateescape"))
    try:
        args = [a for o in overrides for a in ("--param", o)]
        result = run_build(build, *args, cwd=book, check=False)
    finally:
        if original is not None:
            (book / path).write_bytes(original)
    message = result.stderr
    assert result.returncode == 1, f"{name}: build did not fail\n{result.stdout}\n{message}"
    assert "the published book was not changed" in message
    for fragment in fragments:
        assert fragment in message, f"{name}: expected {fragment!r} in:\n{message}"
    assert _digest_tree(published) == before, f"{name}: the published book changed"


def test_html_in_data_renders_as_text(book_copy, visit):
    """A data string holding markup is shown as text on every page that displays it, never executed."""
    book, build = book_copy
    target = book / NATO
    original = target.read_bytes()
    payload = '<script>window.__injected=1</script><img src=x onerror="window.__injected=2">'
    title = "Defence Expenditure of NATO Countries (2014-2024), statistical tables"
    target.write_text(original.decode().replace(f'"{title}"', '"' + title + " " + payload.replace('"', '""') + '"'))
    try:
        run_build(build, cwd=book)
        for page in ("chapters/autonomy.html", "pages/data.html"):
            v = visit((build / "html" / page).as_uri())
            v.wait_for_charts()
            assert v.page.evaluate("window.__injected === undefined"), f"{page}: injected markup ran"
            # The data page's tables are laid out (and so have rendered text) only near the viewport: lay them all out.
            v.page.add_style_tag(content=".cited-rows { content-visibility: visible !important; }")
            assert "<script>window.__injected=1</script>" in v.page.inner_text("body"), f"{page}: payload not shown as text"
    finally:
        target.write_bytes(original)


def test_a_style_change_alone_reaches_the_book(book_copy):
    """Sphinx copies static files only when a page is rebuilt; the build must publish a CSS-only change."""
    book, build = book_copy
    run_build(build, cwd=book)  # settle: earlier tests may have left inputs changed and restored
    css = book / "_static" / "book.css"
    original = css.read_text()
    css.write_text(original + "\n/* style-change-marker */\n")
    try:
        result = run_build(build, cwd=book)
        assert "executed" not in result.stdout, "a style change must not re-execute chapters"
        assert "style-change-marker" in (build / "html" / "_static" / "book.css").read_text()
    finally:
        css.write_text(original)
        run_build(build, cwd=book)

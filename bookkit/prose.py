"""Numbers in the text come from the data: each glued number links to the data page row it came from.

In a chapter: `number("pl_share_2024", value, rows)` in a code cell, then {glue:}`pl_share_2024` in prose.
A rebuild with new data changes the text, and a reader can follow any number to its publisher.
"""
from __future__ import annotations

import html
import string

import pandas as pd
from myst_nb import glue

from bookkit import manifest, options, refs
from bookkit.data import SOURCE_COLUMNS

DATA_PAGE = "../pages/data.html"
_glued: dict[str, object] = {}  # key -> what this chapter has glued so far (a Datum keeps its link), for `fill`, `say`


def _glue(key: str, value) -> None:
    glue(key, value, display=False)
    _glued[key] = value


def forget() -> None:
    """Start a chapter with nothing glued (called by `bookkit.setup`)."""
    _glued.clear()


def fill(template: str, where: str = "text") -> str:
    """`template` with each {key} replaced by the text glued under that key in this chapter, so that a figure's
    takeaway repeats the very numbers the prose shows: `"{n_up} of {n_countries} Allies ..."`."""
    try:  # a Datum or Phrase reads as its text (its repr); a Text is a str
        return template.format_map({key: repr(value) if isinstance(value, (Datum, Phrase)) else str(value)
                                    for key, value in _glued.items()})
    except KeyError as missing:
        raise KeyError(f"{where}: {{{missing.args[0]}}} names nothing glued so far in this chapter") from None


def row_anchor(series: str, geo: str, year) -> str:
    """The data page's anchor for one row of an observations table (stable across builds)."""
    return refs.anchor([series, geo, year])


def source_label(row) -> str:
    return f"{row['source_publisher']}, {row['source_title']} ({row['source_date']})"


class Datum:
    """A glued value: plain text for text outputs, a link with a source tooltip for HTML."""

    def __init__(self, text: str, href: str | None, tooltip: str):
        self.text, self.href, self.tooltip = text, href, tooltip

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        text = html.escape(self.text)
        if not self.href:
            return f'<span class="datum" title="{html.escape(self.tooltip)}">{text}</span>'
        return (f'<a class="datum" href="{self.href}" title="{html.escape(self.tooltip)}">{text}</a>')


def number(key: str, value: float, rows: pd.DataFrame | pd.Series, fmt: str = "{:,.1f}") -> Datum:
    """Glue `value` (formatted with fmt) under `key`, linked to the first of the rows it was computed from."""
    datum = make_datum(key, value, rows, fmt)
    _glue(key, datum)
    return datum


def numbers(rows: pd.DataFrame, fmt: str = "{:d}", missing: str | None = None, **values) -> None:
    """Glue several numbers computed from the same rows with one format: `numbers(rows, n_up=3, n_down=2)`.
    With no rows and `missing` given (e.g. "0" for a group a parameter left empty), glue that text instead."""
    for key, value in values.items():
        if rows.empty and missing is not None:
            text(key, missing)
        else:
            number(key, value, rows, fmt)


def make_datum(key: str, value: float, rows: pd.DataFrame | pd.Series, fmt: str = "{:,.1f}") -> Datum:
    """A number linked to its rows, recorded for the data page but not glued on its own: for use inside a
    `phrase`, whose wording depends on the data (`key` names it in the book's record of numbers)."""
    rows = rows.to_frame().T if isinstance(rows, pd.Series) else rows
    if rows.empty:
        raise ValueError(f"number '{key}': no data rows given, so the value cannot be traced to a source")
    if pd.isna(value):
        raise ValueError(f"number '{key}': value is missing (NaN); check the parameters and the data")
    first = rows.iloc[0]
    sources = rows[SOURCE_COLUMNS].drop_duplicates()
    tooltip = "Source: " + "; ".join(source_label(r) for _, r in sources.iterrows())
    # Every row is found in the data package by its table's primary key. One row: link to that row; several
    # (a count, a sum): to the series entry or, for other table shapes, to the table, which lists them all.
    row_refs = [refs.find(r) for r in rows.to_dict("records")]
    if None in row_refs:
        bad = rows.iloc[row_refs.index(None)].to_dict()
        raise ValueError(f"number '{key}': a row it was computed from is not a row of the data package "
                         f"(no table's primary key matches {bad}); glue computed values with the rows they came from")
    tables = {r.partition(":")[0] for r in row_refs}
    if len(rows) == 1:
        anchor = refs.anchor(refs.parse(row_refs[0])[1])
    elif "series" in rows and rows["series"].nunique() == 1:
        anchor = f"series-{first['series']}"
    else:
        anchor = f"data-{sorted(tables)[0]}"
    datum = Datum(fmt.format(value), f"{DATA_PAGE}#{anchor}", tooltip)
    keep = [c for c in ("series", "geo", "year", "value", "unit", "price_basis", *SOURCE_COLUMNS) if c in rows]
    manifest.record_number({"key": key, "text": datum.text, "anchor": anchor, "refs": sorted(set(row_refs)),
                            "rows": rows[keep].astype(str).to_dict("records")})
    return datum


class Text(str):
    """Glued text that renders bare (a plain str would be shown with its quotes, as its repr)."""

    def __repr__(self) -> str:
        return str(self)


def text(key: str, value: str) -> str:
    """Glue a piece of text (a country name, a year range) that depends on the parameters."""
    _glue(key, Text(value))
    return value


class Phrase:
    """Glued words and numbers: a sentence whose wording depends on the data and the parameters."""

    def __init__(self, parts: tuple):
        self.parts = parts

    def __repr__(self) -> str:
        return "".join(p.text if isinstance(p, Datum) else str(p) for p in self.parts)

    def _repr_html_(self) -> str:
        return "".join(p._repr_html_() if isinstance(p, (Datum, Phrase)) else html.escape(str(p)) for p in self.parts)


def phrase(key: str, *parts) -> Phrase:
    """Glue a phrase built from text and Datums (made with `make_datum`), e.g. a sentence written one way
    when a comparison exists and another when it does not. The glue key is the same in every case."""
    value = Phrase(parts)
    _glue(key, value)
    return value


def say(key: str, variant: str | None = None, **values) -> Phrase:
    """Glue under `key` the sentence the chapter wrote for it in its cell options (`sentences:`, see
    bookkit.options), in `variant` when it wrote several; each {name} in it is `values[name]` if given (a Datum
    from `make_datum` keeps its link), else what was glued under name. The wording stays prose in the chapter; the
    code only chooses the variant and supplies the parts that exist only in that variant."""
    slug = manifest.chapter()
    where = f"sentence '{key}' ({options.source_path(slug).name})"
    written = options.of(slug, "sentences").get(key)
    if written is None:
        raise KeyError(f"{where}: not written under `sentences:` in any cell's options")
    parts: list = []
    for literal, name, _, _ in string.Formatter().parse(options.chosen(written, variant, where)):
        parts.append(literal)
        if name is not None:
            if name not in values and name not in _glued:
                raise KeyError(f"{where}: {{{name}}} names nothing given or glued so far in this chapter")
            parts.append(values[name] if name in values else _glued[name])
    return phrase(key, *(p for p in parts if p != ""))


def names_list(names: list[str], conjunction: str = "and") -> str:
    """'A', 'A and B', 'A, B and C'."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


def country_names(codes, empty: str = "") -> str:
    """'Poland', 'Poland and Romania', 'Estonia, Poland and Romania' from geo codes (names from data/geo.csv)."""
    from bookkit.data import geo_names
    names = geo_names()
    labels = [names.get(c, c) for c in codes]
    return names_list(labels) if labels else empty


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def long_date(iso: str) -> str:
    """'2025-11-29' -> '29 November 2025' (written out here: strftime's '%-d' exists only with glibc)."""
    year, month, day = (int(part) for part in str(iso)[:10].split("-"))
    return f"{day} {MONTHS[month - 1]} {year}"


def short_date(iso: str) -> str:
    """'2026-01-06' -> '6 Jan 2026' (the ledger's and timelines' compact form)."""
    year, month, day = (int(part) for part in str(iso)[:10].split("-"))
    return f"{day} {MONTHS[month - 1][:3]} {year}"


def value(key: str, rows: pd.DataFrame, fmt: str = "{:,.1f}", missing: str | None = None,
          year: str | None = None) -> Datum | str:
    """Glue the value of a single data row under `key`, linked to that row, and its year under `year` if given
    ("in {year}, ... {key} %"). With no row, glue `missing` (e.g. "not published for this country") or, if none
    is given, stop with an error naming the key."""
    if len(rows) > 1:
        raise ValueError(f"number '{key}': {len(rows)} rows match where one was expected")
    if rows.empty:
        if missing is None:
            raise ValueError(f"number '{key}': no data row (and no wording given for the missing case)")
        return text(key, missing)
    if year:
        text(year, str(int(rows["year"].iloc[0])))
    return number(key, rows["value"].iloc[0], rows, fmt)


def count_noun(n: int, singular: str, plural: str | None = None) -> str:
    """'one country', '3 countries' (numbers up to nine spelled out, as in the text)."""
    words = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    return f"{words[n] if 0 <= n < len(words) else n} {singular if n == 1 else (plural or singular + 's')}"


def constant(key: str, value: float, series: str, fmt: str = "{:g}") -> Datum:
    """Glue a policy constant (a guideline or benchmark such as NATO's 2 % of GDP) linked to the definition of the
    series it applies to, on the data page; that definition (data/series.csv) must state it, so the number in the
    text has a documented origin instead of a link to unrelated rows."""
    from bookkit.data import series_info
    definition = str(series_info(series)["definition"])
    text_value = fmt.format(value)
    if f"{text_value}%" not in definition.replace(" %", "%"):
        raise ValueError(f"constant '{key}': the definition of series '{series}' in data/series.csv does not state "
                         f"{text_value} %; add the guideline there with its origin")
    datum = Datum(text_value, f"{DATA_PAGE}#series-{series}", f"Definition: {definition}")
    manifest.record_number({"key": key, "text": text_value, "anchor": f"series-{series}", "refs": [], "rows": []})
    _glue(key, datum)
    return datum


def parameter(key: str, value, fmt: str = "{}") -> Text:
    """Glue a chapter parameter's value (a year, a target the reader can change in chapters/parameters.yml): words
    of the analysis, not a data point, so it links to no row."""
    return text(key, fmt.format(value))


def texts(**values: str) -> None:
    """Glue several pieces of text at once, as `numbers` does for numbers: `texts(first_year="2014", unit="euros")`."""
    for key, value in values.items():
        text(key, value)


def count(key: str, rows: pd.DataFrame, searched: pd.DataFrame, n: int | None = None) -> Datum:
    """Glue how many rows matched (or `n`, e.g. their distinct countries), linked to those rows or, when none
    matched, to the rows that were searched, so that a zero still has a source: `count("n_after", after, events)`."""
    return number(key, len(rows) if n is None else n, rows if len(rows) else searched, "{:d}")


def statistic(key: str, rows: pd.DataFrame, how: str = "median", fmt: str = "{:,.1f}",
              missing: str = "n/a") -> Datum | str:
    """Glue a statistic ("median", "mean", "max", ...) of some rows' values, linked to those rows; with no rows
    (a group a parameter left empty) glue `missing`, so the sentence still reads. Returns what was glued."""
    if rows.empty:
        return text(key, missing)
    return number(key, rows["value"].agg(how), rows, fmt)


def month_year(iso: str) -> str:
    """'2025-11-29' -> 'November 2025' (the month names of `long_date`, whatever the locale)."""
    year, month = (int(part) for part in str(iso)[:7].split("-"))
    return f"{MONTHS[month - 1]} {year}"


def row_parts(rows: pd.DataFrame, key: str, fmt: str = "{:,.1f}", before: str = "", after: str = "",
              sep: str = "; ") -> list:
    """Phrase parts listing each row's value as a Datum linked to that row, with the words `before` and `after` around
    it and `sep` between rows: for a `phrase` that names whichever rows the parameters select. `key` (the number's
    name in the book's record), `before` and `after` are formatted with the row's columns: "target_{geo}"."""
    parts = []
    for i in range(len(rows)):
        one = rows.iloc[[i]]
        row = one.iloc[0].to_dict()
        parts += [sep] * bool(parts) + [before.format(**row), make_datum(key.format(**row), row["value"], one, fmt),
                                        after.format(**row)]
    return parts


def first_last(key: str, frame: pd.DataFrame, fmt: str = "{:,.1f}", years: tuple[str, ...] = (),
               span: str | None = None, **where) -> tuple[Datum, Datum]:
    """Glue the earliest and the latest value by year of the rows `pick` selects (`where`) as `key`_first and
    `key`_last, each linked to its own row, and their years as text under the keys in `years` (first, then last;
    give one key for the first year only) or both under `span` ("2021 and 2024"): the "from X in 2014 to Y in
    2024" of a sentence, in one call."""
    from bookkit.data import pick
    rows = pick(frame, **where).sort_values("year")
    for year_key, i in zip(years, (0, -1)):
        text(year_key, str(rows["year"].iloc[i]))
    if span is not None:
        text(span, f"{rows['year'].iloc[0]} and {rows['year'].iloc[-1]}")
    return value(f"{key}_first", rows.iloc[[0]], fmt), value(f"{key}_last", rows.iloc[[-1]], fmt)


def range_texts(frame: pd.DataFrame, fmt: str = "{:g}", point: str = "value", low: str = "value_low",
                high: str = "value_high") -> pd.Series:
    """Each row's `point` value as text or, when both ends of a range are given, the range 'low–high' (en dash): the
    value column of a reference table where some sources publish a point and others a range."""
    ranged = frame[low].notna() & frame[high].notna()
    return frame[point].map(fmt.format).where(~ranged, frame[low].map(fmt.format) + "–" + frame[high].map(fmt.format))

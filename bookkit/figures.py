"""Figure furniture, the same on every chart: number and anchor, title, takeaway, the interactive chart,
source line, units and price basis, downloads (CSV of the plotted rows, SVG, PNG), a data table for
screen readers and a citation. Chapters call `figure(...)` and never build this HTML themselves.
"""
from __future__ import annotations

import html
import os
import pathlib

import altair as alt
import pandas as pd
from IPython.display import HTML, display

from bookkit import book, charts, manifest, options, prose
from bookkit.data import SOURCE_COLUMNS, sources_of

_counter = {"chapter": None, "n": 0}
MAX_TABLE_ROWS = 400


def static_dir() -> pathlib.Path:
    """Where figure downloads go: the book's _static folder during a build, a scratch folder otherwise."""
    return pathlib.Path(os.environ.get("BOOK_STATIC_DIR", book.ROOT / "_build" / "dev-static"))


def page_of(slug: str) -> dict:
    """The page a notebook publishes: a chapter (figures 1.1, 1.2, ...) or a country brief (slug brief-<geo>,
    figures PL.1, PL.2, ...)."""
    if slug.startswith("brief-"):
        geo = slug.removeprefix("brief-").upper()
        from bookkit.data import geo_names
        return {"prefix": geo, "kind": "country brief", "title": geo_names()[geo],
                "path": f"briefs/{geo.lower()}.html"}
    entry = book.chapter(slug)
    return {"prefix": entry["number"], "kind": "chapter", "title": entry["title"], "path": f"chapters/{slug}.html"}


def _next_number(slug: str) -> str:
    if _counter["chapter"] != slug:
        _counter.update(chapter=slug, n=0)
    _counter["n"] += 1
    return f"{page_of(slug)['prefix']}.{_counter['n']}"


def _source_line(rows: pd.DataFrame) -> str:
    parts = []
    for _, s in sources_of(rows).iterrows():
        relay = " (relay)" if s["source_kind"] == "relay" else ""
        parts.append(f'<a href="{html.escape(s["source_url"])}">{html.escape(s["source_publisher"])}, '
                     f'<cite>{html.escape(s["source_title"])}</cite></a> ({html.escape(str(s["source_date"]))}){relay}')
    return "; ".join(parts)


def _units_line(rows: pd.DataFrame) -> str:
    if "unit" not in rows:
        return ""
    pairs = rows[[c for c in ("unit", "price_basis") if c in rows]].drop_duplicates()
    bits = [f"{r['unit']}" + (f", {r['price_basis']}" if r.get("price_basis") not in (None, "n/a") else "")
            for _, r in pairs.iterrows()]
    return "Units: " + "; ".join(html.escape(b) for b in bits) + "."


def scroll_region(table_html: str, label: str) -> str:
    """A wide table in a region the reader can scroll sideways; focusable and named, so a keyboard can scroll it."""
    return (f'<div class="fig-table-scroll" tabindex="0" role="region" aria-label="{html.escape(label)}">'
            f'{table_html}</div>')


def _html(frame: pd.DataFrame, escape: bool = True) -> str:
    return frame.to_html(index=False, border=0, classes="fig-data-table", na_rep="–", escape=escape)


def _table_html(table: pd.DataFrame, caption: str) -> str:
    body = _html(table.head(MAX_TABLE_ROWS))
    more = (f"<p>First {MAX_TABLE_ROWS} of {len(table)} rows; the CSV has them all.</p>"
            if len(table) > MAX_TABLE_ROWS else "")
    return (f'<details class="fig-table"><summary>Data table: {html.escape(caption)}</summary>'
            f'{scroll_region(body, "Data table: " + caption)}{more}</details>')


def table(frame: pd.DataFrame, label: str, *, summary: str | None = None, note: str = "",
          sources: pd.DataFrame | None = None) -> HTML:
    """A reference table in the text (not a figure): scrollable, named `label`; with `summary`, inside an open
    <details> under that heading, followed by `note`. With `sources` (the data rows behind the table's rows, in
    the same order), a last column "Source" links each row to its publisher's page."""
    escape = sources is None
    if sources is not None:  # every cell is escaped here, so that the links can be HTML
        links = [f'<a href="{html.escape(url)}">{html.escape(publisher)}</a>'
                 for url, publisher in zip(sources["source_url"], sources["source_publisher"])]
        frame = frame.astype(str).map(html.escape).assign(Source=links)
    body = scroll_region(_html(frame, escape), label)
    if summary:
        body = (f'<details class="fig-table" open><summary>{html.escape(summary)}</summary>{body}'
                + (f"<p>{html.escape(note)}</p>" if note else "") + "</details>")
    return HTML(body)


def no_figure(reason: str) -> None:
    """Say in place of a figure why it is not drawn (a parameter value left it without data)."""
    display(HTML(f'<p class="figure-missing">{html.escape(reason)}</p>'))


# The reader's access date, filled in by _static/book.js (a page opened offline has no other clock).
ACCESSED = 'Accessed <span class="access-date">on the date you read it</span>.'


def _citation(number: str, title: str, slug: str, anchor: str) -> str:
    meta, page = book.citation(), page_of(slug)
    return (f"{book.authors()} ({book.year()}). Figure {number}: {title}. In: {meta['title']}, "
            f"{page['kind']} “{page['title']}”, edition {meta['version']}. {page['path']}#{anchor}")


def _share(anchor: str, number: str, title: str) -> str:
    """"Copy link to this view" (the chart's menu choices travel in the link) and the embed code for the figure's
    standalone page (written by the build into embed/; _static/charts.js fills in the absolute address)."""
    embed = f"../embed/{anchor}.html"
    label = f"Figure {number}: {title}"
    iframe = (f'<iframe src="{embed}" title="{html.escape(label)}" width="100%" height="620" style="border:0" '
              'loading="lazy"></iframe>')
    return (f'<div class="fig-share"><button type="button" class="fig-copy-link">Copy link to this view</button> '
            f'<input class="fig-view-url" type="text" readonly hidden aria-label="Link to this view of Figure {number}"> '
            f'<a href="{embed}">Standalone figure</a>'
            f'<details class="fig-embed"><summary>Embed this figure</summary>'
            f'<textarea class="fig-embed-code" readonly rows="3" data-embed="{embed}" data-title="{html.escape(label)}" '
            f'aria-label="Embed code for Figure {number}">{html.escape(iframe)}</textarea></details></div>')


def _texts_of(slug: str, name: str, given: dict, variant: str | None) -> dict:
    """The figure's title, takeaway and alt text: from the source's cell options (bookkit.options; `variant` picks
    the wording of a part written in several) or, for pages whose figures are written in code (country briefs),
    from the call."""
    written = options.of(slug, "figures").get(name)
    source = options.source_path(slug).name
    if written and any(given.values()):
        raise ValueError(f"figure '{name}': texts given both in the call and in {source}'s cell options")
    if not written and not all(given.values()):
        raise ValueError(f"figure '{name}': no title, takeaway or alt text; write them under `figures: {name}:` "
                         f"in the options of the code cell that draws it ({source})")
    texts = {part: options.chosen(written[part], variant if isinstance(written[part], dict) else None,
                                  f"figure '{name}' {part}") for part in options.FIGURE_PARTS} if written else given
    return {part: prose.fill(texts[part], f"figure '{name}' {part}") for part in options.FIGURE_PARTS}


def figure(chart: alt.TopLevelMixin, name: str, *, rows: pd.DataFrame, table: pd.DataFrame | None = None,
           variant: str | None = None, title: str = "", takeaway: str = "", alt_text: str = "") -> None:
    """Display `chart` as a numbered figure (wherever it is called, not only as a cell's last expression).

    rows: exactly the data rows the chart plots, with their source columns (written as the CSV download).
    table: optional reader-friendly (e.g. wide) version of rows for the HTML data table.
    title, takeaway, alt_text: written in the chapter source under the cell's `figures:` option (see
    bookkit.options; `variant` picks one where several are written), or passed here (generated pages); {key}
    stands for the text glued under key (`prose.fill`).
    """
    slug = manifest.chapter()
    if slug is None:
        raise RuntimeError("call bookkit.setup(chapter) before drawing figures")
    title, takeaway, alt_text = _texts_of(slug, name, dict(title=title, takeaway=takeaway, alt_text=alt_text),
                                          variant).values()
    if rows.empty:
        raise ValueError(f"figure '{name}': no rows to plot; say in the text that the data are missing instead")
    missing = [c for c in SOURCE_COLUMNS if c not in rows]
    if missing:
        raise ValueError(f"figure '{name}': plotted rows lack source columns {missing}")
    number = _next_number(slug)
    anchor = f"fig-{slug}-{name}"
    out_dir = static_dir() / "figures" / slug
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = out_dir / name
    rows.to_csv(stem.with_suffix(".csv"), index=False, lineterminator="\n")
    spec = charts.spec_of(chart)
    charts.write_static_images(spec, stem)
    href = f"../_static/figures/{slug}/{name}"
    cite = _citation(number, title, slug, anchor)
    parts = [
        f'<figure class="book-figure" id="{anchor}">',
        f'<figcaption><a class="fig-number" href="#{anchor}">Figure {number}</a> '
        f'<span class="fig-title">{html.escape(title)}</span>'
        f'<span class="fig-takeaway">{html.escape(takeaway)}</span></figcaption>',
        charts.embed_html(spec, f"chart-{anchor}", alt_text, static_image=f"{href}.svg",
                          eager=number.endswith(".1")),
        f'<p class="fig-source">Source: {_source_line(rows)}. {_units_line(rows)}</p>',
        f'<p class="fig-downloads">Download: <a href="{href}.csv" download>data (CSV, {len(rows)} rows)</a> · '
        f'<a href="{href}.svg" download>SVG</a> · <a href="{href}.png" download>PNG</a></p>',
        _table_html(table if table is not None else rows.drop(columns=SOURCE_COLUMNS + ["note"], errors="ignore"),
                    title),
        f'<details class="fig-cite"><summary>Cite this figure</summary><p>{html.escape(cite)} {ACCESSED}</p></details>',
        _share(anchor, number, title),
        "</figure>",
    ]
    manifest.record_figure({"number": number, "name": name, "anchor": anchor, "title": title, "takeaway": takeaway,
                            "rows": len(rows), "files": [f"{href}.csv", f"{href}.svg", f"{href}.png"]})
    display(HTML("\n".join(parts)))

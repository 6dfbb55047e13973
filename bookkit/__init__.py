"""bookkit: the shared code of the book. A chapter notebook needs only this:

    import bookkit as bk
    bk.setup("autonomy")                     # theme, offline charts, bookkeeping for this chapter
    nato = bk.load("nato_defence_expenditure")
    bk.number("pl_2024", value, rows)        # a number for the prose, linked to its source
    bk.figure(chart, "share-gdp", rows=...)  # its title, takeaway and alt text: the cell's `figures:` option
    bk.verdicts()                            # the chapter's rows of the claims ledger

Names are imported on first use, so that tools which need only a little of the package (the build's
"nothing changed" check, the validator) start quickly.
"""
import importlib

_EXPORTS = {
    "load": "bookkit.data", "geo_names": "bookkit.data", "series_info": "bookkit.data",
    "sources_of": "bookkit.data", "with_sources": "bookkit.data", "group": "bookkit.data",
    "figure": "bookkit.figures", "table": "bookkit.figures", "no_figure": "bookkit.figures", "verdicts": "bookkit.verdicts",
    "number": "bookkit.prose", "text": "bookkit.prose",
    "make_datum": "bookkit.prose", "phrase": "bookkit.prose", "names_list": "bookkit.prose", "count_noun": "bookkit.prose",
    "long_date": "bookkit.prose", "value": "bookkit.prose", "country_names": "bookkit.prose",
    "short_date": "bookkit.prose", "numbers": "bookkit.prose", "constant": "bookkit.prose", "parameter": "bookkit.prose",
    "texts": "bookkit.prose", "count": "bookkit.prose", "say": "bookkit.prose",
    "pick": "bookkit.data", "latest": "bookkit.data", "per_year": "bookkit.data",
    "tips": "bookkit.chartkit", "fit": "bookkit.chartkit", "colors": "bookkit.chartkit",
    "reference_rule": "bookkit.chartkit", "essay_marker": "bookkit.chartkit", "ranked_bars": "bookkit.chartkit",
    "dumbbell": "bookkit.chartkit", "spread_dots": "bookkit.chartkit", "timeline": "bookkit.chartkit", "hover_lines": "bookkit.chartkit",
    "year_lines": "bookkit.chartkit",
    "range_bands": "bookkit.chartkit", "statistic": "bookkit.prose", "month_year": "bookkit.prose",
    "pair_matrix": "bookkit.chartkit", "row_parts": "bookkit.prose", "picked_line": "bookkit.chartkit",
    "first_last": "bookkit.prose", "labelled": "bookkit.data", "range_dots": "bookkit.chartkit",
    "labelled_rules": "bookkit.chartkit",
    "panels": "bookkit.chartkit", "share_grids": "bookkit.chartkit", "range_texts": "bookkit.prose", "missing_in_run": "bookkit.data",
    "event_lanes": "bookkit.chartkit", "renamed": "bookkit.data", "slider": "bookkit.chartkit",
}
_MODULES = {"book", "build", "charts", "chartkit", "claims", "data", "execute", "figures", "manifest", "offline", "options",
            "pages", "params", "prose", "registry", "site", "snapshot", "theme", "validate", "verdicts"}


def setup(chapter: str) -> None:
    """Call once at the top of a chapter: applies the theme, the offline renderer and starts the manifest."""
    from bookkit import charts, manifest, prose, theme
    prose.forget()
    theme.enable()
    charts.enable()
    manifest.start(chapter)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    if name in _MODULES:
        return importlib.import_module(f"bookkit.{name}")
    raise AttributeError(f"module 'bookkit' has no attribute '{name}'")


__all__ = ["setup", *_EXPORTS]

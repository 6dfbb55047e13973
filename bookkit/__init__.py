"""bookkit: the shared code of the book. A chapter notebook needs only this:

    import bookkit as bk
    bk.setup("autonomy")                     # theme, offline charts, bookkeeping for this chapter
    nato = bk.load("nato_defence_expenditure")
    bk.number("pl_2024", value, rows)        # a number for the prose, linked to its source
    bk.figure(chart, name=..., title=..., takeaway=..., alt_text=..., rows=...)
    bk.verdicts()                            # the chapter's rows of the claims ledger
"""
from bookkit import charts, manifest, theme
from bookkit.data import geo_names, load, series_info, sources_of, with_sources
from bookkit.figures import figure
from bookkit.ledger import verdicts
from bookkit.prose import number, text


def setup(chapter: str) -> None:
    """Call once at the top of a chapter: applies the theme, the offline renderer and starts the manifest."""
    theme.enable()
    charts.enable()
    manifest.start(chapter)


__all__ = ["setup", "load", "geo_names", "series_info", "sources_of", "with_sources", "figure", "number", "text",
           "verdicts"]

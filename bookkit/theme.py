"""The book's one chart style: colour-blind-safe palette, readable type, room for a source line.

Every chart in every chapter gets this theme through `bookkit.setup()`; change the look of the whole
book here and nowhere else.
"""
from __future__ import annotations

import altair as alt

# Okabe & Ito (2008) palette: distinguishable under the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
HIGHLIGHT, MUTED = "#0072B2", "#9aa5b1"
# Semantic names: say what a colour means in the chart, not which slot of the palette it is.
REFERENCE = PALETTE[3]   # a guideline or benchmark (NATO's 2 %, a target): dashed rule
ESSAY = PALETTE[3]       # the essay's date on a time axis
COUNTRY = HIGHLIGHT      # the country a brief or a view is about
GROUP = PALETTE[1]       # its comparison group
EUROPE = PALETTE[7]      # the European median or total
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
WIDTH, HEIGHT = 620, 320


def config() -> dict:
    """The Vega-Lite config the book applies to every chart."""
    return {
        "config": {
            "font": FONT,
            "background": "white",
            "padding": {"left": 4, "right": 12, "top": 8, "bottom": 4},
            "view": {"continuousWidth": WIDTH, "continuousHeight": HEIGHT, "stroke": None},
            "range": {"category": PALETTE},
            "title": {"fontSize": 15, "fontWeight": 600, "anchor": "start", "color": "#1f2933",
                      "subtitleFontSize": 12, "subtitleColor": "#52606d"},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "titleFontWeight": 500, "labelColor": "#3e4c59",
                     "titleColor": "#3e4c59", "gridColor": "#e4e7eb", "domainColor": "#9aa5b1", "tickColor": "#9aa5b1"},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom", "direction": "horizontal"},
            # Marks are hidden from assistive technology: each chart is one role="img" with a text
            # alternative, and its data are in an HTML table beside it (figures.py).
            "mark": {"aria": False},
            "rule": {"aria": False},
            "line": {"strokeWidth": 2.2},
            "point": {"size": 60, "filled": True},
            "bar": {"color": HIGHLIGHT},
            "text": {"fontSize": 12, "color": "#1f2933"},
        }
    }


def enable() -> None:
    """Register and switch on the theme (idempotent)."""
    alt.theme.register("book", enable=True)(config)

"""Interactive charts that work offline: one shared Vega bundle per site, one tiny embed script per chart.

Altair's own HTML renderers either fetch Vega from a CDN or inline ~1 MB of JavaScript into every chart,
so the book uses its own renderer: each chart is a <div> holding its build-time SVG plus its spec as JSON;
`_static/charts.js` fetches `_static/vega-bundle.js` once the page has loaded and draws each chart as it
nears the viewport.
"""
from __future__ import annotations

import html
import json
import pathlib

import altair as alt


def spec_of(chart: alt.TopLevelMixin) -> dict:
    """The chart's Vega-Lite spec with the book theme applied and its data inlined."""
    return chart.to_dict()


def script_json(obj) -> str:
    """JSON that is safe inside a <script> element: data can never close the tag or open a comment."""
    return json.dumps(obj, ensure_ascii=False).replace("</", "<\\/").replace("<!--", "<\\u0021--")


def embed_html(spec: dict, element_id: str, label: str, static_image: str | None = None, eager: bool = False) -> str:
    """A chart container and its spec as JSON data; _static/charts.js draws it when it nears the viewport.

    static_image: the SVG rendered at build time, shown until the interactive chart is drawn (so the page
    paints its charts at once, and a reader without JavaScript still sees them); eager for the first chart.
    """
    placeholder = (f'<img class="chart-placeholder" src="{html.escape(static_image)}" alt="" '
                   f'loading="{"eager" if eager else "lazy"}" decoding="async">' if static_image else "")
    return (
        f'<div id="{element_id}" class="vega-chart" role="img" aria-label="{html.escape(label)}" '
        f'data-spec="spec-{element_id}">{placeholder}</div>\n'
        f'<script type="application/json" id="spec-{element_id}">{script_json(spec)}</script>'
    )


def static_spec(spec: dict, width: int = 640) -> dict:
    """A copy of the spec with fixed sizes, for rendering to SVG/PNG where there is no container."""
    def fix(node):
        if isinstance(node, dict):
            return {k: (width if k == "width" and v == "container" else fix(v)) for k, v in node.items()}
        if isinstance(node, list):
            return [fix(v) for v in node]
        return node
    return fix(spec)


def write_static_images(spec: dict, stem: pathlib.Path) -> None:
    """Render the chart to SVG and PNG at build time (no browser needed)."""
    import vl_convert as vlc
    from altair.utils._importers import vl_version_for_vl_convert

    fixed = static_spec(spec)
    version = vl_version_for_vl_convert()
    stem.with_suffix(".svg").write_text(vlc.vegalite_to_svg(fixed, vl_version=version), encoding="utf-8")
    stem.with_suffix(".png").write_bytes(vlc.vegalite_to_png(fixed, vl_version=version, scale=2))


def _renderer(spec: dict, **metadata) -> dict:
    """Altair renderer for a bare chart shown without figure furniture (e.g. while drafting)."""
    element_id = "vega-" + format(abs(hash(json.dumps(spec, sort_keys=True))), "x")[:12]
    return {"text/html": embed_html(spec, element_id, "chart"), "text/plain": "<chart>"}


def enable() -> None:
    alt.renderers.register("book", _renderer)
    alt.renderers.enable("book")

"""What a reader sees: every page of the built book in headless Chromium, from file:// and from a static
host, with every request to another host blocked and recorded."""
from __future__ import annotations

import re

from conftest import pages_of


def _check_page(visit, url: str) -> tuple[int, int]:
    v = visit(url)
    drawn = v.wait_for_charts(timeout=30_000)
    containers = v.page.locator(".vega-chart").count()
    assert v.errors == [], f"{url}: console errors {v.errors}"
    assert v.remote == [], f"{url}: requests to other hosts {v.remote}"
    assert drawn == containers, f"{url}: {drawn} of {containers} charts drawn"
    return containers, len(v.remote)


def test_every_page_from_file_url(site, visit):
    charts = 0
    for page in pages_of(site):
        drawn, _ = _check_page(visit, page.as_uri())
        charts += drawn
    print(f"\n{len(pages_of(site))} pages, {charts} charts drawn, 0 third-party requests (file://)")
    assert charts >= 1, "the book should draw at least one chart"


def test_every_page_from_static_host(site, server, visit):
    for page in pages_of(site):
        _check_page(visit, f"{server}/{page.relative_to(site).as_posix()}")


def test_vega_loaded_once_from_site_static_files(site, visit):
    for page in pages_of(site):
        html = page.read_text(encoding="utf-8")
        assert html.count("vega-bundle.js") == 1, f"{page.name}: the Vega bundle must be referenced exactly once"
        assert "vega-lite@" not in html and "cdn.jsdelivr" not in html, f"{page.name}: inlined or CDN Vega"


def _tooltip_after_hover(v, chart) -> str:
    """Move the pointer over a grid of the chart and over its point and bar marks; return a tooltip's text."""
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    spots = [(box["x"] + box["width"] * fx / 12, box["y"] + box["height"] * fy / 8)
             for fy in range(1, 8) for fx in range(1, 12)]
    for mark in chart.locator("g.mark-symbol path, g.mark-rect path").all()[:40]:
        b = mark.bounding_box()
        if b and b["width"] and b["height"]:
            spots.append((b["x"] + b["width"] / 2, b["y"] + b["height"] / 2))
    for x, y in spots:
        v.page.mouse.move(x, y)
        v.page.wait_for_timeout(25)
        tip = v.page.locator("#vg-tooltip-element.visible")
        if tip.count() and tip.inner_text().strip():
            return tip.inner_text()
    return ""


def test_chart_tooltips_appear_on_hover(site, visit):
    """In every chapter, hovering the data of a chart shows a tooltip."""
    for page in sorted((site / "chapters").glob("*.html")):
        v = visit(page.as_uri())
        v.wait_for_charts(timeout=30_000)
        charts = v.page.locator(".vega-chart svg.marks").all()
        assert any(_tooltip_after_hover(v, c) for c in charts[:4]), f"{page.name}: no tooltip on hover"


def test_vega_failure_is_reported(site, visit, tmp_path):
    """The check above can fail: a page whose chart spec is broken logs an error and stays undrawn."""
    page = site / "chapters" / "autonomy.html"
    broken = re.sub(r'"mark": \{"type": "\w+"', '"mark": {"type": "no-such-mark"', page.read_text(encoding="utf-8"), count=1)
    target = page.with_name("broken-for-test.html")
    target.write_text(broken, encoding="utf-8")
    try:
        v = visit(target.as_uri())
        v.page.wait_for_timeout(1500)
        assert v.errors, "a broken chart spec must produce a console error"
    finally:
        target.unlink()

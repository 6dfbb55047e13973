"""What a reader sees: every page of the built book in headless Chromium, from file:// and from a static
host, with every request to another host blocked and recorded."""
from __future__ import annotations

import re

from bookkit import book
from conftest import pages_of, recorded


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
    assert charts == len(recorded(site)["figures"]), "every figure the chapters recorded is drawn, and no other chart"


def test_every_page_from_static_host(site, server, visit):
    for page in pages_of(site):
        _check_page(visit, f"{server}/{page.relative_to(site).as_posix()}")


def test_vega_loads_after_the_page_and_only_where_charts_are(site):
    """No page holds a script tag for the Vega bundle: the chart loader, deferred and only on chart pages,
    fetches it after the page has loaded; until then each chart shows its build-time SVG."""
    with_charts = 0
    for page in pages_of(site):
        html = page.read_text(encoding="utf-8")
        assert "vega-bundle.js" not in html, f"{page.name}: the Vega bundle must not block or precede the page"
        loaders = re.findall(r"<script[^>]*charts\.js[^>]*>", html)
        charts = html.count('class="vega-chart"')
        if charts:
            with_charts += 1
            assert len(loaders) == 1 and " defer" in loaders[0], f"{page.name}: chart loader {loaders}"
            assert html.count('class="chart-placeholder"') == charts, f"{page.name}: a chart without its static SVG"
        else:
            assert loaders == [], f"{page.name}: draws no chart but loads the chart loader"
        assert "vega-lite@" not in html and "cdn.jsdelivr" not in html, f"{page.name}: inlined or CDN Vega"
        assert "fontawesome" not in html, f"{page.name}: still loads FontAwesome's script"
    assert with_charts == len(book.chapters())
    assert (site / "_static" / "vega-bundle.js").is_file()


def test_charts_are_drawn_as_they_near_the_viewport(site, visit):
    """The first screen paints without drawing every chart; a chart far down is drawn once scrolled to."""
    v = visit((site / "chapters" / "economics.html").as_uri())
    v.page.wait_for_timeout(1_000)  # the page has loaded and settled; nothing was scrolled
    last = v.page.locator(".vega-chart").last
    assert last.get_attribute("data-drawn") is None, "a chart at the end of the page was drawn before it was needed"
    assert last.locator("img.chart-placeholder").count() == 1, "an undrawn chart must show its static SVG"
    last.scroll_into_view_if_needed()
    v.page.wait_for_function("() => [...document.querySelectorAll('.vega-chart')].pop().dataset.drawn === 'true'",
                             timeout=20_000)
    assert last.locator("svg.marks").count() == 1
    assert v.errors == [] and v.remote == []


def test_every_page_has_a_description_from_its_text(site):
    for page in pages_of(site):
        html = page.read_text(encoding="utf-8")
        found = re.findall(r'<meta name="description" content="([^"]*)"', html)
        assert len(found) == 1 and len(found[0]) >= 60, f"{page.name}: meta description {found}"
        assert re.search(r'<meta property="og:title" content="[^"]+"', html), f"{page.name}: no og:title"


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

"""What a reader sees: every page of the built book in headless Chromium, from file:// and from a static
host, with every request to another host blocked and recorded."""
from __future__ import annotations

import pytest

from conftest import pages_of


def _check_page(visit, url: str) -> tuple[int, int]:
    v = visit(url)
    drawn = v.wait_for_charts()
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


def test_chart_tooltip_appears_on_hover(site, visit):
    v = visit((site / "chapters" / "autonomy.html").as_uri())
    v.wait_for_charts()
    svg = v.page.locator(".vega-chart svg.marks").first
    box = svg.bounding_box()
    for fx in (0.3, 0.5, 0.7, 0.9):
        for fy in (0.3, 0.5, 0.7):
            v.page.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
            v.page.wait_for_timeout(60)
            tip = v.page.locator("#vg-tooltip-element")
            if tip.count() and tip.is_visible() and tip.inner_text().strip():
                assert "% of GDP" in tip.inner_text()
                return
    pytest.fail("no tooltip appeared while hovering the first chart")


def test_vega_failure_is_reported(site, visit, tmp_path):
    """The check above can fail: a page whose chart spec is broken logs an error and stays undrawn."""
    page = site / "chapters" / "autonomy.html"
    broken = page.read_text(encoding="utf-8").replace('"mark"', '"mrak"', 1)
    target = page.with_name("broken-for-test.html")
    target.write_text(broken, encoding="utf-8")
    try:
        v = visit(target.as_uri())
        v.page.wait_for_timeout(1500)
        assert v.errors, "a broken chart spec must produce a console error"
    finally:
        target.unlink()

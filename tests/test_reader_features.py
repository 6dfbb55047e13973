"""Reader and citer features on the built book: figure furniture and downloads, traceable numbers,
the claims ledger, accessibility (axe-core) and small screens."""
from __future__ import annotations

import csv
import io
import json
import pathlib
import re
import urllib.parse

import pytest

from conftest import ROOT, pages_of, recorded, serious_axe_violations

def chapter_pages(site):
    return sorted((site / "chapters").glob("*.html"))


def test_every_figure_has_furniture_and_its_downloads_exist(site, visit):
    figures, mismatched = 0, []
    for page in chapter_pages(site):
        v = visit(page.as_uri())
        v.wait_for_charts()
        for fig in v.page.locator("figure.book-figure").all():
            figures += 1
            anchor = fig.get_attribute("id")
            assert re.fullmatch(r"fig-[a-z]+-[a-z0-9-]+", anchor), anchor
            assert re.match(r"Figure \d+\.\d+", fig.locator(".fig-number").inner_text())
            assert fig.locator(".fig-title").inner_text().strip()
            assert fig.locator(".fig-takeaway").inner_text().strip()
            assert fig.locator(".fig-source a").count() >= 1, f"{anchor}: no source link"
            assert fig.locator(".vega-chart").get_attribute("aria-label"), f"{anchor}: no text alternative"
            assert fig.locator("details.fig-table table").count() == 1, f"{anchor}: no data table"
            assert fig.locator("details.fig-cite").inner_text().strip()
            links = {a.inner_text().split(" ")[0]: a.get_attribute("href")
                     for a in fig.locator(".fig-downloads a").all()}
            assert set(links) == {"data", "SVG", "PNG"}, links
            for href in links.values():
                target = (page.parent / urllib.parse.unquote(href)).resolve()
                assert target.is_file() and target.stat().st_size > 0, f"{anchor}: {href} missing"
            rows = list(csv.DictReader(io.StringIO((page.parent / links["data"]).resolve().read_text())))
            assert {"source_publisher", "source_url", "source_date"} <= set(rows[0]), f"{anchor}: CSV lacks sources"
            largest, total = _spec_rows(page, anchor)
            if len(rows) not in (largest, total):
                mismatched.append(f"{anchor}: CSV has {len(rows)} rows, the chart's data has {largest} "
                                  f"(all layers: {total})")
    print(f"\n{figures} figures checked")
    assert not mismatched, "\n".join(mismatched)
    assert figures == len(recorded(site)["figures"])


def _spec_rows(page: pathlib.Path, anchor: str) -> tuple[int, int]:
    """Rows of the chart's largest dataset and of all its datasets together, read from the embedded spec.

    The CSV must hold exactly the plotted rows: those of the main dataset, or of every layer when a chart
    draws several datasets (e.g. published reference values beside a series)."""
    html = page.read_text(encoding="utf-8")
    start = html.index(f'<script type="application/json" id="spec-chart-{anchor}">')
    spec, _ = json.JSONDecoder().raw_decode(html[html.index(">", start) + 1:])
    datasets = spec.get("datasets", {})
    sizes = [len(v) for v in datasets.values()] or [len(spec.get("data", {}).get("values", []))]
    return max(sizes), sum(sizes)


def test_every_glued_number_links_to_an_existing_data_page_anchor(site):
    """Each chapter links exactly the numbers it recorded (no more, none fewer), each to an anchor that exists."""
    data_page = (site / "pages" / "data.html").read_text(encoding="utf-8")
    anchors = set(re.findall(r'id="([^"]+)"', data_page))
    numbers = recorded(site)["numbers"]
    checked = 0
    for page in [site / "index.html", *chapter_pages(site)]:
        linked = set()
        for href in re.findall(r'<a class="datum" href="([^"]+)"', page.read_text(encoding="utf-8")):
            path, _, anchor = href.partition("#")
            assert (page.parent / path).resolve() == (site / "pages" / "data.html").resolve(), href
            assert anchor in anchors, f"{page.name}: {href} has no target on the data page"
            linked.add(anchor)
            checked += 1
        if page.parent.name == "chapters":
            expected = {n["anchor"] for key, n in numbers.items() if key.split("/")[0] == page.stem}
            assert linked == expected, f"{page.name}: linked but not recorded {sorted(linked - expected)[:5]}, " \
                                       f"recorded but not linked {sorted(expected - linked)[:5]}"
    print(f"\n{checked} glued numbers link to data-page anchors")


def test_data_page_lists_every_table_with_download(site):
    html = (site / "pages" / "data.html").read_text(encoding="utf-8")
    package = json.loads((site / "_static" / "downloads" / "datapackage.json").read_text())
    for res in package["resources"]:
        assert f'id="data-{res["name"]}"' in html
        assert (site / "_static" / "downloads" / res["path"]).is_file()
    assert (site / "_static" / "downloads" / "data-package.zip").stat().st_size > 1000


def test_ledger_filters_and_links_back(site, visit):
    v = visit((site / "pages" / "ledger.html").as_uri())
    rows = v.page.locator("#ledger tbody tr")
    total = rows.count()
    with (ROOT / "data" / "claims.csv").open(encoding="utf-8") as fh:
        assert total == len(list(csv.DictReader(fh))), "the ledger shows every claim of data/claims.csv"
    v.page.select_option("#filter-chapter", "autonomy")
    visible = v.page.locator("#ledger tbody tr:not([hidden])")
    assert 0 < visible.count() < total
    assert all(r.get_attribute("data-chapter") == "autonomy" for r in visible.all())
    assert "of %d claims shown" % total in v.page.locator("#ledger-count").inner_text()
    v.page.select_option("#filter-chapter", "")
    v.page.fill("#filter-text", "zzzz-no-such-word")
    assert v.page.locator("#ledger tbody tr:not([hidden])").count() == 0
    v.page.fill("#filter-text", "")
    v.page.click("button[data-sort-col='4']")
    first = v.page.locator("#ledger tbody tr").first.get_attribute("data-verdict")
    assert first == sorted(r.get_attribute("data-verdict") for r in rows.all())[0]
    chapter_link = v.page.locator("#claim-A1 a[href*='chapters/autonomy.html#verdict-A1']")
    assert chapter_link.count() == 1
    chapter = (site / "chapters" / "autonomy.html").read_text(encoding="utf-8")
    assert 'id="verdict-A1"' in chapter and "ledger.html#claim-A1" in chapter


@pytest.mark.parametrize("width", [375])
def test_no_horizontal_scrolling_on_a_phone(site, visit, width):
    for page in pages_of(site):
        v = visit(page.as_uri(), width=width)
        v.wait_for_charts()
        overflow = v.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{page.name}: page scrolls sideways by {overflow}px at {width}px"


def test_axe_finds_no_serious_or_critical_violations(site, visit):
    report = []
    for page in pages_of(site):
        bad = serious_axe_violations(visit(page.as_uri()))
        report.append(f"{page.relative_to(site)}: {len(bad)}")
        assert not bad, f"{page.name}: {bad}"
    print("\naxe serious/critical violations per page: " + ", ".join(report))


def test_print_stylesheet_keeps_charts_and_sources(site, visit):
    v = visit((site / "chapters" / "autonomy.html").as_uri())
    v.wait_for_charts()
    v.page.emulate_media(media="print")
    assert v.page.locator(".bd-sidebar-primary").first.is_hidden(), "navigation should not print"
    assert v.page.locator(".fig-downloads").first.is_hidden(), "download links should not print"
    figure = v.page.locator("figure.book-figure").first
    assert figure.locator(".vega-chart svg.marks").is_visible() and figure.locator(".fig-source").is_visible()
    after = v.page.evaluate("getComputedStyle(document.querySelector('.fig-source a'), '::after').content")
    assert "http" in after, "printed source links should show their address"

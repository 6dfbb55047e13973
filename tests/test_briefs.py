"""Country briefs, shareable views and standalone figures (issue: country briefs and shareable views)."""
from __future__ import annotations

import csv
import html
import json
import os
import random
import re


from bookkit import book, briefs, prose
from conftest import ROOT, serious_axe_violations


def brief_meta(geo: str) -> dict:
    """What the build recorded while it ran the brief (numbers glued, figures drawn)."""
    return json.loads((ROOT / "_build" / "cache" / "briefs" / geo.lower() / "meta.json").read_text(encoding="utf-8"))


def test_every_country_has_a_brief_whose_numbers_all_link(site):
    """Each brief shows exactly the numbers it recorded, each one a link to its row; at least 8 per brief."""
    countries = book.brief_countries()
    assert [g for g, _ in countries] == briefs.countries() and len(countries) == 35
    counts = {}
    for geo, name in countries:
        html = (site / "briefs" / f"{geo.lower()}.html").read_text(encoding="utf-8")
        assert f"<h1>{name}: country brief" in html, f"{geo}: title"
        links = re.findall(r'<a class="datum" href="\.\./pages/data\.html#([^"]+)"', html)
        meta = brief_meta(geo)
        assert len(links) == len(meta["numbers"]), f"{geo}: {len(links)} links, {len(meta['numbers'])} recorded"
        assert sorted(links) == sorted(n["anchor"] for n in meta["numbers"])
        assert '<span class="datum"' not in html, f"{geo}: a number without a link"
        assert len(links) >= 8, f"{geo}: only {len(links)} numbers"
        assert html.count('class="book-figure"') == len(meta["figures"])
        counts[geo] = len(links)
    print(f"\n{len(counts)} briefs, {sum(counts.values())} linked numbers (fewest {min(counts.values())}: "
          f"{min(counts, key=counts.get)})")


def _latest(table: str, series: str, geo: str) -> dict:
    with (ROOT / "data" / table).open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["series"] == series and r["geo"] == geo and r["value"]]
    return max(rows, key=lambda r: int(r["year"]))


def test_three_random_briefs_agree_with_the_data_package(site):
    """SIPRI's latest spending figure in a brief is the data package's value, for three countries at random."""
    seed = int(os.environ.get("BRIEF_SEED") or random.SystemRandom().randrange(10**6))
    picked = random.Random(seed).sample(briefs.countries(), 3)
    print(f"\nBRIEF_SEED={seed}: {picked}")
    for geo in picked:
        row = _latest("sipri_milex.csv", "sipri_milex_constant_usd", geo)
        anchor = prose.row_anchor(row["series"], geo, row["year"])
        html = (site / "briefs" / f"{geo.lower()}.html").read_text(encoding="utf-8")
        shown = re.search(rf'<a class="datum" href="[^"#]*#{anchor}"[^>]*>([^<]+)</a>', html)
        assert shown, f"{geo}: no number links to {anchor}"
        assert shown.group(1) == f"{float(row['value']) / 1000:,.2f}", (geo, row["value"], shown.group(1))


def test_index_of_briefs_links_every_brief_and_sorts(site, visit):
    index = site / "briefs" / "index.html"
    html = index.read_text(encoding="utf-8")
    rows = re.findall(r'<tr id="brief-([a-z]{2})">', html)
    assert rows == [g.lower() for g, _ in book.brief_countries()]
    for geo in rows:
        assert f'href="{geo}.html"' in html and (site / "briefs" / f"{geo}.html").is_file()
    assert 'href="briefs/index.html"' in (site / "index.html").read_text(encoding="utf-8"), "front page link"
    v = visit(index.as_uri())
    v.page.click("table.briefs-index th:nth-child(3) button")  # SIPRI share of GDP, ascending
    v.page.click("table.briefs-index th:nth-child(3) button")  # then descending
    first = v.page.locator("table.briefs-index tbody tr").first.get_attribute("id")
    values = {}
    for geo in rows:
        try:
            values[geo] = float(_latest("sipri_milex.csv", "sipri_milex_share_gdp", geo.upper())["value"])
        except ValueError:
            pass
    assert first == f"brief-{max(values, key=values.get)}"


def test_every_brief_draws_its_charts_offline(site, visit):
    drawn_total = 0
    for geo, _ in book.brief_countries():
        v = visit((site / "briefs" / f"{geo.lower()}.html").as_uri())
        drawn = v.wait_for_charts(timeout=30_000)
        assert drawn == v.page.locator(".vega-chart").count() == len(brief_meta(geo)["figures"]), geo
        assert v.errors == [] and v.remote == [], (geo, v.errors, v.remote)
        drawn_total += drawn
        v.close()
    print(f"\n{drawn_total} brief charts drawn offline")


COMPARED = 'svg.marks path[stroke="#CC79A7"]'  # the compared country's line (theme.PALETTE[4])


def test_a_view_link_restores_the_country_and_copying_keeps_it(site, visit):
    page = site / "briefs" / "pl.html"
    plain = visit(page.as_uri())
    plain.wait_for_charts()
    assert plain.page.locator(f"#chart-fig-brief-pl-share-gdp {COMPARED}").count() == 0
    v = visit(page.as_uri() + "#fig-brief-pl-share-gdp?compare=DE")
    chart = "#chart-fig-brief-pl-share-gdp"
    v.page.wait_for_selector(f"{chart}[data-drawn]", timeout=15_000)
    assert v.page.evaluate(f"document.querySelector('{chart}').vegaView.signal('compare')") == "DE"
    assert v.page.locator(f"{chart} select").input_value() == "DE"
    assert v.page.locator(f"{chart} {COMPARED}").count() == 1, "Germany's line is not drawn"
    v.page.select_option(f"{chart} select", "FR")
    v.page.wait_for_function("location.hash.endsWith('compare=FR')")
    v.page.click("#fig-brief-pl-share-gdp button.fig-copy-link")
    url = v.page.locator("#fig-brief-pl-share-gdp .fig-view-url").input_value()
    assert url == page.as_uri() + "#fig-brief-pl-share-gdp?compare=FR"
    assert v.errors == [] and v.remote == []


def test_a_standalone_figure_renders_offline_inside_an_iframe(site, visit, tmp_path):
    embed = site / "embed" / "fig-brief-pl-aid.html"
    host = tmp_path / "host.html"
    host.write_text(f'<!DOCTYPE html><title>host</title><iframe src="{embed.as_uri()}" width="800" height="900"></iframe>')
    v = visit(host.as_uri())
    frame = v.page.frame_locator("iframe")
    frame.locator(".vega-chart[data-drawn] svg.marks").wait_for(timeout=15_000)
    assert "Kiel Institute" in frame.locator(".fig-source").inner_text()
    edition = f"edition {book.citation()['version']}"
    assert edition in frame.locator(".fig-cite").text_content()  # the (closed) citation
    assert edition in frame.locator(".embed-origin").inner_text()
    code = frame.locator("textarea.fig-embed-code").input_value()
    assert code.startswith(f'<iframe src="{embed.as_uri()}"'), code
    assert v.errors == [] and v.remote == []
    records = [f for g, _ in book.brief_countries() for f in brief_meta(g)["figures"]]
    records += [f for m in (site.parent / "stage" / ".meta").glob("*.json") for f in json.loads(m.read_text())["figures"]]
    assert len(list((site / "embed").glob("*.html"))) == len(records)
    for fig in records:  # each page's title is the figure's, escaped once (an apostrophe stays an apostrophe)
        page = (site / "embed" / f"{fig['anchor']}.html").read_text(encoding="utf-8")
        title = html.unescape(re.search(r"<title>([^<]*)</title>", page).group(1))
        assert title == f"Figure {fig['number']}: {fig['title']} · {book.citation()['title']}", fig["anchor"]


def test_briefs_pass_axe(site, visit):
    for page in (site / "briefs" / "index.html", site / "briefs" / "pl.html", site / "embed" / "fig-brief-pl-share-gdp.html"):
        bad = serious_axe_violations(visit(page.as_uri()))
        assert not bad, f"{page.name}: {bad}"


def test_a_chapter_view_link_shows_the_chosen_country(site, visit):
    """The east chapter's "show one country" menu travels in the link too (any chart with a bound menu)."""
    page = site / "chapters" / "east.html"
    v = visit(page.as_uri() + "#fig-east-share-gdp?pick=Poland")
    chart = "#chart-fig-east-share-gdp"
    v.page.wait_for_selector(f"{chart}[data-drawn]", timeout=15_000)
    assert v.page.evaluate(f"document.querySelector('{chart}').vegaView.signal('pick')") == "Poland"
    assert v.page.locator(f"{chart} select").input_value() == "Poland"
    # the one-country line is drawn (black, dashed) only when a country is picked
    assert v.page.locator(f'{chart} svg.marks path[stroke="#000000"][stroke-dasharray]').count() == 1
    v.page.select_option(f"{chart} select", "(none)")
    v.page.wait_for_function("location.hash === '#fig-east-share-gdp'")
    assert v.errors == [] and v.remote == []

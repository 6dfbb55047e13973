"""Every number in the text links to its rows, and every source link holds one address (issue: citable editions)."""
from __future__ import annotations

import json
import re

import pytest


def _pages(site):
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.parts)


@pytest.fixture(scope="module")
def data_ids(site):
    page = (site / "pages" / "data.html").read_text(encoding="utf-8")
    return set(re.findall(r'\bid="([^"]+)"', page))


def test_every_glued_number_links_to_a_row_that_exists(site, data_ids):
    """Numbers the chapters recorded (the build's manifests) all appear as links, and every link lands on an
    anchor of the data page: a row, a series entry or a table."""
    recorded = {}
    for meta in (site.parent / "stage" / ".meta").glob("*.json"):
        for n in json.loads(meta.read_text(encoding="utf-8"))["numbers"]:
            recorded[(meta.stem, n["key"])] = n["anchor"]
    assert recorded and all(recorded.values()), [k for k, a in recorded.items() if not a]
    linked, unlinked, broken = 0, [], []
    for page in _pages(site):
        html = page.read_text(encoding="utf-8")
        unlinked += [f"{page.name}: {m}" for m in re.findall(r'<span class="datum"[^>]*>([^<]*)</span>', html)]
        for href in re.findall(r'<a class="datum" href="([^"]+)"', html):
            linked += 1
            target = href.split("#", 1)[1] if "#" in href else ""
            if target not in data_ids:
                broken.append(f"{page.name}: {href}")
    assert unlinked == [] and broken == [], (unlinked[:10], broken[:10])
    # Every recorded anchor is among the data page's ids (the same check from the manifest's side).
    assert {a for a in recorded.values()} <= data_ids


def test_no_link_holds_two_addresses(site):
    bad = []
    for page in _pages(site):
        for href in re.findall(r'href="([^"]+)"', page.read_text(encoding="utf-8")):
            if " | " in href or href.count("://") > 1:
                bad.append(f"{page.name}: {href}")
    assert bad == []

"""One chapter registry (chapters/parameters.yml): a chapter added there and in chapters/ is published,
numbered and in the navigation; a chapter missing from it, or disagreeing with it, stops the build."""
from __future__ import annotations

import csv
import io
import re

import yaml

from bookkit import data, prose
from conftest import ROOT, run_build

def _example(marker: str, fence: str) -> str:
    """A block of chapters/README.md's walk-through, found after its `<!-- example: ... -->` marker."""
    text = (ROOT / "chapters" / "README.md").read_text(encoding="utf-8")
    found = re.search(rf"<!-- example: {marker} -->\n{fence}[a-z]*\n(.*?)\n{fence}\n", text, re.S)
    assert found, f"chapters/README.md has no '{marker}' example"
    return found.group(1) + "\n"


# The newcomer's walk-through, exactly as chapters/README.md gives it.
SAMPLE = _example("chapter", "````")
ENTRY = yaml.safe_load(_example("registry entry", "```"))["sample"]
TITLE = ENTRY["title"]


def _register(book, entry=ENTRY):
    registry = book / "chapters" / "parameters.yml"
    spec = yaml.safe_load(registry.read_text())
    spec["chapters"]["sample"] = entry
    registry.write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True))


def test_a_new_chapter_touches_two_files_and_is_published(book_copy, tmp_path):
    book, build = book_copy
    registry = book / "chapters" / "parameters.yml"
    original = registry.read_text()
    (book / "chapters" / "sample.md").write_text(SAMPLE)
    _register(book)
    try:
        result = run_build(build, cwd=book)
        assert "executed chapters/sample.md" in result.stdout
        assert "chapters/autonomy.md unchanged" in result.stdout
        page = (build / "html" / "chapters" / "sample.html").read_text(encoding="utf-8")
        n = len(yaml.safe_load(original)["chapters"]) + 1
        headings = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<h1>(.*?)</h1>", page, re.S)]
        assert any(h.startswith(f"{n}. {TITLE}") for h in headings), f"not numbered as the last chapter: {headings}"
        assert f'<a class="fig-number" href="#fig-sample-share-gdp">Figure {n}.1</a>' in page
        nato = data.load("nato_defence_expenditure")
        year = int(nato[(nato.series == "nato_defexp_share_gdp") & (nato.geo == "PL")]["year"].max())
        glued = re.findall(r'<a class="datum" href="\.\./pages/data\.html#([^"]+)"', page)
        assert glued == [prose.row_anchor("nato_defexp_share_gdp", "PL", year)], glued
        assert f"In {year}, Poland spent" in re.sub(r"<[^>]+>", "", page)
        # the figure's words come from its cell's `figures:` option, filled from the glue
        pl = nato[(nato.series == "nato_defexp_share_gdp") & (nato.geo == "PL") & (nato.year == year)]["value"].iloc[0]
        assert ('<span class="fig-title">Defence expenditure as a share of GDP, Poland</span>'
                f'<span class="fig-takeaway">Poland: {pl:.2f} % of GDP in {year}.</span>') in page
        front = (build / "html" / "index.html").read_text(encoding="utf-8")
        nav = re.findall(r'toctree-l1"><a class="reference internal" href="chapters/(\w+)\.html">', front)
        assert nav[-1] == "sample" and len(nav) == n, nav
        assert (f'href="chapters/sample.html"><span class="doc">{TITLE}</span></a>: {ENTRY["summary"]}'
                in front)
    finally:
        (book / "chapters" / "sample.md").unlink()
        registry.write_text(original)
    run_build(build, cwd=book)
    assert not (build / "html" / "chapters" / "sample.html").exists()


def _fails_with(book, build, fragment):
    before = (build / "html" / "index.html").read_bytes()
    result = run_build(build, cwd=book, check=False)
    assert result.returncode == 1 and fragment in result.stderr, result.stderr
    assert (build / "html" / "index.html").read_bytes() == before


def test_an_unregistered_chapter_stops_the_build(book_copy):
    book, build = book_copy
    stray = book / "chapters" / "sample.md"
    stray.write_text(SAMPLE)
    try:
        _fails_with(book, build, "chapters/sample.md: not in the chapter registry chapters/parameters.yml")
    finally:
        stray.unlink()


def test_a_title_that_disagrees_with_the_registry_stops_the_build(book_copy):
    book, build = book_copy
    source = book / "chapters" / "trust.md"
    original = source.read_text()
    source.write_text(original.replace("# Trust erosion: measuring transatlantic divergence", "# Trust", 1))
    try:
        _fails_with(book, build, "chapters/trust.md: the title (H1) is 'Trust', the registry chapters/parameters.yml says")
    finally:
        source.write_text(original)


def test_a_claim_of_an_unknown_chapter_or_prefix_stops_the_build(book_copy):
    book, build = book_copy
    claims = book / "data" / "claims.csv"
    history = book / "data" / "claims_history.csv"
    original, original_history = claims.read_text(), history.read_text()
    row = next(n for n, r in enumerate(csv.DictReader(io.StringIO(original)), start=2) if r["claim_id"] == "T1")
    try:
        claims.write_text(original.replace("\nT1,trust,", "\nT1,trusts,", 1))
        _fails_with(book, build, f"data/claims.csv:{row}: column 'chapter': 'trusts' is not a chapter of the registry")
        # Renamed in both tables, so that only the prefix rule is broken (not the history's reference).
        claims.write_text(original.replace("\nT1,trust,", "\nQ1,trust,", 1))
        history.write_text(original_history.replace("\nT1,", "\nQ1,"))
        _fails_with(book, build, f"data/claims.csv:{row}: column 'claim_id': 'Q1' must start with 'T'")
    finally:
        claims.write_text(original)
        history.write_text(original_history)

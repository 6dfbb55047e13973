"""One chapter registry (chapters/parameters.yml): a chapter added there and in chapters/ is published,
numbered and in the navigation; a chapter missing from it, or disagreeing with it, stops the build."""
from __future__ import annotations

import re

import yaml

from conftest import run_build

SAMPLE = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# Sample: a chapter added by a test

```{code-cell} ipython3
:tags: [parameters]

year = 2024
```

```{code-cell} ipython3
:tags: [remove-cell]

import bookkit as bk

bk.setup("sample")
nato = bk.load("nato_defence_expenditure")
row = nato[(nato.series == "nato_defexp_share_gdp") & (nato.geo == "PL") & (nato.year == year)]
bk.number("pl_share", row["value"].iloc[0], row, fmt="{:.2f}")
```

Poland spent {glue:}`pl_share` % of GDP on defence.
"""

ENTRY = {"title": "Sample: a chapter added by a test", "claim_prefix": "S", "summary": "a test chapter.",
         "parameters": {"year": {"value": 2024, "type": "int", "min": 2014, "max": 2024}}}


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
        assert any(h.startswith(f"{n}. Sample: a chapter added by a test") for h in headings), \
            f"not numbered as the last chapter: {headings}"
        front = (build / "html" / "index.html").read_text(encoding="utf-8")
        nav = re.findall(r'toctree-l1"><a class="reference internal" href="chapters/(\w+)\.html">', front)
        assert nav[-1] == "sample" and len(nav) == n, nav
        assert 'href="chapters/sample.html"><span class="doc">Sample: a chapter added by a test</span></a>: a test chapter.' in front
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
    try:
        claims.write_text(original.replace("\nT1,trust,", "\nT1,trusts,", 1))
        _fails_with(book, build, "data/claims.csv:8: column 'chapter': 'trusts' is not a chapter of the registry")
        # Renamed in both tables, so that only the prefix rule is broken (not the history's reference).
        claims.write_text(original.replace("\nT1,trust,", "\nQ1,trust,", 1))
        history.write_text(original_history.replace("\nT1,", "\nQ1,"))
        _fails_with(book, build, "data/claims.csv:8: column 'claim_id': 'Q1' must start with 'T'")
    finally:
        claims.write_text(original)
        history.write_text(original_history)

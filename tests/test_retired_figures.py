"""Stable addresses: a figure an edition published keeps its anchor. Dropping it stops the build until it is
listed as retired; then its old address leads to a note saying where its content went."""
from __future__ import annotations

from bs4 import BeautifulSoup

from conftest import run_build

RETIRED = """fig-east-refugees:
  title: People who fled Ukraine under EU temporary protection, per 1,000 inhabitants
  retired_in: "2027.01"
  note: Renamed by a test; the same data are drawn under a new name.
  see: fig-east-refugees-per-1000
"""


def test_a_dropped_figure_must_be_retired_and_its_address_keeps_working(book_copy):
    book, build = book_copy
    chapter, registry = book / "chapters" / "east.md", book / "chapters" / "retired_figures.yml"
    original_chapter, original_registry = chapter.read_text(encoding="utf-8"), registry.read_text(encoding="utf-8")
    # renaming a figure: its name in the call and the key of its texts in the cell's options
    assert original_chapter.count('name="refugees"') == 1 and original_chapter.count("\n  refugees:\n") == 1
    chapter.write_text(original_chapter.replace('name="refugees"', 'name="refugees-per-1000"')
                       .replace("\n  refugees:\n", "\n  refugees-per-1000:\n"), encoding="utf-8")
    try:
        before = (build / "html" / "index.html").read_bytes()
        failed = run_build(build, cwd=book, check=False)
        assert failed.returncode == 1
        assert ("fig-east-refugees: published in edition 2026.12 (Figure 3.4, \"People who fled Ukraine under EU "
                "temporary protection, per 1,000 inhabitants\") but no chapter draws it now") in failed.stderr
        assert "chapters/retired_figures.yml" in failed.stderr
        assert (build / "html" / "index.html").read_bytes() == before

        registry.write_text(original_registry.replace("{}", RETIRED), encoding="utf-8")
        run_build(build, cwd=book)
        page = BeautifulSoup((build / "html" / "chapters" / "east.html").read_text(encoding="utf-8"), "html.parser")
        note = page.select_one("#fig-east-refugees")
        assert note is not None and "retired-figure" in note["class"]
        assert "was retired in edition 2027.01" in note.get_text() and "Renamed by a test" in note.get_text()
        assert note.select_one("a")["href"] == "#fig-east-refugees-per-1000"
        assert page.select_one("figure#fig-east-refugees-per-1000") is not None
        changes = (build / "html" / "pages" / "changes.html").read_text(encoding="utf-8")
        assert 'href="../chapters/east.html#fig-east-refugees"' in changes
    finally:
        chapter.write_text(original_chapter, encoding="utf-8")
        registry.write_text(original_registry, encoding="utf-8")
    run_build(build, cwd=book)

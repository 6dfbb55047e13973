"""The chapter cache cannot be fooled by location: a copied checkout compares its own files."""
from __future__ import annotations

import shutil

from conftest import run_build
from test_bad_input import _value_change


def test_a_copied_checkout_reexecutes_a_chapter_whose_data_changed(book_copy, tmp_path):
    book, build = book_copy
    run_build(build, cwd=book)  # settle: the copy's book is up to date
    copy_root = tmp_path / "moved"
    shutil.copytree(book, copy_root / "book", symlinks=True)
    shutil.copytree(build, copy_root / "build", symlinks=True)
    table = copy_root / "book" / "data" / "nato_defence_expenditure.csv"
    change = _value_change("data/nato_defence_expenditure.csv", "nato_defexp_share_gdp", "DE", 2024,
                           lambda v: v + 0.01)
    table.write_text(change(table.read_text(encoding="utf-8")), encoding="utf-8")
    result = run_build(copy_root / "build", cwd=copy_root / "book")
    assert "executed chapters/autonomy.md" in result.stdout, result.stdout
    assert "chapters/trust.md unchanged: using the cached execution" in result.stdout, result.stdout


def test_an_unchanged_copy_uses_the_cache(book_copy, tmp_path):
    """The other half: a copy with no change re-executes nothing (so the test above can fail)."""
    book, build = book_copy
    run_build(build, cwd=book)
    shutil.copytree(book, tmp_path / "book", symlinks=True)
    shutil.copytree(build, tmp_path / "build", symlinks=True)
    (tmp_path / "build" / "html" / ".build-input").unlink()  # force the chapter-level cache check
    result = run_build(tmp_path / "build", cwd=tmp_path / "book")
    assert "executed" not in result.stdout, result.stdout
    assert result.stdout.count("unchanged: using the cached execution") == 4, result.stdout

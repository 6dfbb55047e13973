"""Editions: a changed data row shows up on the "What changed" page with the number's old and new value."""
from __future__ import annotations

import re

from conftest import run_build

ROW = "eda_defexp_total,EU27,2024,343,"


def test_a_revised_row_is_named_on_the_what_changed_page(book_copy):
    book, build = book_copy
    table = book / "data" / "eda_defence_data.csv"
    original = table.read_text(encoding="utf-8")
    assert original.count(ROW) == 1
    before = (build / "html" / "pages" / "changes.html").read_text(encoding="utf-8")
    assert "No number in the text, verdict, table row or figure changed" in before
    try:
        table.write_text(original.replace(ROW, "eda_defexp_total,EU27,2024,350,"), encoding="utf-8")
        run_build(build, cwd=book)
        page = (build / "html" / "pages" / "changes.html").read_text(encoding="utf-8")
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
        assert "autonomy/eda_total_2024 343 350 revised row: eda_defence_data:eda_defexp_total/EU27/2024" in text, text[:3000]
        assert "eda_defence_data : 0 rows added, 0 removed, 1 revised" in text
        assert 'href="data.html#row-eda-defexp-total-eu27-2024"' in page
    finally:
        table.write_text(original, encoding="utf-8")
        run_build(build, cwd=book)
    assert "No number in the text" in (build / "html" / "pages" / "changes.html").read_text(encoding="utf-8")

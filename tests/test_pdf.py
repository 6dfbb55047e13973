"""The PDF edition, read with poppler's own tools (pdfinfo, pdftotext) as a reader's software would."""
from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from bs4 import BeautifulSoup

from bookkit import book, edition
from bookkit.book import PDF_NAME

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def pdf(site):
    path = site / PDF_NAME
    info = dict(re.findall(r"^([A-Za-z ]+):\s+(.*)$", subprocess.run(["pdfinfo", str(path)], capture_output=True,
                                                                        text=True, check=True).stdout, re.M))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    # -layout keeps a hyphen that ends a line (the default mode joins such words), as URLs need.
    layout = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return {"unspaced": re.sub(r"\s+", "", layout), "info": info, "pages": text.split("\f")[:-1], "text": _flat(text),
            "manifest": json.loads((site / "edition.json").read_text(encoding="utf-8"))}


def test_page_count_is_the_one_the_build_recorded(pdf):
    assert int(pdf["info"]["Pages"]) == pdf["manifest"]["pdf"]["pages"] == len(pdf["pages"])
    assert pdf["info"]["Title"] == f"{book.citation()['title']}, edition {edition.edition()}"


def test_every_page_carries_the_edition_and_its_number(pdf):
    total = len(pdf["pages"])
    for number, page in enumerate(pdf["pages"], start=1):
        flat = _flat(page)
        assert f"Edition {edition.edition()}" in flat, f"page {number} lacks the edition"
        assert f"page {number} of {total}" in flat, f"page {number} lacks its page number"


def test_every_chapter_and_figure_is_in_the_pdf(pdf):
    figures = pdf["manifest"]["figures"]
    assert pdf["manifest"]["pdf"]["figures"] == len(figures)
    for chapter in book.chapters():
        assert _flat(chapter["title"]) in pdf["text"], chapter["title"]
    contents = _flat(" ".join(page for page in pdf["pages"][:4] if "Contents" in page))
    for anchor, fig in figures.items():
        caption = _flat(f"Figure {fig['number']} {fig['title']}")
        assert caption in pdf["text"], f"{anchor}: '{caption}' is not printed"
        assert f"Figure {fig['number']} " in contents, f"{anchor}: Figure {fig['number']} is not in the contents"


def test_source_addresses_are_printed(site, pdf):
    """Every figure of the HTML book (as many as the PDF's manifest records) names a source with an address,
    and every such address is printed in the PDF."""
    unspaced, figures = pdf["unspaced"], 0
    for chapter in book.chapters():
        soup = BeautifulSoup((site / "chapters" / f"{chapter['slug']}.html").read_text(encoding="utf-8"), "html.parser")
        for fig in soup.select("figure.book-figure"):
            figures += 1
            links = fig.select(".fig-source a[href^=http]")
            assert links, f"{fig['id']}: no source address"
            for link in links:
                assert link["href"] in unspaced, f"{fig['id']}: source address {link['href']} is not printed"
    assert figures == len(pdf["manifest"]["figures"])


def test_every_page_links_to_the_pdf(site):
    for page in [site / "index.html", *sorted((site / "chapters").glob("*.html")), *sorted((site / "pages").glob("*.html"))]:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        link = soup.select_one(".book-footer a[href$='.pdf']")
        assert link is not None, f"{page.name}: no link to the PDF edition"
        assert (page.parent / link["href"]).resolve() == (site / PDF_NAME).resolve()

"""The PDF edition: the built HTML pages, in reading order, printed by Chromium as one document.

    python -m bookkit.pdf [SITE]      # `make pdf`; the build also runs it before publishing

Nothing here renders a chart or lays out text: the pages' article bodies are joined into one HTML file
(each interactive chart replaced by the SVG the build already rendered, controls and downloads dropped,
links re-aimed inside the document), and Chromium prints it through Playwright with the book's own
stylesheet plus `bookkit/pdf.css`. A first print finds the page of every section and figure (from the
PDF's named destinations, read with pypdf); the second prints the table of contents with those pages.
Every page's footer carries the title, the edition and the page number.
"""
from __future__ import annotations

import hashlib
import html
import pathlib
import re
import shutil
import sys
import time
from urllib.parse import unquote, urldefrag, urlsplit

from bs4 import BeautifulSoup

from bookkit import book, edition
from bookkit.book import PDF_NAME, PUBLISHED

CHROMIUM = "/usr/bin/chromium"
# Elements that only make sense on screen: chart scripts, filters, downloads, data tables, heading links.
DROP = ["script", "noscript", "form", "button", "select", "input", "label", ".fig-downloads", "details.fig-table",
        ".ledger-filters", ".fig-share", "#ledger-count", "a.headerlink", ".toggle-details", ".sd-tab-set > input"]


def reading_order() -> list[str]:
    """Site-relative HTML paths in the order of the book's table of contents (front page first)."""
    toc = book.toc()
    # The country briefs are views of the chapters' data for one country each: the web edition has them, the
    # printed book does not.
    files = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part.get("chapters", [])
                             if not c["file"].startswith("briefs/")]
    return [f + ".html" for f in files]


def _page_key(path: str) -> str:
    return "page-" + re.sub(r"[^a-z0-9]+", "-", path.removesuffix(".html").lower()).strip("-")


def _article(site: pathlib.Path, path: str, keys: dict[str, str]) -> tuple[BeautifulSoup, str]:
    """One page's article body, made printable and re-aimed into the combined document."""
    page = site / path
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article.bd-article") or soup.body
    title = (article.find("h1").get_text(" ", strip=True) if article.find("h1") else path).replace("#", "").strip()
    for chart in article.select("div.vega-chart"):  # the chart's build-time SVG, which the page shows until drawn
        img = chart.select_one("img.chart-placeholder")
        img.attrs.update({"class": "pdf-chart", "alt": chart.get("aria-label", ""), "loading": "eager"})
        chart.replace_with(img)
    _ledger_as_blocks(soup, article)
    for table in article.select("table.cited-rows"):  # series rows (Geo, Year, Value...) print one line each
        if [th.get_text(strip=True) for th in table.select("thead th")][:2] == ["Geo", "Year"]:
            table["class"] = table.get("class", []) + ["pdf-series-rows"]
    for selector in DROP:
        for el in article.select(selector):
            el.decompose()
    # Closed <details> print as their summary only: open citations and source lists (long tables stay shut).
    for details in article.select("details.fig-cite, details:has(> ul.sources)"):
        details["open"] = ""
    key = keys[path]
    for el in article.select("[id]"):
        el["id"] = f"{key}--{el['id']}"
    for img in article.select("img[src]"):
        if not img["src"].startswith(("file:", "data:")):
            img["src"] = (page.parent / unquote(img["src"])).resolve().as_uri()
    for a in article.select("a[href]"):
        a["href"] = _reaim(a["href"], page, site, key, keys)
    return article, title


def _ledger_as_blocks(soup: BeautifulSoup, article) -> None:
    """The ledger's seven columns do not fit a printed page: print each claim as a block of labelled lines."""
    table = article.select_one("table#ledger")
    if table is None:
        return
    heads = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    blocks = soup.new_tag("div")
    blocks["class"] = "pdf-ledger"
    for row in table.select("tbody tr"):
        cells = dict(zip(heads, row.find_all("td", recursive=False)))
        block = soup.new_tag("div", id=row.get("id", ""))
        block["class"] = "pdf-claim"
        head = soup.new_tag("p")
        head["class"] = "pdf-claim-head"
        for name in ("Id", "Chapter", "Kind", "Verdict"):
            head.extend(list(cells[name].contents) + [" · "] if name != "Verdict" else list(cells[name].contents))
        block.append(head)
        for name in heads[3:]:
            if name == "Verdict" or not cells[name].get_text(strip=True):
                continue
            para = soup.new_tag("p")
            label = soup.new_tag("strong")
            label.string = f"{name}: "
            para.append(label)
            para.extend(list(cells[name].contents))
            block.append(para)
        blocks.append(block)
    (table.find_parent("div", class_="table-scroll") or table).replace_with(blocks)


def _reaim(href: str, page: pathlib.Path, site: pathlib.Path, key: str, keys: dict[str, str]) -> str:
    """A link inside the book becomes a link inside the PDF; other links stay as they are."""
    if urlsplit(href).scheme in ("http", "https", "mailto"):
        return href
    target, fragment = urldefrag(href)
    if not target:
        return f"#{key}--{fragment}" if fragment else href
    path = (page.parent / unquote(target)).resolve()
    try:
        rel = path.relative_to(site.resolve()).as_posix()
    except ValueError:
        return href
    if rel in keys:
        return f"#{keys[rel]}--{fragment}" if fragment else f"#{keys[rel]}"
    return path.as_uri()  # a download (CSV, source notebook): the file as shipped with the site


def _toc_html(entries: list[tuple[str, str, int]], pages: dict[str, int]) -> str:
    rows = []
    for target, text, level in entries:
        page = pages.get(target)
        rows.append(f'<p class="toc-{level}"><a href="#{target}">{html.escape(text)}</a>'
                    f'<span class="toc-page">{page or ""}</span></p>')
    return '<nav class="pdf-toc" id="pdf-toc"><h1>Contents</h1>' + "".join(rows) + "</nav>"


def assemble(site: pathlib.Path) -> tuple[str, list[tuple[str, str, int]]]:
    """The combined HTML (with a placeholder for the contents) and the contents' entries."""
    order = [p for p in reading_order() if (site / p).exists()]
    keys = {p: _page_key(p) for p in order}
    sections, entries = [], []
    for path in order:
        article, title = _article(site, path, keys)
        entries.append((keys[path], title, 1))
        for fig in article.select("figure.book-figure"):
            number = fig.select_one(".fig-number").get_text(strip=True)
            entries.append((fig["id"], f"{number} {fig.select_one('.fig-title').get_text(strip=True)}", 2))
        sections.append(f'<section class="pdf-page" id="{keys[path]}">{article.decode_contents()}</section>')
    # pdf.css lives beside this module, not in _static: Jupyter Book links every _static stylesheet into every page.
    css = [site / "_static" / "book.css", pathlib.Path(__file__).with_name("pdf.css")]
    styles = "".join(f'<link rel="stylesheet" href="{c.resolve().as_uri()}">' for c in css if c.exists())
    meta = book.citation()
    cover = (f'<section class="pdf-cover"><p class="pdf-cover-title">{html.escape(meta["title"])}</p>'
             f'<p>{html.escape(book.authors())}</p><p>Edition {html.escape(edition.edition())}, '
             f'{html.escape(str(meta["date-released"]))}</p><p>{html.escape(meta.get("abstract", "").strip())}</p></section>')
    document = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(meta["title"])}, '
                f'edition {html.escape(edition.edition())}</title>{styles}</head><body class="pdf-book">'
                f'{cover}<!--TOC-->{"".join(sections)}</body></html>')
    return document, entries


def _destinations(pdf: bytes) -> dict[str, int]:
    """Named destination -> 1-based page number (Chromium writes one per internal link target)."""
    import io

    from pypdf import PdfReader
    reader = PdfReader(io.BytesIO(pdf))
    out = {}
    for name, dest in reader.named_destinations.items():
        try:
            out[str(name).lstrip("/")] = reader.get_destination_page_number(dest) + 1
        except Exception:  # a destination without a page: leave it out of the contents
            continue
    return out


def _footer() -> str:
    title = html.escape(book.citation()["title"])
    return ('<div style="font-size:8px;width:100%;padding:0 12mm;color:#52606d;display:flex;'
            'justify-content:space-between;font-family:system-ui,sans-serif">'
            f'<span>{title} · Edition {html.escape(edition.edition())}</span>'
            '<span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>')


def _print(site: pathlib.Path, document: str, entries: list[tuple[str, str, int]]) -> bytes:
    """Chromium prints the document twice: the second time with the contents' page numbers."""
    from playwright.sync_api import sync_playwright

    combined = site / ".pdf-book.html"
    options = dict(format="A4", print_background=True, display_header_footer=True,
                   header_template="<span></span>", footer_template=_footer(),
                   margin={"top": "16mm", "bottom": "18mm", "left": "16mm", "right": "16mm"})
    pages: dict[str, int] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(java_script_enabled=False)
        for _ in range(2):
            combined.write_text(document.replace("<!--TOC-->", _toc_html(entries, pages)), encoding="utf-8")
            page.goto(combined.as_uri(), wait_until="load")
            pdf = page.pdf(**options)
            pages = _destinations(pdf)
        browser.close()
    combined.unlink()
    return _with_outline(pdf, entries, pages)


def _inputs_digest(site: pathlib.Path, document: str) -> str:
    """The document and every file it loads (chart SVGs, stylesheets): the PDF depends on nothing else."""
    # Keyed on content, not location: the stage and the published copy of one site print the same PDF.
    digest = hashlib.sha256(document.replace(site.as_uri(), "SITE").encode("utf-8") + _footer().encode("utf-8"))
    for uri in sorted(set(re.findall(r'(?:src|href)="(file://[^"#]+)"', document))):
        path = pathlib.Path(unquote(urlsplit(uri).path))
        if path.suffix in (".svg", ".css", ".png") and path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def write_cached(site: pathlib.Path, cache: pathlib.Path) -> dict:
    """Write site/after-the-pivot.pdf, re-printing only when its inputs changed since the cached print."""
    started = time.perf_counter()
    site = site.resolve()
    document, entries = assemble(site)
    cached = cache / f"{_inputs_digest(site, document)}.pdf"
    hit = cached.exists()
    if not hit:
        data = _print(site, document, entries)
        shutil.rmtree(cache, ignore_errors=True)
        cache.mkdir(parents=True)
        cached.write_bytes(data)
    shutil.copyfile(cached, site / PDF_NAME)
    return {"path": site / PDF_NAME, "pages": page_count(cached), "bytes": cached.stat().st_size,
            "figures": sum(1 for e in entries if e[2] == 2), "cached": hit, "seconds": time.perf_counter() - started}


def page_count(path: pathlib.Path) -> int:
    from pypdf import PdfReader
    return len(PdfReader(path).pages)


def _with_outline(pdf: bytes, entries: list[tuple[str, str, int]], pages: dict[str, int]) -> bytes:
    """Add bookmarks (pages, and figures under their chapter) and the document's metadata."""
    import io

    from pypdf import PdfReader, PdfWriter
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    parent = None
    for target, text, level in entries:
        if target not in pages:
            continue
        item = writer.add_outline_item(title=text, page_number=pages[target] - 1, parent=parent if level == 2 else None)
        if level == 1:
            parent = item
    meta = book.citation()
    writer.add_metadata({"/Title": f"{meta['title']}, edition {edition.edition()}", "/Author": book.authors(),
                         "/Subject": f"Edition {edition.edition()} ({meta['date-released']})"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    site = pathlib.Path(argv[0]) if argv else PUBLISHED
    if not (site / "index.html").exists():
        print(f"no built book at {site}: run `make book` first", file=sys.stderr)
        return 1
    from bookkit.book import CACHE
    info = write_cached(site, CACHE / "pdf")
    print(f"wrote {info['path']}: {info['pages']} pages, {info['figures']} figures, "
          f"{info['bytes'] / 1e6:.1f} MB in {info['seconds']:.1f} s" + (" (unchanged since the last print)" if info["cached"] else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())

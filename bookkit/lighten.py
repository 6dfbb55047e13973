"""Lighter pages: what the build changes in Sphinx's HTML so that a page loads only what it needs.

- FontAwesome's 1.5 MB script is dropped; its icons are written into the page as SVG (bookkit.icons).
- The Vega bundle and the chart loader load only on pages that draw a chart, deferred (never blocking the
  first paint); charts are drawn as they near the viewport (_static/charts.js).
- The search index and its scripts load only on the search page; the code-copy scripts only where code is shown.
- Every page gets a meta description (its first paragraph) and the title and description a social card uses.
"""
from __future__ import annotations

import html
import re

from bookkit import icons

DEFERRED = ("vega-bundle.js", "charts.js", "book.js")
CHART_ONLY = ("vega-bundle.js", "charts.js")
SEARCH_ONLY = ("searchtools.js", "language_data.js", "searchindex.js")
CODE_ONLY = ("clipboard.min.js", "copybutton.js")
DESCRIPTION_CHARS = 160


def _script_tag(name: str) -> re.Pattern:
    return re.compile(r'<script(?P<attrs>[^>]*?)src="(?P<src>[^"]*?/?' + re.escape(name) + r'(?:\?[^"]*)?)"(?P<rest>[^>]*)></script>\n?')


def _drop(text: str, name: str) -> str:
    return _script_tag(name).sub("", text)


def _defer(text: str, name: str) -> str:
    def add(m: re.Match) -> str:
        if "defer" in m.group("attrs") + m.group("rest"):
            return m.group(0)
        return f'<script defer{m.group("attrs")}src="{m.group("src")}"{m.group("rest")}></script>\n'
    return _script_tag(name).sub(add, text)


def description(text: str) -> str:
    """The page's first paragraph of prose, as plain text cut at a word before DESCRIPTION_CHARS."""
    article = text[text.find('<article'):] if '<article' in text else text
    for para in re.findall(r"<p(?:\s[^>]*)?>(.*?)</p>", article, flags=re.S):
        plain = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", para))).strip()
        if len(plain) >= 60:
            if len(plain) > DESCRIPTION_CHARS:
                plain = plain[:DESCRIPTION_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"
            return plain
    return ""


def _meta(text: str, site_title: str, fallback: str) -> str:
    if 'name="description"' in text:
        return text
    title = re.search(r"<title>(.*?)</title>", text, flags=re.S)
    desc = html.escape(description(text) or fallback, quote=True)
    tags = [f'<meta name="description" content="{desc}" />',
            f'<meta property="og:title" content="{title.group(1).strip() if title else html.escape(site_title)}" />',
            f'<meta property="og:description" content="{desc}" />',
            '<meta property="og:type" content="article" />',
            f'<meta property="og:site_name" content="{html.escape(site_title)}" />']
    return text.replace("</head>", "\n".join(tags) + "\n</head>", 1)


def page(text: str, *, is_search: bool, packs: dict, site_title: str, fallback: str) -> tuple[str, set[str]]:
    """fallback: the description of a page with no paragraph of prose (index, search): the book's abstract."""
    # Returns the lighter page, and the icons it uses that FontAwesome's script did not define.
    text, missing = icons.inline(text, packs)
    has_charts = 'class="vega-chart"' in text
    for name in DEFERRED:
        text = _defer(text, name) if has_charts or name not in CHART_ONLY else _drop(text, name)
    if not is_search:
        for name in SEARCH_ONLY:
            text = _drop(text, name)
    if 'class="highlight' not in text:
        for name in CODE_ONLY:
            text = _drop(text, name)
    return _meta(text, site_title, fallback), missing

"""Lighter pages: what the build changes in Sphinx's HTML so that a page loads only what it needs.

- FontAwesome's 1.5 MB script is dropped; its icons are written into the page as SVG (bookkit.icons).
- The chart loader (_static/charts.js) loads only on pages that draw a chart, deferred; it shows each chart's
  build-time SVG at once, and fetches the Vega bundle and draws the interactive charts as they near
  the viewport.
- The search index and its scripts load only on the search page; the theme's extras (code copy and
  highlighting, toggles, sphinx-design) only where a page uses them.
- Every script in the head is deferred (an inline one that needs an earlier file becomes a deferred data:
  script, so the order is kept): nothing but stylesheets stands between the page and its first paint.
- Every page gets a meta description (its first paragraph) and the title and description a social card uses.
"""
from __future__ import annotations

import html
import re

from bookkit import icons

SEARCH_ONLY = ("searchtools.js", "language_data.js", "searchindex.js")
# Theme assets and what a page must contain to need them.
OPTIONAL = [
    (("pygments.css", "copybutton.css", "clipboard.min.js", "copybutton.js"), lambda t: 'class="highlight' in t),
    (("togglebutton.css", "togglebutton.js"), lambda t: _has_class(t, "toggle") or _has_class(t, "dropdown", "admonition")),
    (("sphinx-design.min.css", "design-tabs.js"), lambda t: 'class="sd-' in t),
]
DESCRIPTION_CHARS = 160


def _script_tag(name: str) -> re.Pattern:
    return re.compile(r'<script(?P<attrs>[^>]*?)src="(?P<src>[^"]*?/?' + re.escape(name) + r'(?:\?[^"]*)?)"(?P<rest>[^>]*)></script>\n?')


def _drop(text: str, name: str) -> str:
    if name.endswith(".css"):
        return re.sub(r'<link[^>]*href="[^"]*?' + re.escape(name) + r'(?:\?[^"]*)?"[^>]*>\n?', "", text)
    return _script_tag(name).sub("", text)


def _has_class(text: str, *names: str) -> bool:
    """Whether some element carries all of these classes (as whole class names, not parts of others)."""
    return any(set(names) <= set(value.split()) for value in re.findall(r'class="([^"]*)"', text))


def _defer_head(text: str) -> str:
    """Defer every script of the head; inline ones that use DOCUMENTATION_OPTIONS move into that order too."""
    from urllib.parse import quote
    end = text.find("</head>")
    head, rest = text[:end], text[end:]

    def fix(m: re.Match) -> str:
        attrs, body = m.group(1), m.group(2)
        if "src=" in attrs:
            return m.group(0) if re.search(r"\b(?:defer|async)\b", attrs) else f"<script defer{attrs}></script>"
        if "DOCUMENTATION_OPTIONS" in body:
            return f'<script defer src="data:text/javascript,{quote(body.strip())}"></script>'
        return m.group(0)
    return re.sub(r"<script([^>]*)>(.*?)</script>", fix, head, flags=re.S) + rest


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
    # Never a tag for the Vega bundle (charts.js fetches it after load); pages Sphinx did not rewrite may hold one.
    text = _drop(text, "vega-bundle.js")
    if 'class="vega-chart"' not in text:
        text = _drop(text, "charts.js")
    if not is_search:
        for name in SEARCH_ONLY:
            text = _drop(text, name)
    # theme.css only @imports basic.css: link basic.css itself, saving a round trip before the first paint.
    text = re.sub(r'<link href="([^"]*?)styles/theme\.css[^"]*" rel="stylesheet" />', r'<link href="\1basic.css" rel="stylesheet" />',
                  text)
    for names, needed in OPTIONAL:
        if not needed(text):
            for name in names:
                text = _drop(text, name)
    # The navigation's expand/collapse toggle (the country briefs under their index) has only an icon: name it.
    text = re.sub(r'(<a class="[^"]*reference internal[^"]*" href="[^"]*">([^<]+)</a>\s*<details[^>]*>)<summary>',
                  lambda m: f'{m.group(1)}<summary aria-label="Show or hide the pages under {m.group(2)}">', text)
    return _meta(_defer_head(text), site_title, fallback), missing

"""Keep the book self-contained: ship the Vega bundle as a site file, and refuse any third-party asset.

The scan is a build gate (a page that would fetch a script, style, font or image from another host fails
the build); the browser tests then prove it by recording every request a real browser makes.
"""
from __future__ import annotations

import pathlib
import re
from html.parser import HTMLParser

BUNDLE_NAME = "vega-bundle.js"
REMOTE = re.compile(r"^(https?:)?//", re.I)
CSS_URL = re.compile(r"(?:url\(\s*['\"]?|@import\s+['\"])((?:https?:)?//[^'\")\s]+)", re.I)
# Inline scripts hold URLs as data (chart specs name their JSON schema); flag only hosts that serve code.
CODE_HOSTS = re.compile(r"(?:https?:)?//(?:cdn\.jsdelivr\.net|unpkg\.com|cdnjs\.cloudflare\.com|ajax\.googleapis\.com"
                        r"|fonts\.(?:googleapis|gstatic)\.com|code\.jquery\.com|www\.googletagmanager\.com"
                        r"|www\.google-analytics\.com|cdn\.plot\.ly|esm\.sh|cdn\.skypack\.dev)[^\s\"'`)<>]*", re.I)


def bundle_version() -> str:
    from importlib.metadata import version
    return f"vl-convert {version('vl-convert-python')}"


def ensure_bundle(static_dir: pathlib.Path) -> pathlib.Path:
    """Write the Vega bundle once per vl-convert version (it is ~1 MB and slow to generate)."""
    path = static_dir / BUNDLE_NAME
    stamp = static_dir / (BUNDLE_NAME + ".version")
    if not path.exists() or not stamp.exists() or stamp.read_text() != bundle_version():
        static_dir.mkdir(parents=True, exist_ok=True)
        write_bundle(path)
        stamp.write_text(bundle_version())
    return path


def write_bundle(path: pathlib.Path) -> None:
    """Write Vega + Vega-Lite + Vega-Embed as one classic script.

    Wrapped in a function so its top-level `const _` cannot clash with Sphinx's own `_` (doctools.js);
    not an ES module, because browsers refuse module scripts from file:// pages.
    """
    import vl_convert as vlc
    from altair.utils._importers import vl_version_for_vl_convert

    bundle = vlc.javascript_bundle(vl_version=vl_version_for_vl_convert())
    path.write_text("(function(){\n" + bundle + "\n})();\n", encoding="utf-8")


class _Scan(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._in = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("src", "data-src", "poster", "srcset"):
            if a.get(key) and REMOTE.match(a[key]):
                self.found.append(f"<{tag} {key}={a[key]}>")
        if tag == "link" and a.get("href") and REMOTE.match(a["href"]):
            self.found.append(f"<link rel={a.get('rel')} href={a['href']}>")
        if a.get("style"):
            self.found += [f"style url {u}" for u in CSS_URL.findall(a["style"])]
        self._in = tag if tag in ("script", "style") else None

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "script":
            self.found += [f"inline script loads {u}" for u in CODE_HOSTS.findall(data)]
        elif self._in == "style":
            self.found += [f"<style> {u}" for u in CSS_URL.findall(data)]


def third_party_references(site: pathlib.Path) -> list[str]:
    """Every place in the built HTML/CSS that would make the browser fetch from another host."""
    problems = []
    for page in sorted(site.rglob("*.html")):
        scan = _Scan()
        scan.feed(page.read_text(encoding="utf-8", errors="replace"))
        problems += [f"{page.relative_to(site)}: {item[:160]}" for item in scan.found]
    for sheet in sorted(site.rglob("*.css")):
        problems += [f"{sheet.relative_to(site)}: css {u}" for u in CSS_URL.findall(sheet.read_text(errors="replace"))]
    return problems

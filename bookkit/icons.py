"""Icons without FontAwesome's 1.5 MB script: the few icons the theme shows, written into the pages as SVG.

pydata-sphinx-theme draws its icons (menu, search, theme switch, download...) by loading FontAwesome's
JavaScript, which turns each `<i class="fa-solid fa-bars">` into an SVG after the page loads. That script
is the heaviest file of every page. The build instead takes each icon's path from that same script (so the
icons look exactly as before), writes the SVG in place of the `<i>`/`<span>`, and drops the script.
"""
from __future__ import annotations

import re

# The pack each style prefix belongs to, as FontAwesome's script registers them (d("fas", icons), ...).
PACKS = {"fa-solid": "fas", "fas": "fas", "fa-regular": "far", "far": "far", "fa-brands": "fab", "fab": "fab"}
ICON_TAG = re.compile(r'<(i|span) class="((?:fa-solid|fas|fa-regular|far|fa-brands|fab) fa-([a-z0-9-]+)[^"]*)"'
                      r'([^>]*)>\s*</\1>')
SCRIPT_TAG = re.compile(r'<(?:script|link)[^>]*fontawesome\.js[^>]*>(?:</script>)?\s*')
# What FontAwesome's script would inject as CSS for its SVGs (kept minimal).
CSS = (".svg-inline--fa{display:inline-block;height:1em;overflow:visible;vertical-align:-.125em;"
       "box-sizing:content-box}")


def load(script: str) -> dict[str, dict[str, tuple[int, int, str]]]:
    """pack -> icon name -> (width, height, path), read from FontAwesome's all-in-one script."""
    packs, start = {}, 0
    for call in re.finditer(r'\("(fa[srb])",', script):
        chunk = script[start:call.start()]
        icons = {}
        for m in re.finditer(r'(?:"([a-z0-9-]+)"|([a-z0-9]+)):\[(\d+),(\d+),\[[^\]]*\],"[0-9a-f]+","([^"]+)"\]', chunk):
            icons.setdefault(m.group(1) or m.group(2), (int(m.group(3)), int(m.group(4)), m.group(5)))
        packs.setdefault(call.group(1), icons)
        start = call.end()
    return packs


def inline(html: str, packs: dict) -> tuple[str, set[str]]:
    """Replace icon elements by inline SVG; return the page and the names of icons that could not be found."""
    missing = set()

    def svg(m: re.Match) -> str:
        classes, name, rest = m.group(2), m.group(3), m.group(4)
        pack = PACKS[classes.split()[0]]
        icon = packs.get(pack, {}).get(name)
        if icon is None:
            missing.add(f"{pack} {name}")
            return m.group(0)
        width, height, path = icon
        label = re.search(r'aria-label="([^"]*)"', rest)
        a11y = f'role="img" aria-label="{label.group(1)}"' if label else 'aria-hidden="true"'
        return (f'<svg class="svg-inline--fa {classes}" {a11y} focusable="false" xmlns="http://www.w3.org/2000/svg" '
                f'viewBox="0 0 {width} {height}"><path fill="currentColor" d="{path}"/></svg>')

    return SCRIPT_TAG.sub("", ICON_TAG.sub(svg, html)), missing

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
ICON_TAG = re.compile(r'<(i|span) class="([^"]*\bfa[srb]?\b[^"]*|[^"]*\bfa-(?:solid|regular|brands)\b[^"]*)"([^>]*)>\s*</\1>')
SCRIPT_TAG = re.compile(r'<(?:script|link)[^>]*fontawesome\.js[^>]*>(?:</script>)?\s*')

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
        classes, rest = m.group(2).split(), m.group(3)
        pack = next((PACKS[c] for c in classes if c in PACKS), "fas")  # a bare "fa" is the solid style
        names = [c[3:] for c in classes if c.startswith("fa-") and c not in PACKS]
        name = next((n for n in names if n in packs.get(pack, {})), None)
        if name is None:
            missing.add(f"{pack} {' '.join(names)}")
            return m.group(0)
        icon = packs[pack][name]
        width, height, path = icon
        label = re.search(r'aria-label="([^"]*)"', rest)
        a11y = f'role="img" aria-label="{label.group(1)}"' if label else 'aria-hidden="true"'
        others = re.sub(r'\s*(?:aria-label|aria-hidden|role)="[^"]*"', "", rest)  # e.g. the theme switch's data-mode
        # FontAwesome's own classes would make the browser fetch its web font for the (unrendered) ::before.
        kept = [c for c in classes if c not in PACKS and c not in ("fa", f"fa-{name}")]
        css_class = " ".join(["svg-inline--fa", f"icon-{name}", *kept])
        return (f'<svg class="{css_class}"{others} {a11y} focusable="false" xmlns="http://www.w3.org/2000/svg" '
                f'viewBox="0 0 {width} {height}"><path fill="currentColor" d="{path}"/></svg>')

    return SCRIPT_TAG.sub("", ICON_TAG.sub(svg, html)), missing

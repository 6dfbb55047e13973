"""The words a chapter writes as prose in its code cells' YAML options, not as Python strings: each figure's
title, takeaway and alt text (`figures:`) and sentences whose wording depends on the data (`sentences:`).

    ```{code-cell} ipython3
    ---
    tags: [remove-cell]
    sentences:
      growth_sentence:                 # bk.say("growth_sentence", "rose" if growth > 0 else "fell")
        rose: Spending rose by {growth} %.
        fell: Spending fell by {growth} %.
    figures:
      share-gdp:                       # bk.figure(chart, "share-gdp", rows=...)
        title: Defence expenditure as a share of GDP
        takeaway: "{n_up} of {n_countries} Allies raised their share."
        alt_text: Line chart of ...
      money:                           # bk.figure(chart, "money", rows=..., variant=currency)
        title:
          EUR: Aid to Ukraine per year, in euros
          USD: Reconstruction needs, in US dollars
        takeaway: ...
        alt_text: ...
    ---
    ```

A {key} stands for what the chapter glued under key (bookkit.prose). Runs in the kernel: it reads the MyST file
being executed (the build names it in BOOK_SOURCE; in a Jupyter session it is chapters/<slug>.md).
"""
from __future__ import annotations

import os
import pathlib

from bookkit import book

FIGURE_PARTS = ("title", "takeaway", "alt_text")
_read: dict[tuple[pathlib.Path, float], dict] = {}  # (source, modification time) -> what it wrote


def source_path(slug: str) -> pathlib.Path:
    return pathlib.Path(os.environ.get("BOOK_SOURCE") or book.ROOT / "chapters" / f"{slug}.md")


def written(source: pathlib.Path) -> dict[str, dict]:
    """{"figures": {name: {title, takeaway, alt_text}}, "sentences": {key: template}}, where each template is a
    string or {variant: string}."""
    import jupytext
    found: dict[str, dict] = {"figures": {}, "sentences": {}}
    for cell in jupytext.read(source, fmt="md:myst").cells:
        for kind, entries in found.items():
            for name, value in (cell.metadata.get(kind) or {}).items():
                where = f"{source.name}: {kind[:-1]} '{name}'"
                if name in entries:
                    raise ValueError(f"{where}: written in two cells")
                entries[name] = _checked(kind, value, where)
    return found


def _checked(kind: str, value, where: str):
    """A sentence is a template or {variant: template}; a figure has exactly the three parts, each of them a
    template or {variant: template} (e.g. a takeaway worded one way when a value rose, another when it fell)."""
    if kind == "figures" and (not isinstance(value, dict) or set(value) != set(FIGURE_PARTS)):
        got = sorted(value) if isinstance(value, dict) else type(value).__name__
        raise ValueError(f"{where}: the cell's `figures` option needs exactly {', '.join(FIGURE_PARTS)} (got {got})")
    if kind == "figures":
        return {part: _checked("sentences", text, where) for part, text in value.items()}
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items()}
    return str(value)


def chosen(template, variant: str | None, where: str) -> str:
    """The template itself, or its `variant` when it was written in several."""
    if isinstance(template, dict) != (variant is not None) or (variant is not None and variant not in template):
        raise KeyError(f"{where}: variant {variant!r} asked, written: "
                       f"{', '.join(template) if isinstance(template, dict) else 'one'}")
    return template[variant] if variant is not None else template


def of(slug: str, kind: str) -> dict:
    """What the chapter being executed wrote under `kind` ("figures" or "sentences"); nothing for a source
    without such options (the country brief writes its figure texts in code)."""
    source = source_path(slug)
    if not source.exists():
        return {}
    key = (source, source.stat().st_mtime)  # an edited source is read again (a Jupyter session re-runs cells)
    if key not in _read:
        _read[key] = written(source)
    return _read[key][kind]

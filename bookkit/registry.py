"""The registry's promises, checked on every build: each chapter source is registered under its title, every
figure a claim cites was drawn, and a figure an earlier edition published is still drawn or listed as retired
(chapters/retired_figures.yml), whose note then keeps its old address working.
"""
from __future__ import annotations

import html
import re

import yaml

from bookkit import book
from bookkit.book import ROOT
from bookkit.errors import BuildError


def check_registry(chapters: list) -> None:
    """Every chapter source is registered, and every registered chapter's H1 is its registered title."""
    registered = {c.slug for c in chapters}
    for source in sorted((ROOT / "chapters").glob("*.md")):
        if source.stem != "README" and source.stem not in registered:
            raise BuildError(f"chapters/{source.name}: not in the chapter registry chapters/parameters.yml "
                             "(add an entry there, or move the file out of chapters/)")
    for entry in book.chapters():
        text = (ROOT / "chapters" / f"{entry['slug']}.md").read_text(encoding="utf-8")
        heading = re.search(r"^# (.+)$", re.sub(r"```.*?```", "", text, flags=re.S), flags=re.M)
        if not heading or heading.group(1).strip() != entry["title"]:
            found = repr(heading.group(1).strip()) if heading else "no H1"
            raise BuildError(f"chapters/{entry['slug']}.md: the title (H1) is {found}, the registry "
                             f"chapters/parameters.yml says {entry['title']!r}")


def drawn_figures(metas: list[dict]) -> set[str]:
    """The anchors of the figures the chapters drew in this build (metas: their records)."""
    return {f["anchor"] for meta in metas for f in meta["figures"]}


def check_claim_figures(drawn: set[str]) -> None:
    """Every figure a claim cites (data/claims.csv, column figures) was drawn by a chapter in this build."""
    import csv
    with (book.DATA_DIR / "claims.csv").open(encoding="utf-8") as fh:
        for n, row in enumerate(csv.DictReader(fh), start=2):
            for anchor in filter(None, (a.strip() for a in row["figures"].split(";"))):
                if anchor not in drawn:
                    raise BuildError(f"data/claims.csv:{n}: column 'figures': claim {row['claim_id']} cites "
                                     f"'{anchor}', which no chapter drew in this build")


RETIRED_FIGURES = ROOT / "chapters" / "retired_figures.yml"


def retired_figures() -> dict[str, dict]:
    if not RETIRED_FIGURES.exists():
        return {}
    return yaml.safe_load(RETIRED_FIGURES.read_text(encoding="utf-8")) or {}


def check_retired_figures(drawn: set[str], previous: dict | None) -> dict[str, dict]:
    """A figure an earlier edition published (previous: its manifest) either is still drawn or is listed as
    retired (and not both)."""
    retired = retired_figures()
    where = RETIRED_FIGURES.relative_to(ROOT)
    slugs = {c["slug"] for c in book.chapters()}
    for anchor, entry in retired.items():
        if anchor in drawn:
            raise BuildError(f"{where}: '{anchor}' is listed as retired, but a chapter still draws it")
        missing = [k for k in ("title", "retired_in", "note") if not str((entry or {}).get(k) or "").strip()]
        if missing:
            raise BuildError(f"{where}: '{anchor}' lacks {', '.join(missing)}")
        if not anchor.startswith("fig-") or anchor.split("-")[1] not in slugs:
            raise BuildError(f"{where}: '{anchor}' does not name a chapter of the registry (fig-<chapter>-<name>)")
        if entry.get("see") and entry["see"] not in drawn:
            raise BuildError(f"{where}: '{anchor}' points to '{entry['see']}', which no chapter drew in this build")
    previous = previous or {"figures": {}, "edition": None}
    for anchor in sorted(set(previous["figures"]) - drawn - set(retired)):
        raise BuildError(f"{anchor}: published in edition {previous['edition']} (Figure "
                         f"{previous['figures'][anchor]['number']}, \"{previous['figures'][anchor]['title']}\") but no "
                         f"chapter draws it now; keep its address by listing it in {where} with a note saying "
                         "where its content went")
    return retired


def retired_notes(slug: str, retired: dict[str, dict]) -> str:
    """Markdown for the end of a chapter: one note per retired figure, carrying the figure's old anchor."""
    notes = []
    for anchor, entry in sorted(retired.items()):
        if anchor.split("-")[1] != slug:
            continue
        see = (f' Its content is now in <a href="#{html.escape(entry["see"])}">this figure</a>.'
               if entry.get("see") else "")
        notes.append(f'<p class="retired-figure" id="{html.escape(anchor)}"><strong>Retired figure:</strong> '
                     f'“{html.escape(entry["title"])}” was retired in edition {html.escape(str(entry["retired_in"]))}. '
                     f'{html.escape(entry["note"])}{see}</p>')
    return ("## Retired figures\n\nFigures earlier editions published here; links to them lead to these notes.\n\n"
            + "\n".join(notes) + "\n") if notes else ""

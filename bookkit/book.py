"""Facts about the book itself (title, version, chapters) that pages and citations need."""
from __future__ import annotations

import csv
import functools
import os
import pathlib

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
PARAMETERS_FILE = ROOT / "chapters" / "parameters.yml"
DATA_DIR = ROOT / "data"
# Where a build works and publishes; BOOK_BUILD_DIR lets two builds (the tests' and a maintainer's) run side by side.
BUILD = pathlib.Path(os.environ.get("BOOK_BUILD_DIR", ROOT / "_build")).resolve()
PUBLISHED = BUILD / "html"   # the published book, replaced only by a complete new one
STAGE = BUILD / "stage"      # the jupyter-book project the build assembles
CACHE = BUILD / "cache"      # executed notebooks, one folder each
PDF_NAME = "after-the-pivot.pdf"
# The essay the book tests; evidence dated after it is "what happened next".
ESSAY_DATE = "2025-11-29"


@functools.cache
def citation() -> dict:
    """CITATION.cff, the single source of the book's title, authors, version and licence."""
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


@functools.cache
def chapters() -> list[dict]:
    """Chapters in reading order (the registry, chapters/parameters.yml): slug, number, title, claim prefix, summary."""
    spec = yaml.safe_load(PARAMETERS_FILE.read_text(encoding="utf-8"))
    return [{"slug": slug, "number": i, "title": entry["title"], "claim_prefix": entry["claim_prefix"],
             "summary": entry.get("summary", "")}
            for i, (slug, entry) in enumerate(spec["chapters"].items(), start=1)]


# Claims of the essay's conclusion belong to no chapter.
CONCLUSION = {"slug": "conclusion", "claim_prefix": "X"}


def chapter(slug: str) -> dict:
    for entry in chapters():
        if entry["slug"] == slug:
            return entry
    raise KeyError(f"unknown chapter '{slug}' (chapters: {', '.join(c['slug'] for c in chapters())})")


def authors() -> str:
    return ", ".join(a.get("name") or f"{a.get('given-names', '')} {a.get('family-names', '')}".strip()
                     for a in citation()["authors"])


def _csv(name: str) -> list[dict]:
    with (DATA_DIR / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@functools.cache
def brief_countries() -> list[tuple[str, str]]:
    """(geo, name) of every country with a brief, by name: the EU member states (group eu27 of
    data/groups.csv), the European Allies (nato_europe) and Ukraine. Read with the csv module, not pandas, so
    that the build's "nothing changed" check stays fast."""
    members = {r["geo"] for r in _csv("groups.csv") if r["group"] in ("eu27", "nato_europe")} | {"UA"}
    names = {r["geo"]: r["name"] for r in _csv("geo.csv")}
    return sorted(((geo, names[geo]) for geo in members), key=lambda pair: pair[1])


def toc(briefs: bool = True) -> dict:
    """_toc.yml with its chapter part filled from the registry and the country briefs listed under their index
    (the reading order of the published book)."""
    spec = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    for part in spec["parts"]:
        if part.pop("chapters_from", None):
            part["chapters"] = [{"file": f"chapters/{c['slug']}"} for c in chapters()]
        for entry in part.get("chapters", []):
            if entry.pop("briefs_from", None):
                entry["sections"] = [{"file": f"briefs/{geo.lower()}"} for geo, _ in brief_countries()]
    if not briefs:  # a build without briefs (BOOK_BRIEFS=0) lists none of their pages
        spec["parts"] = [p for p in spec["parts"] if not any(c["file"].startswith("briefs/") for c in p.get("chapters", []))]
    return spec


def year() -> str:
    return str(citation()["date-released"])[:4]

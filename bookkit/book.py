"""Facts about the book itself (title, version, chapters) that pages and citations need."""
from __future__ import annotations

import functools
import pathlib

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
PARAMETERS_FILE = ROOT / "chapters" / "parameters.yml"
DATA_DIR = ROOT / "data"
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


def toc() -> dict:
    """_toc.yml with its chapter part filled from the registry (the reading order of the published book)."""
    spec = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    for part in spec["parts"]:
        if part.pop("chapters_from", None):
            part["chapters"] = [{"file": f"chapters/{c['slug']}"} for c in chapters()]
    return spec


def year() -> str:
    return str(citation()["date-released"])[:4]

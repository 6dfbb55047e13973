"""Build the book: validate → execute chapters (papermill, cached) → generate pages → jupyter-book → publish.

    python -m bookkit.build [--param chapter.name=value ...] [--force]

This module decides what to do and in which order; the work is done by bookkit.execute (running notebooks,
cached), bookkit.registry (the registry's checks), bookkit.pages (generated pages) and bookkit.site (staging,
jupyter-book, finishing and publishing). The published book (_build/html) is replaced only after every step
succeeded, by swapping in a complete new folder; a failed build leaves the last good book as it was.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time

from bookkit import book, offline, params, registry, site
from bookkit.book import CACHE, PUBLISHED, ROOT, STAGE
from bookkit.errors import BuildError, DataError
from bookkit.execute import Brief, Chapter, code_digest, digest, execute_all

# Heavier modules (papermill, jupytext, pandas, altair, frictionless) are imported where they are used, so
# that a rebuild with nothing to do finishes in about a second.

# The PDF edition is printed by every build (BOOK_PDF=0 skips it, e.g. for test builds that never open it).
PDF = os.environ.get("BOOK_PDF", "1") != "0"
# The country briefs are built by every build (BOOK_BRIEFS=0 skips them, for test builds that never open them).
BRIEFS = os.environ.get("BOOK_BRIEFS", "1") != "0"


def _input_digest(chapters: list[Chapter]) -> str:
    files = [ROOT / f for f in ["_config.yml", "_toc.yml", "index.md", "chapters/parameters.yml",
                                "chapters/retired_figures.yml", *site.BOOK_FILES] if (ROOT / f).exists()]
    # Every chapter source, registered or not: a stray one must reach check_registry, not "up to date".
    files += sorted((ROOT / "chapters").glob("*.md")) + sorted((ROOT / "briefs").glob("*.md"))
    files += sorted((ROOT / "pages").glob("*.md")) + sorted((ROOT / "_static").rglob("*"))
    files += sorted((ROOT / "bookkit").glob("*.css"))  # the PDF's stylesheet
    files += sorted((ROOT / "data").glob("*.csv")) + sorted((ROOT / "data").glob("*.json"))
    files += sorted((ROOT / "data" / "schemas").glob("*.json")) + sorted((ROOT / "data" / "editions").glob("*.json"))
    files = [f for f in files if f.is_file()]
    return digest(*(c.key() for c in chapters), code_digest(), offline.bundle_version(), f"pdf={PDF} briefs={BRIEFS}",
                  *(part for f in files for part in (str(f.relative_to(ROOT)), f.read_bytes())))


class _Steps:
    """Wall-clock time of each build step, printed at the end."""

    def __init__(self):
        self.last, self.times = time.perf_counter(), []

    def done(self, name: str) -> None:
        now = time.perf_counter()
        self.times.append((name, now - self.last))
        self.last = now

    def summary(self) -> str:
        return ", ".join(f"{name} {seconds:.1f} s" for name, seconds in self.times)


def build(overrides: list[str] | None = None, force: bool = False, log=print) -> dict:
    """Build and publish the book; return timings. Raises BuildError, DataError or ParameterError."""
    started = time.perf_counter()
    try:
        values = params.resolve(overrides)
    except params.ParameterError:
        raise
    except Exception:
        # The parameters could not be checked at all (e.g. geo.csv is unreadable): let the validator say why.
        from bookkit.validate import validate_package
        validate_package()
        raise
    chapters = [Chapter(slug, values[slug]) for slug in values]
    briefs = [Brief(geo, name) for geo, name in book.brief_countries()] if BRIEFS else []
    digest = _input_digest(chapters + briefs)
    stamp = PUBLISHED / ".build-input"
    if not force and stamp.exists() and stamp.read_text() == digest:
        # The published book was built, after validation, from exactly these inputs.
        log("book is up to date: no input changed since the last build")
        return {"total": time.perf_counter() - started, "executed": [], "up_to_date": True}
    from bookkit import pages
    from bookkit.validate import validate_package

    step = _Steps()
    validate_package()
    registry.check_registry(chapters)
    step.done("validate")
    STAGE.mkdir(parents=True, exist_ok=True)
    for name in site.BOOK_FILES:
        if (ROOT / name).exists():
            site.sync(ROOT / name, STAGE / name)
    site.write_toc(STAGE, BRIEFS)
    site.write_index(STAGE, BRIEFS)
    site.write_config(STAGE)
    for folder in ("pages", "_static"):
        site.sync(ROOT / folder, STAGE / folder, skip={"method.md"} if folder == "pages" else set())
    offline.ensure_bundle(STAGE / "_static")
    meta_dir = STAGE / ".meta"
    shutil.rmtree(meta_dir, ignore_errors=True)
    meta_dir.mkdir()
    stale = [c for c in chapters if force or not c.cached()]
    for chapter in chapters:
        if chapter not in stale:
            log(f"chapters/{chapter.slug}.md unchanged: using the cached execution")
    stale_briefs = [b for b in briefs if force or not b.cached()]
    # Chapters first (they take longest), then the briefs, all in one pool.
    brief_seconds = 0.0
    for slug, seconds in execute_all(stale + stale_briefs):
        if slug.startswith("brief-"):
            brief_seconds += seconds
        else:
            log(f"executed chapters/{slug}.md in {seconds:.1f} s")
    if briefs:
        log(f"country briefs: {len(stale_briefs)} of {len(briefs)} executed ({brief_seconds:.1f} s of kernel time), "
            f"{len(briefs) - len(stale_briefs)} cached")
    executed = [c.slug for c in stale + stale_briefs]
    step.done("execute chapters and briefs")
    site.drop_retired_chapters(chapters)
    for chapter in chapters:
        shutil.copyfile(chapter.cache_dir / "meta.json", meta_dir / f"{chapter.slug}.json")
    metas = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(meta_dir.glob("*.json"))]
    from bookkit import edition
    previous = edition.previous()
    registry.check_claim_figures(registry.drawn_figures(metas))
    retired = registry.check_retired_figures(registry.drawn_figures(metas), previous)
    for unit in chapters + briefs:
        site.install(unit, STAGE, retired)
    brief_metas = [b.meta() for b in briefs]
    from bookkit import plausibility
    checks = plausibility.summary(book.DATA_DIR)
    diffs = checks["differences"]
    log(f"data checks: {checks['rules']} plausibility rules, {len(checks['exceptions'])} accepted exceptions; "
        f"{len(diffs)} cross-source differences above tolerance"
        + (f" (largest: {diffs[0]['left']} vs {diffs[0]['right']}, {diffs[0]['geo']} {diffs[0]['year']}, "
           f"{diffs[0]['difference']:+.2f} {diffs[0]['unit']})" if diffs else ""))
    pages.write_all(STAGE, meta_dir, checks, brief_metas)
    if briefs:
        pages.write_if_changed(STAGE / "briefs" / "index.md", pages.briefs_index(brief_metas))
    manifest = edition.collect(metas, STAGE / "_static", values)
    pages.write_if_changed(STAGE / "pages" / "changes.md", edition.changes_page(manifest, previous))
    step.done("data pages")
    site.jupyter_book(STAGE)
    step.done("jupyter-book")
    html = STAGE / "_build" / "html"
    # Sphinx skips copying static files when no page is out of date, so a change to book.css alone
    # would never reach the site: copy the book's own static files (changed ones only) every time.
    site.sync(STAGE / "_static", html / "_static")
    site.finish_html(html, PDF)
    from bookkit import embeds
    units = [(c, c.meta()) for c in chapters] + list(zip(briefs, brief_metas))
    n_embeds = embeds.write(html, [(u.cache_dir / "nb.ipynb", meta["figures"], *u.page()) for u, meta in units])
    log(f"standalone figure pages: {n_embeds}")
    problems = offline.third_party_references(html)
    if problems:
        raise BuildError("the built book would load files from other hosts:\n" + "\n".join(problems[:20]))
    step.done("finish pages")
    if PDF:
        from bookkit import pdf
        info = pdf.write_cached(html, CACHE / "pdf")
        log(f"PDF edition: {info['pages']} pages, {info['figures']} figures, {info['bytes'] / 1e6:.1f} MB "
            + ("(unchanged: cached)" if info["cached"] else f"in {info['seconds']:.1f} s"))
        manifest["pdf"] = {"pages": info["pages"], "figures": info["figures"]}
        step.done("PDF")
    (html / "edition.json").write_text(json.dumps(manifest, sort_keys=True), encoding="utf-8")
    # Recomputed now: a chapter's key includes the data files it read, known only after it first ran.
    (html / ".build-input").write_text(_input_digest(chapters + briefs))
    site.publish(html)
    step.done("publish")
    log("steps: " + step.summary())
    total = time.perf_counter() - started
    log(f"published {PUBLISHED}/index.html in {total:.1f} s")
    return {"total": total, "executed": executed, "up_to_date": False}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--param", action="append", default=[], metavar="CHAPTER.NAME=VALUE",
                        help="override a parameter of chapters/parameters.yml for this build")
    parser.add_argument("--force", action="store_true", help="re-execute every chapter")
    args = parser.parse_args(argv)
    params_list = [p for item in args.param for p in item.split()]
    try:
        build(params_list, force=args.force)
    except (BuildError, DataError, params.ParameterError) as exc:
        kind = {"DataError": "invalid data", "ParameterError": "invalid parameter"}.get(type(exc).__name__, "build failed")
        print(f"\nBUILD FAILED ({kind}); the published book was not changed.\n{exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

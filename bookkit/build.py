"""Build the book: validate → execute chapters (papermill, cached) → generate pages → jupyter-book → publish.

    python -m bookkit.build [--param chapter.name=value ...] [--force]

The published book (_build/html) is replaced only after every step succeeded, by swapping in a complete
new folder; a failed build leaves the last good book as it was. A chapter is re-executed only when its
source, its parameters, the shared package or a data file it read has changed.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import pathlib
import shutil
import subprocess
import sys
import time

import yaml

from bookkit import book, offline, params
from bookkit.errors import DataError

# Heavier modules (papermill, jupytext, pandas, altair, frictionless) are imported where they are used, so
# that a rebuild with nothing to do finishes in about a second.

ROOT = book.ROOT
# BOOK_BUILD_DIR lets two builds (e.g. the tests' and a maintainer's) run side by side.
BUILD = pathlib.Path(os.environ.get("BOOK_BUILD_DIR", ROOT / "_build")).resolve()
PUBLISHED = BUILD / "html"
STAGE = BUILD / "stage"
CACHE = BUILD / "cache"
BOOK_FILES = ["_toc.yml", "index.md", "CITATION.cff", "references.bib"]


class BuildError(Exception):
    pass


def _digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()[:20]


def _code_digest() -> str:
    """Any change to the shared package may change any chapter's output."""
    return _digest(*(p.read_bytes() for p in sorted((ROOT / "bookkit").glob("*.py"))))


def _sync(src: pathlib.Path, dest: pathlib.Path) -> None:
    """Copy a file or folder into the stage, leaving unchanged files (and their timestamps) alone."""
    if src.is_dir():
        for child in src.iterdir():
            _sync(child, dest / child.name)
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    if not dest.exists() or dest.read_bytes() != src.read_bytes():
        shutil.copyfile(src, dest)


def _write_if_changed(path: pathlib.Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


class Chapter:
    """One chapter: its MyST source, its parameters, and its cached execution."""

    def __init__(self, slug: str, values: dict):
        self.slug, self.values = slug, values
        self.source = ROOT / "chapters" / f"{slug}.md"
        if not self.source.exists():
            raise BuildError(f"chapters/{slug}.md: chapter source is missing (listed in chapters/parameters.yml)")
        self.cache_dir = CACHE / slug

    def key(self) -> str:
        """Hash of everything the executed notebook depends on, including the data files it read last time."""
        reads = self._last_reads()
        data = [f"{p}:{hashlib.sha256(pathlib.Path(p).read_bytes()).hexdigest() if pathlib.Path(p).exists() else '-'}"
                for p in sorted(reads)]
        return _digest(self.source.read_bytes(), json.dumps(self.values, sort_keys=True), _code_digest(), *data)

    def _last_reads(self) -> list[str]:
        meta = self.cache_dir / "meta.json"
        return list(json.loads(meta.read_text())["reads"]) if meta.exists() else []

    def cached(self) -> bool:
        stamp = self.cache_dir / "key"
        return stamp.exists() and stamp.read_text() == self.key() and (self.cache_dir / "nb.ipynb").exists()

    def execute(self) -> float:
        """Run the notebook with papermill into the cache; raise BuildError naming the failing cell."""
        import jupytext
        import nbformat
        import papermill

        started = time.perf_counter()
        work = CACHE / f"{self.slug}.running"
        if work.exists():
            shutil.rmtree(work)
        (work / "static").mkdir(parents=True)
        source_nb = jupytext.read(self.source)
        template = work / "source.ipynb"
        nbformat.write(source_nb, template)
        env = {"BOOK_META_DIR": str(work / "meta"), "BOOK_STATIC_DIR": str(work / "static"),
               "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
        old_env = {k: os.environ.get(k) for k in env}
        os.environ.update(env)
        try:
            papermill.execute_notebook(str(template), str(work / "nb.ipynb"), parameters=self.values,
                                       cwd=str(ROOT / "chapters"), kernel_name="python3", progress_bar=False,
                                       log_output=False,
                                       # the kernel's start-up warnings are noise in the build log
                                       extra_arguments=["--IPKernelApp.log_level=ERROR"])
        except papermill.PapermillExecutionError as exc:
            raise BuildError(f"chapters/{self.slug}.md: cell {exc.exec_count} raised {exc.ename}: {exc.evalue} "
                             f"(the executed notebook is kept in {work}/nb.ipynb)") from None
        finally:
            for k, v in old_env.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        _finish_notebook(work / "nb.ipynb")
        meta_file = work / "meta" / f"{self.slug}.json"
        if not meta_file.exists():
            raise BuildError(f"chapters/{self.slug}.md: the notebook never called bookkit.setup('{self.slug}')")
        shutil.move(str(meta_file), work / "meta.json")
        shutil.rmtree(work / "meta")
        if self.cache_dir.exists():
            shutil.rmtree(self.cache_dir)
        work.rename(self.cache_dir)
        (self.cache_dir / "key").write_text(self.key())
        return time.perf_counter() - started

    def install(self, stage: pathlib.Path, meta_dir: pathlib.Path) -> None:
        """Put the executed notebook, its figure files and its manifest into the stage."""
        _write_if_changed(stage / "chapters" / f"{self.slug}.ipynb", (self.cache_dir / "nb.ipynb").read_bytes())
        _sync(self.cache_dir / "static", stage / "_static")
        shutil.copyfile(self.cache_dir / "meta.json", meta_dir / f"{self.slug}.json")


def _finish_notebook(path: pathlib.Path) -> None:
    """Hide parameter cells and code from readers; drop execution timestamps so unchanged output diffs as equal."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        tags = cell.metadata.setdefault("tags", [])
        if {"parameters", "injected-parameters"} & set(tags) and "remove-cell" not in tags:
            tags.append("remove-cell")
        if "remove-cell" not in tags and "remove-input" not in tags:
            tags.append("remove-input")
    nb.metadata.pop("papermill", None)
    nbformat.write(nb, path)


def _write_stage_config(stage: pathlib.Path) -> None:
    """_config.yml plus values computed from the data (MyST substitutions such as {{ data_as_of }})."""
    from bookkit import pages

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config.setdefault("parse", {})["myst_substitutions"] = {"data_as_of": pages.data_as_of(), **pages.ledger_counts()}
    _write_if_changed(stage / "_config.yml", yaml.safe_dump(config, sort_keys=False, allow_unicode=True).encode())


def _input_digest(chapters: list[Chapter]) -> str:
    files = [ROOT / f for f in ["_config.yml", *BOOK_FILES] if (ROOT / f).exists()]
    files += sorted((ROOT / "pages").glob("*.md")) + sorted((ROOT / "_static").rglob("*"))
    files += sorted((ROOT / "data").glob("*.csv")) + sorted((ROOT / "data").glob("*.json"))
    files += sorted((ROOT / "data" / "schemas").glob("*.json"))
    files = [f for f in files if f.is_file()]
    return _digest(*(c.key() for c in chapters), _code_digest(), offline.bundle_version(),
                   *(part for f in files for part in (str(f.relative_to(ROOT)), f.read_bytes())))


def _jupyter_book(stage: pathlib.Path) -> None:
    jb = pathlib.Path(sys.executable).parent / "jupyter-book"
    cmd = [str(jb), "build", str(stage), "--path-output", str(stage), "-W", "-n", "--keep-going", "--quiet"]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        # Warnings from an unsuccessful run would not be repeated by an incremental rerun: start clean next time.
        shutil.rmtree(stage / "_build", ignore_errors=True)
        log = "\n".join(line for line in (result.stdout + result.stderr).splitlines()
                        if "WARNING" in line or "ERROR" in line or "Error" in line)
        raise BuildError("jupyter-book build failed:\n" + (log or result.stdout[-3000:] + result.stderr[-3000:]))


def _finish_html(site: pathlib.Path) -> None:
    """Two fixes to the generated HTML.

    - Glued numbers link to the data page relative to chapters/; re-aim them on pages in other folders
      (the front page shows numbers glued from the chapters).
    - Docutils marks bibliography entries role="doc-biblioentry" inside role="list"; that role is
      deprecated and leaves the list without list items (axe: aria-required-children), so use listitem.
    """
    from bookkit import prose

    marker = 'class="datum" href="' + prose.DATA_PAGE
    for page in site.rglob("*.html"):
        text = original = page.read_text(encoding="utf-8")
        if marker in text and page.parent.name != "chapters":
            target = os.path.relpath(site / "pages" / "data.html", page.parent)
            text = text.replace(marker, 'class="datum" href="' + target)
        text = text.replace('role="doc-biblioentry"', 'role="listitem"')
        if text != original:
            page.write_text(text, encoding="utf-8")


def publish(built: pathlib.Path, target: pathlib.Path = PUBLISHED) -> None:
    """Swap a complete new site in for the old one: copy next to it, then two renames."""
    fresh = target.with_name(target.name + ".new")
    old = target.with_name(target.name + ".old")
    for leftover in (fresh, old):
        if leftover.exists():
            shutil.rmtree(leftover)
    shutil.copytree(built, fresh)
    if target.exists():
        target.rename(old)
    fresh.rename(target)
    shutil.rmtree(old, ignore_errors=True)


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
    digest = _input_digest(chapters)
    stamp = PUBLISHED / ".build-input"
    if not force and stamp.exists() and stamp.read_text() == digest:
        # The published book was built, after validation, from exactly these inputs.
        log("book is up to date: no input changed since the last build")
        return {"total": time.perf_counter() - started, "executed": [], "up_to_date": True}
    from bookkit import pages
    from bookkit.validate import validate_package

    validate_package()
    STAGE.mkdir(parents=True, exist_ok=True)
    for name in BOOK_FILES:
        if (ROOT / name).exists():
            _sync(ROOT / name, STAGE / name)
    _write_stage_config(STAGE)
    for folder in ("pages", "_static"):
        _sync(ROOT / folder, STAGE / folder)
    offline.ensure_bundle(STAGE / "_static")
    meta_dir = STAGE / ".meta"
    shutil.rmtree(meta_dir, ignore_errors=True)
    meta_dir.mkdir()
    executed = []
    for chapter in chapters:
        if force or not chapter.cached():
            seconds = chapter.execute()
            executed.append(chapter.slug)
            log(f"executed chapters/{chapter.slug}.md in {seconds:.1f} s")
        else:
            log(f"chapters/{chapter.slug}.md unchanged: using the cached execution")
        chapter.install(STAGE, meta_dir)
    pages.write_all(STAGE, meta_dir)
    _jupyter_book(STAGE)
    site = STAGE / "_build" / "html"
    # Sphinx skips copying static files when no page is out of date, so a change to book.css alone
    # would never reach the site: copy the book's own static files (changed ones only) every time.
    _sync(STAGE / "_static", site / "_static")
    _finish_html(site)
    problems = offline.third_party_references(site)
    if problems:
        raise BuildError("the built book would load files from other hosts:\n" + "\n".join(problems[:20]))
    # Recomputed now: a chapter's key includes the data files it read, known only after it first ran.
    (site / ".build-input").write_text(_input_digest(chapters))
    publish(site)
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

"""Run chapter and brief notebooks with papermill: the single executor used by the build and by the tests.

`run(slug, values, workdir)` turns chapters/<slug>.md into a notebook, executes it with the parameters
injected, and leaves in `workdir`: `nb.ipynb` (executed, outputs kept), `meta/<slug>.json` (what the chapter
read, glued and drew, written by bookkit.manifest) and `static/` (figure downloads).

`Chapter` and `Brief` are the build's units of work: a notebook, its parameters and its cached execution
(re-run only when its source, parameters, `bookkit/` or a data file it read has changed); `execute_all` runs
the stale ones in parallel, one kernel per core.
"""
from __future__ import annotations

import hashlib
import json
import os
import pathlib
import re
import shutil
import time

from bookkit import book
from bookkit.book import CACHE, ROOT
from bookkit.errors import BuildError


class ExecutionError(Exception):
    """A cell raised; the message names the chapter, the cell and the error."""


def run(slug: str, values: dict, workdir: pathlib.Path, source: pathlib.Path | None = None) -> pathlib.Path:
    """Execute the chapter into workdir; return the executed notebook's path. Raises ExecutionError."""
    import jupytext
    import nbformat
    import papermill

    source = source or ROOT / "chapters" / f"{slug}.md"
    (workdir / "static").mkdir(parents=True, exist_ok=True)
    template = workdir / "source.ipynb"
    nbformat.write(jupytext.read(source), template)
    env = {"BOOK_META_DIR": str(workdir / "meta"), "BOOK_STATIC_DIR": str(workdir / "static"),
           "BOOK_SOURCE": str(source.resolve()),  # figure texts are read from the source's cell options
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        papermill.execute_notebook(str(template), str(workdir / "nb.ipynb"), parameters=values,
                                   cwd=str(source.parent), kernel_name="python3", progress_bar=False,
                                   log_output=False,
                                   # the kernel's start-up warnings are noise in the build log
                                   extra_arguments=["--IPKernelApp.log_level=ERROR"])
    except papermill.PapermillExecutionError as exc:
        raise ExecutionError(f"{source.relative_to(ROOT) if source.is_relative_to(ROOT) else source}"
                             f"{'' if source.stem == slug else f' ({slug})'}: cell {exc.exec_count} raised {exc.ename}: {exc.evalue} "
                             f"(the executed notebook is kept in {workdir}/nb.ipynb)") from None
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return workdir / "nb.ipynb"


def glued(nb) -> dict[str, str]:
    """Every glued value of an executed notebook, as the text a reader sees."""
    values = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            name = out.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:  # myst-nb stores glued outputs as application/papermill.record/<mime>
                values[name] = next((v for k, v in out["data"].items() if k.endswith("text/plain")), "")
    return values


GLUE_ROLE = re.compile(r"\{glue(?::[a-z]*)?\}`([^`]+)`")


def reader_text(nb) -> tuple[str, set[str]]:
    """The chapter's prose with glued values filled in, plus figure texts; and the glue keys used but unset."""
    values = glued(nb)
    missing: set[str] = set()

    def fill(match):
        key = match.group(1).split("::")[-1]
        if key not in values:
            missing.add(key)
            return "{unset:" + key + "}"
        return values[key]

    parts = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            parts.append(GLUE_ROLE.sub(fill, cell.source))
        for out in cell.get("outputs", []):
            html = out.get("data", {}).get("text/html")
            if html:
                # figure titles, takeaways and alt texts, not the data tables or chart specs
                parts.append(re.sub(r"<script.*?</script>|<table.*?</table>|<details.*?</details>", " ",
                                    "".join(html), flags=re.S))
    return "\n".join(parts), missing


# The build's unit of work: a notebook with its parameters and its cached execution.
# Chapters execute in parallel, one kernel per core (BOOK_WORKERS=1 runs them one after another).
WORKERS = int(os.environ.get("BOOK_WORKERS") or os.cpu_count() or 1)


def digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()[:20]


def _file_hash(path: pathlib.Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "-"


def code_digest() -> str:
    """Any change to the shared package may change any chapter's output."""
    files = sorted((ROOT / "bookkit").glob("*.py")) + sorted((ROOT / "bookkit" / "templates").glob("*.html"))
    return digest(*(p.read_bytes() for p in files))


class Chapter:
    """One chapter: its MyST source, its parameters, and its cached execution."""

    def __init__(self, slug: str, values: dict, source: pathlib.Path | None = None,
                 cache_dir: pathlib.Path | None = None):
        self.slug, self.values = slug, values
        self.source = source or ROOT / "chapters" / f"{slug}.md"
        if not self.source.exists():
            raise BuildError(f"{self.source.relative_to(ROOT)}: "
                             + ("chapter source is missing (listed in chapters/parameters.yml)" if source is None
                                else "notebook source is missing"))
        self.cache_dir = cache_dir or CACHE / slug

    def key(self) -> str:
        """Hash of everything the executed notebook depends on, including the data files it read last time."""
        # Reads are repository-relative paths: a copy of the checkout hashes its own files, never the original's.
        data = [f"{name}:{_file_hash(ROOT / name)}" for name in sorted(self._last_reads())]
        return digest(self.source.read_bytes(), json.dumps(self.values, sort_keys=True), code_digest(), *data)

    def _last_reads(self) -> list[str]:
        meta = self.cache_dir / "meta.json"
        return list(json.loads(meta.read_text())["reads"]) if meta.exists() else []

    def cached(self) -> bool:
        stamp = self.cache_dir / "key"
        return stamp.exists() and stamp.read_text() == self.key() and (self.cache_dir / "nb.ipynb").exists()

    def execute(self) -> float:
        """Run the notebook with papermill into the cache; raise BuildError naming the failing cell."""
        started = time.perf_counter()
        work = CACHE / f"{self.slug}.running"
        if work.exists():
            shutil.rmtree(work)
        try:
            run(self.slug, self.values, work, self.source)
        except ExecutionError as exc:
            raise BuildError(str(exc)) from None
        finish_notebook(work / "nb.ipynb")
        meta_file = work / "meta" / f"{self.slug}.json"
        if not meta_file.exists():
            raise BuildError(f"chapters/{self.slug}.md: the notebook never called bookkit.setup('{self.slug}')")
        shutil.move(str(meta_file), work / "meta.json")
        shutil.rmtree(work / "meta")
        if self.cache_dir.exists():
            shutil.rmtree(self.cache_dir)
        self.cache_dir.parent.mkdir(parents=True, exist_ok=True)
        work.rename(self.cache_dir)
        (self.cache_dir / "key").write_text(self.key())
        return time.perf_counter() - started

    def page(self) -> tuple[str, str, str]:
        """(site path, kind, title) of the page this notebook becomes."""
        return f"chapters/{self.slug}.html", "chapter", book.chapter(self.slug)["title"]

    def meta(self) -> dict:
        """What the notebook recorded while it ran: files read, numbers glued, figures drawn."""
        return json.loads((self.cache_dir / "meta.json").read_text(encoding="utf-8"))

    def edit(self, nb: dict, retired: dict[str, dict]) -> bool:
        """Change the executed notebook before it is staged; True if it changed. A chapter gets a note for
        each of its retired figures."""
        from bookkit.registry import retired_notes
        notes = retired_notes(self.slug, retired)
        if notes:
            nb["cells"].append({"cell_type": "markdown", "metadata": {}, "source": notes})
        return bool(notes)


class Brief(Chapter):
    """One country brief: briefs/country.md executed with `country` set, published as briefs/<geo>.html."""

    SOURCE = ROOT / "briefs" / "country.md"

    def __init__(self, geo: str, name: str):
        super().__init__(f"brief-{geo.lower()}", {"country": geo}, self.SOURCE, CACHE / "briefs" / geo.lower())
        self.geo, self.name = geo, name

    def page(self) -> tuple[str, str, str]:
        return f"briefs/{self.geo.lower()}.html", "country brief", self.name

    def edit(self, nb: dict, retired: dict[str, dict]) -> bool:
        """The country goes into the brief's title (a heading cannot be glued)."""
        for cell in nb["cells"]:
            if cell["cell_type"] == "markdown" and "".join(cell["source"]).startswith("# Country brief"):
                cell["source"] = f"# {self.name}: country brief"
                return True
        raise BuildError(f"{self.source.relative_to(ROOT)}: no '# Country brief' heading to put the country in")


def _execute(chapter: Chapter) -> tuple[str, float]:
    return chapter.slug, chapter.execute()


def execute_all(chapters: list[Chapter]):
    """Execute chapters in parallel, one process (and kernel) each, up to the number of cores; yield
    (slug, seconds) as each finishes. The first failure stops the build with its message."""
    if len(chapters) <= 1 or WORKERS <= 1:
        yield from (_execute(c) for c in chapters)
        return
    from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
    with ProcessPoolExecutor(max_workers=min(WORKERS, len(chapters))) as pool:
        futures = [pool.submit(_execute, c) for c in chapters]
        done, _ = wait(futures, return_when=FIRST_EXCEPTION)
        for f in futures:
            if f in done and f.exception():
                for other in futures:
                    other.cancel()
                raise f.exception()
        for f in futures:
            yield f.result()


def finish_notebook(path: pathlib.Path) -> None:
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

"""Run one chapter notebook with papermill: the single executor used by the build and by the tests.

`run(slug, values, workdir)` turns chapters/<slug>.md into a notebook, executes it with the parameters
injected, and leaves in `workdir`: `nb.ipynb` (executed, outputs kept), `meta/<slug>.json` (what the chapter
read, glued and drew, written by bookkit.manifest) and `static/` (figure downloads).
"""
from __future__ import annotations

import os
import pathlib
import re

from bookkit.book import ROOT


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

"""Each chapter re-executed with non-default parameters: the glued numbers and the charts must follow."""
from __future__ import annotations

import os
import pathlib

import jupytext
import nbformat
import papermill
import pytest
import yaml

from bookkit import params

ROOT = pathlib.Path(__file__).resolve().parents[1]
CHAPTERS = list(yaml.safe_load((ROOT / "chapters" / "parameters.yml").read_text())["chapters"])


def execute(slug: str, values: dict, workdir: pathlib.Path) -> nbformat.NotebookNode:
    workdir.mkdir(parents=True, exist_ok=True)
    source = workdir / "source.ipynb"
    nbformat.write(jupytext.read(ROOT / "chapters" / f"{slug}.md"), source)
    env = {"BOOK_META_DIR": str(workdir / "meta"), "BOOK_STATIC_DIR": str(workdir / "static"),
           "PYTHONPATH": str(ROOT)}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        papermill.execute_notebook(str(source), str(workdir / "out.ipynb"), parameters=values,
                                   cwd=str(ROOT / "chapters"), kernel_name="python3", progress_bar=False)
    finally:
        for k, v in saved.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)
    return nbformat.read(workdir / "out.ipynb", as_version=4)


def glued(nb) -> dict[str, str]:
    """Every glued value of an executed notebook, as the text a reader would see."""
    values = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            name = out.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:  # myst-nb stores glued outputs as application/papermill.record/<mime>
                values[name] = next((v for k, v in out["data"].items() if k.endswith("text/plain")), "")
    return values


def chart_data(nb) -> list[str]:
    """The inline data of every chart spec drawn by the notebook."""
    specs = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            html = "".join(out.get("data", {}).get("text/html", ""))
            specs += [part.split("</script>")[0] for part in html.split("vegaEmbed(")[1:]]
    return specs


def non_default(slug: str) -> dict:
    """A smaller country set and a later start year, wherever the chapter has such parameters."""
    values = dict(params.resolve()[slug])
    rules = yaml.safe_load((ROOT / "chapters" / "parameters.yml").read_text())["chapters"][slug]["parameters"]
    for name, rule in rules.items():
        if rule["type"] == "geo_list" and len(values[name]) > 3:
            values[name] = values[name][:3]
        if name == "start_year":
            values[name] = min(values[name] + 4, values.get("end_year", values[name] + 4) - 1)
    return values


@pytest.mark.parametrize("slug", CHAPTERS)
def test_parameters_change_numbers_and_charts(slug, tmp_path):
    default = execute(slug, params.resolve()[slug], tmp_path / "default")
    changed_values = non_default(slug)
    if changed_values == params.resolve()[slug]:
        pytest.skip(f"{slug} has no country-set or year parameter to vary")
    changed = execute(slug, changed_values, tmp_path / "changed")
    before, after = glued(default), glued(changed)
    assert before.keys() == after.keys(), "the same numbers must be glued whatever the parameters"
    differing = [k for k in before if before[k] != after[k]]
    print(f"\n{slug}: {len(differing)} of {len(before)} glued values changed with {changed_values}")
    assert differing or chart_data(default) != chart_data(changed), f"{slug}: parameters changed nothing"
    assert chart_data(default) != chart_data(changed) or not chart_data(default), f"{slug}: charts did not change"


def test_autonomy_start_year_moves_the_text(tmp_path):
    values = {**params.resolve()["autonomy"], "start_year": 2019, "countries": ["DE", "FR", "PL"]}
    out = glued(execute("autonomy", values, tmp_path))
    assert out["first_year"] == "2019"
    assert out["n_countries"] == "3"

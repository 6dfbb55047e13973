"""Chapter parameters: one file, checked before anything runs, and the notebooks agree with it."""
from __future__ import annotations

import ast
import pathlib

import jupytext
import pytest
import yaml

from bookkit import params
from bookkit.params import ParameterError

ROOT = pathlib.Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("override, message", [
    ("autonomy.start_year=abc", "command line: 'autonomy.start_year=abc': 'abc' is not an integer"),
    ("autonomy.colour=red", "unknown parameter 'colour' of chapter 'autonomy'"),
    ("atlantis.start_year=2015", "unknown chapter 'atlantis'"),
    ("autonomy.start_year=1990", "1990 is below the minimum 2014"),
    ("autonomy.price_basis=nominal", "'nominal' is not one of ['constant', 'current']"),
    ("autonomy.countries=[DE,ZZ]", "contains unknown geo code(s) ['ZZ']"),
    ("autonomy.countries=DE", "'DE' is not a non-empty list of geo codes"),
    ("autonomy.start_year", "expected chapter.parameter=value"),
])
def test_bad_overrides_are_named(override, message):
    with pytest.raises(ParameterError, match=None) as info:
        params.resolve([override])
    assert message in str(info.value)


def test_bad_value_in_the_file_names_file_and_line(tmp_path):
    text = (ROOT / "chapters" / "parameters.yml").read_text()
    broken = tmp_path / "parameters.yml"
    broken.write_text(text.replace("start_year: {value: 2014, type: int, min: 2014, max: 2024}",
                                   "start_year: {value: '2014', type: int, min: 2014, max: 2024}", 1))
    with pytest.raises(ParameterError) as info:
        params.resolve([], path=broken)
    line = next(i for i, l in enumerate(broken.read_text().splitlines(), 1) if "'2014'" in l)
    assert str(info.value).startswith(f"parameters.yml:{line}: parameter 'autonomy.start_year': '2014' is not an integer")


def test_start_after_end_is_refused():
    with pytest.raises(ParameterError, match="start_year 2020 is not before end_year 2018"):
        params.resolve(["autonomy.start_year=2020", "autonomy.end_year=2018"])


def _notebook_defaults(slug: str) -> dict:
    nb = jupytext.read(ROOT / "chapters" / f"{slug}.md")
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    values = {}
    for node in ast.parse(cell.source).body:
        if isinstance(node, ast.Assign):
            values[node.targets[0].id] = ast.literal_eval(node.value)
    return values


@pytest.mark.parametrize("slug", list(yaml.safe_load((ROOT / "chapters" / "parameters.yml").read_text())["chapters"]))
def test_notebook_parameter_cell_matches_parameters_file(slug):
    assert _notebook_defaults(slug) == params.resolve()[slug]

"""Prose true for every allowed parameter set: each chapter runs under the sets in parameter_matrix.yml
(in parallel, with the build's own executor) and its text is scanned for sentences that break."""
from __future__ import annotations

import re
from concurrent.futures import ProcessPoolExecutor

import nbformat
import pytest
import yaml

from bookkit import execute, params
from conftest import ROOT

MATRIX = yaml.safe_load((ROOT / "tests" / "parameter_matrix.yml").read_text())
CASES = [(slug, name, values) for slug, sets in MATRIX.items() for name, values in sets.items()]

# What a reader must never see in a sentence.
BROKEN = [
    (re.compile(r"\b(nan|NaN|null|undefined)\b|\bNone\b(?! of)"), "a missing value printed as text"),
    (re.compile(r"(?<![\w/])n/a(?![\w/])(?! *[;)])"), "'n/a' inside a sentence"),
    (re.compile(r"\b0 (does|is|has|was)\b"), "a sentence written around a count of zero"),
    (re.compile(r"\{unset:[^}]+\}"), "a glue key used in the text but never glued"),
    (re.compile(r"\(\s*\)|\[\s*\]|,\s*,|\b(and|or|of|than|in)\s*[.;)]|\b(of|than)\s*,|:\s*[.;,)]"),
     "an empty list or a dangling word"),
    (re.compile(r"\binf\b|-inf\b"), "a division by zero"),
    (re.compile(r"\b(rose|grew|increased|added|raised|fell|dropped|shrank|cut)\b(?: by)? [-−]\d"),
     "a direction word contradicted by a negative number ('rose by -4 %')"),
]


def _run(case, workdir):
    slug, name, overrides = case
    values = {**params.resolve()[slug], **overrides}
    return execute.run(slug, values, workdir)


@pytest.fixture(scope="session")
def executed(tmp_path_factory, site):
    """Every case executed once (2 at a time); the default parameters come from the built book's cache."""
    base = tmp_path_factory.mktemp("matrix")
    with ProcessPoolExecutor(max_workers=2) as pool:
        futures = {case[:2]: pool.submit(_run, case, base / f"{case[0]}-{i}") for i, case in enumerate(CASES)}
        results = {}
        for key, future in futures.items():
            try:
                results[key] = nbformat.read(future.result(), as_version=4)
            except execute.ExecutionError as exc:
                results[key] = exc
    return results


def _sentences(text: str) -> list[str]:
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n\s*\n", text) if s.strip()]


def broken_sentences(nb) -> list[str]:
    text, missing = execute.reader_text(nb)
    found = [f"glue key '{k}' is used in the text but never glued" for k in sorted(missing)]
    for sentence in _sentences(text):
        for pattern, why in BROKEN:
            if pattern.search(sentence):
                found.append(f"{why}: {' '.join(sentence.split())[:240]}")
    return found


def test_every_case_is_allowed_by_the_parameters_file():
    for slug, name, overrides in CASES:
        params.resolve([f"{slug}.{k}={yaml.safe_dump(v, default_flow_style=True).strip()}" for k, v in overrides.items()])


@pytest.mark.parametrize("slug, name, overrides", CASES, ids=[f"{c[0]}: {c[1]}" for c in CASES])
def test_prose_holds_for_the_parameter_set(executed, slug, name, overrides):
    result = executed[(slug, name)]
    if isinstance(result, Exception):
        pytest.fail(f"chapters/{slug}.md with {overrides} failed to run: {result}")
    problems = broken_sentences(result)
    assert not problems, f"chapters/{slug}.md with {overrides}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("slug", list(MATRIX))
def test_default_prose_holds(site, slug):
    nb = nbformat.read(ROOT / "_build" / "cache" / slug / "nb.ipynb", as_version=4)
    problems = broken_sentences(nb)
    assert not problems, f"chapters/{slug}.md with the default parameters:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("slug", list(MATRIX))
def test_parameters_move_the_numbers_not_the_glue_keys(executed, site, slug):
    """Every set glues the same keys as the defaults, and at least one glued value or chart differs."""
    default = nbformat.read(ROOT / "_build" / "cache" / slug / "nb.ipynb", as_version=4)
    base = execute.glued(default)
    for (s, name), nb in executed.items():
        if s != slug or isinstance(nb, Exception):
            continue
        values = execute.glued(nb)
        assert values.keys() == base.keys(), f"{slug} / {name}: glue keys differ: {sorted(values.keys() ^ base.keys())}"
        assert any(values[k] != base[k] for k in base), f"{slug} / {name}: no glued value changed"
        assert _chart_data(nb) != _chart_data(default), f"{slug} / {name}: no chart changed"


def _chart_data(nb) -> list[str]:
    """The inline data of every chart a notebook drew."""
    specs = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            html = "".join(out.get("data", {}).get("text/html", ""))
            specs += [part.split("</script>")[0] for part in html.split('type="application/json"')[1:]]
            specs += [part.split("</script>")[0] for part in html.split("vegaEmbed(")[1:]]
    return specs


def test_a_set_that_cannot_make_sense_is_refused():
    with pytest.raises(params.ParameterError, match="flank \\['PL', 'DE'\\] shares codes with comparison .*\\(DE\\)"):
        params.resolve(["east.flank=[PL,DE]"])
    with pytest.raises(params.ParameterError, match="survey_before 2026 is not before survey_after 2025"):
        params.resolve(["trust.survey_before=2026"])

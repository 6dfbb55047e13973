"""The layout a newcomer reads is the layout there is: the README names every module of bookkit/ and every
script, and `make derive` runs exactly the derive steps that exist."""
from __future__ import annotations

import re

from conftest import ROOT
from scripts import derive


def test_readme_names_every_module_and_script():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`([a-z_]+\.(?:py|css))`", readme))
    files = {p.name for p in (ROOT / "bookkit").glob("*.py")} | {p.name for p in (ROOT / "bookkit").glob("*.css")}
    files |= {p.name for p in (ROOT / "scripts").glob("*.py") if p.name != "__init__.py"}
    assert files - named == set(), f"README.md does not name {sorted(files - named)}"


def test_make_derive_runs_every_derive_step():
    steps = {p.stem.removeprefix("derive_") for p in (ROOT / "scripts").glob("derive_*.py")}
    assert set(derive.STEPS) == steps
    assert "$(PY) -m scripts.derive\n" in (ROOT / "Makefile").read_text(encoding="utf-8")

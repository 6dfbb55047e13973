"""Citation metadata: CITATION.cff is valid CFF 1.2.0, and the generated citations come from it."""
from __future__ import annotations

import json
import pathlib

import jsonschema
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
# The CFF 1.2.0 JSON schema, copied from the cffconvert 2.0.0 package (citation-file-format project).
SCHEMA = json.loads((ROOT / "tests" / "fixtures" / "cff-1.2.0.schema.json").read_text())


def _load_cff() -> dict:
    data = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    # The schema wants dates as strings; YAML parses them into date objects.
    return json.loads(json.dumps(data, default=str))


def test_citation_cff_is_valid():
    jsonschema.validate(_load_cff(), SCHEMA)


def test_cite_page_uses_citation_cff(site):
    html = (site / "pages" / "cite.html").read_text(encoding="utf-8")
    cff = _load_cff()
    assert cff["title"] in html and f"Edition {cff['version']}" in html
    assert "european_security_data_book_2026" in html and "european_security_data_book_autonomy" in html


def test_the_edition_is_everywhere_a_citer_looks(site):
    """Footer of every page, every chapter and figure citation, the data package and the manifest."""
    edition = str(_load_cff()["version"])
    for page in ("index.html", "chapters/autonomy.html", "pages/data.html", "pages/changes.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert f"Edition {edition}." in html, page
    chapter = (site / "chapters" / "trust.html").read_text(encoding="utf-8")
    cites = chapter.count('<details class="fig-cite">')
    assert cites and chapter.count(f"edition {edition}. chapters/trust.html#fig-trust-") == cites
    cite_page = (site / "pages" / "cite.html").read_text(encoding="utf-8")
    assert cite_page.count(f"edition {edition}.") == len(yaml.safe_load((ROOT / "chapters" / "parameters.yml").read_text())["chapters"])
    package = json.loads((site / "_static" / "downloads" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["version"] == edition
    assert json.loads((site / "edition.json").read_text(encoding="utf-8"))["edition"] == edition

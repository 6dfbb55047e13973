"""Chapter parameters: one file (chapters/parameters.yml) holds each chapter's values and their rules.

Values can be overridden for one build with `slug.name=value` (value in YAML syntax), e.g.
`make book PARAMS="autonomy.start_year=2018 east.flank=[PL,EE]"`. Every value is checked against its
rule before any notebook runs; a bad one stops the build with the file, line, parameter and rule.
"""
from __future__ import annotations

import copy
import pathlib

import yaml

from bookkit.book import PARAMETERS_FILE


class ParameterError(ValueError):
    pass


def _line_of(path: pathlib.Path, keys: list[str]) -> int | None:
    """Line (1-based) of a nested key in a YAML file, so errors can point at it."""
    node = yaml.compose(path.read_text(encoding="utf-8"))
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            return None
        match = next(((k, v) for k, v in node.value if k.value == key), None)
        if match is None:
            return None
        key_node, node = match
    return key_node.start_mark.line + 1


def _check(value, rule: dict, where: str, known_geo: set[str]):
    kind = rule["type"]
    def fail(msg):
        raise ParameterError(f"{where}: {value!r} {msg}")
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            fail("is not an integer")
    elif kind == "choice":
        if value not in rule["choices"]:
            fail(f"is not one of {rule['choices']}")
    elif kind == "geo_list":
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            fail("is not a non-empty list of geo codes")
        unknown = [v for v in value if v not in known_geo]
        if unknown:
            fail(f"contains unknown geo code(s) {unknown} (see data/geo.csv)")
    elif kind == "str":
        if not isinstance(value, str) or not value:
            fail("is not a non-empty string")
    elif kind == "float":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            fail("is not a number")
    else:
        raise ParameterError(f"{where}: unknown rule type '{kind}'")
    if "min" in rule and value < rule["min"]:
        fail(f"is below the minimum {rule['min']}")
    if "max" in rule and value > rule["max"]:
        fail(f"is above the maximum {rule['max']}")
    return value


def _known_geo() -> set[str]:
    import csv
    from bookkit.book import DATA_DIR
    with (DATA_DIR / "geo.csv").open(encoding="utf-8") as fh:
        return {row["geo"] for row in csv.DictReader(fh)}


def resolve(overrides: list[str] | None = None, path: pathlib.Path = PARAMETERS_FILE) -> dict[str, dict]:
    """Parameter values per chapter slug, after overrides, all checked. Raises ParameterError."""
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    chapters = copy.deepcopy(spec["chapters"])
    shown = path.name if path.parent.name != "chapters" else "chapters/parameters.yml"
    values = {slug: {name: rule["value"] for name, rule in entry.get("parameters", {}).items()}
              for slug, entry in chapters.items()}
    origin = {}
    for item in overrides or []:
        target, sep, raw = item.partition("=")
        slug, dot, name = target.partition(".")
        where = f"command line: {item!r}"
        if not sep or not dot:
            raise ParameterError(f"{where}: expected chapter.parameter=value")
        if slug not in chapters:
            raise ParameterError(f"{where}: unknown chapter '{slug}' (chapters: {', '.join(chapters)})")
        if name not in values[slug]:
            raise ParameterError(f"{where}: unknown parameter '{name}' of chapter '{slug}' "
                                 f"(parameters: {', '.join(values[slug])})")
        try:
            values[slug][name] = yaml.safe_load(raw)
        except yaml.YAMLError as exc:
            raise ParameterError(f"{where}: value is not valid YAML ({exc.problem})") from None
        origin[(slug, name)] = where
    known_geo = _known_geo()
    for slug, entry in chapters.items():
        for name, rule in entry.get("parameters", {}).items():
            where = origin.get((slug, name)) or (
                f"{shown}:{_line_of(path, ['chapters', slug, 'parameters', name])}: parameter '{slug}.{name}'")
            _check(values[slug][name], rule, where, known_geo)
        for left, relation, right in entry.get("constraints", []):
            _check_relation(values[slug], left, relation, right, f"{shown}: chapter '{slug}'")
    return values


# Relations between two parameters of a chapter (the `constraints` of chapters/parameters.yml).
RELATIONS = {
    "<=": (lambda a, b: a <= b, "is after"),
    "<": (lambda a, b: a < b, "is not before"),
    "disjoint": (lambda a, b: not set(a) & set(b), "shares codes with"),
}


def _check_relation(values: dict, left: str, relation: str, right: str, where: str) -> None:
    test, broken = RELATIONS[relation]
    if not test(values[left], values[right]):
        shared = sorted(set(values[left]) & set(values[right])) if relation == "disjoint" else None
        detail = f" ({', '.join(shared)})" if shared else ""
        raise ParameterError(f"{where}: {left} {values[left]} {broken} {right} {values[right]}{detail}: "
                             f"the parameter set cannot make sense")

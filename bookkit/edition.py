"""Editions: what a published book said, so the next one can say what changed.

Each build writes a manifest (`edition.json` at the site's root): the edition identifier (the version in
CITATION.cff), every glued number with its text and the rows behind it, every figure with a digest of its
data, every verdict, and a digest of every row of every table. `python -m bookkit.edition publish` copies
the published manifest to `data/editions/<edition>.json`, to be committed; the next build compares itself
with the newest committed manifest and writes the "What changed" page from the differences.

    python -m bookkit.edition publish    # after `make book`, when an edition is released
"""
from __future__ import annotations

import csv
import hashlib
import json
import pathlib
import sys

from bookkit import book, refs

EDITIONS_DIR = book.DATA_DIR / "editions"


def edition() -> str:
    return str(book.citation()["version"])


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def table_rows() -> dict[str, dict[str, str]]:
    """Every table of the package: row key ('a/b/c') -> digest of the row's cells."""
    out = {}
    for table, info in refs._tables(book.DATA_DIR).items():
        if table in refs.METADATA_TABLES and table not in ("claims",):
            continue
        with info["path"].open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        key = info["key"] or (list(rows[0].keys())[:1] if rows else [])
        out[table] = {"/".join(r[k] for k in key): _digest(json.dumps(r, sort_keys=True)) for r in rows}
    return out


def collect(meta: list[dict], static_dir: pathlib.Path, parameters: dict) -> dict:
    """The manifest of this build (meta: the chapters' records of numbers and figures)."""
    numbers, figures = {}, {}
    for chapter in meta:
        for n in chapter["numbers"]:
            numbers[f"{chapter['chapter']}/{n['key']}"] = {"text": n["text"], "refs": n.get("refs", []),
                                                          "anchor": n["anchor"]}
        for f in chapter["figures"]:
            csv_file = static_dir / f["files"][0].split("_static/", 1)[-1]
            data = csv_file.read_bytes() if csv_file.exists() else b""
            figures[f["anchor"]] = {"title": f["title"], "number": f["number"],
                                    "data": hashlib.sha256(data).hexdigest()[:12]}
    with (book.DATA_DIR / "claims.csv").open(encoding="utf-8") as fh:
        verdicts = {r["claim_id"]: {"verdict": r["verdict"], "as_of": r["as_of"]} for r in csv.DictReader(fh)}
    return {"edition": edition(), "parameters": parameters, "numbers": numbers, "figures": figures,
            "verdicts": verdicts, "tables": table_rows()}


def previous() -> dict | None:
    """The newest committed manifest (editions sort by their identifier, e.g. 2026.12 < 2027.01)."""
    files = sorted(EDITIONS_DIR.glob("*.json"), key=lambda p: [int(x) if x.isdigit() else x for x in p.stem.split(".")])
    return json.loads(files[-1].read_text(encoding="utf-8")) if files else None


def changes(old: dict, new: dict) -> dict:
    """What differs between two manifests, with the reason for each changed number."""
    revised_rows = {f"{t}:{k}" for t, rows in new["tables"].items() for k, d in rows.items()
                    if k in old["tables"].get(t, {}) and old["tables"][t][k] != d}
    numbers = []
    for key, n in sorted(new["numbers"].items()):
        before = old["numbers"].get(key)
        if before is None or before["text"] == n["text"]:
            continue
        revised = sorted(set(n["refs"]) & revised_rows)
        added = sorted(set(n["refs"]) - set(before["refs"]))
        if revised:
            why = "revised row: " + ", ".join(revised[:3]) + (" …" if len(revised) > 3 else "")
        elif added:
            why = "new rows: " + ", ".join(added[:3]) + (" …" if len(added) > 3 else "")
        elif old.get("parameters") != new.get("parameters"):
            why = "changed parameters"
        else:
            why = "computation changed"
        numbers.append({"key": key, "old": before["text"], "new": n["text"], "why": why,
                        "anchor": n["anchor"], "refs": n["refs"]})
    verdicts = [{"claim": c, "old": old["verdicts"][c]["verdict"], "new": v["verdict"], "as_of": v["as_of"]}
                for c, v in sorted(new["verdicts"].items())
                if c in old["verdicts"] and old["verdicts"][c]["verdict"] != v["verdict"]]
    tables = []
    for t in sorted(set(old["tables"]) | set(new["tables"])):
        a, b = old["tables"].get(t, {}), new["tables"].get(t, {})
        added, removed = len(set(b) - set(a)), len(set(a) - set(b))
        revised = sum(1 for k in set(a) & set(b) if a[k] != b[k])
        if added or removed or revised:
            tables.append({"table": t, "added": added, "removed": removed, "revised": revised})
    figures = [{"anchor": a, **f} for a, f in sorted(new["figures"].items())
               if a in old["figures"] and old["figures"][a]["data"] != f["data"]]
    new_figures = sorted(set(new["figures"]) - set(old["figures"]))
    retired = sorted(set(old["figures"]) - set(new["figures"]))
    return {"numbers": numbers, "verdicts": verdicts, "tables": tables, "figures": figures,
            "new_figures": new_figures, "retired_figures": retired}


def publish(site: pathlib.Path) -> pathlib.Path:
    manifest = json.loads((site / "edition.json").read_text(encoding="utf-8"))
    EDITIONS_DIR.mkdir(exist_ok=True)
    target = EDITIONS_DIR / f"{manifest['edition']}.json"
    target.write_text(json.dumps(manifest, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] != ["publish"]:
        print(__doc__)
        return 2
    from bookkit.book import PUBLISHED
    if not (PUBLISHED / "edition.json").exists():
        print("no published book with a manifest: run `make book` first", file=sys.stderr)
        return 1
    print(f"wrote {publish(PUBLISHED).relative_to(book.ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())


def changes_page(new: dict, old: dict | None) -> str:
    """Markdown for pages/changes.md."""
    from html import escape as E
    head = (f"# What changed\n\nThis is edition **{E(new['edition'])}** of the book. Every edition records what it "
            "said (each number in the text, each figure's data, each verdict and every row of the data package) in a "
            "manifest; this page compares this build with the last published edition, whose manifest is kept in "
            "the repository (`data/editions/`).\n\n")
    if old is None:
        return head + "No earlier edition has a manifest yet: the next edition will list its changes here.\n"
    diff = changes(old, new)
    out = [head, f"Compared with edition **{E(old['edition'])}**.\n"]
    if not any(diff.values()):
        out.append(f"\nNo number in the text, verdict, table row or figure changed since edition {E(old['edition'])}.\n")
        return "".join(out)
    rows = "".join(f'<tr><td><code>{E(n["key"])}</code></td><td>{E(n["old"])}</td><td>'
                   f'<a href="data.html#{E(n["anchor"])}">{E(n["new"])}</a></td><td>{E(n["why"])}</td></tr>'
                   for n in diff["numbers"])
    out.append(f"\n## Numbers in the text\n\n{len(diff['numbers'])} changed.\n\n")
    if rows:
        out.append("```{raw} html\n<table class=\"changes\"><thead><tr><th>Chapter / number</th><th>Was</th>"
                   f"<th>Now</th><th>Why</th></tr></thead><tbody>{rows}</tbody></table>\n```\n")
    out.append(f"\n## Verdicts\n\n{len(diff['verdicts'])} moved.\n\n")
    out += [f"- {E(v['claim'])}: {E(v['old'])} → {E(v['new'])} (as of {E(v['as_of'])}; the ledger gives the reason)\n"
            for v in diff["verdicts"]]
    out.append(f"\n## Tables\n\n{len(diff['tables'])} tables changed.\n\n")
    out += [f"- `{E(t['table'])}`: {t['added']} rows added, {t['removed']} removed, {t['revised']} revised\n"
            for t in diff["tables"]]
    out.append(f"\n## Figures\n\n{len(diff['figures'])} figures show changed data.\n\n")
    out += [f"- Figure {E(str(f['number']))}, {E(f['title'])} (`{E(f['anchor'])}`)\n" for f in diff["figures"]]
    if diff["new_figures"]:
        out.append("\nNew figures: " + ", ".join(f"`{E(a)}`" for a in diff["new_figures"]) + ".\n")
    if diff["retired_figures"]:
        # Each retired anchor still resolves: to a note on its chapter's page (chapters/retired_figures.yml).
        out.append("\nRetired figures: " + ", ".join(
            f'<a href="../chapters/{a.split("-")[1]}.html#{E(a)}">{E(old["figures"][a]["title"])}</a>'
            for a in diff["retired_figures"])
            + ".\n")
    return "".join(out)

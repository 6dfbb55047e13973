"""Pages generated from the data package at build time: the data page, the claims ledger, how to cite.

They are written into the build's staging folder (never into the repository), so they always match the
data and the chapters' manifests of the same build.
"""
from __future__ import annotations

import html
import json
import pathlib
import shutil
import zipfile


from bookkit import book
from bookkit.data import load, package
from bookkit import refs
from bookkit.claims import VERDICT_LABELS, after_links, badge, evidence_links, history_html
from bookkit.prose import row_anchor

E = html.escape


def _raw(block: str) -> str:
    return "```{raw} html\n" + block + "\n```\n"


def data_as_of() -> str:
    """The newest source date in the data package: what the book's data are 'as of'."""
    dates = [load(r["name"])["source_date"].max() for r in package()["resources"]
             if any(f["name"] == "source_date" for f in r["schema"]["fields"])]
    return max(dates)


def ledger_counts() -> dict[str, int]:
    """Number of claims in the ledger, in total and by verdict (for the front page)."""
    verdicts = load("claims")["verdict"]
    counts = {"n_claims": len(verdicts)}
    counts.update({"n_" + v.replace(" ", "_"): int((verdicts == v).sum()) for v in VERDICT_LABELS})
    # Verdicts that moved since their first assessment, and claims citing evidence published after the essay.
    history = load("claims_history").sort_values("as_of")
    first, last = history.groupby("claim_id")["verdict"].first(), history.groupby("claim_id")["verdict"].last()
    counts["n_moved"] = int((first != last).sum())
    counts["n_with_after_refs"] = int((load("claims")["after_refs"].fillna("").str.strip() != "").sum())
    return counts


def copy_downloads(static_dir: pathlib.Path) -> None:
    """Every table, the descriptor and the schemas as downloads, plus the whole package as one zip."""
    out = static_dir / "downloads"
    if out.exists():
        shutil.rmtree(out)
    (out / "schemas").mkdir(parents=True)
    files = [book.DATA_DIR / "datapackage.json", book.DATA_DIR / "README.md"]
    files += [book.DATA_DIR / r["path"] for r in package()["resources"]]
    files += sorted((book.DATA_DIR / "schemas").glob("*.json"))
    with zipfile.ZipFile(out / "data-package.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        for f in files:
            rel = f.relative_to(book.DATA_DIR)
            shutil.copyfile(f, out / rel)
            archive.write(f, f"data/{rel}")


def _ledger_refs() -> list[dict]:
    """Rows the claims ledger cites as post-essay evidence, each with the claim that cites it."""
    out = []
    for claim in load("claims").itertuples():
        for ref in refs.split(claim.after_refs):
            out.append({**refs.resolve(ref), "claim": claim.claim_id})
    return out


def _cited_rows(meta: list[dict]) -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
    """Rows behind glued numbers and ledger references, by series (observation tables) and by table (others),
    each with where it is cited: (label, link) pairs."""
    cited: dict[str, dict] = {}
    other: dict[str, dict[str, dict]] = {}
    for chapter in meta:
        brief = chapter["chapter"].startswith("brief-")
        geo = chapter["chapter"].removeprefix("brief-")
        where = ((f"{geo.upper()} brief", f"../briefs/{geo}.html") if brief else
                 (chapter["chapter"], f"../chapters/{chapter['chapter']}.html"))
        for number in chapter["numbers"]:
            # A brief's median or rank links to its series entry, which lists the series' definition; only the
            # rows its single-row numbers link to are listed (the page would otherwise list most rows twice).
            if brief and len(number["rows"]) > 1:
                continue
            for row in number["rows"]:
                if "series" not in row:
                    continue
                entry = cited.setdefault(row_anchor(row["series"], row["geo"], row["year"]), {"row": row, "cited_by": set()})
                entry["cited_by"].add(where)
            for ref in number.get("refs", []):
                target = refs.resolve(ref)
                if "series" in target["row"]:
                    continue  # listed above, under its series
                other.setdefault(target["table"], {}).setdefault(
                    target["anchor"], {"row": target["row"], "cited_by": set(), "date": target["date"],
                                       "label": target["label"]})["cited_by"].add(where)
    for ref in _ledger_refs():
        where = (ref["claim"], f"ledger.html#claim-{ref['claim']}")
        target = cited if "series" in ref["row"] else other.setdefault(ref["table"], {})
        target.setdefault(ref["anchor"], {"row": ref["row"], "cited_by": set(), "date": ref["date"],
                                          "label": ref["label"]})["cited_by"].add(where)
    by_series: dict[str, list[dict]] = {}
    for anchor, entry in sorted(cited.items()):
        by_series.setdefault(entry["row"]["series"], []).append({"anchor": anchor, **entry})
    by_table = {t: [{"anchor": a, **e} for a, e in sorted(rows.items(), key=lambda kv: kv[1]["date"])]
                for t, rows in other.items()}
    return by_series, by_table


def _cited_in(entry: dict) -> str:
    return " ".join(f'<a href="{E(href)}">{E(label)}</a>' for label, href in sorted(entry["cited_by"]))


def _source_cell(row: dict) -> str:
    return (f'<a href="{E(row["source_url"])}">{E(row["source_publisher"])}, {E(row["source_title"])}</a> '
            f'({E(row["source_date"])})')


def data_page(meta: list[dict]) -> str:
    series = load("series").set_index("series")
    cited, cited_other = _cited_rows(meta)
    out = ["# Data\n",
           "Every chart and every number in this book comes from the tables below. Each row carries its "
           "source: publisher, title, address, date, and whether the book read it from the publisher "
           "(primary) or from an outlet of record relaying it (relay). Numbers in the text link to the row "
           "they came from, listed under *Rows cited in the text* for each table.\n",
           _raw(f'<p class="data-asof">Data as of <strong>{E(data_as_of())}</strong> (newest source date). '
                f'<a href="../_static/downloads/data-package.zip" download>Download the whole data package (zip)</a> · '
                f'<a href="../_static/downloads/datapackage.json" download>datapackage.json</a> '
                f'(Frictionless Data descriptor with schemas and licences).</p>')]
    for res in package()["resources"]:
        table = load(res["name"])
        out.append(f"\n## {res['title']}\n")
        lic = "; ".join(l.get("title") or l["name"] for l in res.get("licenses", []))
        has_sources = "source_url" in table
        facts = [("File", f'<a href="../_static/downloads/{E(res["path"])}" download>{E(res["path"])}</a>'),
                 ("Rows", f"{len(table):,}"), ("Licence", E(lic))]
        if res.get("units"):
            facts.append(("Units", E(res["units"])))
        if res.get("price_basis"):
            facts.append(("Price basis", E(res["price_basis"])))
        if has_sources:
            facts.append(("Last updated", E(str(table["source_date"].max()) + " (newest source date)")))
            kinds = table["source_kind"].value_counts().to_dict()
            facts.append(("Rows by source kind", E(", ".join(f"{k}: {v}" for k, v in sorted(kinds.items())))))
        dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)
        block = [f'<div class="dataset" id="data-{E(res["name"])}"><p>{E(res.get("description", ""))}</p>'
                 f'<dl class="dataset-facts">{dl}</dl>']
        if has_sources:
            srcs = table[["source_publisher", "source_title", "source_url", "source_kind"]].drop_duplicates()
            items = "".join(f'<li><a href="{E(s.source_url)}">{E(s.source_publisher)}, <cite>{E(s.source_title)}</cite></a>'
                            f'{" (relay)" if s.source_kind == "relay" else ""}</li>' for s in srcs.itertuples())
            block.append(f'<details><summary>Sources ({len(srcs)})</summary><ul class="sources">{items}</ul></details>')
        if "series" in table and res["name"] != "series":
            for sid in sorted(table["series"].unique()):
                info = series.loc[sid] if sid in series.index else None
                block.append(f'<div class="series" id="series-{E(sid)}"><h3 class="series-id"><code>{E(sid)}</code>'
                             f'{" — " + E(info["label"]) if info is not None else ""}</h3>')
                if info is not None:
                    block.append(f'<p>{E(info["definition"])} <em>Unit:</em> {E(info["unit"])}; '
                                 f'<em>price basis:</em> {E(info["price_basis"])}.</p>')
                rows = cited.get(sid, [])
                if rows:
                    body = "".join(
                        f'<tr id="{E(r["anchor"])}"><td>{E(r["row"]["geo"])}</td><td>{E(r["row"]["year"])}</td>'
                        f'<td>{E(r["row"]["value"])}</td><td>{E(r["row"].get("unit", ""))}</td>'
                        f'<td>{_source_cell(r["row"])}</td><td>{_cited_in(r)}</td></tr>'
                        for r in rows)
                    block.append('<table class="cited-rows"><caption>Rows cited in the text</caption><thead><tr>'
                                 '<th>Geo</th><th>Year</th><th>Value</th><th>Unit</th><th>Source</th><th>Cited in</th>'
                                 f'</tr></thead><tbody>{body}</tbody></table>')
                block.append("</div>")
        if cited_other.get(res["name"]):
            body = "".join(f'<tr id="{E(r["anchor"])}"><td>{E(r["date"])}</td><td>{E(r["label"])}</td>'
                           f'<td>{_source_cell(r["row"])}</td><td>{_cited_in(r)}</td></tr>'
                           for r in cited_other[res["name"]])
            block.append('<table class="cited-rows"><caption>Rows cited in the text and the claims ledger</caption><thead><tr>'
                         '<th>Date</th><th>What</th><th>Source</th><th>Cited by</th>'
                         f'</tr></thead><tbody>{body}</tbody></table>')
        block.append("</div>")
        out.append(_raw("\n".join(block)))
    return "\n".join(out)


def ledger_page() -> str:
    claims = load("claims")
    counts = claims["verdict"].value_counts()
    summary = ", ".join(f"{VERDICT_LABELS[v]}: {int(counts.get(v, 0))}" for v in VERDICT_LABELS)
    chapters = {c["slug"]: c["title"] for c in book.chapters()}
    rows = []
    for c in claims.itertuples():
        target = (f'../chapters/{c.chapter}.html#verdict-{c.claim_id}' if c.chapter in chapters else "")
        claim = c._asdict()
        links = evidence_links(claim, separator=" ")
        dated = after_links(claim)
        after = f' <span class="after-refs">({dated})</span>' if dated else ""
        chapter_cell = f'<a href="{target}">{E(c.chapter)}</a>' if target else E(c.chapter)
        rows.append(
            f'<tr id="claim-{c.claim_id}" data-verdict="{E(c.verdict)}" data-chapter="{E(c.chapter)}" data-kind="{E(c.kind)}">'
            f'<td><a href="#claim-{c.claim_id}">{c.claim_id}</a></td><td>{chapter_cell}</td><td>{E(c.kind)}</td>'
            f'<td>{E(c.claim)}</td><td data-sort="{E(c.verdict)}">{badge(c.verdict)} {history_html(claim)}</td>'
            f'<td>{E(c.evidence)} {links}</td><td>{E(c.after_nov_2025 or "")}{after}</td></tr>')
    options = lambda values: "".join(f'<option value="{E(v)}">{E(v)}</option>' for v in values)
    controls = (
        '<form class="ledger-filters" role="search" aria-label="Filter the claims">'
        f'<label>Verdict <select id="filter-verdict"><option value="">all</option>{options(VERDICT_LABELS)}</select></label>'
        f'<label>Chapter <select id="filter-chapter"><option value="">all</option>{options(sorted(claims["chapter"].unique()))}</select></label>'
        f'<label>Kind <select id="filter-kind"><option value="">all</option>{options(["fact", "prediction", "opinion"])}</select></label>'
        '<label>Search <input id="filter-text" type="search" placeholder="word in claim or evidence"></label>'
        '<output id="ledger-count" aria-live="polite"></output></form>')
    table = ('<div class="table-scroll"><table id="ledger" class="ledger"><thead><tr>'
             '<th scope="col"><button type="button" data-sort-col="0">Id</button></th>'
             '<th scope="col"><button type="button" data-sort-col="1">Chapter</button></th>'
             '<th scope="col"><button type="button" data-sort-col="2">Kind</button></th>'
             '<th scope="col">Claim (paraphrased)</th>'
             '<th scope="col"><button type="button" data-sort-col="4">Verdict</button></th>'
             '<th scope="col">Evidence</th><th scope="col">After November 2025</th></tr></thead>'
             f'<tbody>{"".join(rows)}</tbody></table></div>')
    return ("# Claims ledger\n\n"
            "Every testable claim of the essay of 29 November 2025, paraphrased, with the chapter that tests it "
            "and the book's verdict: *supported*, *contradicted*, *mixed* (parts hold, parts do not) or *no data* "
            "(the evidence needed is not in the data package, or the claim is an opinion). Filter or sort the "
            "table; each id links to the claim's discussion in its chapter.\n\n"
            + _raw(f'<p class="ledger-summary">{len(claims)} claims. {E(summary)}.</p>' + controls + table))


def cite_page() -> str:
    meta = book.citation()
    from bookkit.figures import ACCESSED
    text = (f"{book.authors()} ({book.year()}). {meta['title']}. Edition {meta['version']}. {meta.get('url', '')}".strip()
            + " " + ACCESSED)
    bib = ("@misc{european_security_data_book_" + book.year() + ",\n"
           f"  author = {{{{{book.authors()}}}}},\n  title = {{{{{meta['title']}}}}},\n"
           f"  year = {{{book.year()}}},\n  version = {{{meta['version']}}},\n  note = {{Data package and report}}\n}}")
    chapters = []
    for c in book.chapters():
        ctext = (f"{book.authors()} ({book.year()}). “{c['title']}”. Chapter {c['number']} of {meta['title']}, "
                 f"edition {meta['version']}. {ACCESSED}")
        cbib = ("@incollection{european_security_data_book_" + c["slug"] + ",\n"
                f"  author = {{{{{book.authors()}}}}},\n  title = {{{{{c['title']}}}}},\n"
                f"  booktitle = {{{{{meta['title']}}}}},\n  chapter = {{{c['number']}}},\n"
                f"  year = {{{book.year()}}},\n  version = {{{meta['version']}}}\n}}")
        chapters.append(f"\n### Chapter {c['number']}: {c['title']}\n\n{ctext}\n\n```bibtex\n{cbib}\n```\n")
    return ("# How to cite\n\n"
            "Cite the book, a chapter, or a single figure (each figure has its own *Cite this figure* text). "
            "When you reuse a number, cite the original publisher too: every row of the data package names it.\n\n"
            f"## The book\n\n{text}\n\n```bibtex\n{bib}\n```\n\n"
            "The same metadata, machine-readable: "
            '{download}`CITATION.cff <../CITATION.cff>`.\n\n## Chapters\n' + "".join(chapters) +
            "\n## Licence\n\nText and compiled data: Creative Commons Attribution 4.0 (CC BY 4.0). "
            "Third-party data keep their publishers' terms, listed per table on the data page.\n")


CHECKS_MARKER = "<!-- data checks: generated by the build from data/plausibility.csv and the cross-source comparisons -->"


def checks_section(summary: dict) -> str:
    """Markdown for the method page: the plausibility rules, their exceptions and the cross-source differences."""
    exceptions = "".join(f"| `{E(x['series'])}` | {E(str(x['geo']))} | {x['year']} | {E(x['reason'])} |\n"
                         for x in summary["exceptions"])
    nato_sipri = [d for d in summary["differences"] if d["right"] == "sipri_milex_share_gdp"]
    diffs = "".join(f"| {E(str(d['geo']))} | {d['year']} | {d['left_value']:.2f} | {d['right_value']:.2f} | "
                    f"{d['difference']:+.2f} |\n" for d in nato_sipri)
    kiel = "".join(f"| {E(k['left'].split(': ', 1)[1])} | {k['year']} | {k['left_value']:g} | {k['right_value']:g} | "
                   f"{k['difference']:+.2f} | {k['tolerance']:g} {E(k['unit'])} |\n" for k in summary["kiel"])
    largest = (f" The largest is {E(str(nato_sipri[0]['geo']))} in {nato_sipri[0]['year']} ({nato_sipri[0]['difference']:+.2f} "
               "points)." if nato_sipri else "")
    return (f"Every numeric series has a plausibility rule ({summary['rules']} rules in `data/plausibility.csv`): the "
            "range its values can take, whether they are whole numbers, and the largest credible change from one "
            "year to the next. A value outside its rule stops the build with the file, row, column and rule. "
            f"{len(summary['exceptions'])} deliberate outliers are accepted, each with its reason:\n\n"
            "| series | country | year | reason |\n|---|---|---|---|\n" + exceptions +
            f"\n**NATO against SIPRI.** Both publish defence spending as a share of GDP, with different definitions. "
            f"Of {summary['nato_sipri_compared']} country-years in both, {len(nato_sipri)} differ by more than "
            f"0.5 percentage points.{largest}\n\n"
            + ("| country | year | NATO, % of GDP | SIPRI, % of GDP | difference |\n|---|---|---|---|---|\n" + diffs
               if diffs else "") +
            "\n**The book's sums of Kiel rows against Kiel's own figures.** The Kiel Institute's published totals "
            "(February 2026) beside the book's sums of the tracker's rows for the same donors and year:\n\n"
            "| quantity | year | book's sum | Kiel published | difference | tolerance |\n|---|---|---|---|---|---|\n"
            + kiel)


def method_page(summary: dict) -> str:
    text = (book.ROOT / "pages" / "method.md").read_text(encoding="utf-8")
    if CHECKS_MARKER not in text:
        raise ValueError(f"pages/method.md: the line {CHECKS_MARKER!r} (where the data checks go) is missing")
    return text.replace(CHECKS_MARKER, checks_section(summary))


def write_all(stage: pathlib.Path, meta_dir: pathlib.Path, checks: dict, brief_meta: list[dict] = ()) -> None:
    """Generate the pages into the staging folder (only rewriting files whose content changed); brief_meta: the
    country briefs' records (their numbers link to rows of the data page too)."""
    meta = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(meta_dir.glob("*.json"))] + list(brief_meta)
    (stage / "pages").mkdir(exist_ok=True)
    copy_downloads(stage / "_static")
    for name, text in (("data.md", data_page(meta)), ("ledger.md", ledger_page()), ("cite.md", cite_page()),
                       ("method.md", method_page(checks))):
        write_if_changed(stage / "pages" / name, text)


def briefs_index(brief_meta: list[dict]) -> str:
    """The index of country briefs: one sortable row per country with its headline numbers, each linked to
    its data row, and the country linked to its brief."""
    from bookkit import briefs, render
    names = dict(book.brief_countries())
    columns = list(briefs.HEADLINES.values())
    rows = []
    for meta in sorted(brief_meta, key=lambda m: names[m["chapter"].removeprefix("brief-").upper()]):
        geo = meta["chapter"].removeprefix("brief-")
        numbers = {n["key"]: n for n in meta["numbers"]}
        cells = []
        for key in briefs.HEADLINES:
            n = numbers.get(key)
            cells.append({"text": n["text"], "sort": n["text"].replace(",", ""), "href": f"../pages/data.html#{n['anchor']}"}
                         if n else {"text": "–", "sort": "", "href": None})
        rows.append({"geo": geo, "name": names[geo.upper()], "href": f"{geo}.html", "cells": cells,
                     "numbers": len(meta["numbers"]), "figures": len(meta["figures"])})
    table = render.render("briefs_index.html", columns=columns, rows=rows)
    return ("# Country briefs\n\n"
            f"One page for each of the {len(rows)} EU member states, European Allies and Ukraine, gathering what the "
            "four chapters hold for that country: defence spending by NATO's and SIPRI's counts, targets and "
            "budgets, aid to Ukraine, refugees, SAFE loans, energy dependence, opinion, its events on the "
            "timelines and the essay's claims about it. Each number links to its data row; a series with no value "
            "for a country says so. Click a column heading to sort the table; a dash means the series has no value "
            "for that country.\n\n" + _raw(table) + "\n")


def write_if_changed(path: pathlib.Path, text: str) -> None:
    """Keep the file's timestamp when its content is the same, so Sphinx does not rebuild it."""
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")

"""The essay's claims as HTML fragments: verdict badge, dated history, evidence and post-essay links.

Pure functions of a row of data/claims.csv, shared by the two places claims appear: a chapter's verdict block
(bookkit.verdicts, in the kernel) and the claims ledger page (bookkit.pages, at build time). The two link to
each other: chapter verdict `#verdict-A1` <-> ledger row `#claim-A1`.
"""
from __future__ import annotations

import html

from bookkit import refs
from bookkit.prose import short_date
from bookkit.data import load

VERDICT_LABELS = {"supported": "Supported", "contradicted": "Contradicted", "mixed": "Mixed", "no data": "No data"}


def _links(value: str) -> list[str]:
    return [v.strip() for v in (value or "").split(";") if v.strip()]


def figure_href(anchor: str, from_chapter: str | None = None) -> str:
    """Link to a figure anchor fig-<chapter>-<name>, from a chapter page or (None) from pages/."""
    chapter = anchor.split("-")[1]
    if chapter == from_chapter:
        return f"#{html.escape(anchor)}"
    prefix = "" if from_chapter else "../chapters/"
    return f"{prefix}{chapter}.html#{html.escape(anchor)}"


def evidence_links(claim, from_chapter: str | None = None, separator: str = " · ") -> str:
    """Links to a claim's figures and sources, from a chapter page or (None) from pages/."""
    figs = [f'<a href="{figure_href(f, from_chapter)}">{html.escape(f)}</a>' for f in _links(claim["figures"])]
    srcs = [f'<a href="{html.escape(u)}">source&nbsp;{i}</a>' for i, u in enumerate(_links(claim["sources"]), 1)]
    return separator.join(figs + srcs)


def after_links(claim, from_chapter: str | None = None) -> str:
    """Links from a claim's post-essay evidence to its rows on the data page, each labelled with its date."""
    data_page = "../pages/data.html" if from_chapter else "data.html"
    links = []
    for ref in refs.split(claim.get("after_refs", "")):
        target = refs.resolve(ref)
        links.append(f'<a class="after-ref" href="{data_page}#{html.escape(target["anchor"])}" '
                     f'title="{html.escape(target["label"])}">{html.escape(short_date(target["date"]))}</a>')
    return ", ".join(links)


def history_of(claim_id: str) -> list[dict]:
    rows = load("claims_history")
    return rows[rows["claim_id"] == claim_id].sort_values("as_of").to_dict("records")


def history_html(claim) -> str:
    """'Verdict as of <date>', and where the verdict moved, each earlier verdict with its date and the reason."""
    hist = history_of(claim["claim_id"])
    out = f'<span class="verdict-asof">as of {html.escape(short_date(claim["as_of"]))}</span>'
    moves = [(a, b) for a, b in zip(hist, hist[1:]) if a["verdict"] != b["verdict"]]
    if moves:
        steps = "; ".join(f'{VERDICT_LABELS[a["verdict"]]} until {short_date(b["as_of"])}, then '
                          f'{VERDICT_LABELS[b["verdict"]]}: {b["reason"]}' for a, b in moves)
        out += f'<span class="verdict-history"><strong>Verdict changed.</strong> {html.escape(steps)}</span>'
    return out


def badge(verdict: str) -> str:
    """The verdict as a coloured label."""
    css = verdict.replace(" ", "-")
    return f'<span class="verdict verdict-{css}">{VERDICT_LABELS[verdict]}</span>'

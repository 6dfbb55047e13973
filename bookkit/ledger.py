"""The claims ledger: the essay's claims, each with a verdict and its evidence, from data/claims.csv.

Chapters show their own claims with `verdicts()`; the ledger page shows all of them, filterable.
The two link to each other: chapter verdict `#verdict-A1` <-> ledger row `#claim-A1`.
"""
from __future__ import annotations

import html

from IPython.display import HTML, display

from bookkit import manifest
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


def badge(verdict: str) -> str:
    css = verdict.replace(" ", "-")
    return f'<span class="verdict verdict-{css}">{VERDICT_LABELS[verdict]}</span>'


def verdicts(chapter: str | None = None) -> None:
    """The chapter's claims with verdicts, each linked to its row in the ledger."""
    chapter = chapter or manifest.chapter()
    claims = load("claims")
    claims = claims[claims["chapter"] == chapter]
    blocks = []
    for _, c in claims.iterrows():
        after = (f'<p class="claim-after"><strong>Since November 2025:</strong> {html.escape(c["after_nov_2025"])}</p>'
                 if c["after_nov_2025"] else "")
        evidence_refs = evidence_links(c, chapter)
        blocks.append(
            f'<div class="claim" id="verdict-{c["claim_id"]}">'
            f'<p class="claim-head"><a class="claim-id" href="../pages/ledger.html#claim-{c["claim_id"]}" '
            f'title="This claim in the ledger">{c["claim_id"]}</a> {badge(c["verdict"])} '
            f'<span class="claim-kind">{c["kind"]}</span></p>'
            f'<p class="claim-text"><em>The essay claims:</em> {html.escape(c["claim"])}</p>'
            f'<p class="claim-evidence"><strong>Evidence:</strong> {html.escape(c["evidence"])}'
            f'{" (" + evidence_refs + ")" if evidence_refs else ""}</p>{after}</div>')
    if not blocks:
        display(HTML('<p class="claim-none">No claims of the essay are assigned to this chapter yet.</p>'))
        return
    display(HTML('<div class="claims">' + "\n".join(blocks) + "</div>"))

"""Benchmark the build and the pages; prints figures and whether each target is met, asserts nothing.

    python -m scripts.bench            (or: make bench)

Works on a private copy of the repository (so it can change a data file) with its own build folder.
Targets (issue 8): no-change rebuild <= 10 % of a cold build; one copy of the Vega libraries per site;
each chapter page <= 300 KB without the shared bundle; all charts drawn within 1 s locally.
Targets (issue 16): Lighthouse (scripts/lighthouse.py) on every page against a stock Jupyter Book page, plain
and gzip; JavaScript per page <= 150 KB without charts, <= 1 MB with; cold build with chapters in parallel
<= 65 % of the same build one chapter after another.
"""
from __future__ import annotations

import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"


def timed_build(repo: pathlib.Path, build: pathlib.Path, **env_extra: str) -> tuple[float, str]:
    env = {**os.environ, "BOOK_BUILD_DIR": str(build), **env_extra}
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "bookkit.build"], cwd=repo, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode:
        sys.exit(f"build failed:\n{result.stderr}")
    executed = [l.split()[1] for l in result.stdout.splitlines() if l.startswith("executed")]
    return elapsed, ", ".join(executed) or "none"


def _js_bytes(page: pathlib.Path) -> int:
    """JavaScript a page loads: its script files (resolved on disk) plus its inline scripts."""
    html = page.read_text(encoding="utf-8")
    # Inline scripts that run (a chart's spec, type="application/json", is data and is not counted).
    total = sum(len(s.encode()) for s in re.findall(r"<script(?![^>]*application/json)[^>]*>(.*?)</script>", html,
                                                     flags=re.S))
    for src in re.findall(r'<script[^>]*src="([^"]+)"', html):
        path = (page.parent / src.split("?")[0]).resolve()
        total += path.stat().st_size if path.is_file() else 0
        if path.name == "charts.js":  # the chart loader fetches the Vega bundle after the page has loaded
            total += (path.parent / "vega-bundle.js").stat().st_size
    return total


def page_figures(site: pathlib.Path) -> list[tuple[str, int, int, float, float]]:
    """Per page: HTML bytes, JS bytes, ms from navigation start and from DOM ready to the last chart drawn."""
    from playwright.sync_api import sync_playwright
    from scripts.lighthouse import book_pages
    pages = [site / p for p in book_pages(site)]
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu",
                                    "--disable-background-networking", "--disable-component-update"])
        for page in pages:
            tab = browser.new_page()
            tab.goto(page.as_uri(), wait_until="load")
            tab.evaluate("window.bookDrawAllCharts && window.bookDrawAllCharts()")
            tab.wait_for_function("() => [...document.querySelectorAll('.vega-chart')]"
                                  ".every(d => d.dataset.drawn === 'true')", timeout=30_000)
            nav_ms, ready_ms = tab.evaluate("""() => {
                const drawn = [...document.querySelectorAll('.vega-chart')].map(d => +d.dataset.drawnAt);
                const last = drawn.length ? Math.max(...drawn) : 0;
                const ready = performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd;
                return [last, drawn.length ? last - ready : 0]; }""")
            rows.append((str(page.relative_to(site)), page.stat().st_size, _js_bytes(page), nav_ms, ready_ms,
                         'class="vega-chart"' in page.read_text(encoding="utf-8")))
            tab.close()
        browser.close()
    return rows


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        repo, build = pathlib.Path(tmp) / "book", pathlib.Path(tmp) / "build"
        shutil.copytree(ROOT, repo, ignore=shutil.ignore_patterns(".venv", "_build", ".git", "raw", "__pycache__"))
        # Chapters in parallel against one after another, both cold and without the PDF (printed the same way by both).
        sequential, _ = timed_build(repo, pathlib.Path(tmp) / "build-sequential", BOOK_WORKERS="1", BOOK_PDF="0")
        parallel, _ = timed_build(repo, pathlib.Path(tmp) / "build-parallel", BOOK_PDF="0")
        cold, cold_ran = timed_build(repo, build)
        warm, warm_ran = timed_build(repo, build)
        energy = repo / "data" / "eurostat_energy.csv"
        energy.write_text(energy.read_text().replace("retrieved", "Retrieved", 1))
        one, one_ran = timed_build(repo, build)
        site = build / "html"
        bundle_kb = (site / "_static" / "vega-bundle.js").stat().st_size / 1024
        copies = [p for p in site.rglob("*.js") if "vegaEmbed" in p.read_text(errors="ignore")
                  and "vega-lite" in p.read_text(errors="ignore")]
        inline_copies = [p for p in site.rglob("*.html") if "vega-lite@" in p.read_text(errors="ignore")]
        figures = page_figures(site)
        from scripts import lighthouse
        print(lighthouse.HEADER)
        rows = lighthouse.compare(site)

    print("\n".join(lighthouse.summary(rows)))
    workers = os.environ.get("BOOK_WORKERS") or os.cpu_count()
    share = parallel / sequential
    print(f"\ncold build, chapters in parallel ({workers} workers, no PDF) {parallel:6.1f} s; one after another "
          f"{sequential:6.1f} s = {share:.0%} [target <= 65 %: {'met' if share <= 0.65 else 'NOT met'}]")
    ratio = warm / cold
    print(f"cold build                 {cold:7.1f} s   (executed: {cold_ran})")
    print(f"no-change rebuild          {warm:7.1f} s   (executed: {warm_ran})  = {ratio:.1%} of cold "
          f"[target <= 10 %: {'met' if ratio <= 0.10 else 'NOT met'}]")
    print(f"one data file changed      {one:7.1f} s   (executed: {one_ran})")
    n_copies = len(copies) + len(inline_copies)
    print(f"Vega bundle                {bundle_kb:7.0f} KB, copies in site: {n_copies} "
          f"[target 1: {'met' if n_copies == 1 else 'NOT met'}]")
    print(f"\n{'page':28} {'HTML KB':>8} {'JS KB':>7} {'drawn after navigation':>23} {'after DOM ready':>16}  JS budget")
    worst_page, worst_draw = 0, 0.0
    for name, html_bytes, js_bytes, nav_ms, ready_ms, charts in figures:
        budget = 1000 if charts else 150
        print(f"{name:28} {html_bytes / 1024:8.0f} {js_bytes / 1024:7.0f} {nav_ms:20.0f} ms {ready_ms:13.0f} ms  "
              f"<= {budget} KB ({'charts' if charts else 'no charts'}): {'met' if js_bytes <= budget * 1024 else 'NOT met'}")
        if name.startswith("chapters/"):
            worst_page = max(worst_page, html_bytes)
        worst_draw = max(worst_draw, nav_ms)
    print(f"\nlargest chapter page {worst_page / 1024:.0f} KB [target <= 300 KB: {'met' if worst_page <= 300 * 1024 else 'NOT met'}]")
    print(f"slowest page, navigation start to all charts drawn {worst_draw:.0f} ms "
          f"[target <= 1000 ms: {'met' if worst_draw <= 1000 else 'NOT met'}]")


if __name__ == "__main__":
    main()

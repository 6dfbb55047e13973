"""Lighthouse on every page of the book and on a stock Jupyter Book page, side by side (used by bench.py).

    python -m scripts.lighthouse SITE          # SITE: a built _build/html

Lighthouse 12.2.3 (the last release that runs on Node 20) is installed with npm into `.bench/` (git-ignored)
on first use and runs Debian's Chromium (CHROME_PATH=/usr/bin/chromium) with its default mobile preset. Each
site is served from 127.0.0.1 twice: plain, and gzip-compressed as any real static host serves it. The
stock page is the intro page of a book made by `jupyter-book create`, built with the same jupyter-book.
Figures are printed; nothing is asserted (a benchmark, not a test).
"""
from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import threading

ROOT = pathlib.Path(__file__).resolve().parents[1]
TOOLS = ROOT / ".bench"
LIGHTHOUSE = TOOLS / "node_modules" / ".bin" / "lighthouse"
VERSION = "12.2.3"
CHROMIUM = "/usr/bin/chromium"
COMPRESSIBLE = (".html", ".js", ".css", ".json", ".svg", ".txt", ".csv")


def ensure_lighthouse() -> pathlib.Path:
    if not LIGHTHOUSE.exists():
        TOOLS.mkdir(exist_ok=True)
        subprocess.run(["npm", "i", "-E", f"lighthouse@{VERSION}", "--no-audit", "--no-fund", "--silent"],
                       cwd=TOOLS, check=True)
    return LIGHTHOUSE


class _Handler(http.server.SimpleHTTPRequestHandler):
    """A static server; with gzip=True it compresses text files for clients that accept it, as hosts do."""
    gzip = False

    def log_message(self, *args):
        pass

    def send_head(self):
        path = pathlib.Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.gzip and accepts and path.suffix in COMPRESSIBLE and path.is_file()):
            return super().send_head()
        body = _compressed(str(path), path.stat().st_mtime)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        import io
        return io.BytesIO(body)


@functools.lru_cache(maxsize=None)
def _compressed(path: str, mtime: float) -> bytes:
    """Compressed once per file, as a static host keeps (or pre-builds) its .gz files."""
    return gzip.compress(pathlib.Path(path).read_bytes(), compresslevel=6)


def serve(directory: pathlib.Path, compressed: bool) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = type("Handler", (_Handler,), {"gzip": compressed})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def stock_site(tmp: pathlib.Path) -> pathlib.Path:
    """A stock `jupyter-book create` book, built with this environment's jupyter-book."""
    jb = pathlib.Path(sys.executable).parent / "jupyter-book"
    subprocess.run([str(jb), "create", str(tmp / "stock")], check=True, capture_output=True)
    subprocess.run([str(jb), "build", str(tmp / "stock")], check=True, capture_output=True)
    return tmp / "stock" / "_build" / "html"


def audit(url: str) -> dict:
    """One Lighthouse run (mobile preset): category scores and the timing and weight audits."""
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "report.json"
        subprocess.run([str(ensure_lighthouse()), url, "--output=json", f"--output-path={out}", "--quiet",
                        "--only-categories=performance,accessibility,seo",
                        "--chrome-flags=--headless=new --no-sandbox"],
                       check=True, capture_output=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
        report = json.loads(out.read_text())
    audits = report["audits"]
    failed_a11y = [a["id"] for a in report["categories"]["accessibility"]["auditRefs"]
                   if a["weight"] and audits[a["id"]].get("score") not in (None, 1)]
    return {"performance": report["categories"]["performance"]["score"],
            "accessibility": report["categories"]["accessibility"]["score"],
            "seo": report["categories"]["seo"]["score"],
            "bytes": audits["total-byte-weight"]["numericValue"],
            "fcp": audits["first-contentful-paint"]["numericValue"],
            "lcp": audits["largest-contentful-paint"]["numericValue"],
            "tbt": audits["total-blocking-time"]["numericValue"],
            "a11y_failed": failed_a11y}


def book_pages(site: pathlib.Path) -> list[str]:
    pages = ["index.html", *[f"chapters/{p.name}" for p in sorted((site / "chapters").glob("*.html"))],
             *[f"pages/{p.name}" for p in sorted((site / "pages").glob("*.html"))]]
    return pages


def compare(site: pathlib.Path, log=print) -> list[dict]:
    """Audit the stock page and every book page, plain and gzip; print the table; return the rows."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        stock = stock_site(pathlib.Path(tmp))
        targets = [("stock Jupyter Book intro", stock, "intro.html")] + [(p, site, p) for p in book_pages(site)]
        servers = {}
        for name, root, path in targets:
            row = {"page": name}
            for mode in ("gzip", "plain"):
                key = (root, mode)
                if key not in servers:
                    servers[key] = serve(root, mode == "gzip")
                row[mode] = audit(servers[key][1] + path)
            rows.append(row)
            log(_line(row, rows[0]))
        for server, _ in servers.values():
            server.shutdown()
    return rows


HEADER = (f"{'page':28} {'perf gz':>7} {'stock':>6} {'perf':>5} {'stock':>6} {'a11y':>5} {'SEO':>5} "
          f"{'KB gz':>7} {'FCP gz':>7} {'LCP gz':>7} {'TBT gz':>7}  accessibility audits failed")


def _line(row: dict, stock: dict) -> str:
    g, p, sg, sp = row["gzip"], row["plain"], stock["gzip"], stock["plain"]
    return (f"{row['page']:28} {g['performance']:7.2f} {sg['performance']:6.2f} {p['performance']:5.2f} "
            f"{sp['performance']:6.2f} {g['accessibility']:5.2f} {g['seo']:5.2f} {g['bytes'] / 1024:7.0f} "
            f"{g['fcp'] / 1000:6.1f}s {g['lcp'] / 1000:6.1f}s {g['tbt']:5.0f}ms  {', '.join(g['a11y_failed']) or '-'}")


def summary(rows: list[dict]) -> list[str]:
    stock, pages = rows[0], rows[1:]
    chapters = [r for r in pages if r["page"].startswith("chapters/")]
    checks = [
        ("every page >= stock page, gzip", all(r["gzip"]["performance"] >= stock["gzip"]["performance"] for r in pages)),
        ("every chapter page >= 0.90, gzip", all(r["gzip"]["performance"] >= 0.90 for r in chapters)),
        ("every page > stock page, plain", all(r["plain"]["performance"] > stock["plain"]["performance"] for r in pages)),
        ("accessibility 1.0 on every page", all(r["gzip"]["accessibility"] == 1 for r in pages)),
        ("SEO >= 0.95 on every page", all(r["gzip"]["seo"] >= 0.95 for r in pages)),
    ]
    return [f"{name:40} {'met' if ok else 'NOT met'}" for name, ok in checks]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    site = pathlib.Path(argv[0]) if argv else ROOT / "_build" / "html"
    print(HEADER)
    rows = compare(site)
    print("\n".join(summary(rows)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Shared fixtures: one book build per test session, a static server for it, and a headless Chromium
that blocks and records every request that leaves the machine."""
from __future__ import annotations

import functools
import json
import hashlib
import http.server
import os
import pathlib
import shutil
import subprocess
import sys
import threading

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def working_tree_state(root: pathlib.Path = ROOT) -> dict[str, str]:
    """Every file git sees as changed or untracked (ignored build output excluded), with a digest of its bytes."""
    out = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all", "-z"], cwd=root,
                         capture_output=True, text=True, check=True).stdout
    state = {}
    for entry in filter(None, out.split("\0")):
        path = root / entry[3:]
        state[entry] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "-"
    return state


def pytest_sessionstart(session):
    session.config.stash[_TREE_KEY] = working_tree_state() if (ROOT / ".git").exists() else None


def pytest_sessionfinish(session, exitstatus):
    """The suite ends by checking that no test changed the checkout (tests write only to private folders)."""
    before = session.config.stash.get(_TREE_KEY, None)
    if before is None:
        return
    after = working_tree_state()
    changed = sorted(set(before.items()) ^ set(after.items()))
    if changed:
        names = sorted({entry[3:] for entry, _ in changed})
        print("\nFAILED: the test run changed the working tree: " + ", ".join(names[:20]))
        session.exitstatus = 1


_TREE_KEY = pytest.StashKey[dict]()


def run_build(build_dir: pathlib.Path | None = None, *args: str, cwd: pathlib.Path = ROOT,
              check: bool = True, pdf: bool = False, briefs: bool = False) -> subprocess.CompletedProcess:
    """Run the build; only the main book prints its PDF edition and runs the country briefs (the private
    copies' tests never open them)."""
    env = dict(os.environ, BOOK_PDF="1" if pdf else "0", BOOK_BRIEFS="1" if briefs else "0")
    if build_dir is not None:
        env["BOOK_BUILD_DIR"] = str(build_dir)
    result = subprocess.run([sys.executable, "-m", "bookkit.build", *args], cwd=cwd, env=env,
                            capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"build failed:\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="session")
def site() -> pathlib.Path:
    """The book, built by the same command as `make book` (incremental: reuses the chapter cache)."""
    run_build(ROOT / "_build", pdf=True, briefs=True)
    return ROOT / "_build" / "html"


@pytest.fixture(scope="session")
def book_copy(tmp_path_factory):
    """A private copy of the repository with a good published book in its own build folder."""
    root = tmp_path_factory.mktemp("repo")
    ignore = shutil.ignore_patterns(".venv", "_build", ".git", "raw", ".pytest_cache", "__pycache__")
    shutil.copytree(ROOT, root / "book", ignore=ignore)
    book = root / "book"
    run_build(root / "build", cwd=book)
    return book, root / "build"


def recorded(site: pathlib.Path) -> dict:
    """What the build recorded of the book it published (edition.json): every figure and glued number, so that
    tests assert exact counts instead of lower bounds."""
    return json.loads((site / "edition.json").read_text(encoding="utf-8"))


def pages_of(site: pathlib.Path) -> list[pathlib.Path]:
    """The reader-facing pages: front page, chapters and the generated pages (not theme templates)."""
    return [site / "index.html", *sorted((site / "chapters").glob("*.html")), *sorted((site / "pages").glob("*.html"))]


@pytest.fixture(scope="session")
def server(site):
    """The built book on a local static HTTP server (a stand-in for 'any static host')."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a, **k: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not pathlib.Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)")
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Visit:
    """One page load: console errors, page errors and every request that tried to leave the machine."""

    def __init__(self, browser, url: str, width: int = 1280):
        self.context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
        self.errors: list[str] = []
        self.remote: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(url, wait_until="load")

    def _route(self, route):
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", "http://127.0.0.1")):
            route.continue_()
        else:
            self.remote.append(url)
            route.abort()

    def wait_for_charts(self, timeout: float = 10_000) -> int:
        """Draw every chart (as printing does: charts are otherwise drawn as they near the viewport), wait
        until each container reports it was drawn; return how many were drawn."""
        total = self.page.locator(".vega-chart").count()
        if total:
            self.page.evaluate("window.bookDrawAllCharts()")
            self.page.wait_for_function(
                "() => [...document.querySelectorAll('.vega-chart')].every(d => d.dataset.drawn === 'true')",
                timeout=timeout)
        return self.page.locator(".vega-chart svg.marks").count()

    def close(self):
        self.context.close()


AXE_SCRIPT = pathlib.Path(__import__("axe_playwright_python").__file__).with_name("axe.min.js")


def serious_axe_violations(v: Visit) -> list[tuple[str, str, int]]:
    """(rule, impact, nodes) of every serious or critical axe-core finding on an open page, charts drawn."""
    v.wait_for_charts()
    v.page.add_script_tag(content=AXE_SCRIPT.read_text(encoding="utf-8"))
    result = v.page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [(x["id"], x["impact"], len(x["nodes"])) for x in result["violations"]
            if x["impact"] in ("serious", "critical")]


@pytest.fixture
def visit(browser):
    opened = []

    def _open(url: str, width: int = 1280) -> Visit:
        v = Visit(browser, url, width)
        opened.append(v)
        return v
    yield _open
    for v in opened:
        v.close()

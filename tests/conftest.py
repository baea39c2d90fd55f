"""Shared fixtures: copies of small fixture sites, built for real."""

from __future__ import annotations

import contextlib
import functools
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CLI = [sys.executable, "-m", "ipt_library"]
#: What a copy of a fixture leaves behind: a local build's output and caches.
IGNORED = shutil.ignore_patterns("site", ".site-*", ".cache")


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
    # A second guard after request interception: no other host name resolves.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


@pytest.fixture(scope="session")
def playwright() -> Iterator[Any]:
    """One Playwright per test process (its sync API cannot run two at once)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def chromium(playwright: Any) -> Iterator[Any]:
    """Debian's Chromium, headless, shared by every browser test of the session."""
    assert CHROMIUM.exists(), "Chromium is missing: run scripts/setup-system.sh (apt chromium)"
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def browser(chromium: Any) -> Any:
    """The session's Chromium, under the name the browser tests use."""
    return chromium


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging every request."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(root: Path, handler: type[SimpleHTTPRequestHandler] = QuietHandler) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 (a free port) in a thread; yield its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def basic_site(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/basic (three languages, one right-to-left)."""
    target = tmp_path / "basic"
    shutil.copytree(FIXTURES / "basic", target, ignore=IGNORED)
    return target


def run_cli(site: Path, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
    """Run the real `ipt-library` command in a site folder."""
    return subprocess.run(
        [*CLI, *args], cwd=site, capture_output=True, text=True, check=check, timeout=300
    )


@pytest.fixture
def cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    return run_cli


@pytest.fixture(scope="session")
def built_basic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The basic fixture site, built once for the session with `ipt-library build`."""
    target = tmp_path_factory.mktemp("built") / "basic"
    shutil.copytree(FIXTURES / "basic", target, ignore=IGNORED)
    result = run_cli(target, "build")
    assert result.returncode == 0, result.stderr
    return target / "site"

"""Real-browser fixtures: the fixture site built once, served on 127.0.0.1, one Chromium.

The site is tests/fixtures/basic (en, es, ar) plus the resources in fixtures/library/, so
every page type exists: a resource of each of the seven types, and Arabic translations
with citations, a notice and every kind of worksheet field. It is built once per session
with the real `ipt-library build` and served under /library/, the path of its site_url,
by a host that compresses like GitHub Pages (host.py).

Chromium is Debian's (/usr/bin/chromium, installed by scripts/setup-system.sh); no browser
is ever downloaded. Every request to another host is aborted and recorded (pages.py), and
host names other than 127.0.0.1 do not even resolve, so no test can reach the internet.

The real library is also built once per session (test_weight.py), in a temporary copy,
starting when the session starts so that it overlaps the fixture's tests; it takes
25 s on two idle cores, minutes on a busy machine. IPT_BROWSER_REAL=0 skips it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ipt_library.model import content_hash

from ..conftest import FIXTURES, IGNORED, ROOT, run_cli
from .host import StaticHost
from .pages import Site
from .weight import start_real_build

HERE = Path(__file__).resolve().parent
OVERLAY = HERE / "fixtures" / "library"
NEGATIVE = HERE / "fixtures" / "negative"
ARTIFACTS = ROOT / "test-artifacts"
#: The path of the fixture's site_url (https://example.org/library/).
SITE_PATH = "/library/"


def build_browser_fixture(target: Path, site_url: str) -> Path:
    """Copy the basic fixture plus the overlay into ``target``, build it, return site/.

    Its site_url is the test host's address, so absolute links (hreflang alternates,
    canonical) are same-origin, as they are for readers of the published site."""
    shutil.copytree(FIXTURES / "basic", target, ignore=IGNORED)
    shutil.copytree(OVERLAY, target, dirs_exist_ok=True)
    config = target / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "site_url: https://example.org/library/" in text
    config.write_text(text.replace("https://example.org/library/", site_url), encoding="utf-8")
    # Translations in the overlay are current: stamp them with their source's hash.
    for text_file in (target / "resources").glob("*/*.md"):
        body = text_file.read_text(encoding="utf-8")
        if "SOURCE_HASH" in body:
            source = (text_file.parent / "en.md").read_text(encoding="utf-8")
            text_file.write_text(
                body.replace("SOURCE_HASH", content_hash(source)), encoding="utf-8"
            )
    result = run_cli(target, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return target / "site"


@pytest.fixture(scope="session")
def fixture_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("browser") / "basic"


@pytest.fixture(scope="session")
def host(fixture_folder: Path) -> Iterator[StaticHost]:
    """Serves the fixture site under /library/ and the negative fixtures under /fixtures/."""
    server = StaticHost({SITE_PATH: fixture_folder / "site", "/fixtures/": NEGATIVE}).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser_site(host: StaticHost, fixture_folder: Path) -> Path:
    return build_browser_fixture(fixture_folder, host.origin + SITE_PATH)


@pytest.fixture(scope="session")
def site(host: StaticHost, browser_site: Path) -> Site:
    return Site(host.origin + SITE_PATH)


@dataclass(frozen=True)
class RealLibrary:
    """Where the real library is copied and built, and the host that serves it."""

    folder: Path
    host: StaticHost

    @property
    def site(self) -> Path:
        return self.folder / "site"


@pytest.fixture(scope="session")
def real_library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RealLibrary]:
    """The host is started before the build: the build needs its address."""
    folder = tmp_path_factory.mktemp("real") / "library"
    server = StaticHost({"/": folder / "site"}).start()
    yield RealLibrary(folder, server)
    server.stop()


@pytest.fixture(scope="session", autouse=True)
def _real_build(request: pytest.FixtureRequest) -> Iterator[subprocess.Popen[str] | None]:
    """Start building the real library when the session begins, if a test needs it, so
    the build (about 25 s on two idle cores) runs while the fixture's pages are tested."""
    items = request.session.items
    wanted = any("real_site" in getattr(item, "fixturenames", ()) for item in items)
    if not wanted or os.environ.get("IPT_BROWSER_REAL") == "0":
        yield None
        return
    library: RealLibrary = request.getfixturevalue("real_library")
    process = start_real_build(library.folder, library.host.origin + "/")
    yield process
    if process.poll() is None:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def real_site(real_library: RealLibrary, _real_build: subprocess.Popen[str] | None) -> Path:
    """The real library (every language), built with its address on the test host, so its
    absolute links (hreflang, canonical) point at the host serving it, as in production."""
    if _real_build is None:
        pytest.skip("IPT_BROWSER_REAL=0: the real library is not built in this session")
    output, _ = _real_build.communicate(timeout=900)
    assert _real_build.returncode == 0, output[-4000:]
    return real_library.site


# The session's Playwright and Chromium come from tests/conftest.py: Playwright's sync
# API allows one instance per process, shared with the other browser tests.


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """test-artifacts/screenshots/ (gitignored), emptied once per session."""
    folder = ARTIFACTS / "screenshots"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder

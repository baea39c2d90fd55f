"""The link checker over a built site: every internal link and anchor in every language
resolves, and the checker fails on each kind of breakage it exists to catch."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ipt_library.linkcheck import (
    Problem,
    Site,
    check_site,
    read_site_url,
    resolve,
    scan_page,
    script_hash,
)

from .conftest import FIXTURES, IGNORED, ROOT, run_cli

pytestmark = pytest.mark.build

SCRIPT = ROOT / "scripts" / "check_links.py"
#: The fixture has no privacy or accessibility page, which every page's footer links to.
FOOTER_PAGES = ("docs/privacy.md", "docs/accessibility.md")


@pytest.fixture(scope="module")
def linked_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The basic fixture with the two pages the footer links to, built once."""
    folder = tmp_path_factory.mktemp("links") / "basic"
    shutil.copytree(FIXTURES / "basic", folder, ignore=IGNORED)
    for rel in FOOTER_PAGES:
        name = Path(rel).stem.capitalize()
        (folder / rel).write_text(f"# {name}\n\nAbout {name.lower()}.\n", encoding="utf-8")
    result = run_cli(folder, "build")
    assert result.returncode == 0, result.stderr
    return folder / "site"


def run_script(site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(site)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )


def test_every_link_and_anchor_of_the_built_fixture_resolves(linked_site: Path) -> None:
    assert read_site_url(linked_site) == "https://example.org/library/"
    assert check_site(linked_site) == []
    result = run_script(linked_site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 problem(s)" in result.stderr


def test_the_plain_fixture_has_no_broken_links(built_basic: Path) -> None:
    assert check_site(built_basic) == []


def write(site: Path, rel: str, old: str, new: str) -> None:
    page = site / rel
    html = page.read_text(encoding="utf-8")
    assert old in html, (rel, old)
    page.write_text(html.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def broken_site(linked_site: Path, tmp_path: Path) -> Path:
    """A copy of the site with one breakage of each kind."""
    site = tmp_path / "site"
    shutil.copytree(linked_site, site)
    shutil.rmtree(site / "resources" / "my-worksheet")  # linked from catalogue and cards
    shutil.rmtree(site / "es" / "resources" / "what-is-ipt")  # linked from other languages
    page = "resources/what-is-ipt/index.html"
    write(site, page, 'id="ref-klerman1984"', 'id="ref-gone"')  # the citation's anchor
    write(
        site,
        "about/index.html",
        "</article>",
        '<p><a href="javascript:alert(1)">x</a> <a href="/elsewhere/">y</a> '
        '<a href="http://example.org/">z</a> <a href="https://exa mple.org/">w</a> '
        '<a href="../../../../outside/">v</a> <a href="#no-such-id">u</a> '
        '<img src="https://tracker.example/p.gif" alt=""> <span onclick="go()">t</span>'
        "<script>alert(1)</script></p></article>",
    )
    return site


def problems_by_code(problems: list[Problem]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for problem in problems:
        found.setdefault(problem.code, set()).add(problem.page)
    return found


def test_every_kind_of_breakage_is_caught(broken_site: Path) -> None:
    found = problems_by_code(check_site(broken_site))
    assert "resources/index.html" in found["broken-link"]  # a card of the deleted resource
    assert "ar/resources/what-is-ipt/index.html" in found["broken-link"]  # language menu
    assert "resources/what-is-ipt/index.html" in found["broken-anchor"]  # [@klerman1984]
    about = "about/index.html"
    for code in (
        "unsafe-link",
        "root-relative-link",
        "not-https",
        "malformed-url",
        "loads-from-elsewhere",
        "event-handler",
        "inline-script",
    ):
        assert about in found.get(code, set()), (code, found)
    assert about in found["broken-anchor"]
    assert any(p.page == about and "leaves the site" in p.message for p in check_site(broken_site))


def test_the_script_fails_on_a_broken_site(broken_site: Path) -> None:
    result = run_script(broken_site)
    assert result.returncode == 1
    assert f"{broken_site.as_posix()}/resources/what-is-ipt/index.html:" in result.stdout
    assert ": broken-anchor: " in result.stdout
    assert "Traceback" not in result.stderr


def test_an_inline_script_with_its_hash_in_the_policy_is_allowed(linked_site: Path) -> None:
    html = (linked_site / "index.html").read_text(encoding="utf-8")
    assert "'sha256-" not in html  # the site itself has no inline scripts at all
    script = "console.log(1)"
    page = html.replace("script-src 'self'", f"script-src 'self' '{script_hash(script)}'", 1)
    page = page.replace("</body>", f"<script>{script}</script></body>")
    site = Site(linked_site, "https://example.org/library/")
    assert [p.code for p in site.check_page("index.html", scan_page(page))] == []
    other = page.replace(f"<script>{script}</script>", "<script>console.log(2)</script>")
    assert [p.code for p in site.check_page("index.html", scan_page(other))] == ["inline-script"]


@pytest.mark.parametrize(
    ("page", "path", "expected"),
    [
        ("resources/x/", "../y/", "resources/y/"),
        ("resources/x/", "../../es/resources/x/", "es/resources/x/"),
        ("", "resources/", "resources/"),
        ("404.html", "assets/a.css", "assets/a.css"),
        ("a/", "./b.pdf", "a/b.pdf"),
        ("a/", "..", ""),
        ("a/", "../..", None),
        ("a/b/", "/c/", "c/"),
    ],
)
def test_resolve(page: str, path: str, expected: str | None) -> None:
    assert resolve(page, path) == expected

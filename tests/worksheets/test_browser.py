"""worksheet.js in Debian's Chromium: fill in, reload, clear; no request leaves the page."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import markdown
import pytest

from ipt_library.diagnostics import Diagnostics
from ipt_library.worksheets import extract_fields, worksheet_form

from ..conftest import serve
from .test_fields import ALL_KINDS

ASSETS = Path(__file__).resolve().parents[2] / "ipt_library" / "assets"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed"),
]

# Material's chrome, reduced to the elements the print rules must hide.
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Worksheet</title>
<link rel="stylesheet" href="worksheet.css"></head>
<body>
<header class="md-header">Site header</header>
<nav class="md-tabs">Tabs</nav>
<div class="md-container"><main class="md-main"><div class="md-main__inner md-grid">
<div class="md-sidebar md-sidebar--primary">Navigation</div>
<div class="md-sidebar md-sidebar--secondary">Table of contents</div>
<div class="md-content"><article class="md-content__inner md-typeset">
<div class="md-search">Search</div>
<h1>My worksheet</h1>{form}</article></div>
</div></main>
<footer class="md-footer">Site footer</footer></div>
<script src="worksheet.js"></script></body></html>
"""
CHROME = ("Site header", "Tabs", "Navigation", "Table of contents", "Search", "Site footer")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("site")
    diags = Diagnostics(root)
    body, _ = extract_fields(
        textwrap.dedent(ALL_KINDS), root / "en.md", 1, diags, lang="en", locales=None
    )
    form = worksheet_form(markdown.markdown(body), slug="my-sheet", lang="en", locales=None)
    (root / "index.html").write_text(PAGE.format(form=form), encoding="utf-8")
    for name in ("worksheet.js", "worksheet.css"):
        shutil.copy(ASSETS / name, root / name)
    (root / "favicon.ico").write_bytes(b"")
    with serve(root) as url:
        yield url


KEY = "ipt-worksheet:my-sheet-en"


def test_answers_are_kept_on_this_device_and_cleared(browser: Any, site: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    requests: list[tuple[str, str]] = []
    page.on("request", lambda r: requests.append((r.method, r.url)))
    page.goto(site)
    loaded = len(requests)
    status = page.locator(".ipt-worksheet__status")

    page.get_by_label("Your name").fill("Sam")
    page.get_by_label("Who are the most important people").fill("Alex\nJo")
    page.get_by_label("My partner").check()
    page.locator("#ws-mood--v7").check()
    page.get_by_label("Today's date").fill("2026-11-22")
    page.locator("[name='relationships:2:gives']").fill("Company")
    page.get_by_label("Your name").press("Enter")  # must not submit anything
    page.wait_for_function(f"localStorage.getItem('{KEY}') !== null")
    page.wait_for_timeout(500)  # let the last debounced save run
    assert status.inner_text() == "Your answers are saved in this browser."
    assert page.url == site

    page.reload()
    assert page.get_by_label("Your name").input_value() == "Sam"
    assert page.get_by_label("Who are the most important people").input_value() == "Alex\nJo"
    assert page.get_by_label("My partner").is_checked()
    assert not page.get_by_label("Family members").is_checked()
    assert page.locator("#ws-mood--v7").is_checked()
    assert page.get_by_label("Today's date").input_value() == "2026-11-22"
    assert page.locator("[name='relationships:2:gives']").input_value() == "Company"
    assert status.inner_text() == "Your saved answers are back."
    assert page.locator(".ipt-worksheet__saving").is_visible()

    # Cancelling the confirmation keeps everything.
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Clear my answers").click()
    assert page.get_by_label("Your name").input_value() == "Sam"
    assert page.evaluate(f"localStorage.getItem('{KEY}')") is not None

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Clear my answers").click()
    page.wait_for_function("document.querySelector('.ipt-worksheet__status').textContent")
    assert page.get_by_label("Your name").input_value() == ""
    assert not page.get_by_label("My partner").is_checked()
    assert not page.locator("#ws-mood--v7").is_checked()
    assert page.evaluate(f"localStorage.getItem('{KEY}')") is None
    page.wait_for_function(
        "document.querySelector('.ipt-worksheet__status').textContent"
        " === 'Your answers have been cleared.'"
    )

    page.reload()
    assert page.get_by_label("Your name").input_value() == ""

    # Only the page and its own files were requested; filling in requested nothing.
    assert all(url.startswith(site) and method == "GET" for method, url in requests), requests
    between_loads = requests[loaded : loaded + 1]
    assert between_loads == [("GET", site)]  # the next request was the reload itself
    assert all("?" not in url for _, url in requests)
    context.close()


def test_without_storage_the_reader_is_told(browser: Any, site: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(
        "Object.defineProperty(window, 'localStorage', {get() { throw new Error('no'); }});"
    )
    page.goto(site)
    assert "cannot keep your answers" in page.locator(".ipt-worksheet__status").inner_text()
    assert not page.locator(".ipt-worksheet__saving").is_visible()
    context.close()


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_print_shows_the_worksheet_without_the_site(
    browser: Any, site: str, tmp_path: Path, paper: str
) -> None:
    page = browser.new_page()
    page.goto(site)
    page.get_by_label("Your name").fill("Sam")
    page.emulate_media(media="print")
    for text in CHROME:
        assert not page.get_by_text(text, exact=True).is_visible(), text
    assert not page.get_by_role("button", name="Clear my answers").is_visible()
    assert not page.get_by_text("stays on this device").is_visible()
    assert page.get_by_label("Your name").is_visible()
    # Nothing sticks out of the paper: the widest element fits the printable width.
    widest = page.evaluate(
        "Math.max(...[...document.querySelectorAll('.md-typeset *')]"
        ".map(e => e.getBoundingClientRect().right))"
    )
    assert widest <= page.evaluate("document.documentElement.clientWidth")
    pdf = tmp_path / "print.pdf"
    page.pdf(path=str(pdf), format=paper, print_background=True)
    import pypdf

    reader = pypdf.PdfReader(pdf)
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "My worksheet" in text and "Who supports you?" in text
    assert not any(chrome in text for chrome in CHROME)
    width = {"A4": 595, "Letter": 612}[paper]
    assert abs(float(reader.pages[0].mediabox.width) - width) < 2
    page.close()

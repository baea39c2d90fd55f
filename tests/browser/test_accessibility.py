"""Accessibility of every page type, in English and Arabic, on a phone and a desktop.

Each page is checked as loaded: axe-core at WCAG 2.2 A/AA (contrast and 24px targets
included) and axe's best practices, one h1, language and direction, landmarks, then the
skip link with the keyboard. A screenshot of each goes to test-artifacts/screenshots/ for a
reviewer.
"""

from __future__ import annotations

from pathlib import Path
from pprint import pformat

import pytest
from playwright.sync_api import Browser

from .checks import STRICT_TAGS, axe_violations, skip_link_problems, structure_problems
from .pages import LANGS, PAGE_TYPES, VIEWPORTS, Site, open_page, recording_context

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("lang", list(LANGS))
def test_every_page_type_is_accessible(
    chromium: Browser, site: Site, screenshots: Path, lang: str, viewport: str
) -> None:
    context, log = recording_context(chromium, site.origin, viewport)
    problems: dict[str, list[str]] = {}
    for page_type in PAGE_TYPES:
        page = open_page(context, site.url(lang, page_type), search=page_type == "search")
        found = axe_violations(page, STRICT_TAGS) + structure_problems(page, lang, LANGS[lang])
        found += [f"JavaScript error: {error}" for error in log.errors]
        log.errors.clear()
        page.screenshot(path=screenshots / f"{lang}-{page_type}-{viewport}.png", full_page=True)
        if page_type != "search":  # the open search box holds the focus
            found += skip_link_problems(page)
        if found:
            problems[page_type] = found
        page.close()
    context.close()
    assert not problems, pformat(problems, width=100)


def test_a_field_without_a_label_is_caught(chromium: Browser, site: Site) -> None:
    """The check above must fail for the mistake it exists to catch: on a fixture page, and
    on a real worksheet whose first label is taken away."""
    context, _ = recording_context(chromium, site.origin)
    page = open_page(context, site.origin + "/fixtures/unlabelled-input.html")
    assert any(v.startswith("axe label ") for v in axe_violations(page)), "missed on the fixture"
    page = open_page(context, site.url("en", "worksheet"))
    assert axe_violations(page) == []
    page.evaluate("() => document.querySelector('label[for=ws-what-changed]').remove()")
    found = axe_violations(page)
    context.close()
    assert any(v.startswith("axe label ") and "#ws-what-changed" in v for v in found), found

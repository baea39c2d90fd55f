"""The real library in the browser: page weight of a first visit, and accessibility.

The real library (not the fixture) is built once per session into a temporary copy, with
its address set to the local host serving it (gzip, as GitHub Pages serves it). One page
of each type, in English and Arabic, on a phone: the heaviest page of each resource type.

Weight: the figures for every page type go to test-artifacts/page-weight.md and .json.
The budget applies to resource pages: at most 150 KB transferred (HTML, CSS, JavaScript,
fonts and anything else fetched; images aside), at most 40 KB of it the HTML. The same
pages, as loaded, are checked with axe-core and for structure, as the fixture's are.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from .checks import axe_violations, structure_problems
from .conftest import ARTIFACTS, RealLibrary
from .pages import LANGS, RESOURCE_TYPES, VIEWPORTS
from .weight import KB, Weight, measure, page_addresses, save, table

pytestmark = pytest.mark.browser

BUDGET_TOTAL = 150 * KB
BUDGET_HTML = 40 * KB


def test_the_real_library_is_light_and_accessible(
    chromium: Browser, real_library: RealLibrary, real_site: Path
) -> None:
    rows: dict[str, Weight] = {}
    for lang, direction in LANGS.items():

        def inspect(page: Page, lang: str = lang, direction: str = direction) -> list[str]:
            return axe_violations(page) + structure_problems(page, lang, direction)

        for name, path in page_addresses(real_site, lang).items():
            url = f"{real_library.host.origin}/{path}"
            rows[f"{lang} {name}"] = measure(chromium, url, VIEWPORTS["phone"], inspect)
    save(ARTIFACTS, rows)
    report = table(rows)
    over = [
        f"{name}: {w.total / KB:.1f} KB in all, HTML {w.html / KB:.1f} KB"
        for name, w in rows.items()
        if name.split()[1] in RESOURCE_TYPES and (w.total > BUDGET_TOTAL or w.html > BUDGET_HTML)
    ]
    failed = {name: w.failed for name, w in rows.items() if w.failed}
    problems = {name: w.problems for name, w in rows.items() if w.problems}
    assert not over, "over budget:\n" + "\n".join(over) + "\n\n" + report
    assert not failed, f"requests that failed: {failed}\n\n{report}"
    assert not problems, f"accessibility: {problems}"

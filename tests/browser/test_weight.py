"""Page weight of the real library: a first visit with an empty cache, per page type.

The real library (not the fixture) is built once per session into a temporary copy and
served on 127.0.0.1 with gzip, as GitHub Pages serves it. The figures for every page type,
in English and Arabic, go to test-artifacts/page-weight.md and .json. The budget applies
to resource pages (the heaviest page of each type is measured): at most 150 KB transferred
(HTML, CSS, JavaScript, fonts and anything else fetched; images aside), at most 40 KB of it
the HTML.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from .conftest import ARTIFACTS, RealLibrary
from .pages import RESOURCE_TYPES, VIEWPORTS
from .weight import KB, Weight, measure, page_addresses, save, table

pytestmark = pytest.mark.browser

BUDGET_TOTAL = 150 * KB
BUDGET_HTML = 40 * KB


def test_page_weight_of_the_real_library(
    chromium: Browser, real_library: RealLibrary, real_site: Path
) -> None:
    origin = real_library.host.origin
    rows: dict[str, Weight] = {}
    for lang in ("en", "ar"):
        for name, path in page_addresses(real_site, lang).items():
            rows[f"{lang} {name}"] = measure(chromium, f"{origin}/{path}", VIEWPORTS["phone"])
    save(ARTIFACTS, rows)
    report = table(rows)
    over = [
        f"{name}: {w.total / KB:.1f} KB in all, HTML {w.html / KB:.1f} KB"
        for name, w in rows.items()
        if name.split()[1] in RESOURCE_TYPES and (w.total > BUDGET_TOTAL or w.html > BUDGET_HTML)
    ]
    failed = {name: w.failed for name, w in rows.items() if w.failed and "404" not in name}
    assert not over, "over budget:\n" + "\n".join(over) + "\n\n" + report
    assert not failed, f"requests that failed: {failed}\n\n{report}"

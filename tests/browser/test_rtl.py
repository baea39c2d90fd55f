"""Right-to-left: in Arabic the layout is mirrored, and the parts the library generates
(cards, citations, the language menu, notices, worksheet fields) follow it."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from .pages import Site, open_page, recording_context

pytestmark = pytest.mark.browser

BOX = (
    "s => { const r = document.querySelector(s).getBoundingClientRect();"
    " return {left: r.left, right: r.right, mid: r.left + r.width / 2, width: r.width}; }"
)


def box(page: Page, selector: str) -> dict[str, float]:
    return page.evaluate(BOX, selector)  # type: ignore[no-any-return]


def directions(page: Page, selector: str) -> set[str]:
    """The computed direction of every element matching ``selector``."""
    found: list[str] = page.eval_on_selector_all(
        selector, "els => els.map(e => getComputedStyle(e).direction)"
    )
    assert found, f"nothing matches {selector}"
    return set(found)


def test_the_arabic_desktop_layout_is_mirrored(chromium: Browser, site: Site) -> None:
    context, _ = recording_context(chromium, site.origin, "desktop")
    layout: dict[str, dict[str, dict[str, float]]] = {}
    for lang in ("en", "ar"):
        page = open_page(context, site.url(lang, "worksheet"))
        layout[lang] = {
            name: box(page, selector)
            for name, selector in {
                "nav": ".md-sidebar--primary",
                "toc": ".md-sidebar--secondary",
                "content": ".md-content",
                "logo": ".md-header__button.md-logo",
                "search": ".md-search",
            }.items()
        }
        page.close()
    context.close()
    en, ar = layout["en"], layout["ar"]
    assert en["nav"]["mid"] < en["content"]["mid"] < en["toc"]["mid"]
    assert ar["nav"]["mid"] > ar["content"]["mid"] > ar["toc"]["mid"]  # navigation on the right
    assert en["logo"]["mid"] < en["search"]["mid"]
    assert ar["logo"]["mid"] > ar["search"]["mid"]
    for part in ("nav", "content", "toc"):  # mirror images of each other
        assert abs(en[part]["left"] - (1280 - ar[part]["right"])) < 2, part


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_phone_drawer_opens_from_the_reading_side(
    chromium: Browser, site: Site, lang: str
) -> None:
    context, _ = recording_context(chromium, site.origin, "phone")
    page = open_page(context, site.url(lang, "handout"))
    page.locator(".md-header .ipt-drawer-button").click()
    page.wait_for_function(
        "() => { const r = document.querySelector('.md-sidebar--primary').getBoundingClientRect();"
        " return r.left >= -1 && r.right <= innerWidth + 1; }",
        timeout=3000,
    )
    nav = box(page, ".md-sidebar--primary")
    context.close()
    if lang == "ar":
        assert abs(nav["right"] - 390) < 2
    else:
        assert abs(nav["left"]) < 2


def test_generated_parts_follow_right_to_left(chromium: Browser, site: Site) -> None:
    context, _ = recording_context(chromium, site.origin, "desktop")
    page = open_page(context, site.url("ar", "worksheet"))
    rtl = {"rtl"}
    assert directions(page, ".ipt-resource-head, .ipt-notice, .ipt-resource-facts") == rtl
    assert directions(page, ".references, .reference-list, .cite-this, .ipt-body p") == rtl
    # Citations and references keep their own script's direction (dir=auto), isolated so
    # an English "(Klerman et al., 1984)" neither turns round nor reorders the Arabic.
    isolated = page.eval_on_selector_all(
        ".citation, .reference, .cite-this-text",
        "els => els.map(e => e.dir === 'auto' && getComputedStyle(e).unicodeBidi === 'isolate')",
    )
    assert isolated and all(isolated)
    assert directions(page, ".ipt-field, .ipt-related .ipt-card") == rtl
    # Logical properties: a notice's stripe is on the start side, the right.
    stripe: dict[str, Any] = page.eval_on_selector(
        ".ipt-notice",
        "e => { const s = getComputedStyle(e);"
        " return {right: parseFloat(s.borderRightWidth), left: parseFloat(s.borderLeftWidth)}; }",
    )
    assert stripe["right"] > 0 and stripe["left"] == 0
    # A rating scale runs from the right: its lowest point is the rightmost.
    low, high = box(page, "#ws-upset--v0"), box(page, "#ws-upset--v10")
    assert low["mid"] > high["mid"]

    # The language menu: right to left itself, each language's name in its own direction,
    # and open within the screen.
    page.locator(".md-header .md-select > button").click()
    page.locator(".md-select__list").wait_for(state="visible")
    assert directions(page, ".md-select__inner") == rtl
    names = page.eval_on_selector_all(
        ".md-select__link", "els => els.map(e => [e.lang, getComputedStyle(e).direction])"
    )
    assert ["en", "ltr"] in names and ["ar", "rtl"] in names
    menu = box(page, ".md-select__inner")
    assert menu["left"] >= 0 and menu["right"] <= 1280

    # Cards on the catalogue: right to left, the first card on the right.
    page = open_page(context, site.url("ar", "catalogue"))
    assert directions(page, ".ipt-card, .ipt-filter, .ipt-count-line") == rtl
    lefts = page.eval_on_selector_all(
        ".ipt-filter__option", "els => els.slice(0, 2).map(e => e.getBoundingClientRect().left)"
    )
    assert lefts[0] > lefts[1]

    # A page shown in English inside the Arabic site: the notice is Arabic (right to left),
    # the English text left to right.
    page = open_page(context, site.url("ar", "presentation"))
    assert directions(page, ".ipt-notice--fallback") == rtl
    assert directions(page, ".ipt-body") == {"ltr"}
    assert page.eval_on_selector(".ipt-body", "e => e.lang") == "en"
    context.close()

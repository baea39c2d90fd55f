"""Privacy: reading and using a page asks no other host for anything, and sets no cookie.

Every request is recorded; those to other hosts are aborted before they leave the browser
(and no other host name resolves), so these tests never reach the internet. A video's
player is the one exception, and only after the reader presses play.
"""

from __future__ import annotations

from pprint import pformat

import pytest
from playwright.sync_api import Browser, Page

from .checks import privacy_problems
from .pages import LANGS, PAGE_TYPES, SEARCH_WORDS, Site, open_page, recording_context

pytestmark = pytest.mark.browser

VIDEO_HOST = "www.youtube-nocookie.com"


def use(page: Page, page_type: str, lang: str) -> None:
    """What a reader does on a page: scroll, open the language menu, use its controls."""
    if page_type == "search":
        page.keyboard.press("Escape")  # close the results to reach the rest of the page
    page.mouse.wheel(0, 4000)
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    page.evaluate("() => window.scrollTo(0, 0)")
    menu = page.locator(".md-header .md-select > button")
    if page_type != "404":  # a missing page has no other languages to offer
        menu.click(timeout=5000)
        page.locator(".md-select__list").wait_for(state="visible", timeout=5000)
        page.keyboard.press("Escape")
    if page_type in ("catalogue", "catalogue-type"):
        page.locator("form.ipt-filter input[type=checkbox]").first.check()
    if page_type == "worksheet":
        page.locator("form.ipt-worksheet input[type=text]").first.fill("A new job")
        page.locator("form.ipt-worksheet input[type=checkbox]").first.check()
    if page_type == "home":  # search from the header, as a reader would
        page.keyboard.press("/")
        page.keyboard.type(SEARCH_WORDS[lang])
        page.locator("#ipt-search-results .md-search-result__link").first.wait_for()


@pytest.mark.parametrize("lang", list(LANGS))
def test_reading_and_using_pages_asks_no_other_host(
    chromium: Browser, site: Site, lang: str
) -> None:
    context, log = recording_context(chromium, site.origin, "desktop")
    problems: dict[str, list[str]] = {}
    for page_type in PAGE_TYPES:
        page = open_page(context, site.url(lang, page_type), search=page_type == "search")
        use(page, page_type, lang)
        page.wait_for_load_state("networkidle")
        found = privacy_problems(log) + [f"failed request: {r}" for r in log.broken]
        if found:
            problems[page_type] = found
        log.elsewhere.clear()
        log.csp_blocked.clear()
        log.broken.clear()
        page.close()
    assert len(log.seen) > 4 * len(PAGE_TYPES)  # the recorder saw the pages' own requests
    assert context.cookies() == []
    context.close()
    assert not problems, pformat(problems, width=100)


@pytest.mark.parametrize("lang", list(LANGS))
def test_the_video_host_is_asked_only_after_play(chromium: Browser, site: Site, lang: str) -> None:
    context, log = recording_context(chromium, site.origin, "phone")
    page = open_page(context, site.url(lang, "video"))
    use(page, "video", lang)
    page.wait_for_load_state("networkidle")
    assert privacy_problems(log) == []
    assert page.locator("iframe").count() == 0
    poster = page.locator(".ipt-video__poster")
    poster.scroll_into_view_if_needed()  # it loads lazily
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=poster.element_handle()
    )
    assert any(url.endswith("/files/poster.jpg") for url in log.seen)  # its still, from here
    assert privacy_problems(log) == []

    page.locator(".ipt-video__play").click()
    frame = page.locator("iframe.ipt-video__frame")
    frame.wait_for(state="attached")
    page.wait_for_load_state("networkidle")
    assert (frame.get_attribute("src") or "").startswith(f"https://{VIDEO_HOST}/embed/")
    assert log.other_hosts() == {VIDEO_HOST}  # the player, and nothing else
    assert log.csp_blocked == []
    assert context.cookies() == []
    context.close()


def test_a_page_loading_a_font_from_another_host_is_caught(chromium: Browser, site: Site) -> None:
    """The check above must fail for the mistake it exists to catch."""
    context, log = recording_context(chromium, site.origin)
    page = open_page(context, site.origin + "/fixtures/font-from-another-host.html")
    page.wait_for_load_state("networkidle")
    problems = privacy_problems(log)
    context.close()
    assert any("https://fonts.googleapis.com/css2" in p for p in problems), problems
    assert "fonts.googleapis.com" in log.other_hosts()


def test_a_missing_page_is_answered_with_the_404_page(chromium: Browser, site: Site) -> None:
    context, log = recording_context(chromium, site.origin)
    page = context.new_page()
    response = page.goto(site.base + "no-such-page/")
    assert response is not None and response.status == 404
    assert page.locator("h1").count() == 1
    assert privacy_problems(log) == []
    context.close()

"""The keyboard alone: every control reachable with Tab, usable with its keys, its focus
visible and not hidden under the sticky header."""

from __future__ import annotations

from pprint import pformat
from typing import Any

import pytest
from playwright.sync_api import Browser, Dialog, Page

from .checks import FOCUS_FACTS, focus_problem, focus_walk, focused
from .pages import LANGS, PAGE_TYPES, SEARCH_WORDS, Site, open_page, recording_context

pytestmark = pytest.mark.browser

MAX_STOPS = 120


def tab_until(page: Page, selector: str, problems: list[str]) -> dict[str, Any]:
    """Press Tab until the focused element matches ``selector``, checking each stop's focus."""
    previous = None
    for _ in range(MAX_STOPS):
        page.keyboard.press("Tab")
        facts = focused(page)
        assert facts is not None, f"Tab left the page before reaching {selector}"
        problem = focus_problem(page, facts, previous)
        if problem:
            problems.append(problem)
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return facts
        previous = facts
    raise AssertionError(f"{selector} is not reachable with Tab")


WORKSHEET_STATE = """() => {
    const form = document.querySelector('form.ipt-worksheet');
    const out = {};
    for (const el of form.elements) {
        if (!el.name) continue;
        if (el.type === 'checkbox' || el.type === 'radio') {
            if (el.checked) out[el.name] = (out[el.name] || []).concat(el.value);
        } else if (el.value) out[el.name] = el.value;
    }
    return out;
}"""


def test_a_worksheet_is_filled_and_cleared_with_the_keyboard(chromium: Browser, site: Site) -> None:
    context, log = recording_context(chromium, site.origin)
    page = open_page(context, site.url("en", "worksheet"))
    questions: list[str] = []

    def confirm(dialog: Dialog) -> None:
        questions.append(dialog.message)
        dialog.accept()

    page.on("dialog", confirm)
    problems: list[str] = []

    previous = tab_until(page, "form.ipt-worksheet :is(input, textarea)", problems)
    # Answer each field the way its kind is used from a keyboard, until the Clear button.
    answered: set[str] = set()
    for _ in range(MAX_STOPS):
        kind = page.evaluate(
            "() => { const e = document.activeElement;"
            " return e.matches('.ipt-worksheet__clear') ? 'clear' : e.type || e.tagName; }"
        )
        if kind == "clear":
            break
        if previous["what"] not in answered:  # once per control (a date field has 4 stops)
            answered.add(previous["what"])
            if kind in ("text", "textarea"):
                page.keyboard.type("Answer")
            elif kind == "date":
                page.keyboard.type("11012026")  # Chromium's en-US date field: mm dd yyyy
            elif kind == "checkbox":
                page.keyboard.press("Space")
            elif kind == "radio":
                page.keyboard.press("ArrowRight")  # arrows move along the scale and choose
                page.keyboard.press("ArrowRight")
        page.keyboard.press("Tab")
        facts = focused(page)
        assert facts is not None
        problem = focus_problem(page, facts, previous)
        if problem:
            problems.append(problem)
        previous = facts
    else:
        raise AssertionError("the Clear button is not reachable with Tab")

    answers = page.evaluate(WORKSHEET_STATE)
    assert answers["what-changed"] == "Answer"
    assert answers["when"] == "2026-11-01"
    assert answers["thoughts"] == "Answer"
    for option in ("partner", "family", "friends"):
        assert answers[f"support:{option}"] == ["yes"]
    assert answers["upset"] == ["2"]
    for cell in ("1:step", "1:when", "2:step", "2:when"):
        assert answers[f"steps:{cell}"] == "Answer"

    page.keyboard.press("Enter")  # "Clear my answers", then confirm
    page.wait_for_function("() => !document.querySelector('#ws-what-changed').value")
    assert len(questions) == 1
    assert page.evaluate(WORKSHEET_STATE) == {}
    page.reload()
    assert page.evaluate(WORKSHEET_STATE) == {}, "cleared answers came back after a reload"
    assert page.evaluate("() => localStorage.length") == 0
    context.close()
    assert not problems, pformat(problems, width=100)
    assert log.elsewhere == []


def test_the_catalogue_filter_bar_works_with_the_keyboard(chromium: Browser, site: Site) -> None:
    context, _ = recording_context(chromium, site.origin)
    page = open_page(context, site.url("en", "catalogue"))
    problems: list[str] = []
    count = page.locator(".ipt-count-line")
    everything = count.inner_text()

    tab_until(page, "form.ipt-filter input[value=worksheet]", problems)
    page.keyboard.press("Space")
    page.wait_for_function("() => location.search === '?type=worksheet'")
    assert count.inner_text() != everything
    shown = page.locator(".ipt-card:not([hidden])")
    assert shown.count() == 2
    assert set(shown.evaluate_all("cards => cards.map(c => c.dataset.type)")) == {"worksheet"}

    # Onwards through the other filters and Clear filters, to the first card still shown.
    tab_until(page, ".ipt-catalogue .ipt-card a", problems)
    assert page.evaluate("() => document.activeElement.closest('.ipt-card').dataset.type") == (
        "worksheet"
    )
    page.keyboard.press("Enter")
    page.wait_for_url("**/resources/*-worksheet/")
    page.go_back()
    page.wait_for_function("() => location.search === '?type=worksheet'")

    page.evaluate("() => document.activeElement?.blur()")
    tab_until(page, "form.ipt-filter button[type=reset]", problems)
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search === ''")
    assert count.inner_text() == everything
    assert page.locator(".ipt-card[hidden]").count() == 0
    context.close()
    assert not problems, pformat(problems, width=100)


@pytest.mark.parametrize("lang", list(LANGS))
def test_search_video_drawer_and_language_menu_on_a_phone_keyboard(
    chromium: Browser, site: Site, lang: str
) -> None:
    context, _ = recording_context(chromium, site.origin, "phone")
    page = open_page(context, site.url(lang, "video"))
    problems: list[str] = []

    page.keyboard.press("/")  # Material's key for search
    assert page.evaluate("() => document.activeElement.id") == "ipt-search-input"
    page.keyboard.type(SEARCH_WORDS[lang])
    page.locator("#ipt-search-results .md-search-result__link").first.wait_for()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.matches('.md-search-result__link')")
    page.keyboard.press("Escape")
    assert not page.evaluate("() => document.getElementById('__search').checked")

    other = "ar" if lang == "en" else "en"
    page.keyboard.press("Escape")
    page.evaluate("() => document.activeElement?.blur()")
    tab_until(page, ".ipt-video__play", problems)
    page.keyboard.press("Enter")
    page.locator("iframe.ipt-video__frame").wait_for(state="attached")
    assert page.evaluate("() => document.activeElement.tagName") == "IFRAME"

    # On a phone the navigation is a drawer, opened with the menu button.
    page = open_page(context, site.url(lang, "handout"))
    tab_until(page, ".md-header .ipt-drawer-button", problems)
    assert page.evaluate("() => document.activeElement.tagName") == "BUTTON"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.closest('.md-sidebar--primary')")
    assert page.evaluate("() => document.getElementById('__drawer').checked")
    page.wait_for_function(f"() => ({FOCUS_FACTS})().seen", timeout=3000)  # slid in, in view
    page.keyboard.press("Escape")
    assert not page.evaluate("() => document.getElementById('__drawer').checked")
    assert page.evaluate("() => document.activeElement.matches('.ipt-drawer-button')")

    # The language menu, to the same page in the other language.
    tab_until(page, f".md-select__link[hreflang={other}]", problems)
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => document.documentElement.lang === '{other}'")
    assert page.url.rstrip("/").endswith("resources/what-is-ipt")
    context.close()
    assert not problems, pformat(problems, width=100)


@pytest.mark.parametrize("lang", list(LANGS))
def test_focus_is_visible_on_every_page_type(chromium: Browser, site: Site, lang: str) -> None:
    context, _ = recording_context(chromium, site.origin, "desktop")
    problems: dict[str, list[str]] = {}
    for page_type in PAGE_TYPES:
        if page_type == "search":
            continue  # the keyboard in search is tested above
        page = open_page(context, site.url(lang, page_type))
        stops, found = focus_walk(page, MAX_STOPS)
        assert len(stops) >= 5, (page_type, stops)
        if found:
            problems[page_type] = found
        page.close()
    context.close()
    assert not problems, pformat(problems, width=100)

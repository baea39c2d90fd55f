"""Checks run in a loaded page. Each returns a list of problems, empty when the page passes,
so the same check serves the tests that expect a pass and those that expect a failure."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import axe_playwright_python
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from .pages import RequestLog

AXE_SCRIPT = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text("utf-8")
MARGIN = 12  # CSS px round a focused element where its focus indicator may be drawn
#: WCAG 2.2 levels A and AA (target-size is tagged wcag22aa).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
#: axe's best practices too (ARIA roles allowed on an element, landmarks, heading order):
#: for the fixture's pages, whose content the tests control.
STRICT_TAGS = [*WCAG_TAGS, "best-practice"]


def axe_violations(page: Page, tags: list[str] = WCAG_TAGS) -> list[str]:
    """axe-core's violations of WCAG 2.2 A/AA (or ``tags``) in the page as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    result = page.evaluate(
        """tags => axe.run(document, {
            runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})""",
        tags,
    )
    return [
        f"axe {v['id']} ({v['impact']}): {v['help']}: "
        + "; ".join(
            f"{' '.join(map(str, n['target']))} [{n.get('failureSummary', '').splitlines()[-1]}]"
            for n in v["nodes"][:4]
        )
        for v in result["violations"]
    ]


def structure_problems(page: Page, lang: str, direction: str) -> list[str]:
    """One h1, the page's language and direction, and the landmarks a reader navigates by."""
    problems = []
    facts: dict[str, Any] = page.evaluate(
        """() => ({
            h1: document.querySelectorAll('h1').length,
            lang: document.documentElement.lang,
            dir: document.body.dir,
            flow: getComputedStyle(document.querySelector('.md-content')).direction,
        })"""
    )
    if facts["h1"] != 1:
        problems.append(f"{facts['h1']} h1 elements, not one")
    if facts["lang"] != lang:
        problems.append(f"<html lang={facts['lang']!r}>, not {lang!r}")
    if facts["dir"] != direction or facts["flow"] != direction:
        problems.append(f"direction {facts['dir']!r}/{facts['flow']!r}, not {direction!r}")
    for role, least in (("banner", 1), ("navigation", 1), ("main", 1), ("contentinfo", 1)):
        count = page.get_by_role(role, include_hidden=True).count()  # type: ignore[arg-type]
        if count < least or (role == "main" and count != 1):
            problems.append(f"{count} {role} landmarks")
    if page.get_by_role("search", include_hidden=True).count() != 1:
        problems.append("no search landmark")
    return problems


def skip_link_problems(page: Page) -> list[str]:
    """The first Tab shows a skip link; following it, the next Tab lands past the navigation."""
    page.evaluate("() => { window.scrollTo(0, 0); document.activeElement?.blur(); }")
    page.keyboard.press("Tab")
    link: dict[str, Any] | None = page.evaluate(
        """() => {
            const a = document.activeElement;
            if (!a || a.tagName !== 'A' || !a.hash) return null;
            return {
                text: a.textContent.trim(),
                target: !!document.getElementById(decodeURIComponent(a.hash.slice(1))),
            };
        }"""
    )
    if link is None:
        return ["the first Tab does not reach a link to a place in the page"]
    problems = []
    if not link["target"]:
        return [f"skip link {link['text']!r} points nowhere"]
    try:  # Material fades it in
        page.wait_for_function(
            """() => {
                const a = document.activeElement, r = a.getBoundingClientRect();
                return r.width > 0 && r.top >= 0 && r.bottom <= innerHeight
                    && getComputedStyle(a).opacity === '1';
            }""",
            timeout=2000,
        )
    except PlaywrightTimeoutError:
        problems.append(f"skip link {link['text']!r} is not visible when focused")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    where: str | None = page.evaluate(
        """() => {
            const a = document.activeElement;
            const target = document.getElementById(location.hash.slice(1));
            if (!target) return 'the address has no fragment: ' + location.href;
            if (a === document.body) return null;  // nothing focusable after the content
            const after = target.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING;
            return after ? null : a.outerHTML.slice(0, 120);
        }"""
    )
    if where:
        problems.append(f"after the skip link, Tab goes to {where}")
    return problems


FOCUS_FACTS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1)
        || s.boxShadow !== 'none';
    // Hidden: at the middle of the part in view of each of its line boxes (and of its
    // box), something else is on top, such as a sticky header or an overlay; or no part
    // of it is in view at all.
    const points = [];
    for (const b of [...el.getClientRects(), r]) {
        const left = Math.max(b.left, 0), right = Math.min(b.right, innerWidth);
        const top = Math.max(b.top, 0), bottom = Math.min(b.bottom, innerHeight);
        if (right > left && bottom > top) points.push([(left + right) / 2, (top + bottom) / 2]);
    }
    const own = top => top && (top === el || el.contains(top) || top.contains(el)
        || (el.labels && [...el.labels].some(label => label.contains(top))));
    const seen = points.some(([x, y]) => own(document.elementFromPoint(x, y)));
    const name = el.getAttribute('aria-label') || el.textContent.trim().slice(0, 40)
        || el.id || el.getAttribute('name') || '';
    return {
        what: `${el.tagName.toLowerCase()}.${el.className} ${JSON.stringify(name)}`,
        ring, seen, x: r.left, y: r.top, w: r.width, h: r.height,
    };
}"""


def focused(page: Page) -> dict[str, Any] | None:
    return page.evaluate(FOCUS_FACTS)  # type: ignore[no-any-return]


def focus_problem(
    page: Page, facts: dict[str, Any], previous: dict[str, Any] | None = None
) -> str | None:
    """Why the focused element's focus is not visible, or None when it is."""
    if not facts["seen"]:
        page.wait_for_timeout(400)  # an overlay may be fading out (Material's search)
        again = focused(page)
        if again is None or not again["seen"]:
            return f"focus on {facts['what']} is hidden under another element"
    if facts["ring"]:
        return None
    if previous is not None and previous["what"] == facts["what"]:
        return None  # another stop inside the same control (a date field's parts)
    # No outline or shadow: it must look different focused than not (colour, underline...).
    view = page.viewport_size or {"width": 0, "height": 0}
    # A margin round the element: focus may be shown on a parent (`:focus-within`).
    x, y = max(facts["x"] - MARGIN, 0), max(facts["y"] - MARGIN, 0)
    clip = {
        "x": x,
        "y": y,
        "width": max(min(facts["w"] + 2 * MARGIN, view["width"] - x), 1),
        "height": max(min(facts["h"] + 2 * MARGIN, view["height"] - y), 1),
    }
    before = page.screenshot(clip=clip, animations="disabled")  # type: ignore[arg-type]
    page.evaluate("() => { window.__iptFocus = document.activeElement; window.__iptFocus.blur(); }")
    after = page.screenshot(clip=clip, animations="disabled")  # type: ignore[arg-type]
    page.evaluate("() => window.__iptFocus.focus({preventScroll: true})")
    return None if before != after else f"focus on {facts['what']} does not show"


def focus_walk(page: Page, limit: int = 80) -> tuple[list[str], list[str]]:
    """Tab through the page from its start: (what each stop was, focus problems)."""
    page.evaluate("() => { window.scrollTo(0, 0); document.activeElement?.blur(); }")
    stops: list[str] = []
    problems: list[str] = []
    previous: dict[str, Any] | None = None
    for _ in range(limit):
        page.keyboard.press("Tab")
        facts = focused(page)
        if facts is None or (stops and facts["what"] == stops[0]):
            break  # back at the start: every stop was visited
        stops.append(facts["what"])
        problem = focus_problem(page, facts, previous)
        if problem:
            problems.append(problem)
        previous = facts
    return stops, problems


def privacy_problems(log: RequestLog) -> list[str]:
    """Requests to other hosts (aborted), and loads the page's own policy refused."""
    return [f"request to another host: {url}" for url in log.elsewhere] + [
        f"refused by the page's Content-Security-Policy: {text}" for text in log.csp_blocked
    ]

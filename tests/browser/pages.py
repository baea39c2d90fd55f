"""The page types a reader meets, and a browser context that records every request."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Response, Route

VIEWPORTS = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1280, "height": 900},
}
LANGS = {"en": "ltr", "ar": "rtl"}

#: Page type -> address under a language's root in the browser fixture.
PAGE_TYPES = {
    "home": "",
    "hub": "ipt/",
    "catalogue": "resources/",
    "catalogue-type": "resources/type/worksheet/",
    "handout": "resources/what-is-ipt/",
    "worksheet": "resources/coping-worksheet/",
    "exercise": "resources/role-play-exercise/",
    "video": "resources/mood-video/",
    "reading": "resources/reading-klerman-1984/",
    "manual": "resources/ipt-guide-manual/",
    "presentation": "resources/intro-slides/",
    "references": "references/",
    "search": "?q={query}",
    "status": "translations/",
    "404": "404.html",
}
#: A word each language's search index holds (the handout's text in that language).
SEARCH_WORDS = {"en": "relationships", "ar": "العلاقات"}
RESOURCE_TYPES = ("handout", "worksheet", "exercise", "video", "reading", "manual", "presentation")


@dataclass(frozen=True)
class Site:
    """Addresses in the served site (``base`` ends with a slash)."""

    base: str

    def url(self, lang: str, page_type: str) -> str:
        path = PAGE_TYPES[page_type].format(query=SEARCH_WORDS[lang])
        return self.base + ("" if lang == "en" else f"{lang}/") + path

    @property
    def origin(self) -> str:
        parts = urlsplit(self.base)
        return f"{parts.scheme}://{parts.netloc}"


@dataclass
class RequestLog:
    """Every request a context made; those to other hosts were aborted, never sent."""

    origin: str
    seen: list[str] = field(default_factory=list)
    elsewhere: list[str] = field(default_factory=list)
    csp_blocked: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)  # answered with an error status
    errors: list[str] = field(default_factory=list)  # uncaught JavaScript errors

    def other_hosts(self) -> set[str]:
        return {urlsplit(url).netloc for url in self.elsewhere}

    def _route(self, route: Route) -> None:
        url = route.request.url
        self.seen.append(url)
        if url.startswith(self.origin + "/"):
            route.continue_()
        else:
            self.elsewhere.append(url)
            route.abort("blockedbyclient")

    def _response(self, response: Response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.broken.append(f"{response.status} {response.url}")

    def _console(self, message: ConsoleMessage) -> None:
        # A load the page's Content-Security-Policy refused never reaches the network,
        # but it is still a page trying to reach elsewhere.
        if message.type == "error" and "Content Security Policy" in message.text:
            self.csp_blocked.append(message.text)


def recording_context(
    browser: Browser, origin: str, viewport: str = "desktop", **options: object
) -> tuple[BrowserContext, RequestLog]:
    """A fresh context (empty cache, no cookies) whose every request is recorded."""
    context = browser.new_context(viewport=VIEWPORTS[viewport], **options)  # type: ignore[arg-type]
    log = RequestLog(origin)
    context.route("**/*", log._route)
    context.on("console", log._console)
    context.on("response", log._response)
    context.on("weberror", lambda error: log.errors.append(str(error.error)))
    return context, log


def open_page(context: BrowserContext, url: str, *, search: bool = False) -> Page:
    """Open ``url`` and wait for its load event (and, for search, for the results)."""
    page = context.new_page()
    page.goto(url, wait_until="load")
    if search:
        page.wait_for_selector("#ipt-search-results .md-search-result__link", timeout=15_000)
    return page

"""Check a built site: every internal link and anchor resolves, nothing loads from elsewhere.

Works on the output folder only (any language, any engine): each HTML page is read once
for its ids and its links. A link inside the site must lead to a file that exists and, with
a ``#fragment``, to an element with that id. Links to other sites are checked for form
only (https, no spaces), since a build machine need not have the internet. The same pass
checks what the Content Security Policy promises: no inline script without its hash in
the page's policy, no event-handler attributes, no ``javascript:`` URLs, and nothing loaded
(scripts, images, styles, frames, media) from another origin.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

#: Attributes that hold a URL, by element (``*``: any element).
URL_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src",),
    "script": ("src",),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "source": ("src",),
    "track": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "form": ("action",),
    "blockquote": ("cite",),
    "q": ("cite",),
    "input": ("src",),
    "button": ("formaction",),
}
#: Elements whose URL the browser loads by itself (not only when a reader follows it).
LOADING = frozenset(
    {"img", "script", "iframe", "frame", "embed", "object", "source", "track", "audio", "video"}
)
#: <link rel=...> values that do not load anything into the page.
INERT_LINK_RELS = frozenset(
    {"alternate", "canonical", "license", "author", "help", "next", "prev", "search", "me"}
)
_SCRIPT_TYPES = ("", "text/javascript", "module", "application/javascript")
_HASH_SOURCE = re.compile(r"'(sha256|sha384|sha512)-([A-Za-z0-9+/=]+)'")
#: HTML knows #top without an element of that id.
IMPLICIT_FRAGMENTS = frozenset({"", "top"})


@dataclass(frozen=True, order=True)
class Problem:
    page: str  # path of the page, relative to the site root
    line: int
    code: str
    message: str

    def format(self, prefix: str = "") -> str:
        return f"{prefix}{self.page}:{self.line}: {self.code}: {self.message}"


@dataclass
class Link:
    line: int
    tag: str
    attribute: str
    url: str
    rel: str = ""


@dataclass
class PageScan:
    ids: set[str] = field(default_factory=set)
    links: list[Link] = field(default_factory=list)
    inline_scripts: list[tuple[int, str]] = field(default_factory=list)
    handlers: list[tuple[int, str, str]] = field(default_factory=list)
    csp: str | None = None


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = PageScan()
        self._script: tuple[int, bool] | None = None  # (line, counts as an inline script)
        self._script_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        values = {name: value or "" for name, value in attrs}
        for name in ("id",) + (("name",) if tag == "a" else ()):
            if values.get(name):
                self.scan.ids.add(values[name])
        for name in values:
            if name.startswith("on"):
                self.scan.handlers.append((line, tag, name))
        for name in URL_ATTRIBUTES.get(tag, ()):
            if name in values:
                self.scan.links.append(Link(line, tag, name, values[name], values.get("rel", "")))
        if tag == "meta" and values.get("http-equiv", "").lower() == "content-security-policy":
            self.scan.csp = values.get("content", "")
        if tag == "script":
            kind = values.get("type", "").lower()
            self._script = (line, "src" not in values and kind in _SCRIPT_TYPES)
            self._script_text = []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            line, inline = self._script
            if inline:
                self.scan.inline_scripts.append((line, "".join(self._script_text)))
            self._script = None


def scan_page(html: str) -> PageScan:
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner.scan


def script_hash(text: str) -> str:
    """The CSP source of an inline script: 'sha256-<base64 of the SHA-256 of its text>'."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def page_url_path(rel: str) -> str:
    """The URL path of a page file, relative to the site root: a/index.html -> a/."""
    if rel == "index.html":
        return ""
    if rel.endswith("/index.html"):
        return rel[: -len("index.html")]
    return rel


def resolve(page: str, path: str) -> str | None:
    """``path`` (relative, or absolute from the site root) seen from the page at URL path
    ``page``, as a URL path relative to the site root; None if it climbs out of the site."""
    segments = [] if path.startswith("/") else page.split("/")[:-1]
    for segment in path.lstrip("/").split("/"):
        if segment == "..":
            if not segments:
                return None
            segments.pop()
        elif segment not in (".", ""):
            segments.append(segment)
    target = "/".join(segments)
    if path.endswith(("/", "/.", "/..")) or path in (".", ".."):
        target += "/" if target else ""
    return target


@dataclass
class Site:
    """The pages of a built site, scanned once; links are checked against it."""

    root: Path
    site_url: str = ""
    pages: dict[str, PageScan] = field(default_factory=dict)

    @classmethod
    def scan(cls, root: Path, site_url: str = "") -> Site:
        site = cls(root, site_url if site_url.endswith("/") or not site_url else site_url + "/")
        for path in sorted(root.rglob("*.html")):
            rel = path.relative_to(root).as_posix()
            site.pages[rel] = scan_page(path.read_text(encoding="utf-8", errors="replace"))
        return site

    def check(self) -> list[Problem]:
        problems: list[Problem] = []
        for rel, page in self.pages.items():
            problems.extend(self.check_page(rel, page))
        return sorted(set(problems))

    def check_page(self, rel: str, page: PageScan) -> Iterator[Problem]:
        for link in page.links:
            yield from self._check_link(rel, link)
        for line, tag, name in page.handlers:
            yield Problem(rel, line, "event-handler", f"<{tag} {name}=...> runs inline code")
        allowed = set(_HASH_SOURCE.findall(page.csp or ""))
        for line, text in page.inline_scripts:
            if page.csp is not None and ("sha256", script_hash(text)[7:]) not in allowed:
                yield Problem(
                    rel,
                    line,
                    "inline-script",
                    f"an inline script ({script_hash(text)}) is not allowed by the page's "
                    "Content-Security-Policy",
                )

    def _check_link(self, rel: str, link: Link) -> Iterator[Problem]:
        url = link.url.strip()
        if link.tag == "link" and set(link.rel.lower().split()) & INERT_LINK_RELS:
            loads = False
        else:
            loads = link.tag in LOADING or link.tag == "link"
        site_path = urlsplit(self.site_url).path or "/"
        if self.site_url and url.startswith(self.site_url):
            url = "/" + url[len(self.site_url) :]  # the site's own absolute address
        elif url.startswith(site_path) and not url.startswith("//"):
            url = "/" + url[len(site_path) :]  # absolute path on the site's host (404 page)
        elif url.startswith("/") and not url.startswith("//"):
            yield Problem(
                rel,
                link.line,
                "root-relative-link",
                f"'{link.url}' starts with '/' but the site lives at {site_path}",
            )
            return
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme or url.startswith("//"):
            yield from self._check_external(rel, link, url, scheme, loads)
            return
        if parts.path:
            target = resolve(page_url_path(rel), unquote(parts.path))
            if target is None:
                yield Problem(rel, link.line, "broken-link", f"'{link.url}' leaves the site")
                return
            file_rel = self._file_for(target)
        else:
            file_rel = rel  # "#anchor" or "?query": this page
        if file_rel is None:
            yield Problem(
                rel, link.line, "broken-link", f"'{link.url}' points to nothing in the site"
            )
            return
        fragment = unquote(parts.fragment)
        target_page = self.pages.get(file_rel)
        if fragment not in IMPLICIT_FRAGMENTS and target_page and fragment not in target_page.ids:
            yield Problem(
                rel,
                link.line,
                "broken-anchor",
                f"'{link.url}': {file_rel} has no element with id '{fragment}'",
            )

    def _file_for(self, target: str) -> str | None:
        """The file a URL path serves, as a host would (a folder serves its index.html)."""
        path = self.root / target
        if target == "" or target.endswith("/"):
            index = (target + "index.html").lstrip("/")
            return index if (self.root / index).is_file() else None
        if path.is_file():
            return target
        if path.is_dir() and (path / "index.html").is_file():
            return f"{target}/index.html"
        return None

    def _check_external(
        self, rel: str, link: Link, url: str, scheme: str, loads: bool
    ) -> Iterator[Problem]:
        if scheme in ("javascript", "vbscript", "data", "file"):
            if not (scheme == "data" and link.tag == "img"):  # CSP img-src allows data:
                yield Problem(rel, link.line, "unsafe-link", f"a '{scheme}:' URL in <{link.tag}>")
            return
        if scheme in ("mailto", "tel"):
            return
        if loads:
            yield Problem(
                rel,
                link.line,
                "loads-from-elsewhere",
                f"<{link.tag} {link.attribute}='{url}'> would load from another origin",
            )
            return
        if scheme != "https":
            yield Problem(rel, link.line, "not-https", f"'{url}' is not an https:// address")
        elif any(c.isspace() for c in url) or not urlsplit(url).hostname:
            yield Problem(rel, link.line, "malformed-url", f"'{url}' is not a valid address")


def read_site_url(root: Path) -> str:
    """The site's own address: the first <loc> of its sitemap, the home page ('' if none)."""
    sitemap = root / "sitemap.xml"
    if not sitemap.is_file():
        return ""
    match = re.search(r"<loc>([^<]+)</loc>", sitemap.read_text(encoding="utf-8"))
    return match.group(1) if match else ""


def check_site(root: Path, site_url: str | None = None) -> list[Problem]:
    return Site.scan(root, read_site_url(root) if site_url is None else site_url).check()


def summarise(problems: Iterable[Problem]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for problem in problems:
        counts[problem.code] = counts.get(problem.code, 0) + 1
    return dict(sorted(counts.items()))

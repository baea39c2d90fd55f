"""Safe content: Markdown from a pull request must not put script, styles or forms into a page.

Python-Markdown passes raw HTML and ``{: attribute lists}`` through unchanged, so the
check refuses, at its line, every element and attribute outside a short allow-list, every
event handler (``on...=``) and every link whose scheme runs code (``javascript:``,
``data:``, ``vbscript:`` ...). The allow-list is enforced twice: by a line-exact scan with
the standard library's HTML tokenizer, and by nh3 (the ammonia sanitiser, which parses as
browsers do) as a second opinion, so a tag the two parsers read differently is still
refused. The Content Security Policy (``postbuild.CSP``) is the last line: even a script
that got into a page would not run.

Callers pass Markdown with its code blanked out (``checks.blank_code``), because HTML
shown inside code is text, not markup.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import nh3

from .diagnostics import Diagnostics

#: Elements content may use: text structure only, nothing that loads, runs, styles or
#: submits anything.
ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "bdi",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "rp",
        "rt",
        "ruby",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "u",
        "ul",
        "var",
        "wbr",
    }
)

#: Attributes allowed on every allowed element (``markdown`` is md_in_html's switch).
GLOBAL_ATTRIBUTES = frozenset({"class", "id", "lang", "dir", "title", "role", "markdown"})
#: Attributes allowed on some elements only.
TAG_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "hreflang", "rel"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
    "time": frozenset({"datetime"}),
    "details": frozenset({"open"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "td": frozenset({"colspan", "rowspan", "align"}),
    "th": frozenset({"colspan", "rowspan", "align", "scope"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
}
#: ``aria-label`` and friends describe content to assistive technology; all are inert.
ATTRIBUTE_PREFIXES = ("aria-",)
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
#: Schemes a link may use. ``http`` is allowed with a warning (checks.check_link).
LINK_SCHEMES = frozenset({"https", "http", "mailto", "tel"})

#: Why the most likely unsafe elements are refused, and what to do instead.
REFUSED: dict[str, tuple[str, str]] = {
    "script": (
        "a <script> element would run code in the reader's browser",
        "pages cannot contain scripts; describe what you need in the pull request",
    ),
    "noscript": ("<noscript> is not allowed", "write the text as plain Markdown"),
    "iframe": (
        "an <iframe> embeds another site's page",
        "add a video with the 'video:' block in resource.yml; it loads only when "
        "the reader presses play",
    ),
    "frame": ("a <frame> embeds another page", "link to the page instead"),
    "frameset": ("a <frameset> embeds other pages", "link to the pages instead"),
    "object": (
        "an <object> element loads plug-in content",
        "list the file under 'attachments:' in resource.yml and link to it",
    ),
    "embed": (
        "an <embed> element loads plug-in content",
        "list the file under 'attachments:' in resource.yml and link to it",
    ),
    "applet": ("an <applet> element runs a program", "link to the file instead"),
    "style": (
        "a <style> element changes how the whole page looks",
        "the site's stylesheet styles content; ask for a style in the pull request",
    ),
    "link": (
        "a <link> element loads a file into the page",
        "use a Markdown link: [text](address)",
    ),
    "meta": ("a <meta> element changes how the page behaves", "delete it"),
    "base": ("a <base> element changes where every link on the page goes", "delete it"),
    "form": (
        "a <form> would send what readers type somewhere",
        "make fillable worksheets with ```field blocks (see the worksheet guide)",
    ),
    "svg": (
        "inline <svg> can contain scripts and links",
        "save the picture as a PNG or JPEG in files/ and use ![description](files/name.png)",
    ),
    "math": ("inline <math> is not allowed", "write the formula as text"),
    "audio": ("an <audio> element loads media", "list the file under 'attachments:'"),
    "video": (
        "a <video> element loads media",
        "add a video with the 'video:' block in resource.yml",
    ),
    "source": ("a <source> element loads media", "list the file under 'attachments:'"),
    "picture": ("a <picture> element loads images", "use ![description](files/name.png)"),
    "portal": ("a <portal> embeds another page", "link to the page instead"),
    "template": ("a <template> element is not allowed", "write the content as Markdown"),
}
_UNREADABLE = "(unreadable markup)"
REFUSED[_UNREADABLE] = (
    "this markup is malformed and cannot be checked",
    "write the HTML more simply (quoted attribute values, closed tags), or use Markdown",
)
_FORM_CONTROLS = frozenset(
    {"input", "textarea", "select", "option", "optgroup", "button", "fieldset", "label"}
)
_FORM_HINT = "make fillable worksheets with ```field blocks (see the worksheet guide)"

#: Bytes browsers drop from a URL before reading its scheme: controls and spaces
#: anywhere at the ends, tabs and newlines anywhere ("java\tscript:" is javascript:).
_URL_IGNORED = re.compile(r"[\x00-\x20\x7f]")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# Autolinks <https://...>, <name@host> and link targets in angle brackets are links, not HTML.
_AUTOLINK = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>]*|[^\s<>@]+@[^\s<>]+)>")
_ANGLE_TARGET = re.compile(r"\]\(\s*<[^<>\n]*>")
_ESCAPED = re.compile(r"\\[<&{]")
# <!DOCTYPE ...>, <![CDATA[ ...]]> and <?...?> are inert in a page (browsers read them as
# comments); the standard tokenizer chokes on malformed ones, so they are not scanned.
_DECLARATION = re.compile(r"<(?:!(?!--)|\?)")
# Python-Markdown's attr_list: {: #id .class key="value" } after a block or inline element.
_ATTR_LIST = re.compile(r"\{:?[ ]*([^}\n ][^}\n]*)[ ]*\}")
_ATTR_PAIR = re.compile(r"""([^\s=}]+)=("[^"]*"|'[^']*'|[^\s=}]+)""")
_ATTR_ID = re.compile(r"(?:^|\s)#([^\s=}]+)")
_IMAGE = re.compile(r"!\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?(?P<url>[^)\s>]*)")
# Elements html5 parsers drop outside a table: they are no sign of a parser disagreement.
_TABLE_PARTS = frozenset(
    {"caption", "col", "colgroup", "tbody", "td", "tfoot", "th", "thead", "tr"}
)


def link_scheme(url: str) -> str | None:
    """The scheme a browser would see in ``url`` (lowercase), or None for a relative URL.

    Character references are decoded first: Python-Markdown writes ``&#106;avascript:``
    into the page as it is, and the browser reads it as ``javascript:``.
    """
    seen = _URL_IGNORED.sub("", html.unescape(url))
    match = _SCHEME.match(seen)
    return match.group(1).lower() if match else None


def unsafe_scheme(url: str) -> str | None:
    """The scheme of ``url`` if a link may not use it (javascript, data, vbscript, file ...)."""
    scheme = link_scheme(url)
    return scheme if scheme is not None and scheme not in LINK_SCHEMES else None


def attribute_allowed(tag: str, name: str) -> bool:
    return (
        name in GLOBAL_ATTRIBUTES
        or name in TAG_ATTRIBUTES.get(tag, ())
        or name.startswith(ATTRIBUTE_PREFIXES)
    )


def mask_links(masked: str) -> str:
    """Blank autolinks, angle-bracket link targets and escaped ``\\<``: they are not HTML."""

    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group())

    masked = _AUTOLINK.sub(blank, masked)
    return _DECLARATION.sub(blank, _ESCAPED.sub(blank, _ANGLE_TARGET.sub(blank, masked)))


def check_markdown(masked: str, path: Path, first_line: int, diags: Diagnostics) -> None:
    """Report unsafe raw HTML, attribute lists and images in Markdown whose code is blanked.

    ``first_line`` is the file line of the text's first line.
    """
    text = mask_links(masked)
    before = len(diags.errors)
    tags: list[tuple[str, tuple[tuple[str, str], ...], int]] = []
    if "<" in text:
        tags = _scan(text)
        for tag, attrs, line in tags:
            _check_tag(tag, attrs, path, first_line + line - 1, diags)
    if "{" in text:
        _check_attribute_lists(text, path, first_line, diags)
    if "![" in text:
        _check_images(text, path, first_line, diags)
    if tags and len(diags.errors) == before:
        _second_opinion(text, tags, path, first_line, diags)


class _TagScanner(HTMLParser):
    """Start tags with their attributes and 1-based line, as the tokenizer reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, tuple[tuple[str, str], ...], int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pairs = tuple((name, value or "") for name, value in attrs)
        self.tags.append((tag, pairs, self.getpos()[0]))


def _scan(text: str) -> list[tuple[str, tuple[tuple[str, str], ...], int]]:
    scanner = _TagScanner()
    try:
        scanner.feed(text)
        scanner.close()
    except (AssertionError, ValueError):
        # The tokenizer gave up on malformed markup: refuse what it could not read.
        scanner.tags.append((_UNREADABLE, (), scanner.getpos()[0]))
    return scanner.tags


def _check_tag(
    tag: str, attrs: tuple[tuple[str, str], ...], path: Path, line: int, diags: Diagnostics
) -> None:
    if tag not in ALLOWED_TAGS:
        if tag in REFUSED:
            message, hint = REFUSED[tag]
        elif tag in _FORM_CONTROLS:
            message, hint = f"a <{tag}> form control is not allowed in content", _FORM_HINT
        else:
            message = f"the HTML element <{tag}> is not allowed in content"
            hint = "write it in Markdown; allowed HTML elements: " + ", ".join(sorted(ALLOWED_TAGS))
        diags.error(path, line, "unsafe-html", message, hint)
        return
    for name, value in attrs:
        _check_attribute(tag, name, value, path, line, diags)


def _check_attribute(
    tag: str, name: str, value: str, path: Path, line: int, diags: Diagnostics
) -> None:
    if name.startswith("on"):
        diags.error(
            path,
            line,
            "unsafe-html",
            f"the event-handler attribute '{name}' on <{tag}> would run code",
            "delete the attribute; pages cannot contain scripts",
        )
    elif name == "style":
        diags.error(
            path,
            line,
            "unsafe-html",
            f"a 'style' attribute on <{tag}> is not allowed",
            "the site's stylesheet styles content; delete the attribute",
        )
    elif not attribute_allowed(tag, name):
        allowed = sorted(GLOBAL_ATTRIBUTES | TAG_ATTRIBUTES.get(tag, frozenset()))
        diags.error(
            path,
            line,
            "unsafe-html",
            f"the attribute '{name}' is not allowed on <{tag}>",
            "allowed here: " + ", ".join(allowed),
        )
    elif name == "id" and value.startswith("__"):
        diags.error(
            path,
            line,
            "unsafe-html",
            f"the id '{value}' is reserved for the site's own page elements",
            "choose an id that does not start with '__'",
        )
    elif name in URL_ATTRIBUTES:
        _check_url(tag, name, value, path, line, diags)


def _check_url(tag: str, name: str, value: str, path: Path, line: int, diags: Diagnostics) -> None:
    scheme = link_scheme(value)
    if scheme is not None and scheme not in LINK_SCHEMES:
        diags.error(
            path,
            line,
            "unsafe-link",
            f"links with '{scheme}:' are not allowed (in {name} of <{tag}>)",
            "link to an https:// address, another resource or a file in files/",
        )
    elif name == "src" and (scheme is not None or value.strip().startswith("//")):
        diags.error(
            path,
            line,
            "external-image",
            f"the image '{value}' would be loaded from another site",
            "the site loads nothing from other hosts: save the image in files/ and use "
            "files/name.png",
        )


def _check_attribute_lists(text: str, path: Path, first_line: int, diags: Diagnostics) -> None:
    for match in _ATTR_LIST.finditer(text):
        body = match.group(1)
        line = first_line + text.count("\n", 0, match.start())
        for id_match in _ATTR_ID.finditer(body):
            if id_match.group(1).startswith("__"):
                _check_attribute("span", "id", id_match.group(1), path, line, diags)
        for key, raw in _ATTR_PAIR.findall(body):
            value = raw[1:-1] if raw[:1] in ("'", '"') else raw
            name = key.lower()
            # The element is not known here; allow what some allowed element may carry.
            if name in URL_ATTRIBUTES or any(name in attrs for attrs in TAG_ATTRIBUTES.values()):
                tag = next((t for t, attrs in TAG_ATTRIBUTES.items() if name in attrs), "a")
            else:
                tag = "span"
            _check_attribute(tag, name, value, path, line, diags)


def _check_images(text: str, path: Path, first_line: int, diags: Diagnostics) -> None:
    for match in _IMAGE.finditer(text):
        url = match.group("url")
        if link_scheme(url) in ("https", "http") or url.startswith("//"):
            line = first_line + text.count("\n", 0, match.start())
            _check_url("img", "src", url, path, line, diags)


def _second_opinion(
    text: str,
    tags: list[tuple[str, tuple[tuple[str, str], ...], int]],
    path: Path,
    first_line: int,
    diags: Diagnostics,
) -> None:
    """Refuse HTML that nh3 (which parses like a browser) would change but the scan passed."""
    attributes = {tag: set(GLOBAL_ATTRIBUTES | names) for tag, names in TAG_ATTRIBUTES.items()}
    attributes["*"] = set(GLOBAL_ATTRIBUTES)
    cleaned = nh3.clean(
        text,
        tags=set(ALLOWED_TAGS),
        attributes=attributes,
        generic_attribute_prefixes=set(ATTRIBUTE_PREFIXES),
        url_schemes=set(LINK_SCHEMES),
        link_rel=None,
        strip_comments=False,
    )
    kept = Counter((tag, attrs) for tag, attrs, _ in _scan(cleaned))
    for tag, attrs, line in tags:
        key = (tag, attrs)
        if kept[key] > 0:
            kept[key] -= 1
        elif tag not in _TABLE_PARTS:
            diags.error(
                path,
                first_line + line - 1,
                "unsafe-html",
                f"the HTML sanitiser does not keep this <{tag}> element as written",
                "write the HTML more simply (quoted attribute values, closed tags), or use "
                "Markdown",
            )
            return

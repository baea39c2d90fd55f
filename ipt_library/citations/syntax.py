"""Pandoc-style citations in Markdown: finding them, replacing them, checking their keys.

Supported: ``[@key]``, ``[@key, p. 12]``, ``[@a; @b]``, ``[see @a, pp. 3-5; also @b]``,
``[-@key]`` (year only), narrative ``@key`` and ``@key [p. 12]``. Nothing inside code
(spans, fenced or indented blocks), HTML comments, URLs, link targets or e-mail addresses
counts, and ``\\@`` is a literal at sign, as in Pandoc.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from ..diagnostics import Diagnostics
from .bibliography import Bibliography
from .model import Citation, CitationGroup, Locator

# Pandoc: a key starts with a letter, digit or _, may hold internal punctuation
# (:.#$%&-+?<>~/), and ends with a letter, digit or _; or it is written @{any key}.
_KEY = r"(?:\{(?P<bkey>[^{}\s]+)\}|(?P<key>\w(?:[\w:.#$%&+?<>~/-]*\w)?))"
_ITEM = re.compile(r"^(?P<prefix>.*?)(?:^|(?<=\s))(?P<minus>-)?@" + _KEY + r"(?P<rest>.*)$", re.S)
_BRACKET = re.compile(r"(?<![!\]\\])\[(?P<body>[^\[\]]*@[^\[\]]*)\](?![(\[])")
# "[label]: https://..." at the start of a line defines a link target; it cites nothing.
_LINK_DEFINITION = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*\S.*$", re.M)
# Not after a letter, digit or _ (e-mail addresses) nor after . + - @ / \ ` = .
_NARRATIVE = re.compile(
    r"(?<![\w.+\-@/\\`=])@" + _KEY + r"(?:[ \t]?\[(?P<extra>[^\[\]@\n]*)\](?![(\[]))?"
)

_FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+")
_CODE_SPAN = re.compile(r"(?<!`)(?P<ticks>`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)(?P=ticks)(?!`)", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_AUTOLINK = re.compile(r"<(?:[a-zA-Z][\w+.-]*:[^\s<>]*|[^\s<>@]+@[^\s<>]+)>")
_LINK_TARGET = re.compile(r"\]\((?P<target>[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+\"[^\"]*\")?\)")
_BARE_URL = re.compile(r"(?:(?:https?|ftp)://|www\.)[^\s<>\"'\]]+")

_LABELS = {
    "page": ("p", "pp", "page", "pages", "pg"),
    "paragraph": ("para", "paras", "paragraph", "paragraphs", "¶", "¶¶"),
    "chapter": ("ch", "chap", "chaps", "chapter", "chapters"),
    "section": ("sec", "sect", "secs", "section", "sections", "§", "§§"),
    "figure": ("fig", "figs", "figure", "figures"),
    "table": ("tab", "table", "tables"),
}
_LABEL_OF = {alias: label for label, aliases in _LABELS.items() for alias in aliases}
_VALUE = r"(?:\d+[a-z]?|[ivxlcdm]+)(?:\s*(?:-{1,3}|–|—|,|&)\s*(?:\d+[a-z]?|[ivxlcdm]+))*"
_LOCATOR = re.compile(
    r"^(?:(?P<label>"
    + "|".join(sorted((re.escape(a) for a in _LABEL_OF), key=len, reverse=True))
    + r")\.?\s*)?(?P<value>"
    + _VALUE
    + r")(?![\w])",
    re.IGNORECASE,
)


def find_citations(markdown: str, first_line: int = 1) -> list[CitationGroup]:
    """Every citation group in ``markdown``, in order. ``first_line`` is the line number of
    the text's first line in its file (after front matter), for diagnostics."""
    masked = mask_non_prose(markdown)
    groups: list[CitationGroup] = []
    taken: list[tuple[int, int]] = []
    for match in _BRACKET.finditer(masked):
        if re.search(r"\n[ \t]*\n", match.group("body")):
            continue
        group = _bracket_group(markdown, masked, match, first_line)
        if group is not None:
            groups.append(group)
            taken.append((group.start, group.end))
    for match in _NARRATIVE.finditer(masked):
        at = match.start()
        if any(start <= at < end for start, end in taken):
            continue
        key = match.group("bkey") or match.group("key")
        locator, suffix = parse_locator(match.group("extra") or "")
        line = first_line + markdown.count("\n", 0, at)
        cite = Citation(key=key, line=line, suffix=suffix, locator=locator)
        end = match.end()
        groups.append(CitationGroup((cite,), True, at, end, line, markdown[at:end]))
    groups.sort(key=lambda g: g.start)
    return groups


def _bracket_group(
    markdown: str, masked: str, match: re.Match[str], first_line: int
) -> CitationGroup | None:
    body_start = match.start("body")
    body = masked[body_start : match.end("body")]
    items: list[Citation] = []
    offset = 0
    for part in body.split(";"):
        item = _ITEM.match(part)
        if item is None:
            return None
        start = body_start + offset
        original = markdown[start : start + len(part)]
        prefix = original[: item.start("prefix") + len(item.group("prefix"))].strip()
        rest = original[item.start("rest") :]
        key = item.group("bkey") or item.group("key")
        if item.group("minus"):
            at = start + item.start("minus")
        elif item.group("bkey"):
            at = start + item.start("bkey") - 2
        else:
            at = start + item.start("key") - 1
        locator, suffix = parse_locator(rest)
        items.append(
            Citation(
                key=key,
                line=first_line + markdown.count("\n", 0, at),
                prefix=" ".join(prefix.split()),
                suffix=suffix,
                locator=locator,
                suppress_author=bool(item.group("minus")),
            )
        )
        offset += len(part) + 1
    line = first_line + markdown.count("\n", 0, match.start())
    return CitationGroup(
        tuple(items), False, match.start(), match.end(), line, markdown[match.start() : match.end()]
    )


def parse_locator(rest: str) -> tuple[Locator | None, str]:
    """Split what follows a key into a pinpoint and free text: ', p. 12, emphasis added'
    -> (page 12, ', emphasis added'). A bare number is a page, as in Pandoc."""
    text = " ".join(rest.split())
    body = text.lstrip(", ").lstrip()
    if not body:
        return None, ""
    match = _LOCATOR.match(body)
    if match is None or (match.group("label") is None and not match.group("value")[0].isdigit()):
        return None, text if text.startswith((",", ";")) else body
    label = _LABEL_OF[match.group("label").lower()] if match.group("label") else "page"
    suffix = body[match.end() :].rstrip()
    return Locator(label, match.group("value")), suffix


def replace_citations(markdown: str, render: Callable[[CitationGroup], str]) -> str:
    """Replace each citation group with ``render(group)`` (HTML from the citation macros)."""
    pieces: list[str] = []
    last = 0
    for group in find_citations(markdown):
        pieces.append(markdown[last : group.start])
        pieces.append(render(group))
        last = group.end
    pieces.append(markdown[last:])
    return "".join(pieces)


def check_key(key: str, bib: Bibliography, path: Path | str, line: int, diags: Diagnostics) -> bool:
    """Report a key that is not in the bibliography; True when the key is known."""
    if key in bib:
        return True
    diags.error(
        path,
        line,
        "unknown-citation",
        f"'@{key}' is not in bibliography.bib.{bib.suggest(key)}",
        "add the work to bibliography.bib, or correct the key (write \\@ for a literal @)",
    )
    return False


def check_citations(
    groups: Iterable[CitationGroup], bib: Bibliography, path: Path | str, diags: Diagnostics
) -> set[str]:
    """Report unknown keys with their lines; return the known keys cited (canonical case)."""
    cited: set[str] = set()
    for group in groups:
        for cite in group.items:
            if check_key(cite.key, bib, path, cite.line, diags):
                cited.add(bib[cite.key].key)
    return cited


def report_uncited(bib: Bibliography, cited: Iterable[str], diags: Diagnostics) -> None:
    """An entry nothing cites is information for ``ipt-library check``, not an error."""
    used = {k.casefold() for k in cited}
    for ref in bib:
        if ref.key.casefold() not in used:
            diags.info(
                bib.path or "bibliography.bib",
                ref.line,
                "bib-uncited",
                f"'{ref.key}' is not cited anywhere",
                "cite it, list it in a resource's citations, or remove it",
            )


def mask_non_prose(markdown: str) -> str:
    """``markdown`` with code, comments, URLs and link targets blanked (newlines kept), so
    offsets and line numbers still match the original."""
    if "@" not in markdown:
        return markdown  # nothing can be a citation; skip the work on the per-page path
    ranges: list[tuple[int, int]] = []
    _mask_blocks(markdown, lambda start, end: ranges.append((start, end)))
    pieces = []
    last = 0
    for start, end in ranges:
        pieces.append(markdown[last:start])
        pieces.append(_blank_text(markdown[start:end]))
        last = end
    pieces.append(markdown[last:])
    text = "".join(pieces)
    for pattern in (_COMMENT, _CODE_SPAN, _AUTOLINK, _LINK_DEFINITION):
        text = pattern.sub(_blank_match, text)
    text = _LINK_TARGET.sub(_blank_target, text)
    return _BARE_URL.sub(_blank_match, text)


_NOT_NEWLINE = re.compile(r"[^\n]")


def _blank_text(text: str) -> str:
    return _NOT_NEWLINE.sub(" ", text)


def _blank_match(match: re.Match[str]) -> str:
    return _blank_text(match.group())


def _blank_target(match: re.Match[str]) -> str:
    whole = match.group()
    start = match.start("target") - match.start()
    end = match.end("target") - match.start()
    return whole[:start] + _blank_text(whole[start:end]) + whole[end:]


def _indent(line: str) -> int:
    width = 0
    for char in line:
        if char == " ":
            width += 1
        elif char == "\t":
            width += 4 - width % 4
        else:
            break
    return width


def _mask_blocks(markdown: str, blank: Callable[[int, int], None]) -> None:
    """Blank fenced code blocks and indented code blocks (8 spaces inside lists, since
    Python-Markdown nests list content by 4)."""
    fence: str | None = None
    previous_blank = True
    in_code = False
    in_list = False
    offset = 0
    for line in markdown.splitlines(keepends=True):
        start, offset = offset, offset + len(line)
        stripped = line.strip()
        if fence is not None:
            blank(start, offset)
            closing = _FENCE.match(line)
            if (
                closing
                and closing.group("fence")[0] == fence[0]
                and len(closing.group("fence")) >= len(fence)
                and not stripped[len(closing.group("fence")) :].strip()
            ):
                fence = None
            continue
        opening = _FENCE.match(line)
        if opening:
            fence = opening.group("fence")
            blank(start, offset)
            previous_blank = False
            continue
        if not stripped:
            previous_blank = True
            continue
        indent = _indent(line)
        if indent >= (8 if in_list else 4) and (previous_blank or in_code):
            blank(start, offset)
            in_code = True
            previous_blank = False
            continue
        in_code = False
        if _LIST_ITEM.match(line):
            in_list = True
        elif indent == 0 and previous_blank:
            in_list = False
        previous_blank = False

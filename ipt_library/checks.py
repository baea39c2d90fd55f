"""Cross-checks over the whole library: references between resources, links, type rules."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from .citations import check_citations, check_key, find_citations, report_uncited
from .diagnostics import Diagnostics, did_you_mean
from .loader import check_attachment
from .model import Library, Resource, Status, Text
from .safety import check_markdown, link_scheme
from .sources import check_characters, yaml_structure_problems
from .worksheets import check_consistency, extract_fields
from .worksheets.fences import find_field_fences

_FENCED = re.compile(
    r"^(?P<fence>```+|~~~+)[^\n]*\n.*?^(?P=fence)[ \t]*$", re.MULTILINE | re.DOTALL
)
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)
_LINK = re.compile(
    r"!?\[(?P<text>(?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?(?P<url>[^)\s>]*)>?(?:\s+[\"'][^)]*[\"'])?\s*\)"
)
# "[label]: target" defines a link target for [text][label]; "[^1]:" is a footnote.
_LINK_DEFINITION = re.compile(r"^[ ]{0,3}\[(?!\^)[^\]\n]+\]:[ \t]*<?(?P<url>[^\s>]+)", re.MULTILINE)


def blank_code(markdown: str) -> str:
    """The text with code blocks and spans blanked out, keeping offsets and line numbers."""

    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group())

    return _CODE_SPAN.sub(blank, _FENCED.sub(blank, markdown))


def iter_links(markdown: str) -> Iterator[tuple[int, str]]:
    """(line offset from the start of ``markdown``, URL) of every Markdown link and image,
    inline or defined for reference links."""
    plain = blank_code(markdown)
    for match in _LINK.finditer(plain):
        yield plain.count("\n", 0, match.start()), match.group("url")
    for match in _LINK_DEFINITION.finditer(plain):
        yield plain.count("\n", 0, match.start()), match.group("url")


def check_library(library: Library, diags: Diagnostics) -> None:
    cited: set[str] = set()
    bib_path = library.config.bibliography_path
    if not bib_path.exists() and _cites_anything(library):
        diags.error(
            bib_path,
            1,
            "bib-missing",
            "the bibliography file does not exist",
            f"create {library.config.bibliography} with the works the library cites",
        )
        library = replace(library, bibliography=None)  # one error instead of one per key
    for resource in library.resources:
        check_resource(resource, library, diags)
        for text in resource.texts.values():
            check_markdown(blank_code(text.body), text.path, text.body_line, diags)
            if text.guidance:
                line = _guidance_line(text.path)
                check_markdown(blank_code(text.guidance), text.path, line, diags)
        cited |= check_resource_citations(resource, library, diags)
        if resource.type == "worksheet":
            check_worksheet(resource, library, diags)
    for page in library.pages:
        for path in (page.path, *page.translations.values()):
            cited |= check_text_citations(path, library, diags)
            check_page_safety(path, diags)
    if library.bibliography is not None and library.config.bibliography_path.exists():
        report_uncited(library.bibliography, cited, diags)
    check_other_characters(library, diags)


def check_other_characters(library: Library, diags: Diagnostics) -> None:
    """Hidden characters in the text files read by other parsers than ours: the
    bibliography (its titles are shown on pages) and the interface catalogs."""
    config = library.config
    catalogs = sorted(config.locales_path.glob("*/LC_MESSAGES/*.po"))
    for path in [config.bibliography_path, *catalogs]:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # reported by their readers
        check_characters(text, path, diags)


def _cites_anything(library: Library) -> bool:
    for resource in library.resources:
        if resource.meta.citations or resource.meta.reference:
            return True
        if any(find_citations(t.body) for t in resource.texts.values()):
            return True
    return False


def check_text_citations(path: Path, library: Library, diags: Diagnostics) -> set[str]:
    bib = library.bibliography
    if bib is None:
        return set()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return set()  # reported by the loader
    groups = find_citations(text)
    return set(check_citations(groups, bib, path, diags))


def check_resource_citations(resource: Resource, library: Library, diags: Diagnostics) -> set[str]:
    bib = library.bibliography
    if bib is None:
        return set()
    meta_path = resource.folder / "resource.yml"
    cited: set[str] = set()
    for i, key in enumerate(resource.meta.citations):
        if check_key(key, bib, meta_path, resource.meta_lines.line("citations", i), diags):
            cited.add(key)
    if resource.meta.reference:
        line = resource.meta_lines.line("reference")
        if check_key(resource.meta.reference, bib, meta_path, line, diags):
            cited.add(resource.meta.reference)
    for text in resource.texts.values():
        groups = find_citations(text.body, text.body_line)
        cited |= set(check_citations(groups, bib, text.path, diags))
        if text.guidance:
            cited |= set(check_citations(find_citations(text.guidance), bib, text.path, diags))
    return cited


def check_worksheet(resource: Resource, library: Library, diags: Diagnostics) -> None:
    locales = library.config.locales_path
    by_lang = {}
    for lang, text in resource.texts.items():
        if not field_blocks_readable(text, diags):
            continue
        _, fields = extract_fields(
            text.body, text.path, text.body_line, diags, lang=lang, locales=locales, render=False
        )
        by_lang[lang] = (text.path, fields)
    if len(by_lang) > 1:
        check_consistency(by_lang, resource.meta.source_language, diags)


def field_blocks_readable(text: Text, diags: Diagnostics) -> bool:
    """Refuse YAML aliases and deep nesting in ```field blocks before they are read: the
    field reader builds its tree recursively and would crash on them."""
    readable = True
    for fence in find_field_fences(text.body.split("\n")):
        first = text.body_line + fence.start + 1
        for line, code, message, hint in yaml_structure_problems(fence.content):
            diags.error(text.path, first + line, f"field-{code}", message, hint)
            readable = False
    return readable


def check_resource(resource: Resource, library: Library, diags: Diagnostics) -> None:
    meta_path = resource.folder / "resource.yml"
    meta = resource.meta
    slugs = list(library.by_slug)
    for i, slug in enumerate(meta.related):
        line = resource.meta_lines.line("related", i)
        if slug == resource.slug:
            diags.error(
                meta_path,
                line,
                "related-self",
                "a resource cannot be related to itself",
                "remove it from 'related:'",
            )
        elif slug not in library.by_slug:
            diags.error(
                meta_path,
                line,
                "unknown-related",
                f"the related resource '{slug}' does not exist.{did_you_mean(slug, slugs)}",
                "use the folder name of another resource in resources/",
            )
    rules = {
        "video": (
            "video",
            "a video resource needs a 'video:' block with its url, host and duration",
        ),
        "reading": (
            "reference",
            "a reading needs 'reference:', the key of the work in bibliography.bib",
        ),
        "manual": (
            "reference",
            "a manual needs 'reference:', the key of the work in bibliography.bib",
        ),
    }
    if meta.type in rules:
        needed, message = rules[meta.type]
        if getattr(meta, needed) in (None, [], ""):
            diags.error(meta_path, 1, "missing-field", message)
    if meta.type == "presentation" and not any(a.file.endswith(".pdf") for a in meta.attachments):
        diags.error(
            meta_path,
            1,
            "missing-field",
            "a presentation needs its slides as a PDF under 'attachments:'",
            "add:\n    attachments:\n      - file: files/slides.pdf\n        title: Slides (PDF)",
        )
    for text in resource.texts.values():
        check_links(resource, text, library, diags)
        if resource.status(text.lang) is Status.OUTDATED:
            diags.info(
                text.path,
                1,
                "translation-outdated",
                f"the source text ({resource.source.path.name}) changed after this was "
                "translated; readers see a notice",
                f"bring the translation up to date, then set source_hash to "
                f'"{resource.source.hash}" (or run ipt-library translate --refresh)',
            )


def check_links(resource: Resource, text: Text, library: Library, diags: Diagnostics) -> None:
    docs = library.config.docs_path
    for offset, url in iter_links(text.body):
        line = text.body_line + offset
        check_link(url, resource.folder, text.path, line, library, docs, diags)
    if text.guidance:
        first = _guidance_line(text.path)
        for offset, url in iter_links(text.guidance):
            check_link(url, resource.folder, text.path, first + offset, library, docs, diags)


def check_page_safety(path: Path, diags: Diagnostics) -> None:
    """Raw HTML and link schemes of a hand-written page (its links are resolved by MkDocs)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return  # reported by the loader
    body = _blank_front_matter(text)
    check_markdown(blank_code(body), path, 1, diags)
    for offset, url in iter_links(body):
        if link_scheme(url) is not None:
            _check_scheme(url, path, offset + 1, diags)


def _blank_front_matter(text: str) -> str:
    """The text with its front matter blanked (keeping line numbers): YAML is not HTML."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return text
    return re.sub(r"[^\n]", " ", match.group()) + text[match.end() :]


def _guidance_line(path: Path) -> int:
    """The file line where a text's guidance starts (its value's first line)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return 1
    match = _FRONT_MATTER.match(text)
    front = match.group() if match else ""
    key = re.search(r"^guidance:[ \t]*(?P<block>[|>][-+0-9]*)?[ \t]*$", front, re.MULTILINE)
    if key is None:
        key = re.search(r"^guidance:", front, re.MULTILINE)
        return front.count("\n", 0, key.start()) + 1 if key else 1
    line = front.count("\n", 0, key.start()) + 1
    return line + 1 if key.group("block") else line


def check_link(
    url: str,
    folder: Path,
    where: Path,
    line: int,
    library: Library,
    docs: Path,
    diags: Diagnostics,
) -> None:
    if not url or url.startswith("#"):
        return
    if link_scheme(url) is not None:
        _check_scheme(url, where, line, diags)
        return
    target = url.split("#", 1)[0].split("?", 1)[0]
    if not target:
        return
    if target.startswith("/"):
        diags.error(
            where,
            line,
            "absolute-link",
            f"'{url}' starts with '/', which breaks in other languages and on other hosts",
            "write links relative to the page, e.g. ../other-resource/ or ../../ipt/phases/",
        )
        return
    parts = target.split("/")
    if parts[:2] == ["..", ".."]:
        rest = "/".join(p for p in parts[2:] if p)
        if rest.startswith("resources/"):
            slug = rest.split("/")[1] if len(rest.split("/")) > 1 else ""
            _check_slug(slug, url, where, line, library, diags)
            return
        if not _docs_page_exists(docs, rest):
            diags.error(
                where,
                line,
                "broken-link",
                f"the link '{url}' points to a page that does not exist",
                "hub pages are linked as ../../ipt/phases/ (the page docs/ipt/phases.md)",
            )
        return
    if parts[0] == "..":
        slug = parts[1] if len(parts) > 1 else ""
        _check_slug(slug, url, where, line, library, diags)
        return
    check_attachment(folder, target, where, line, diags)


def _check_slug(
    slug: str, url: str, where: Path, line: int, library: Library, diags: Diagnostics
) -> None:
    if slug not in library.by_slug:
        diags.error(
            where,
            line,
            "broken-link",
            f"the link '{url}' points to a resource '{slug}' that does not exist."
            f"{did_you_mean(slug, list(library.by_slug))}",
            "link to another resource as ../its-folder-name/",
        )


def _docs_page_exists(docs: Path, rest: str) -> bool:
    rest = rest.rstrip("/")
    if rest == "":
        return (docs / "index.md").exists() or True  # the generated home page
    if rest.endswith(".md"):
        return (docs / rest).is_file()
    if rest in ("resources", "translations", "references"):
        return True
    return (docs / f"{rest}.md").is_file() or (docs / rest / "index.md").is_file()


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?^---[ \t]*$", re.MULTILINE | re.DOTALL)


def _check_scheme(url: str, where: Path, line: int, diags: Diagnostics) -> None:
    """A link with a scheme: https, mailto and tel are fine, http is warned about."""
    scheme = link_scheme(url)
    if scheme in ("https", "mailto", "tel"):
        return
    if scheme == "http":
        diags.warning(
            where,
            line,
            "insecure-link",
            f"'{url}' is not https://",
            "use the https:// address if the site has one",
        )
        return
    diags.error(
        where,
        line,
        "unsafe-link",
        f"links with '{scheme}:' are not allowed",
        "link to an https:// address, another resource or a file in files/",
    )

"""Text transforms shared by every output: worksheet fields and citations.

A resource body or hub page is Markdown. Before the site engine (or the PDF renderer)
turns it into HTML, ``ProseRenderer`` replaces worksheet ``field`` blocks with labelled
controls and ``[@key]`` citations with linked in-text citations, and renders the list of
references the text cites. One renderer per (library, language); it caches formatters.
"""

from __future__ import annotations

from dataclasses import dataclass

import markdown as md

from .citations import (
    ApaFormatter,
    Bibliography,
    CitationGroup,
    find_citations,
    render_in_text,
    render_reference_list,
    replace_citations,
)
from .diagnostics import Diagnostics
from .model import Library, Resource, Text
from .templating import gettext_for, template_env
from .worksheets import extract_fields, worksheet_form

#: The Markdown extensions resource bodies are written for (the site uses the same set).
MARKDOWN_EXTENSIONS = [
    "toc",
    "attr_list",
    "md_in_html",
    "tables",
    "admonition",
    "footnotes",
    "def_list",
    "pymdownx.details",
    "pymdownx.superfences",
]


@dataclass(frozen=True)
class Prose:
    markdown: str
    cited: tuple[str, ...]


class ProseRenderer:
    def __init__(self, library: Library, lang: str) -> None:
        self.library = library
        self.lang = lang
        self.locales = library.config.locales_path

    @property
    def bibliography(self) -> Bibliography:
        bib = self.library.bibliography
        return bib if bib is not None else Bibliography([])

    def formatter(self, lang: str) -> ApaFormatter:
        cache = self.__dict__.setdefault("_formatters", {})
        if lang not in cache:
            cache[lang] = ApaFormatter(self.bibliography, gettext_for(self.locales, lang), lang)
        return cache[lang]  # type: ignore[no-any-return]

    def cite(self, text_markdown: str, text_lang: str, first_line: int = 1) -> Prose:
        """Replace citations; return the Markdown and the keys cited (known ones only)."""
        groups = find_citations(text_markdown, first_line)
        bib = self.bibliography
        cited: list[str] = []
        for group in groups:
            for key in group.keys:
                ref = bib.get(key)
                if ref is not None and ref.key not in cited:
                    cited.append(ref.key)
        if not groups:
            return Prose(text_markdown, ())
        fmt = self.formatter(text_lang)
        env = template_env(self.locales, text_lang)

        def render(group: CitationGroup) -> str:
            if not all(bib.get(key) is not None for key in group.keys):
                return group.source  # reported by the checker; never a broken link
            return str(render_in_text(env, fmt.in_text(group)))

        return Prose(replace_citations(text_markdown, render), tuple(cited))

    def references(self, keys: list[str] | tuple[str, ...], heading_id: str = "references") -> str:
        if not keys:
            return ""
        fmt = self.formatter(self.lang)
        return render_reference_list(
            template_env(self.locales, self.lang), fmt.listed(list(keys)), heading_id=heading_id
        )

    def resource_body(self, resource: Resource, text: Text) -> Prose:
        """The body with fields and citations replaced (Markdown, ready for the engine)."""
        body = text.body
        if resource.type == "worksheet":
            quiet = Diagnostics(self.library.config.root)  # reported by ipt-library check
            body, _fields = extract_fields(
                body, text.path, text.body_line, quiet, lang=text.lang, locales=self.locales
            )
        return self.cite(body, text.lang, text.body_line)

    def body_html(self, resource: Resource, text: Text) -> str:
        """The body as HTML, for the PDF (the site's engine renders its own)."""
        prose = self.resource_body(resource, text)
        html = md.markdown(prose.markdown, extensions=MARKDOWN_EXTENSIONS)
        keys = list(prose.cited) + [
            k for k in resource.meta.citations if k not in prose.cited and self.bibliography.get(k)
        ]
        html += self.references(keys)
        if resource.type == "worksheet":
            html = str(
                worksheet_form(html, slug=resource.slug, lang=text.lang, locales=self.locales)
            )
        return html

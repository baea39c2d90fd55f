"""Plan and render one language's generated pages (resources, catalogues, status).

The output is Markdown with HTML fragments, rendered from Jinja2 templates; the site engine
(MkDocs, through the thin plugin) turns it into themed HTML. Nothing here imports MkDocs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .bodies import ProseRenderer
from .citations import (
    highwire_meta,
    render_cite_this,
    render_reference_list,
    render_segments,
    resource_citation,
    resource_reference,
    to_bibtex,
    to_csl_json,
    to_ris,
)
from .config import Language, LibraryConfig
from .documents import pdf_path
from .i18n import translations
from .model import Library, Page, Resource, Status, Text
from .pagestore import PageStore, folder_digest
from .taxonomy import BROWSE_FACETS, LICENCES, PRINTABLE_TYPES, RESOURCE_TYPES, Facet, Term
from .templating import gettext_for, template_env
from .worksheets import worksheet_form


@dataclass(frozen=True)
class Alternate:
    """The same page in another language."""

    lang: Language
    href: str  # relative to the current page
    url: str  # absolute, for hreflang and the sitemap
    status: Status


@dataclass
class PageInfo:
    """What the theme needs to know about a page beyond MkDocs' own data."""

    kind: str  # home, hub, resource, catalogue, status, references, error
    lang: Language
    path: str  # URL path relative to the language root, e.g. "resources/x/"
    alternates: list[Alternate] = field(default_factory=list)
    content_lang: Language | None = None  # set when the text is shown in a fallback language
    meta_tags: list[tuple[str, str]] = field(default_factory=list)
    #: HTML put in place of ``<!--ipt:NAME-->`` markers after Markdown: wrappers around a
    #: body stay out of Markdown's way (nested raw HTML would be re-parsed).
    replacements: dict[str, str] = field(default_factory=dict)

    def finish_html(self, html: str) -> str:
        for name, value in self.replacements.items():
            html = html.replace(f"<!--ipt:{name}-->", value, 1)
        return html


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str
    markdown: str
    info: PageInfo
    #: Other generated files beside the page (citation exports), by src_uri.
    files: dict[str, str] = field(default_factory=dict)
    #: The finished HTML page, when a page store already holds it (see StoredPages).
    finished: str | None = None


class PageCache:
    """Generated pages kept between the rebuilds of a preview server.

    Each page is stored with a key: a value made of everything the page is made from. The
    next rebuild makes a page again only when its key differs; :attr:`made` lists the pages
    made this time (the others are unchanged).
    """

    def __init__(self) -> None:
        self._entries: dict[str, tuple[object, GeneratedPage]] = {}
        self.made: set[str] = set()

    def get(self, name: str, key: object, make: Callable[[], GeneratedPage]) -> GeneratedPage:
        entry = self._entries.get(name)
        if entry is not None and entry[0] == key:
            return entry[1]
        page = make()
        self._entries[name] = (key, page)
        self.made.add(page.src_uri)
        return page


class Stash:
    """Keeps HTML out of Markdown: a template calls ``stash(html)`` and Markdown sees only
    an HTML comment, which ``PageInfo.finish_html`` replaces after conversion."""

    def __init__(self) -> None:
        self.items: dict[str, str] = {}

    def __call__(self, html: str) -> Markup:
        name = f"stash-{len(self.items)}"
        self.items[name] = str(html)
        return Markup(f"\n\n<!--ipt:{name}-->\n\n")


_FRONT_MATTER_END = "\n---\n"


def html_only(page: str) -> tuple[str, dict[str, str]]:
    """Split a rendered page whose body is all HTML (catalogues, status, references) into
    its front matter plus one marker for Markdown, and the body to put in its place after
    (long lists of raw HTML are slow for Markdown to parse, and it would leave them as they
    are)."""
    front = front_matter(page)
    if not front:
        return page, {}
    return front + "\n<!--ipt:html-body-->\n", {"html-body": page[len(front) :].rstrip("\n")}


def front_matter(markdown: str) -> str:
    """A generated page's front matter block (``---`` lines included), or ''."""
    if not markdown.startswith("---\n"):
        return ""
    end = markdown.find(_FRONT_MATTER_END, 3)
    return markdown[: end + len(_FRONT_MATTER_END)] if end >= 0 else ""


def url_depth(path: str) -> int:
    return len([p for p in path.split("/") if p])


def src_uri_for(path: str) -> str:
    """'resources/x/' -> 'resources/x/index.md' (directory URLs)."""
    return (path.rstrip("/") + "/index.md").lstrip("/") if path else "index.md"


class LanguageSite:
    """Everything generated for one language of the site."""

    def __init__(
        self,
        library: Library,
        lang: str,
        *,
        pdf_root: Path | None = None,
    ) -> None:
        self.library = library
        self.config: LibraryConfig = library.config
        self.lang = self.config.by_code[lang]
        self.env = template_env(self.config.locales_path, lang)
        self._ = gettext_for(self.config.locales_path, lang)
        self.prose = ProseRenderer(library, lang)
        #: Where the build rendered PDFs (``<pdf_root>/<lang>/resources/...``), if it did.
        self.pdf_root = pdf_root
        # A resource's card is the same on every page at the same depth (only its relative
        # link differs): built and rendered once per depth, not once per page that shows it.
        self._cards: dict[tuple[str, int], dict[str, Any]] = {}
        self._card_html: dict[tuple[str, str], Markup] = {}

    # ---- URLs -------------------------------------------------------------------------
    def lang_prefix(self, lang: str) -> str:
        return "" if lang == self.config.default_language.code else f"{lang}/"

    def href(self, from_path: str, to_path: str, to_lang: str | None = None) -> str:
        """A relative link between two pages (paths relative to their language root)."""
        up = "../" * url_depth(from_path)
        if to_lang is None or to_lang == self.lang.code:
            return up + to_path or "./"
        to_root = up + ("../" if self.lang.code != self.config.default_language.code else "")
        return to_root + self.lang_prefix(to_lang) + to_path or "./"

    def absolute(self, path: str, lang: str | None = None) -> str:
        return self.config.base_url(lang or self.lang.code) + path

    @staticmethod
    def resource_path(slug: str) -> str:
        return f"resources/{slug}/"

    @staticmethod
    def facet_path(facet: Facet, term: Term) -> str:
        return f"resources/{facet.url_segment}/{term.id}/"

    # ---- alternates --------------------------------------------------------------------
    def resource_alternates(self, resource: Resource, path: str) -> list[Alternate]:
        result = []
        for other in self.config.languages:
            status = resource.status(other.code)
            if status is Status.MISSING:
                continue
            result.append(
                Alternate(
                    other,
                    self.href(path, path, other.code),
                    self.absolute(path, other.code),
                    status,
                )
            )
        return result

    def all_alternates(
        self, path: str, status_of: Callable[[str], Status] | None = None
    ) -> list[Alternate]:
        return [
            Alternate(
                other,
                self.href(path, path, other.code),
                self.absolute(path, other.code),
                status_of(other.code) if status_of else Status.CURRENT,
            )
            for other in self.config.languages
        ]

    def page_alternates(self, page: Page) -> list[Alternate]:
        path = page_url_path(page.src_uri)
        default = self.config.default_language.code
        return self.all_alternates(path, lambda code: page.status(code, default))

    # ---- labels -------------------------------------------------------------------------
    def label(self, facet: Facet, term_id: str) -> str:
        return str(self._(facet.get(term_id).label))

    @cached_property
    def counts(self) -> dict[str, dict[str, int]]:
        counts: dict[str, dict[str, int]] = {}
        for facet in BROWSE_FACETS:
            counts[facet.field] = {
                t.id: len(self.library.with_value(facet.field, t.id)) for t in facet.terms
            }
        return counts

    def card(self, resource: Resource, from_path: str) -> dict[str, Any]:
        key = (resource.slug, url_depth(from_path))
        if key not in self._cards:
            self._cards[key] = self._new_card(resource, from_path)
        return self._cards[key]

    def card_html(self, card: dict[str, Any]) -> Markup:
        """The card partial rendered for ``card``; templates call this instead of including
        the partial for every card of a long list."""
        key = (card["slug"], card["href"])
        if key not in self._card_html:
            template = self.env.get_template("partials/card.html.j2")
            # Without its final newline: the template's own line end follows, as after an
            # include.
            self._card_html[key] = Markup(template.render(card=card).removesuffix("\n"))
        return self._card_html[key]

    def _new_card(self, resource: Resource, from_path: str) -> dict[str, Any]:
        text = resource.text_for(self.lang.code)
        return {
            "slug": resource.slug,
            "href": self.href(from_path, self.resource_path(resource.slug)),
            "title": text.title,
            "summary": text.summary,
            "text_lang": self.config.by_code[text.lang],
            "type": resource.type,
            "type_label": self.label(RESOURCE_TYPES, resource.type),
            "problem_areas": [self.label(BROWSE_FACETS[1], a) for a in resource.meta.problem_areas],
            "facets": {facet.field: list(resource.values(facet.field)) for facet in BROWSE_FACETS},
            "languages": [
                self.config.by_code[code] for code in self.config.codes if code in resource.texts
            ],
            # Only when the build really made the worksheet's fillable PDF.
            "fillable": resource.type == "worksheet"
            and self._pdf_link(resource, text.lang, from_path) is not None,
            "updated": resource.meta.updated or resource.meta.created,
        }

    def _ngettext(self, singular: str, plural: str, n: int) -> str:
        locales = self.config.locales_path
        trans = translations(locales, self.lang.code) if locales is not None else None
        return str(trans.ngettext(singular, plural, n) if trans else (singular, plural)[n != 1])

    def count_forms(self, most: int) -> dict[str, Any]:
        """How to say "N resources" for every N up to ``most``, for the filter bar's script.

        Plural rules differ by language (Arabic has six forms), so the page carries each
        distinct wording once (``#`` stands for the number) and, for each N, which one to use.
        """
        patterns: list[str] = []
        index = []
        for n in range(most + 1):
            text = self._ngettext("%(num)s resource", "%(num)s resources", n) % {"num": "#"}
            if text not in patterns:
                patterns.append(text)
            index.append(str(patterns.index(text)))
        return {"patterns": patterns, "index": "".join(index)}

    # ---- pages --------------------------------------------------------------------------
    def pages(
        self, cache: PageCache | StoredPages | None = None, keys: _NoKeys | None = None
    ) -> list[GeneratedPage]:
        """Every generated page of this language. With ``cache``, a page whose inputs did
        not change since the cache saw it is taken from there instead of made again
        (``keys`` says what a page's inputs are: in memory by default)."""
        if cache is None:
            cache = PageCache()
            keys = _NoKeys()
        else:
            cache.made = set()
            keys = keys or _PageKeys(self)
        pages = [cache.get("home", keys.listing(), self.home_page)]
        pages += [
            cache.get(r.slug, keys.resource(r), lambda r=r: self.resource_page(r))  # type: ignore[misc]
            for r in self.library.resources
        ]
        pages.append(cache.get("all", keys.listing(), lambda: self.catalogue_page(None, None)))
        for facet in BROWSE_FACETS:
            for term in facet.terms:
                pages.append(
                    cache.get(
                        f"{facet.field}/{term.id}",
                        keys.listing(),
                        lambda f=facet, t=term: self.catalogue_page(f, t),  # type: ignore[misc]
                    )
                )
        pages.append(cache.get("status", keys.status(), self.status_page))
        pages.append(cache.get("references", keys.references(), self.references_page))
        return pages

    def references_page(self) -> GeneratedPage:
        """The whole bibliography, each entry with its stable anchor ``#ref-<key>``."""
        path = "references/"
        bib = self.library.bibliography
        keys = [ref.key for ref in bib] if bib is not None else []
        fmt = self.prose.formatter(self.lang.code)
        listing = render_reference_list(self.env, fmt.listed(keys), heading="")
        context = {
            "title_json": yaml_string(str(self._("References"))),
            "summary_json": yaml_string(str(self._("Every work the library cites, in APA style."))),
            "count": len(keys),
            "references": Markup(listing),
        }
        page = self.env.get_template("references.md.j2").render(**context)
        markdown, replacements = html_only(page)
        info = PageInfo(
            "references", self.lang, path, self.all_alternates(path), replacements=replacements
        )
        return GeneratedPage(src_uri_for(path), markdown, info)

    def home_page(self) -> GeneratedPage:
        path = ""

        def tiles(facet: Facet) -> list[dict[str, Any]]:
            return [
                {
                    "label": self._(t.plural),
                    "description": self._(t.description),
                    "count": self.counts[facet.field][t.id],
                    "href": self.href(path, self.facet_path(facet, t)),
                }
                for t in facet.terms
            ]

        latest = sorted(
            self.library.resources,
            key=lambda r: (r.meta.updated or r.meta.created, r.slug),
            reverse=True,
        )[:5]
        bib = self.library.bibliography
        context = {
            "title_json": yaml_string(str(self._("Home"))),
            "summary_json": yaml_string(
                str(self._("Free, multilingual resources for interpersonal psychotherapy."))
            ),
            "areas": tiles(BROWSE_FACETS[1]),
            "phases": tiles(BROWSE_FACETS[2]),
            "shelves": self.shelves(path),
            "references": len(bib) if bib is not None else 0,
            "latest": [self.card(r, path) for r in latest],
            "root": self.href(path, ""),
        }
        markdown = self.env.get_template("home.md.j2").render(**context)
        info = PageInfo("home", self.lang, path, self.all_alternates(path))
        return GeneratedPage("index.md", markdown, info, {"feed.xml": self.feed()})

    def shelves(self, from_path: str, per_shelf: int = 3) -> list[dict[str, Any]]:
        """The home page's section per type: its count and a few resources to start with,
        those readable in this language first, then the newest."""
        result = []
        for term in RESOURCE_TYPES.terms:
            members = self.library.with_value("type", term.id)
            if not members:
                continue
            members.sort(
                key=lambda r: (
                    self.lang.code not in r.texts,
                    -(r.meta.updated or r.meta.created).toordinal(),
                    r.slug,
                )
            )
            result.append(
                {
                    "id": term.id,
                    "label": self._(term.plural),
                    "description": self._(term.description),
                    "count": len(members),
                    "href": self.href(from_path, self.facet_path(RESOURCE_TYPES, term)),
                    "cards": [self.card(r, from_path) for r in members[:per_shelf]],
                }
            )
        return result

    def feed(self, limit: int = 50) -> str:
        """An Atom feed of the newest resources readable in this language (not fallbacks)."""
        readable = [r for r in self.library.resources if self.lang.code in r.texts]
        readable.sort(key=lambda r: (r.meta.updated or r.meta.created, r.slug), reverse=True)
        everything = [r.meta.updated or r.meta.created for r in self.library.resources]
        newest = max(everything) if everything else dt.date.today()
        entries = []
        for resource in readable[:limit]:
            text = resource.texts[self.lang.code]
            categories = [
                {
                    "term": term_id,
                    "scheme": self.absolute(f"resources/{facet.url_segment}/"),
                    "label": self.label(facet, term_id),
                }
                for facet in BROWSE_FACETS[:2]
                for term_id in resource.values(facet.field)
            ]
            entries.append(
                {
                    "url": self.absolute(self.resource_path(resource.slug)),
                    "title": text.title,
                    "summary": text.summary,
                    "published": _atom_date(resource.meta.created),
                    "updated": _atom_date(resource.meta.updated or resource.meta.created),
                    "authors": list(resource.meta.authors),
                    "categories": categories,
                }
            )
        return self.env.get_template("feed.xml.j2").render(
            lang=self.lang.code,
            site_name=self.config.site_name,
            feed_url=self.absolute("feed.xml"),
            home_url=self.absolute(""),
            updated=_atom_date(newest),
            entries=entries,
        )

    def resource_page(self, resource: Resource) -> GeneratedPage:
        path = self.resource_path(resource.slug)
        text = resource.text_for(self.lang.code)
        status = resource.status(self.lang.code)
        text_lang = self.config.by_code[text.lang]
        prose = self.prose.resource_body(resource, text)
        body = prose.markdown
        form_start = form_end = ""
        if resource.type == "worksheet":
            form_start, form_end = self._form_parts(resource, text.lang)
        guidance = self.prose.cite(text.guidance, text.lang) if text.guidance else None
        in_text = list(prose.cited) + [
            k for k in (guidance.cited if guidance else ()) if k not in prose.cited
        ]
        cited = in_text + [
            k for k in resource.meta.citations if k not in in_text and self._known(k)
        ]
        cite = self._cite_this(resource, text, path)
        source = resource.source
        licence_label, licence_url = LICENCES[resource.meta.licence]
        related = [
            self.card(self.library.by_slug[slug], path) for slug in self.related_slugs(resource)
        ]
        context = {
            "resource": resource,
            "meta": resource.meta,
            "text": text,
            "body": Markup(body),
            "guidance": Markup(guidance.markdown) if guidance else "",
            "status": status.value,
            "fallback": text.lang != self.lang.code,
            "machine": text.machine and text.lang == self.lang.code,
            "text_lang": text_lang,
            "page_lang": self.lang,
            "source_href": self.href(path, path, source.lang),
            "source_lang": self.config.by_code[source.lang],
            "alternates": self.resource_alternates(resource, path),
            "type_label": self.label(RESOURCE_TYPES, resource.type),
            "facets": [
                {
                    "label": self._(facet.label),
                    "terms": [
                        {
                            "label": self.label(facet, v),
                            "href": self.href(path, self.facet_path(facet, facet.get(v))),
                        }
                        for v in resource.values(facet.field)
                    ],
                }
                for facet in BROWSE_FACETS[1:]
                if resource.values(facet.field)
            ],
            "type_href": self.href(
                path, self.facet_path(RESOURCE_TYPES, RESOURCE_TYPES.get(resource.type))
            ),
            "licence_label": self._(licence_label),
            "licence_url": licence_url,
            "related": related,
            "printable": resource.type in PRINTABLE_TYPES and resource.meta.pdf,
            "pdf": self._pdf_link(resource, text.lang, path),
            "attachments": self._attachments(resource, path),
            "references": Markup(self.prose.references(cited)),
            "work": Markup(self._work(resource)),
            "video": resource.meta.video,
            "cite_this": Markup(cite["html"]),
            "root": self.href(path, ""),
            "title_json": yaml_string(text.title),
            "summary_json": yaml_string(text.summary),
        }
        stash = Stash()
        markdown = self.env.get_template("resource.md.j2").render(
            **context, stash=stash, card_html=self.card_html
        )
        info = PageInfo(
            kind="resource",
            lang=self.lang,
            path=path,
            alternates=context["alternates"],
            content_lang=text_lang if text.lang != self.lang.code else None,
            meta_tags=cite["meta"],
            replacements={
                "body-open": form_start
                + self.env.get_template("partials/body-open.html.j2").render(
                    fallback=text.lang != self.lang.code, text_lang=text_lang
                ),
                "body-close": "</div>" + form_end,
                **stash.items,
            },
        )
        return GeneratedPage(src_uri_for(path), markdown, info, cite["files"])

    # ---- parts of a resource page ------------------------------------------------------
    def _known(self, key: str) -> bool:
        return (
            self.library.bibliography is not None and self.library.bibliography.get(key) is not None
        )

    def _form_parts(self, resource: Resource, text_lang: str) -> tuple[str, str]:
        """The worksheet form's opening and closing HTML, around the Markdown body."""
        marker = "\x00IPT-BODY\x00"
        html = worksheet_form(
            marker, slug=resource.slug, lang=self.lang.code, locales=self.config.locales_path
        )
        start, end = html.split(marker)
        return start, end

    def _pdf_link(self, resource: Resource, text_lang: str, path: str) -> dict[str, Any] | None:
        if self.pdf_root is None or resource.type not in PRINTABLE_TYPES or not resource.meta.pdf:
            return None
        rel = pdf_path(resource.slug, text_lang)
        built = self.pdf_root / text_lang / rel
        if not built.is_file():
            return None
        return {
            "href": self.href(path, rel, text_lang),
            "size": built.stat().st_size,
            "lang": self.config.by_code[text_lang],
            "fillable": resource.type == "worksheet",
        }

    def _attachments(self, resource: Resource, path: str) -> list[dict[str, Any]]:
        result = []
        for item in resource.meta.attachments:
            file = resource.folder / item.file
            result.append(
                {
                    "title": item.title,
                    "href": self.href(path, path + item.file),
                    "size": file.stat().st_size if file.is_file() else 0,
                    "type": file.suffix[1:].upper(),
                }
            )
        return result

    def _work(self, resource: Resource) -> str:
        """For readings and manuals: the full reference of the work, generated."""
        key = resource.meta.reference
        bib = self.library.bibliography
        if not key or bib is None or bib.get(key) is None:
            return ""
        fmt = self.prose.formatter(self.lang.code)
        return str(render_segments(self.env, fmt.reference(key)))

    def _cite_this(self, resource: Resource, text: Text, path: str) -> dict[str, Any]:
        date = resource.meta.updated or resource.meta.created
        arguments: dict[str, Any] = {
            "key": f"ipt-library-{resource.slug}",
            "title": text.title,
            "authors": list(resource.meta.authors) or ["IPT Library editors"],
            "site_name": self.config.site_name,
            "url": self.absolute(path),
            "language": text.lang,
            "date": date,
            "description": text.summary,
        }
        ref = resource_reference(**arguments)
        fmt = self.prose.formatter(self.lang.code)
        segments = resource_citation(fmt, **arguments)
        stem = f"resources/{resource.slug}/cite"
        html = render_cite_this(
            self.env,
            segments,
            bibtex_href="cite.bib",
            ris_href="cite.ris",
            csl_json_href="cite.json",
        )
        files = {
            f"{stem}.bib": to_bibtex(ref),
            f"{stem}.ris": to_ris(ref),
            f"{stem}.json": to_csl_json(ref),
        }
        return {"html": html, "files": files, "meta": highwire_meta(ref)}

    def related_slugs(self, resource: Resource, limit: int = 6) -> list[str]:
        """The editor's picks first, then resources sharing problem areas and phases."""
        picks = [s for s in resource.meta.related if s in self.library.by_slug]
        ranked = [s for s in self.library.related_index[resource.slug] if s not in picks]
        return (picks + ranked)[:limit]

    def catalogue_page(self, facet: Facet | None, term: Term | None) -> GeneratedPage:
        if facet is None or term is None:
            path = "resources/"
            resources = list(self.library.resources)
            title = self._("All resources")
            description = self._("Every resource in the library, by type, problem area and phase.")
        else:
            path = self.facet_path(facet, term)
            resources = self.library.with_value(facet.field, term.id)
            title = self._(term.plural)
            description = self._(term.description) if term.description else title
        resources.sort(key=lambda r: (r.type, r.text_for(self.lang.code).title.casefold()))
        groups = []
        for t in RESOURCE_TYPES.terms:
            members = [r for r in resources if r.type == t.id]
            if members:
                groups.append(
                    {
                        "id": t.id,
                        "label": self._(t.plural),
                        "cards": [self.card(r, path) for r in members],
                    }
                )
        facets = [
            {
                "field": f.field,
                "label": self._(f.label),
                "terms": [
                    {
                        "id": t.id,
                        "label": self._(t.plural),
                        "count": self.counts[f.field][t.id],
                        "href": self.href(path, self.facet_path(f, t)),
                        "current": f is facet and t is term,
                    }
                    for t in f.terms
                ],
            }
            for f in BROWSE_FACETS
        ]
        context = {
            "title_json": yaml_string(str(title)),
            "summary_json": yaml_string(str(description)),
            "description": description,
            "count": len(resources),
            "groups": groups,
            "facets": facets,
            "filters": self.filter_groups(resources),
            "count_forms": self.count_forms(len(resources)),
            "all_href": self.href(path, "resources/"),
            "is_all": facet is None,
            "root": self.href(path, ""),
        }
        page = self.env.get_template("catalogue.md.j2").render(**context, card_html=self.card_html)
        markdown, replacements = html_only(page)
        info = PageInfo(
            "catalogue", self.lang, path, self.all_alternates(path), replacements=replacements
        )
        return GeneratedPage(src_uri_for(path), markdown, info)

    def filter_groups(self, resources: list[Resource]) -> list[dict[str, Any]]:
        """The filter bar of a catalogue page: per facet, the terms found on that page.

        A facet is left out when it cannot narrow the list (one term that every resource
        on the page has). Parameter names and values are the URL segments and term ids
        used by the static facet pages.
        """
        groups = []
        for f in BROWSE_FACETS:
            options = []
            for t in f.terms:
                n = sum(1 for r in resources if t.id in r.values(f.field))
                if n:
                    options.append({"id": t.id, "label": self._(t.plural), "count": n})
            if not options or (len(options) == 1 and options[0]["count"] == len(resources)):
                continue
            groups.append(
                {
                    "param": f.url_segment,
                    "attr": f.field.replace("_", "-"),
                    "label": self._(f.label),
                    "options": options,
                }
            )
        return groups

    def status_page(self) -> GeneratedPage:
        path = "translations/"
        rows = []
        for lang in self.config.languages:
            counts = {s.value: 0 for s in Status}
            machine = 0
            for r in self.library.resources:
                counts[r.status(lang.code).value] += 1
                if lang.code in r.texts and r.texts[lang.code].machine:
                    machine += 1
            total = len(self.library.resources) or 1
            done = counts["source"] + counts["current"]
            rows.append(
                {
                    "lang": lang,
                    "href": self.href(path, path, lang.code),
                    "counts": counts,
                    "machine": machine,
                    "percent": round(100 * done / total),
                }
            )
        resources = [
            {
                "title": r.text_for(self.lang.code).title,
                "href": self.href(path, self.resource_path(r.slug)),
                "statuses": [r.status(lang.code).value for lang in self.config.languages],
            }
            for r in self.library.resources
        ]
        context = {
            "title_json": yaml_string(str(self._("Translation status"))),
            "summary_json": yaml_string(
                str(self._("Which resources are translated into each language."))
            ),
            "rows": rows,
            "languages": self.config.languages,
            "resources": resources,
            "root": self.href(path, ""),
        }
        markdown, replacements = html_only(self.env.get_template("status.md.j2").render(**context))
        info = PageInfo(
            "status", self.lang, path, self.all_alternates(path), replacements=replacements
        )
        return GeneratedPage(src_uri_for(path), markdown, info)


class _NoKeys:
    """Keys for a build without a cache: every page is made."""

    def listing(self) -> object:
        return None

    def resource(self, resource: Resource) -> object:
        return None

    def status(self) -> object:
        return None

    def references(self) -> object:
        return None


class _PageKeys(_NoKeys):
    """What each kind of generated page is made from (see :class:`PageCache`).

    Every key holds the language, the configuration and the bibliography object (a new one
    after any full reload, so every page is then made again). A resource page also holds
    the resource, its related resources' cards and its attachments' sizes; the home page and
    the catalogues hold every resource's card and metadata; the status page every
    resource's title and status in each language.
    """

    def __init__(self, site: LanguageSite) -> None:
        self.site = site
        self.base = (site.lang, site.config, site.library.bibliography, site.pdf_root)
        self._cards: dict[str, object] = {}
        self._listing: object = None

    def card(self, resource: Resource) -> object:
        if resource.slug not in self._cards:
            card = dict(self.site.card(resource, ""))
            card.pop("href")
            self._cards[resource.slug] = (card, resource.meta)
        return self._cards[resource.slug]

    def listing(self) -> object:
        if self._listing is None:
            self._listing = (self.base, tuple(self.card(r) for r in self.site.library.resources))
        return self._listing

    def resource(self, resource: Resource) -> object:
        site = self.site
        related = site.related_slugs(resource)
        path = site.resource_path(resource.slug)
        return (
            self.base,
            resource,
            tuple(related),
            tuple(self.card(site.library.by_slug[s]) for s in related),
            tuple(a["size"] for a in site._attachments(resource, path)),
        )

    def status(self) -> object:
        codes = self.site.config.codes
        rows = tuple(
            (
                r.slug,
                r.text_for(self.site.lang.code).title,
                tuple(r.status(c) for c in codes),
                tuple(c in r.texts and r.texts[c].machine for c in codes),
            )
            for r in self.site.library.resources
        )
        return (self.base, rows)

    def references(self) -> object:
        return self.base


class StoreKeys(_NoKeys):
    """Keys that outlive the process, for pages kept between builds (see pagestore.py).

    Each key is a digest of ``shared`` (the code, templates, engine, configuration, hub
    pages and catalogs: see ``pagestore.fingerprint``), the bibliography, and every file of
    each resource the page shows something of, with the sizes of its rendered PDFs. A
    resource page shows itself and its related resources (their cards); the home page,
    catalogues, status and references pages show or count every resource.
    """

    def __init__(self, site: LanguageSite, shared: str) -> None:
        self.site = site
        bib = site.config.bibliography_path
        bib_digest = hashlib.sha256(bib.read_bytes()).hexdigest() if bib.is_file() else "-"
        self.base = f"{shared}\0{site.lang.code}\0{bib_digest}\0{site.pdf_root is not None}"
        self._folders: dict[str, str] = {}
        self._listing: str | None = None
        self._pdfs: dict[str, list[str]] = {}
        root = site.pdf_root
        if root is not None and root.is_dir():
            for pdf in sorted(root.rglob("*.pdf")):
                parts = pdf.relative_to(root).parts  # <lang>/resources/<slug>/<file>
                if len(parts) >= 3:
                    size = pdf.stat().st_size
                    self._pdfs.setdefault(parts[2], []).append(f"{'/'.join(parts)}:{size}")

    def _digest(self, *parts: str) -> str:
        digest = hashlib.sha256(self.base.encode())
        for part in parts:
            digest.update(b"\0" + part.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def folder(self, resource: Resource) -> str:
        if resource.slug not in self._folders:
            digest = hashlib.sha256(resource.slug.encode())
            digest.update(folder_digest(resource.folder).encode())
            digest.update("\0".join(self._pdfs.get(resource.slug, ())).encode())
            self._folders[resource.slug] = digest.hexdigest()
        return self._folders[resource.slug]

    def listing(self) -> str:
        if self._listing is None:
            self._listing = self._digest(
                "listing", *(f"{r.slug}:{self.folder(r)}" for r in self.site.library.resources)
            )
        return self._listing

    def resource(self, resource: Resource) -> str:
        related = self.site.related_slugs(resource)
        by_slug = self.site.library.by_slug
        return self._digest(
            "resource",
            resource.slug,
            self.folder(resource),
            *(f"{s}:{self.folder(by_slug[s])}" for s in related),
        )

    def status(self) -> str:
        return self._digest("status", self.listing())

    def references(self) -> str:
        return self._digest("references", self.listing())


class StoredPages:
    """Generated pages taken finished from a page store when their inputs (a
    :class:`StoreKeys` key) are the same as when the store got them; made otherwise.

    :attr:`inputs` maps each page made this time to its key, so that the finished page can
    be stored under it.
    """

    def __init__(self, store: PageStore, lang: Language) -> None:
        self.store = store
        self.lang = lang
        self.made: set[str] = set()
        self.inputs: dict[str, str] = {}

    def get(self, name: str, key: object, make: Callable[[], GeneratedPage]) -> GeneratedPage:
        # Several pages share a key (every catalogue shows every resource): the name tells
        # them apart. A key that is not a digest (see StoreKeys) cannot be stored.
        stored = (
            hashlib.sha256(f"{name}\0{key}".encode("utf-8", "surrogatepass")).hexdigest()
            if isinstance(key, str)
            else None
        )
        entry = self.store.get_entry(stored) if stored is not None else None
        if entry is not None:
            info = PageInfo(kind=entry["kind"], lang=self.lang, path=entry["path"])
            # The front matter (title, description) stays: the navigation may show it.
            markdown = str(entry.get("front_matter", ""))
            return GeneratedPage(entry["src_uri"], markdown, info, entry["files"], entry["html"])
        page = make()
        self.made.add(page.src_uri)
        if stored is not None:
            self.inputs[page.src_uri] = stored
        return page

    def keep(self, page: GeneratedPage, page_key: str) -> None:
        """Name a page made this time (stored finished under ``page_key``) under its
        input key."""
        key = self.inputs.get(page.src_uri)
        if key is not None:
            self.store.put_entry(
                key,
                page_key,
                {
                    "src_uri": page.src_uri,
                    "kind": page.info.kind,
                    "path": page.info.path,
                    "front_matter": front_matter(page.markdown),
                    "files": page.files,
                },
            )


def _atom_date(day: dt.date) -> str:
    """A date as an Atom (RFC 3339) timestamp: midnight UTC of that day."""
    return f"{day.isoformat()}T00:00:00Z"


def yaml_string(value: object) -> Markup:
    """A value for a YAML front-matter line: a JSON string is a valid YAML scalar."""
    return Markup(json.dumps(str(value), ensure_ascii=False))


def page_url_path(src_uri: str) -> str:
    """'about.md' -> 'about/', 'ipt/index.md' -> 'ipt/', 'index.md' -> ''."""
    stem = src_uri[:-3]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"

"""The MkDocs adapter: answers MkDocs events and delegates all work to the core.

One MkDocs build renders one language (MkDocs and Material allow one theme language per
build). ``IPT_LIBRARY_LANG`` picks it; a plain ``mkdocs build`` renders the default language
and then the others in parallel processes (see :mod:`.orchestrate`), writing into a fresh
folder that replaces ``site_dir`` only when every language succeeded.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from ..cache import speed_up_templates
from ..compact import compact_html, slim_theme_config
from ..config import LibraryConfig
from ..diagnostics import Diagnostics, Severity
from ..i18n import translations
from ..model import Library, Status
from ..pagestore import PageStore, fingerprint
from ..pipeline import load_checked, preload, preloaded
from ..postbuild import CSP
from ..site import (
    GeneratedPage,
    LanguageSite,
    PageInfo,
    StoredPages,
    StoreKeys,
    front_matter,
    page_url_path,
)
from ..templating import render
from . import orchestrate
from .preview import PreviewState, quiet_dirty_warning
from .shared_assets import RootAssetLinks, drop_unused_theme_files, material_search_on

log = logging.getLogger("mkdocs.plugins.ipt_library")

PACKAGE = Path(__file__).resolve().parent.parent
THEME_DIR = PACKAGE / "theme"
ASSETS_DIR = PACKAGE / "assets"


class PluginOptions(Config):
    languages = c.ListOfItems(c.Type(str), default=["en"])
    resources_dir = c.Type(str, default="resources")
    bibliography = c.Type(str, default="bibliography.bib")
    locales_dir = c.Type(str, default="locales")
    pdf = c.Type(bool, default=True)


class _AlwaysShown(list[Any]):
    """Material shows its language menu only when ``extra.alternate`` is truthy; our
    per-page menu replaces the list, so an empty but truthy value switches it on."""

    def __bool__(self) -> bool:
        return True


class IptLibraryPlugin(BasePlugin[PluginOptions]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command = "build"
        self.library: Library | None = None
        self.site: LanguageSite | None = None
        self.lang = "en"
        self.infos: dict[str, PageInfo] = {}
        self.final_site_dir: Path | None = None
        self.is_child = False
        #: Set when this language's pages use the site root's assets/ (see shared_assets).
        self.asset_links: RootAssetLinks | None = None
        self.asset_paths = ("/", "/")
        #: Kept between the rebuilds of ``mkdocs serve`` (see preview.py).
        self.preview: PreviewState | None = None
        #: Finished generated pages kept between builds (see pagestore.py), and the keys of
        #: the pages this build makes, to store once finished.
        self.store: PageStore | None = None
        self.shared_key = ""
        self.stored_pages: StoredPages | None = None
        self.to_store: dict[str, tuple[str, GeneratedPage]] = {}
        self.finished: dict[str, str] = {}
        #: The pages mkdocs.yml's nav names, and whether Material's search is off (its
        #: settings in each page then lose their search parts).
        self.nav_sources: set[str] = set()
        self.slim_theme_config = True

    # ---- configuration ----------------------------------------------------------------
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        if command == "serve":
            self.preview = PreviewState()
            quiet_dirty_warning()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).resolve().parent
        diags = Diagnostics(root)
        lib_config = LibraryConfig.from_options(
            root,
            dict(self.config),
            diags,
            config_path=Path(config.config_file_path),
            site_url=config.site_url,
            site_name=config.site_name,
            docs_dir=os.path.relpath(config.docs_dir, root),
            repo_url=config.repo_url,
        )
        # MkDocs keeps plugins that define on_startup across builds (and a forked worker
        # inherits the parent's instance), so every per-build field is reset here.
        self.final_site_dir = None
        self.infos = {}
        self.is_child = os.environ.get(orchestrate.CHILD_ENV) == "1"
        self.lang = os.environ.get(orchestrate.LANG_ENV) or lib_config.default_language.code
        if self.lang not in lib_config.by_code:
            diags.error(
                lib_config.config_path or root,
                1,
                "unknown-language",
                f"{orchestrate.LANG_ENV}={self.lang} is not a configured language",
                "configured: " + ", ".join(lib_config.codes),
            )
        inherited = preloaded(root) if self.is_child else None
        if inherited is not None and inherited.config.codes == lib_config.codes:
            library = inherited  # loaded and checked by the parent process
        elif self.preview is not None:
            self.preview.start_build(root, self.lang)
            library = self.preview.library.load(lib_config, diags)
        else:
            library = load_checked(lib_config, diags)
        report(diags)
        if diags.has_errors:
            raise PluginError(
                f"{len(diags.errors)} problem(s) in the library's sources; nothing was written. "
                "Fix them and build again (ipt-library check lists them)."
            )
        self.library = library
        language = lib_config.by_code[self.lang]
        pdf_root = os.environ.get(orchestrate.PDF_ENV)

        config.site_url = lib_config.base_url(self.lang)
        config.theme["language"] = _material_language(language.material_code)
        config.theme["direction"] = language.direction
        config.theme.dirs.insert(0, str(THEME_DIR))
        config.extra["alternate"] = _AlwaysShown()
        config.extra["ipt_languages"] = list(lib_config.languages)
        config.extra["ipt_csp"] = CSP
        for css in ("assets/ipt/ipt.css", "assets/ipt/worksheet.css"):
            if css not in config.extra_css:
                config.extra_css.append(css)
        for name in ("search", "material/search"):
            search = config.plugins.get(name)
            if search is not None:
                search.config["lang"] = [_search_language(language.material_code)]

        if self.command == "build" and not self.is_child:
            # Build into a fresh folder; swap it in only when everything succeeded.
            self.final_site_dir = Path(config.site_dir).resolve()
            staging = orchestrate.new_staging(self.final_site_dir)
            config.site_dir = str(staging / "root")
            if lib_config.pdf:
                pdf_root = str(orchestrate.render_pdfs_for(library, staging))
                os.environ[orchestrate.PDF_ENV] = pdf_root
        self.site = LanguageSite(library, self.lang, pdf_root=Path(pdf_root) if pdf_root else None)
        speed_up_templates(self.site.env, root, "library", watch=self.command != "build")
        # In a built site the other languages sit under <code>/ and share the root's assets;
        # a preview (serve) has one language at the root.
        default = lib_config.default_language.code
        shared = self.command == "build" and self.lang != default
        self.asset_links = RootAssetLinks() if shared else None
        self.asset_paths = (
            urlsplit(lib_config.base_url(self.lang)).path,
            urlsplit(lib_config.base_url(default)).path,
        )
        self.to_store = {}
        self.finished = {}
        self.nav_sources = _nav_sources(config.nav)
        self.slim_theme_config = not material_search_on(config)
        # A strict build fails on warnings the engine logs while making a page; a stored
        # page would skip them, so strict builds (and previews) make every page.
        use_store = self.command == "build" and not config.strict and self.preview is None
        self.shared_key = _shared_key(config, lib_config, self.lang) if use_store else ""
        self.store = PageStore(root, self.lang, self.shared_key) if use_store else None
        self.stored_pages = None
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.preview is not None:
            self.preview.clean_if_needed(config)

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        assert self.library is not None
        if self.preview is not None:
            self.preview.restore_titles(files)
        speed_up_templates(env, self.library.config.root, "theme", watch=self.command != "build")
        env.add_extension("jinja2.ext.i18n")
        env.install_gettext_translations(
            translations(self.library.config.locales_path, self.lang), newstyle=True
        )
        return env

    # ---- files and pages ---------------------------------------------------------------
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.library is not None and self.site is not None
        drop_unused_theme_files(files, config)
        default = self.library.config.default_language.code
        pages_by_src = {p.src_uri: p for p in self.library.pages}
        for file in list(files):
            if not file.src_uri.endswith(".md"):
                continue
            if file.src_uri not in pages_by_src:
                files.remove(file)  # a translation such as about.es.md: used through its source
                continue
            page = pages_by_src[file.src_uri]
            if self.lang != default and self.lang in page.translations:
                file.abs_src_path = str(page.translations[self.lang])
            self.infos[file.src_uri] = PageInfo(
                kind="home" if file.src_uri == "index.md" else "hub",
                lang=self.site.lang,
                path=page_url_path(file.src_uri),
                alternates=self.site.page_alternates(page),
                content_lang=(
                    self.library.config.default_language
                    if page.status(self.lang, default) is Status.MISSING
                    else None
                ),
            )
        if self.store is not None:
            self.stored_pages = StoredPages(self.store, self.site.lang)
            generated_pages = self.site.pages(
                self.stored_pages, StoreKeys(self.site, self.shared_key)
            )
        else:
            cache = self.preview.pages if self.preview is not None else None
            generated_pages = self.site.pages(cache)
        for generated in generated_pages:
            self._add_generated(files, config, generated)
        for asset in sorted(ASSETS_DIR.rglob("*")):
            if asset.is_file():
                rel = asset.relative_to(ASSETS_DIR).as_posix()
                files.append(File.generated(config, f"assets/ipt/{rel}", abs_src_path=str(asset)))
        for resource in self.library.resources:
            attachments = resource.folder / "files"
            if attachments.is_dir():
                for item in sorted(attachments.rglob("*")):
                    if item.is_file():
                        rel = item.relative_to(resource.folder).as_posix()
                        files.append(
                            File.generated(
                                config,
                                f"resources/{resource.slug}/{rel}",
                                abs_src_path=str(item),
                                inclusion=InclusionLevel.NOT_IN_NAV,
                            )
                        )
        return files

    def _add_generated(self, files: Files, config: MkDocsConfig, page: GeneratedPage) -> None:
        existing = files.get_file_from_path(page.src_uri)
        if existing is not None:
            files.remove(existing)
        self.infos[page.src_uri] = page.info
        if self.preview is not None:
            self.preview.add_page(files, config, page)
            return
        for src_uri, content in page.files.items():
            files.append(File.generated(config, src_uri, content=content))
        finished = page.finished
        if self.store is not None and finished is None:
            key = self.store.key(page.src_uri, page.markdown, repr(page.info))
            finished = self.store.get(key)
            if finished is None:
                self.to_store[page.src_uri] = (key, page)
            elif self.stored_pages is not None:
                self.stored_pages.keep(page, key)
        if finished is not None and page.src_uri not in self.nav_sources:
            # Made by an earlier build from the same inputs: written as it is.
            dest_uri = File(page.src_uri, None, config.site_dir, config.use_directory_urls).dest_uri
            files.append(File.generated(config, dest_uri, content=finished))
            return
        if finished is not None:
            # The navigation links to this page, so the engine must know it as a page: it
            # gets a stand-in (with the page's front matter, for its title in the navigation)
            # whose output is replaced by the finished page.
            self.finished[page.src_uri] = finished
            stand_in = front_matter(page.markdown) + f"\n{page.info.kind}\n"
            files.append(File.generated(config, page.src_uri, content=stand_in))
            return
        files.append(
            File.generated(
                config, page.src_uri, content=page.markdown, inclusion=InclusionLevel.NOT_IN_NAV
            )
        )

    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Titles written in mkdocs.yml's nav are English msgids: show them translated."""
        assert self.library is not None
        gettext = translations(self.library.config.locales_path, self.lang).gettext
        stack = list(nav.items)
        while stack:
            item = stack.pop()
            if getattr(item, "is_section", False):
                item.title = gettext(item.title)
                stack.extend(item.children)
            elif "title" in vars(item) and item.title:  # a title given in the nav
                item.title = gettext(item.title)
        return nav

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        info = self.infos.get(page.file.src_uri)
        pages = {p.src_uri: p for p in self.library.pages} if self.library else {}
        page_model = pages.get(page.file.src_uri)
        if info is None or page_model is None or self.library is None:
            return markdown
        default = self.library.config.default_language.code
        status = page_model.status(self.lang, default)
        text_lang = info.content_lang.code if info.content_lang else self.lang
        assert self.site is not None
        prose = self.site.prose.cite(markdown, text_lang)
        markdown = prose.markdown + "\n\n" + self.site.prose.references(list(prose.cited))
        notice = render(
            self.library.config.locales_path,
            self.lang,
            "page-notice.md.j2",
            status=status.value,
            machine=page_model.machine(self.lang),
            page_lang=self.site.lang if self.site else None,
            source_lang=self.library.config.default_language,
            alternates=info.alternates,
        )
        if info.content_lang is not None:
            lang = info.content_lang
            return (
                f'{notice}\n\n<div lang="{lang.code}" dir="{lang.direction}" markdown="1">\n\n'
                f"{markdown}\n\n</div>\n"
            )
        return f"{notice}\n\n{markdown}" if notice.strip() else markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        info = self.infos.get(page.file.src_uri)
        return info.finish_html(html) if info is not None else html

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> TemplateContext:
        info = self.infos.get(page.file.src_uri)
        if info is not None and info.content_lang is not None and self.library is not None:
            # A page shown in a fallback language duplicates the original: point search
            # engines at the original.
            page.canonical_url = self.library.config.base_url(info.content_lang.code) + info.path
        context["ipt"] = info  # type: ignore[typeddict-unknown-key]
        if self.preview is not None:
            self.preview.remember_title(page.file.src_uri, page.title)
        context["ipt_language"] = self.site.lang if self.site else None  # type: ignore[typeddict-unknown-key]
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if page.file.src_uri in self.finished:
            return self.finished.pop(page.file.src_uri)
        output = self._page_language(output, config)
        if self.asset_links is not None:
            output = self.asset_links.page(output, page.url)
        if self.slim_theme_config:
            output = slim_theme_config(output)
        output = compact_html(output)
        waiting = self.to_store.pop(page.file.src_uri, None)
        if waiting is not None and self.store is not None:
            key, generated = waiting
            self.store.put(key, output)
            if self.stored_pages is not None:
                self.stored_pages.keep(generated, key)
        return output

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        if template_name == "404.html":
            output_content = self._page_language(output_content, config)
            if self.asset_links is not None:
                output_content = self.asset_links.absolute(output_content, *self.asset_paths)
        return output_content

    def _page_language(self, html: str, config: MkDocsConfig) -> str:
        """The page's language as BCP 47 in ``<html lang>``. Material writes the code of its
        own strings: a short one (zh for zh-Hans), or en for a language it has no strings for
        (sw), which would tell screen readers and search engines the page is English."""
        theme_lang = str(config.theme["language"])
        if self.site is None or theme_lang == self.site.lang.code:
            return html
        return html.replace(f'<html lang="{theme_lang}"', f'<html lang="{self.site.lang.code}"', 1)

    # ---- the end of a build ------------------------------------------------------------
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.store is not None:
            removed = self.store.prune()
            log.info(
                "%s: %d generated pages from the page store, %d made (%d old entries removed)",
                self.lang,
                self.store.hits,
                self.store.stored,
                removed,
            )
        if self.final_site_dir is None or self.library is None:
            return
        staging_root = Path(config.site_dir)
        others = [code for code in self.library.config.codes if code != self.lang]
        preload(self.library)
        orchestrate.build_languages(
            Path(config.config_file_path), others, staging_root.parent, strict=config.strict
        )
        orchestrate.assemble(self.library.config, staging_root.parent, {self.lang: staging_root})
        orchestrate.place_pdfs(self.library.config, staging_root.parent)
        os.environ.pop(orchestrate.PDF_ENV, None)
        orchestrate.finish(self.library.config, staging_root.parent, self.final_site_dir)

    def on_build_error(self, *, error: Exception) -> None:
        if self.final_site_dir is not None:
            orchestrate.discard_staging(self.final_site_dir)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.library is not None:
            cfg = self.library.config
            for path in (cfg.resources_path, cfg.locales_path, cfg.bibliography_path):
                if path.exists():
                    server.watch(str(path))
        return server


def _nav_sources(nav: Any) -> set[str]:
    """The Markdown files ``nav`` (mkdocs.yml) names."""
    found: set[str] = set()
    stack = [nav]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found.add(item.lstrip("/"))
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _shared_key(config: MkDocsConfig, library: LibraryConfig, lang: str) -> str:
    """What every generated page of this language build depends on besides itself."""
    config_file = Path(config.config_file_path)
    settings = {
        "config_file": config_file.read_bytes().decode("utf-8", "replace"),
        **{
            name: config.get(name)
            for name in (
                "site_url",
                "site_name",
                "site_description",
                "site_author",
                "copyright",
                "repo_url",
                "repo_name",
                "edit_uri",
                "use_directory_urls",
                "nav",
                "extra",
                "extra_css",
                "extra_javascript",
                "markdown_extensions",
                "mdx_configs",
            )
        },
        "theme": dict(config.theme),
        "theme_dirs": [d for d in config.theme.dirs if not d.startswith(str(PACKAGE))],
        "plugins": list(config.plugins),
    }
    folders = [(Path(config.docs_dir), ()), (library.locales_path, (".po", ".pot"))]
    if config.theme.custom_dir:
        folders.append((Path(config.theme.custom_dir), ()))
    return fingerprint(lang=lang, settings=settings, folders=folders)


def report(diags: Diagnostics) -> None:
    for d in diags:
        level = {
            Severity.ERROR: logging.ERROR,
            Severity.WARNING: logging.WARNING,
            Severity.INFO: logging.DEBUG,
        }
        log.log(level[d.severity], d.format())


def _material_language(code: str) -> str:
    import material

    partials = Path(material.__file__).parent / "templates" / "partials" / "languages"
    if (partials / f"{code}.html").exists():
        return code
    base = code.split("-")[0]
    if (partials / f"{base}.html").exists():
        return base
    log.info("Material has no interface strings for '%s'; its own labels stay in English", code)
    return "en"


#: Languages lunr (Material's search) can stem; others fall back to whitespace splitting.
_LUNR = {
    "ar",
    "da",
    "de",
    "du",
    "en",
    "es",
    "fi",
    "fr",
    "hi",
    "hu",
    "hy",
    "it",
    "ja",
    "kn",
    "ko",
    "nl",
    "no",
    "pt",
    "ro",
    "ru",
    "sa",
    "sv",
    "ta",
    "te",
    "th",
    "tr",
    "vi",
    "zh",
}


def _search_language(code: str) -> str:
    base = code.split("-")[0]
    return base if base in _LUNR else "en"

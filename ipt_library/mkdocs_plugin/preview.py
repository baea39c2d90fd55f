"""Fast rebuilds under ``ipt-library serve``: only what an edit changed is made again.

MkDocs keeps a plugin that defines ``on_startup`` between the rebuilds of its preview server,
so this state lives as long as the server:

- the library, reloaded and rechecked only where files changed
  (:class:`~ipt_library.incremental.IncrementalLibrary`);
- the generated pages, made again only when what they are made from changed
  (:class:`~ipt_library.site.PageCache`);
- the generated pages' files, written under ``.cache/preview/<lang>/`` only when their
  content changed. MkDocs' dirty build (``ipt-library serve`` asks for it) then renders only
  the pages whose file is newer than the page it wrote before;
- the titles of the hand-written pages, which a dirty build does not read again for pages it
  skips but the navigation of the pages it renders shows.

When anything other than resources changed (a page of docs/, the bibliography, the
catalogs, mkdocs.yml, a resource added or removed) the whole preview is rendered again.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import clean_directory

from ..cache import cache_root
from ..incremental import IncrementalLibrary
from ..site import GeneratedPage, PageCache


class _QuietDirty(logging.Filter):
    """MkDocs warns on every dirty build that navigation may be inaccurate; the preview
    keeps it accurate (see :meth:`PreviewState.restore_titles`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("A 'dirty' build is being performed")


def quiet_dirty_warning() -> None:
    logger = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, _QuietDirty) for f in logger.filters):
        logger.addFilter(_QuietDirty())


class PreviewState:
    def __init__(self) -> None:
        self.library = IncrementalLibrary()
        self.pages = PageCache()
        self.builds = 0
        self._digests: dict[str, str] = {}
        self._titles: dict[str, str] = {}
        self._folder: Path | None = None

    def start_build(self, library_root: Path, lang: str) -> None:
        folder = cache_root(library_root) / "preview" / lang
        if folder != self._folder:
            self._folder = folder
            self._digests.clear()  # files there may be from another server: write them all
        self.builds += 1

    def render_all(self) -> bool:
        """Whether this rebuild renders every page (nothing it can rely on from before)."""
        last = self.library.last
        return self.builds == 1 or last.full or last.pages

    def clean_if_needed(self, config: MkDocsConfig) -> None:
        """Before a dirty rebuild that must render everything: start from an empty folder."""
        if self.builds > 1 and self.render_all():
            clean_directory(config.site_dir)

    # ---- generated files -----------------------------------------------------------------
    def add_page(self, files: Files, config: MkDocsConfig, page: GeneratedPage) -> None:
        fresh = page.src_uri in self.pages.made
        signature = page.markdown + repr(page.info)  # the stash and notices are not in it
        files.append(
            self._file(
                config, page.src_uri, page.markdown, signature, fresh, InclusionLevel.NOT_IN_NAV
            )
        )
        for src_uri, content in page.files.items():
            files.append(
                self._file(config, src_uri, content, content, fresh, InclusionLevel.UNDEFINED)
            )

    def _file(
        self,
        config: MkDocsConfig,
        src_uri: str,
        content: str,
        signature: str,
        fresh: bool,
        inclusion: InclusionLevel,
    ) -> File:
        assert self._folder is not None
        path = self._folder / src_uri
        if fresh or src_uri not in self._digests:
            digest = hashlib.sha256(signature.encode("utf-8")).hexdigest()
            if self._digests.get(src_uri) != digest or not path.is_file():
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(content, encoding="utf-8")
                self._digests[src_uri] = digest
        return File.generated(config, src_uri, abs_src_path=str(path), inclusion=inclusion)

    # ---- navigation titles ------------------------------------------------------------------
    def remember_title(self, src_uri: str, title: str | None) -> None:
        if title:
            self._titles[src_uri] = title

    def restore_titles(self, files: Files) -> None:
        """Pages a dirty build skipped were not read: give them their last title."""
        for file in files.documentation_pages():
            page = file.page
            if page is not None and page.markdown is None and file.src_uri in self._titles:
                page.title = self._titles[file.src_uri]

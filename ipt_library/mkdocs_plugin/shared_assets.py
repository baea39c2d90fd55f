"""One copy of the static assets for the whole site, not one per language.

Every language build writes the same ``assets/`` folder: Material's scripts and styles and
the library's own (about 1.4 MB). In the assembled site, pages of the other languages point
at the copy under the site root, and :func:`keep_one` removes theirs, so the site carries it
once whatever the number of languages. Each language's output keeps its own copy until
assembly, so a single-language build (``ipt-library build --lang es``) stays complete.

Material's search scripts (lunr and its worker, about 1.2 MB) are left out when Material's
search plugin is off: the library's search is Pagefind.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

ASSETS = "assets"
#: Material's own search: its lunr scripts and web worker.
_MATERIAL_SEARCH = ("assets/javascripts/lunr/", "assets/javascripts/workers/search.")


def material_search_on(config: MkDocsConfig) -> bool:
    """Whether Material's own search plugin is on (the library's search is Pagefind)."""
    return any(name in config.plugins for name in ("search", "material/search"))


def drop_unused_theme_files(files: Files, config: MkDocsConfig) -> None:
    """Remove Material's search scripts from the build when its search plugin is off, and
    the theme's source maps (for debugging Material's own code; no reader needs them)."""
    search_off = not material_search_on(config)
    theme_dirs = {str(Path(d).resolve()) for d in config.theme.dirs}
    for file in list(files):
        unused = (search_off and file.src_uri.startswith(_MATERIAL_SEARCH)) or (
            file.src_uri.startswith(f"{ASSETS}/") and file.src_uri.endswith(".map")
        )
        if (
            unused
            and file.generated_by is None
            and file.src_dir is not None
            and str(Path(file.src_dir).resolve()) in theme_dirs
        ):
            files.remove(file)


class RootAssetLinks:
    """Rewrites a language's links into its ``assets/`` so they lead to the site root's.

    A page at ``resources/x/`` of a language under ``<code>/`` links its assets as
    ``../../assets/...``; the site root's copy is one level further up. Only links exactly
    at the page's depth are changed (quoted attribute values and CSS ``url(``).
    """

    def page(self, html: str, page_url: str) -> str:
        depth = page_url.count("/")
        up = "../" * depth
        target = "../" * (depth + 1) + ASSETS + "/"
        # str.replace per opening character: several times faster than one regex over the page
        for opening in ('"', "'", "("):
            html = html.replace(f"{opening}{up}{ASSETS}/", f"{opening}{target}")
            if not depth:
                html = html.replace(f"{opening}./{ASSETS}/", f"{opening}{target}")
        return html

    @staticmethod
    def absolute(html: str, lang_path: str, root_path: str) -> str:
        """Error pages link with absolute paths (``/es/assets/...``)."""
        return html.replace(f'"{lang_path}{ASSETS}/', f'"{root_path}{ASSETS}/')


def keep_one(root: Path, lang_dirs: list[Path]) -> None:
    """After assembly: one ``assets/`` at the site root; the languages' copies go."""
    shared = root / ASSETS
    for lang_dir in lang_dirs:
        copy = lang_dir / ASSETS
        if not copy.is_dir():
            continue
        if shared.is_dir():
            shutil.rmtree(copy)
        else:
            copy.rename(shared)  # no default-language build this time: keep this copy

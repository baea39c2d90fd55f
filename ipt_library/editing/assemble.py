"""``ipt-library assemble``: join per-language builds (a CI matrix) into one site.

Each ``ipt-library build --lang <code> --site-dir <folder>`` puts its pages where the full
site has them (the default language at the root, others under ``<code>/``), so joining is
copying the folders over each other. The whole-site files (search indexes, sitemap,
robots.txt, _headers) are then written again for all languages by the same ``finish`` step a
local build uses, and the result swapped into place atomically.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ..config import LibraryConfig
from ..mkdocs_plugin import orchestrate
from .errors import EditingError

#: Written by every partial build for its own languages; rewritten for all of them here.
WHOLE_SITE_FILES = frozenset({"sitemap.xml", "sitemap.xml.gz", "robots.txt", "_headers"})


def languages_in(config: LibraryConfig, folder: Path) -> list[str]:
    """The languages a build output folder holds."""
    default = config.default_language.code
    found = [default] if (folder / "index.html").is_file() else []
    found += [c for c in config.codes if c != default and (folder / c / "index.html").is_file()]
    return found


def assemble_site(config: LibraryConfig, folders: list[Path], final: Path) -> list[str]:
    """Copy ``folders`` into one site at ``final``; return the languages it holds."""
    owner: dict[str, Path] = {}
    for folder in folders:
        if not folder.is_dir():
            raise EditingError(f"{folder} is not a folder", "pass the folders the builds wrote")
        langs = languages_in(config, folder)
        if not langs:
            raise EditingError(
                f"{folder} holds no built language",
                "pass folders written by 'ipt-library build --lang <code> --site-dir <folder>'",
            )
        for code in langs:
            if code in owner:
                raise EditingError(
                    f"'{code}' is built in both {owner[code]} and {folder}",
                    "pass each language's output once",
                )
            owner[code] = folder
    staging = orchestrate.new_staging(final)
    root = staging / "root"
    try:
        root.mkdir()
        for folder in folders:
            _copy_into(folder, root)
        orchestrate.finish(config, staging, final)
    except orchestrate.BuildFailed as exc:
        orchestrate.discard_staging(final)
        raise EditingError(f"assembling failed: {exc}", "the site folder is unchanged") from None
    except BaseException:
        orchestrate.discard_staging(final)
        raise
    return [code for code in config.codes if code in owner]


def _copy_into(folder: Path, root: Path) -> None:
    for child in folder.iterdir():
        if child.name in WHOLE_SITE_FILES and child.is_file():
            continue
        target = root / child.name
        if child.is_dir():
            shutil.copytree(child, target, dirs_exist_ok=True)
        else:
            shutil.copy2(child, target)

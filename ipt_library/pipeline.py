"""The read side of the pipeline, shared by the command line and the site plugin."""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .checks import check_library
from .config import LibraryConfig, load_config
from .diagnostics import Diagnostic, Diagnostics
from .editing.placeholders import check_placeholders
from .i18n import check_catalogs
from .model import Library, Resource
from .pagestore import folder_digest

#: Below this many resources the checks run in one process: forking costs more than it saves.
PARALLEL_CHECK_MIN = 200
#: The one check whose result depends on every resource: a key is uncited only if no part
#: cites it.
UNCITED = "bib-uncited"


def load_checked(config: LibraryConfig, diags: Diagnostics) -> Library:
    """Load every source and run every cross-check; problems land in ``diags``."""
    from .loader import load_library

    library = load_library(config, diags)
    check_in_parts(library, diags)
    check_catalogs(config, diags)
    check_placeholders(library, diags)
    return library


@dataclass(frozen=True)
class LibraryPart(Library):
    """Some of a library's resources, checked against all of them (links, related)."""

    whole: Library | None = None

    @cached_property
    def by_slug(self) -> dict[str, Resource]:
        return self.whole.by_slug if self.whole is not None else super().by_slug


#: The library being checked, inherited by the forked checking processes.
_checking: list[LibraryPart] = []


def _check_part(index: int) -> list[Diagnostic]:
    part = _checking[index]
    diags = Diagnostics(part.config.root)
    check_library(part, diags)
    return diags.items


def can_fork() -> bool:
    # Forking a process that runs other threads (a preview server's) can deadlock the child.
    return (
        sys.platform != "win32"
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


def check_in_parts(library: Library, diags: Diagnostics, *, jobs: int = 0) -> None:
    """``check_library``, on one core per part of the resources for a large library.

    Each part is checked against the whole library (links and related resources may point
    anywhere); the hand-written pages go with the first part. The result is the same as one
    ``check_library`` over everything: every part's problems, and an uncited bibliography
    entry only if every part found it uncited.
    """
    workers = min(jobs or os.cpu_count() or 1, len(library.resources) // 100 or 1)
    if workers < 2 or len(library.resources) < PARALLEL_CHECK_MIN or not can_fork():
        check_library(library, diags)
        return
    _checking[:] = [
        LibraryPart(
            config=library.config,
            resources=library.resources[i::workers],
            pages=library.pages if i == 0 else (),
            bibliography=library.bibliography,
            whole=library,
        )
        for i in range(workers)
    ]
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            parts = pool.map(_check_part, range(workers))
    finally:
        _checking.clear()
    uncited: set[Diagnostic] | None = None
    seen = set(diags.items)
    for found in parts:
        mine = {d for d in found if d.code == UNCITED}
        uncited = mine if uncited is None else uncited & mine
        for d in found:
            if d.code != UNCITED and d not in seen:  # e.g. one bib-missing per part
                seen.add(d)
                diags.items.append(d)
    diags.extend(sorted(uncited or ()))


#: A library already loaded and checked by a parent process. Language builds run in
#: forked workers, which inherit it instead of reading and checking every file again.
_preloaded: dict[Path, Library] = {}


def preload(library: Library) -> None:
    library.related_index  # noqa: B018 - computed once here, inherited by the workers
    # Each resource folder's digest (for the page store's keys), read once here: a worker
    # only checks the files' sizes and times against it.
    for resource in library.resources:
        folder_digest(resource.folder)
    _preloaded[library.config.root.resolve()] = library


def preloaded(root: Path) -> Library | None:
    return _preloaded.get(root.resolve())


def open_library(config_file: Path) -> tuple[Library, Diagnostics]:
    diags = Diagnostics(config_file.parent)
    config = load_config(config_file, diags)
    if any(d.path == diags.rel(config_file) for d in diags.errors):
        # Without a readable configuration every later check would report noise
        # (languages unknown, folders missing): fix the configuration first.
        return Library(config=config, resources=()), diags
    return load_checked(config, diags), diags

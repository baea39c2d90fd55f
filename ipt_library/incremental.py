"""The library kept between the rebuilds of a preview server (``ipt-library serve``).

A full load and check reads every text of every language (seconds for a large library).
While an editor works on one resource, only that resource's folder changes: this keeps the
loaded library and each resource's problems, and on the next rebuild reloads and rechecks
only the folders whose files changed (found by comparing every input file's modification
time and size). Anything else (a resource added or removed, the bibliography, the
catalogs, mkdocs.yml, a page added to docs/) means a full load and check, as a build does.

The checks themselves are the build's (:func:`ipt_library.checks.check_library`), run on a
part of the library that holds the changed resources and sees all the others, as the
parallel check does (:func:`ipt_library.pipeline.check_in_parts`). An uncited bibliography
entry is one that no resource and no page cites: each resource's own list of what it
leaves uncited is kept, and the lists are intersected.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .checks import check_library
from .config import LibraryConfig
from .diagnostics import Diagnostic, Diagnostics
from .i18n import check_catalogs
from .model import Library, Resource
from .pipeline import UNCITED, LibraryPart

#: path -> (modification time in ns, size)
Snapshot = dict[str, tuple[int, int]]


def _walk(path: Path, into: Snapshot) -> None:
    try:
        entries = list(os.scandir(path))
    except (NotADirectoryError, FileNotFoundError):
        if path.is_file():
            stat = path.stat()
            into[str(path)] = (stat.st_mtime_ns, stat.st_size)
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            _walk(Path(entry.path), into)
        else:
            try:
                stat = entry.stat()
            except OSError:
                continue
            into[entry.path] = (stat.st_mtime_ns, stat.st_size)


def take_snapshot(config: LibraryConfig) -> Snapshot:
    """Every input file of the library with its modification time and size."""
    snap: Snapshot = {}
    for path in (config.resources_path, config.docs_path, config.locales_path):
        _walk(path, snap)
    for path in (config.bibliography_path, config.config_path or config.root / "mkdocs.yml"):
        if path.is_file():
            stat = path.stat()
            snap[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return snap


def _ranking(resource: Resource) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What :attr:`Library.related_index` ranks a resource by."""
    return tuple(resource.meta.problem_areas), tuple(resource.meta.phases)


@dataclass
class _Checked:
    """A resource's own problems, and the bibliography keys it leaves uncited."""

    problems: list[Diagnostic]
    uncited: frozenset[Diagnostic]


@dataclass
class Plan:
    """What the next load does: nothing, some folders and pages, or everything."""

    full: bool = False
    folders: list[str] = field(default_factory=list)  # slugs
    pages: bool = False

    @property
    def nothing(self) -> bool:
        return not self.full and not self.folders and not self.pages


class IncrementalLibrary:
    """Loads and checks the library, reusing what did not change since the last call."""

    def __init__(self) -> None:
        self.library: Library | None = None
        self.snapshot: Snapshot = {}
        self._resources: dict[str, _Checked] = {}
        self._pages: _Checked = _Checked([], frozenset())
        self._other: list[Diagnostic] = []  # the rest of a full load: catalogs, stray files
        #: What the last call did, for the plugin (which pages may be stale) and the tests.
        self.last: Plan = Plan(full=True)

    # ---- planning -------------------------------------------------------------------------
    def plan(self, config: LibraryConfig, snap: Snapshot) -> Plan:
        library = self.library
        if library is None or library.config.root != config.root:
            return Plan(full=True)
        if library.config != config:
            return Plan(full=True)
        changed = {
            p for p in snap.keys() | self.snapshot.keys() if snap.get(p) != self.snapshot.get(p)
        }
        if not changed:
            return Plan()
        added_or_removed = {p for p in changed if (p in snap) != (p in self.snapshot)}
        resources = str(config.resources_path) + os.sep
        docs = str(config.docs_path) + os.sep
        known = {r.slug for r in library.resources}
        plan = Plan()
        for path in sorted(changed):
            if path.startswith(resources):
                slug = path[len(resources) :].split(os.sep, 1)[0]
                inside = os.sep in path[len(resources) :]
                if slug not in known or not inside:
                    return Plan(full=True)  # a new, removed or unloaded folder; a stray file
                if slug not in plan.folders:
                    plan.folders.append(slug)
            elif path.startswith(docs) and path not in added_or_removed:
                plan.pages = True  # the text of a page; pages added or removed change links
            else:
                return Plan(full=True)
        return plan

    # ---- loading --------------------------------------------------------------------------
    def load(self, config: LibraryConfig, diags: Diagnostics) -> Library:
        """The library, reloaded as little as possible; all its problems go to ``diags``."""
        snap = take_snapshot(config)
        plan = self.plan(config, snap)
        if not plan.full and plan.folders:
            reloaded = self._reload_folders(config, plan.folders)
            if reloaded is None:
                plan = Plan(full=True)  # a resource no longer loads: others' links change
        if plan.full:
            self._load_all(config)
        elif plan.pages:
            self._reload_pages(config)
        self.snapshot = snap
        self.last = plan
        diags.extend(self.problems())
        assert self.library is not None
        return self.library

    def problems(self) -> list[Diagnostic]:
        found: dict[Diagnostic, None] = dict.fromkeys(self._other)
        found.update(dict.fromkeys(self._pages.problems))
        uncited: frozenset[Diagnostic] = self._pages.uncited
        for checked in self._resources.values():
            # dict.fromkeys: a problem every part reports (bib-missing) is listed once
            found.update(dict.fromkeys(checked.problems))
            uncited &= checked.uncited
        return [*found, *sorted(uncited)]

    def _load_all(self, config: LibraryConfig) -> None:
        from .loader import load_library

        loaded = Diagnostics(config.root)
        library = load_library(config, loaded)
        self.library = library
        folders = {self._prefix(config, r.slug): r.slug for r in library.resources}
        own: dict[str, list[Diagnostic]] = {r.slug: [] for r in library.resources}
        other: list[Diagnostic] = []
        for d in loaded.items:
            slug = next((s for prefix, s in folders.items() if d.path.startswith(prefix)), None)
            (own[slug] if slug is not None else other).append(d)
        self._resources = {
            r.slug: self._check(library, (r,), own[r.slug]) for r in library.resources
        }
        self._pages = self._check(library, (), [], pages=True)
        catalogs = Diagnostics(config.root)
        check_catalogs(config, catalogs)
        self._other = other + catalogs.items

    def _reload_folders(self, config: LibraryConfig, slugs: list[str]) -> Library | None:
        from .loader import load_resource

        assert self.library is not None
        fresh: dict[str, tuple[Resource, list[Diagnostic]]] = {}
        for slug in slugs:
            loaded = Diagnostics(config.root)
            resource = load_resource(config.resources_path / slug, config, loaded)
            if resource is None or resource.slug != slug:
                return None
            fresh[slug] = (resource, loaded.items)
        old = self.library
        library = Library(
            config=config,
            resources=tuple(fresh[r.slug][0] if r.slug in fresh else r for r in old.resources),
            pages=old.pages,
            bibliography=old.bibliography,
        )
        if all(_ranking(fresh[s][0]) == _ranking(old.by_slug[s]) for s in fresh):
            # Related resources are ranked by problem areas and phases only: keep the ranking.
            library.__dict__["related_index"] = old.related_index
        self.library = library
        for slug, (resource, problems) in fresh.items():
            self._resources[slug] = self._check(library, (resource,), problems)
        return library

    def _reload_pages(self, config: LibraryConfig) -> None:
        from .loader import load_pages

        assert self.library is not None
        loaded = Diagnostics(config.root)
        pages = tuple(load_pages(config, loaded))
        self.library = Library(
            config=config,
            resources=self.library.resources,
            pages=pages,
            bibliography=self.library.bibliography,
        )
        self._pages = self._check(self.library, (), loaded.items, pages=True)

    @staticmethod
    def _prefix(config: LibraryConfig, slug: str) -> str:
        return Diagnostics(config.root).rel(config.resources_path / slug) + "/"

    @staticmethod
    def _check(
        library: Library,
        resources: Iterable[Resource],
        loaded: list[Diagnostic],
        *,
        pages: bool = False,
    ) -> _Checked:
        part = LibraryPart(
            config=library.config,
            resources=tuple(resources),
            pages=library.pages if pages else (),
            bibliography=library.bibliography,
            whole=library,
        )
        found = Diagnostics(library.config.root)
        check_library(part, found)
        problems = [d for d in found.items if d.code != UNCITED]
        uncited = frozenset(d for d in found.items if d.code == UNCITED)
        return _Checked(loaded + problems, uncited)

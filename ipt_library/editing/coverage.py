"""``ipt-library status``: translation coverage per language, from the model's own statuses.

The numbers come from ``Resource.status``, ``Page.status`` and ``Text.machine``, the same
methods the site's translation status page uses, so the two always agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import Language
from ..diagnostics import Diagnostics
from ..i18n import CatalogStats, catalog_stats, po_path, read_catalog
from ..model import Library, Status


@dataclass
class Counts:
    """How many items a language has in each state. ``machine`` overlaps current/outdated."""

    source: int = 0
    current: int = 0
    outdated: int = 0
    missing: int = 0
    machine: int = 0

    def add(self, status: Status, machine: bool) -> None:
        setattr(self, status.value, getattr(self, status.value) + 1)
        self.machine += int(machine)

    @property
    def total(self) -> int:
        return self.source + self.current + self.outdated + self.missing

    @property
    def percent(self) -> int:
        """Source or current, of all; computed as the site's status page does."""
        return round(100 * (self.source + self.current) / (self.total or 1))

    def as_dict(self) -> dict[str, int]:
        return {
            "source": self.source,
            "current": self.current,
            "outdated": self.outdated,
            "missing": self.missing,
            "machine": self.machine,
            "total": self.total,
            "percent": self.percent,
        }


@dataclass(frozen=True)
class Item:
    """One resource or page in one language, for the per-language listing."""

    kind: str  # "resource" or "page"
    name: str  # the resource's folder name, or the page's path under docs/
    status: Status
    machine: bool
    source: Path
    translation: Path | None
    source_hash: str = ""  # the hash a current translation records
    recorded_hash: str | None = None  # the hash the translation records, if any


@dataclass
class LanguageCoverage:
    language: Language
    is_default: bool
    resources: Counts = field(default_factory=Counts)
    pages: Counts = field(default_factory=Counts)
    catalog: CatalogStats | None = None
    catalog_state: str = "missing"  # source | ok | missing | unreadable
    items: list[Item] = field(default_factory=list)

    def as_dict(self, root: Path, with_items: bool) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": self.language.code,
            "name": self.language.name,
            "english_name": self.language.english_name,
            "direction": self.language.direction,
            "default": self.is_default,
            "resources": self.resources.as_dict(),
            "pages": self.pages.as_dict(),
            "catalog": {"state": self.catalog_state}
            | (
                {
                    "total": self.catalog.total,
                    "translated": self.catalog.translated,
                    "fuzzy": self.catalog.fuzzy,
                    "percent": self.catalog.percent,
                }
                if self.catalog
                else {}
            ),
        }
        if with_items:
            data["items"] = [
                {
                    "kind": i.kind,
                    "name": i.name,
                    "status": i.status.value,
                    "machine": i.machine,
                    "source": _rel(i.source, root),
                    "translation": _rel(i.translation, root) if i.translation else None,
                    "source_hash": i.source_hash,
                    "recorded_hash": i.recorded_hash,
                }
                for i in self.items
            ]
        return data


def coverage(library: Library, langs: list[str] | None = None) -> list[LanguageCoverage]:
    """Coverage of every configured language (or of ``langs``), in configuration order."""
    config = library.config
    default = config.default_language.code
    result = []
    for language in config.languages:
        if langs and language.code not in langs:
            continue
        cov = LanguageCoverage(language, language.code == default)
        code = language.code
        for r in library.resources:
            status = r.status(code)
            text = r.texts.get(code)
            machine = bool(text and text.machine)
            cov.resources.add(status, machine)
            translation = text.path if text and status is not Status.SOURCE else None
            recorded = text.translation.source_hash if text and text.translation else None
            cov.items.append(
                Item(
                    "resource",
                    r.slug,
                    status,
                    machine,
                    r.source.path,
                    translation,
                    r.source.hash,
                    recorded,
                )
            )
        for page in library.pages:
            status = page.status(code, default)
            machine = page.machine(code)
            cov.pages.add(status, machine)
            info = page.translation_info.get(code)
            cov.items.append(
                Item(
                    "page",
                    page.src_uri,
                    status,
                    machine,
                    page.path,
                    page.translations.get(code),
                    page.hash,
                    info.source_hash if info else None,
                )
            )
        _add_catalog(cov, config.locales_path, library.config.root)
        result.append(cov)
    return result


def _add_catalog(cov: LanguageCoverage, locales: Path, root: Path) -> None:
    if cov.is_default:
        cov.catalog_state = "source"
        return
    path = po_path(locales, cov.language.code)
    if not path.exists():
        cov.catalog_state = "missing"
        return
    catalog = read_catalog(path, cov.language.code, Diagnostics(root))
    if catalog is None:
        cov.catalog_state = "unreadable"
        return
    cov.catalog = catalog_stats(catalog, cov.language.code)
    cov.catalog_state = "ok"


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()

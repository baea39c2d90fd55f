"""The library as data: resources, their texts in each language, and hand-written pages."""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .citations import Bibliography
from .config import LibraryConfig
from .schema import ResourceMeta, TranslationInfo
from .sources import LineMap


def content_hash(text: str) -> str:
    """The hash translations record of their source: 12 hex digits of SHA-256."""
    normal = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).strip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:12]


class Status(enum.StrEnum):
    SOURCE = "source"
    CURRENT = "current"
    OUTDATED = "outdated"
    MISSING = "missing"


@dataclass(frozen=True)
class Text:
    """One language version of a resource (``en.md``, ``es.md``...)."""

    lang: str
    path: Path
    title: str
    summary: str
    guidance: str | None
    body: str
    body_line: int
    translation: TranslationInfo | None
    hash: str

    @property
    def machine(self) -> bool:
        """Made by machine and not yet signed off by a reviewer."""
        return bool(
            self.translation and self.translation.machine and not self.translation.reviewed_by
        )


@dataclass(frozen=True)
class Resource:
    slug: str
    folder: Path
    meta: ResourceMeta
    texts: Mapping[str, Text]
    meta_lines: LineMap = field(default_factory=LineMap, compare=False, repr=False)

    @property
    def type(self) -> str:
        return self.meta.type

    @property
    def source(self) -> Text:
        return self.texts[self.meta.source_language]

    def status(self, lang: str) -> Status:
        if lang == self.meta.source_language:
            return Status.SOURCE
        text = self.texts.get(lang)
        if text is None:
            return Status.MISSING
        if text.translation is None or text.translation.source_hash != self.source.hash:
            return Status.OUTDATED
        return Status.CURRENT

    def text_for(self, lang: str) -> Text:
        """The text to show in ``lang``: its translation, or the source text as a fallback."""
        return self.texts.get(lang) or self.source

    def values(self, facet_field: str) -> tuple[str, ...]:
        value = getattr(self.meta, facet_field)
        return tuple(value) if isinstance(value, list) else (value,)


@dataclass(frozen=True)
class Page:
    """A hand-written page in docs/ with its translations (``x.md``, ``x.es.md``)."""

    src_uri: str  # e.g. "about/index.md"
    path: Path
    translations: Mapping[str, Path]
    hash: str
    translation_info: Mapping[str, TranslationInfo] = field(default_factory=dict)

    def status(self, lang: str, default_lang: str) -> Status:
        if lang == default_lang:
            return Status.SOURCE
        if lang not in self.translations:
            return Status.MISSING
        info = self.translation_info.get(lang)
        if info is None or info.source_hash != self.hash:
            return Status.OUTDATED
        return Status.CURRENT

    def machine(self, lang: str) -> bool:
        info = self.translation_info.get(lang)
        return bool(info and info.machine and not info.reviewed_by)

    def path_for(self, lang: str, default_lang: str) -> Path:
        if lang == default_lang:
            return self.path
        return self.translations.get(lang, self.path)


@dataclass(frozen=True)
class Library:
    config: LibraryConfig
    resources: tuple[Resource, ...]
    pages: tuple[Page, ...] = field(default=())
    bibliography: Bibliography | None = None

    @cached_property
    def by_slug(self) -> dict[str, Resource]:
        return {r.slug: r for r in self.resources}

    @cached_property
    def related_index(self) -> dict[str, tuple[str, ...]]:
        """For each resource, others ranked by shared problem areas (x2) and phases.

        Built once per library (a build's language workers inherit it)."""
        by_area: dict[str, set[str]] = {}
        by_phase: dict[str, set[str]] = {}
        for r in self.resources:
            for area in r.meta.problem_areas:
                by_area.setdefault(area, set()).add(r.slug)
            for phase in r.meta.phases:
                by_phase.setdefault(phase, set()).add(r.slug)
        index: dict[str, tuple[str, ...]] = {}
        for r in self.resources:
            scores: dict[str, int] = {}
            for area in r.meta.problem_areas:
                for other in by_area[area]:
                    scores[other] = scores.get(other, 0) + 2
            for phase in r.meta.phases:
                for other in by_phase[phase]:
                    scores[other] = scores.get(other, 0) + 1
            scores.pop(r.slug, None)
            index[r.slug] = tuple(s for _, s in sorted((-n, s) for s, n in scores.items())[:12])
        return index

    def with_value(self, facet_field: str, term: str) -> list[Resource]:
        return [r for r in self.resources if term in r.values(facet_field)]

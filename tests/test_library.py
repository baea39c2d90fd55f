"""The library itself: it passes every check and covers what the issue asks for."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipt_library.diagnostics import Severity
from ipt_library.model import Library, Status
from ipt_library.pipeline import open_library
from ipt_library.readability import measure_library
from ipt_library.taxonomy import PHASES, PROBLEM_AREAS, RESOURCE_TYPES

ROOT = Path(__file__).resolve().parent.parent
CONTENT_LANGUAGES = ("es", "fr", "ar", "zh-Hans", "hi")


@pytest.fixture(scope="module")
def library() -> Library:
    library, diags = open_library(ROOT / "mkdocs.yml")
    errors = [d.format() for d in diags.sorted() if d.severity is Severity.ERROR]
    assert errors == [], "\n".join(errors)
    return library


def test_the_library_passes_every_check(library: Library) -> None:
    assert len(library.resources) >= 30


@pytest.mark.parametrize("facet", [RESOURCE_TYPES, PROBLEM_AREAS, PHASES], ids=lambda f: f.field)
def test_every_type_problem_area_and_phase_has_three_resources(library: Library, facet) -> None:  # type: ignore[no-untyped-def]
    counts = {term: len(library.with_value(facet.field, term)) for term in facet.ids}
    assert all(n >= 3 for n in counts.values()), counts


def test_every_resource_has_guidance_for_clinicians(library: Library) -> None:
    missing = [r.slug for r in library.resources if not r.source.guidance]
    assert missing == []


def test_our_own_texts_cite_their_evidence(library: Library) -> None:
    own = [r for r in library.resources if r.type in ("handout", "worksheet", "exercise")]
    uncited = [r.slug for r in own if not r.meta.citations]
    assert uncited == []


def test_bibliography_is_real_and_large_enough(library: Library) -> None:
    assert library.bibliography is not None
    assert len(library.bibliography) >= 25
    assert library.bibliography.get("who2016group") is not None


def test_readability_is_measured_for_every_english_public_text(library: Library) -> None:
    figures = {r.slug: r for r in measure_library(library)}
    public = [r.slug for r in library.resources if "public" in r.meta.audience]
    assert set(figures) == set(public)
    handouts = [r.slug for r in library.resources if r.type == "handout" and r.slug in figures]
    # plain language: the handouts for the public read at about US grade 6 or below
    assert all(figures[s].grade <= 7.0 for s in handouts), {s: figures[s].grade for s in handouts}


@pytest.mark.parametrize("lang", CONTENT_LANGUAGES)
def test_every_resource_and_page_is_translated(library: Library, lang: str) -> None:
    missing = [r.slug for r in library.resources if r.status(lang) is Status.MISSING]
    assert missing == []
    pages = [p.src_uri for p in library.pages if not p.src_uri.startswith("contributing/")]
    untranslated = [
        p
        for p in pages
        if lang not in next(x for x in library.pages if x.src_uri == p).translations
    ]
    assert untranslated == []
    machine = [
        r.slug for r in library.resources if r.texts[lang].translation and not r.texts[lang].machine
    ]
    assert machine == [], "machine translations must say so until a reviewer signs them off"

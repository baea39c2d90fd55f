"""The downloadable documents of the library: PDFs of printable resources, and citations.

PDFs are planned here from the model alone (no site engine), so every entry point (the
``ipt-library build`` orchestrator, a plain ``mkdocs build``, the benchmark) renders the
same set, once per text that exists, before the pages that link to them are built.
"""

from __future__ import annotations

from pathlib import Path

from .bodies import ProseRenderer
from .model import Library, Resource
from .pdf import PdfJob, PdfStats, render_pdfs
from .taxonomy import LICENCES, PRINTABLE_TYPES


def pdf_path(slug: str, lang: str) -> str:
    """Where a resource's PDF lives, relative to its language's root."""
    return f"resources/{slug}/{slug}-{lang}.pdf"


def printable(resource: Resource) -> bool:
    return resource.type in PRINTABLE_TYPES and resource.meta.pdf


def pdf_jobs(library: Library, out_root: Path) -> list[PdfJob]:
    """One job per printable resource per language it is written in.

    ``out_root/<lang>/`` mirrors each language's site root.
    """
    config = library.config
    renderers: dict[str, ProseRenderer] = {}
    jobs = []
    for resource in library.resources:
        if not printable(resource):
            continue
        for lang, text in sorted(resource.texts.items()):
            prose = renderers.setdefault(lang, ProseRenderer(library, lang))
            rel = pdf_path(resource.slug, lang)
            jobs.append(
                PdfJob(
                    slug=resource.slug,
                    lang=lang,
                    direction=config.by_code[lang].direction,
                    title=text.title,
                    body_html=prose.body_html(resource, text),
                    summary=text.summary,
                    licence=LICENCES[resource.meta.licence][0],
                    site_url=config.base_url(config.default_language.code),
                    page_url=config.base_url(lang) + f"resources/{resource.slug}/",
                    version_date=(resource.meta.updated or resource.meta.created).isoformat(),
                    output=out_root / lang / rel,
                    keywords=tuple(resource.meta.problem_areas),
                )
            )
    return jobs


def render_library_pdfs(library: Library, out_root: Path, cache_dir: Path) -> PdfStats:
    return render_pdfs(
        pdf_jobs(library, out_root), cache_dir=cache_dir, locales=library.config.locales_path
    )

"""Small real documents for the PDF tests, rendered with the real WeasyPrint."""

from __future__ import annotations

import textwrap
from pathlib import Path

import markdown

from ipt_library.diagnostics import Diagnostics
from ipt_library.pdf import PdfJob
from ipt_library.worksheets import extract_fields, worksheet_form

SITE = "https://ipt-library.example/"


def worksheet_body(markdown_text: str, lang: str = "en", slug: str = "my-sheet") -> str:
    """The body HTML of a worksheet page, as the site renders it."""
    diags = Diagnostics(Path("."))
    out, _ = extract_fields(
        textwrap.dedent(markdown_text), Path(f"{lang}.md"), 1, diags, lang=lang, locales=None
    )
    assert list(diags) == []
    return worksheet_form(markdown.markdown(out), slug=slug, lang=lang, locales=None)


def make_job(
    out_dir: Path,
    *,
    lang: str = "en",
    direction: str = "ltr",
    title: str = "My worksheet",
    body_html: str = "<p>Hello.</p>",
    summary: str = "A short worksheet for a test.",
    slug: str = "my-sheet",
    version_date: str = "2026-11-22",
    page_size: str = "A4",
) -> PdfJob:
    return PdfJob(
        slug=slug,
        lang=lang,
        direction=direction,
        title=title,
        body_html=body_html,
        summary=summary,
        licence="CC BY 4.0",
        site_url=SITE,
        page_url=f"{SITE}{lang}/resources/{slug}/",
        version_date=version_date,
        output=out_dir / lang / f"{slug}.pdf",
        page_size=page_size,  # type: ignore[arg-type]
        keywords=("worksheet",),
    )

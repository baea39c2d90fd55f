"""Printable and fillable PDFs of resources, rendered with WeasyPrint at build time.

``render_pdfs(jobs, cache_dir=...)`` writes one PDF per ``PdfJob``: tagged (PDF/UA-1
variant), with AcroForm fields named after the worksheet's control names and spoken
names (/TU) from their labels, Noto fonts per script, a footer on every page, and the
same bytes for the same input. See ``job.PdfJob`` for what the caller provides.
"""

from .build import PdfRenderError, render_pdfs
from .fonts import DEBIAN_PACKAGES, FAMILIES, missing_families
from .job import PageSize, PdfJob, PdfStats
from .render import document_html, render_pdf, stylesheet_text

__all__ = [
    "DEBIAN_PACKAGES",
    "FAMILIES",
    "PageSize",
    "PdfJob",
    "PdfRenderError",
    "PdfStats",
    "document_html",
    "missing_families",
    "render_pdf",
    "render_pdfs",
    "stylesheet_text",
]

"""Render one PdfJob to PDF bytes with WeasyPrint (fillable, tagged, deterministic)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from babel.dates import format_date
from markupsafe import Markup

from ..templating import TEMPLATES, template_env
from .accname import control_names
from .finish import make_finisher
from .job import PdfJob

DOCUMENT_TEMPLATE = "pdf/document.html.j2"
STYLESHEET = TEMPLATES / "pdf" / "pdf.css"
AUTHOR = "IPT Library"
DEFAULT_KEYWORDS = ("IPT Library", "interpersonal psychotherapy", "IPT")

#: Options given to ``write_pdf``. ``pdf_tags`` makes WeasyPrint 70 write a structure
#: tree (each form widget is a /Form element with its annotation) and /Tabs /S on every
#: page, so the tab order follows the page. The "pdf/ua-1" variant would add only an XMP
#: claim of PDF/UA conformance on top of the same tags; it is not used because no PDF/UA
#: validator has checked these files. No /ID is written: equal input, equal bytes.
PDF_OPTIONS: dict[str, object] = {
    "pdf_forms": True,
    "pdf_tags": True,
    "pdf_version": "1.7",
    "pdf_identifier": False,
    "uncompressed_pdf": False,
}


def creation_date(job: PdfJob) -> str:
    """A fixed W3C date-time: SOURCE_DATE_EPOCH if set, else the version date at 00:00 UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        moment = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    else:
        day = dt.date.fromisoformat(job.version_date)
        moment = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def site_label(site_url: str) -> str:
    """The site's address as printed in the footer: no scheme, no trailing slash."""
    label = site_url.split("://", 1)[-1]
    return label.rstrip("/")


def document_html(job: PdfJob, *, locales: Path | None) -> str:
    """The complete HTML document of the PDF (everything but the stylesheet)."""
    day = dt.date.fromisoformat(job.version_date)
    try:
        version = format_date(day, "long", locale=job.lang.replace("-", "_"))
    except (ValueError, LookupError):
        version = day.isoformat()
    keywords = list(dict.fromkeys((*job.keywords, *DEFAULT_KEYWORDS)))
    template = template_env(locales, job.lang).get_template(DOCUMENT_TEMPLATE)
    # body_html is trusted HTML from the Markdown renderer: it is not escaped.
    return template.render(
        job=job,
        body=Markup(job.body_html),
        keywords=keywords,
        created=creation_date(job),
        version=version,
        site=site_label(job.site_url),
    )


def stylesheet_text() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


def render_pdf(job: PdfJob, html: str, css: str) -> bytes:
    """The PDF of ``html`` (from :func:`document_html`) styled by ``css``."""
    # Imported here: WeasyPrint is slow to import and only PDF workers need it.
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    # Only data: URLs are loaded; nothing in a PDF build may reach the network.
    fetcher = URLFetcher(allowed_protocols={"data"})
    document = HTML(string=html, base_url=job.page_url, url_fetcher=fetcher)
    finisher = make_finisher(control_names(job.body_html), rtl=job.direction == "rtl")
    pdf: bytes = document.write_pdf(
        stylesheets=[CSS(string=css, url_fetcher=fetcher)],
        finisher=finisher,
        **PDF_OPTIONS,
    )
    return pdf

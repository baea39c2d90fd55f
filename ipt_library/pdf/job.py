"""What one PDF is made from, and what a batch of renders cost."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

PageSize = Literal["A4", "letter"]


@dataclass(frozen=True)
class PdfJob:
    """Everything that shapes one resource's PDF in one language.

    ``body_html`` is the resource body already rendered to HTML, exactly as on the web
    page: it contains the worksheet controls from ``worksheets.render_field`` (with or
    without the ``worksheet_form`` wrapper, whose screen-only parts pdf.css hides). The
    PDF is therefore made from the same markup as the page, not a second rendering.
    Relative links in it resolve against ``page_url``. It is never fetched from: only
    ``data:`` URLs are loaded, so images must be inlined (nothing touches the network).
    """

    slug: str
    lang: str
    direction: str  # "ltr" or "rtl"
    title: str
    body_html: str
    summary: str
    licence: str  # its label, e.g. "CC BY 4.0"
    site_url: str
    page_url: str
    version_date: str  # YYYY-MM-DD: the date of this version of the text
    output: Path
    page_size: PageSize = "A4"
    keywords: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.direction not in ("ltr", "rtl"):
            raise ValueError(f"direction must be 'ltr' or 'rtl', not {self.direction!r}")
        if self.page_size not in ("A4", "letter"):
            raise ValueError(f"page_size must be 'A4' or 'letter', not {self.page_size!r}")
        dt.date.fromisoformat(self.version_date)


@dataclass(frozen=True)
class PdfStats:
    rendered: int
    cached: int
    seconds: float

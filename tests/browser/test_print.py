"""Printing from the browser: a worksheet or a handout prints as a clean page, its text
and fields without the site's navigation, search, header or footer. The PDFs are saved in
test-artifacts/print/ for a reviewer."""

from __future__ import annotations

import unicodedata
from io import BytesIO

import pytest
from playwright.sync_api import Browser
from pypdf import PdfReader

from .conftest import ARTIFACTS
from .pages import Site, open_page, recording_context

pytestmark = pytest.mark.browser

#: The site's furniture, none of which belongs on paper.
FURNITURE = [
    ".md-header",
    ".md-banner",
    ".md-skip",
    ".md-sidebar--primary",
    ".md-sidebar--secondary",
    ".md-search",
    ".md-footer",
    ".md-copyright",
    ".ipt-downloads",
    ".ipt-related",
    ".cite-this-downloads",
]
#: Text of the furniture in each language (interface strings of the fixture's catalogs).
FURNITURE_TEXT = ["Skip to content", "In crisis? Get help now", "Select language", "Privacy"]
TEXTS = {
    ("en", "worksheet"): ["Coping with a change", "What has changed?", "Small steps"],
    ("en", "handout"): ["What is IPT?", "IPT helps with relationships"],
    # (bold Arabic, as in field labels, comes out of pypdf's text extraction scrambled)
    ("ar", "worksheet"): ["قد تؤثر التغييرات في أدوارنا على المزاج", "شريك حياتي", "أفراد العائلة"],
    ("ar", "handout"): ["يساعد العلاج في العلاقات"],
}


def words(text: str) -> list[str]:
    """Words as PDF text extraction gives them: Arabic comes out in presentation forms, in
    visual order, so it is compared word by word, normalised (NFKC, no vowel marks)."""
    plain = "".join(
        ch for ch in unicodedata.normalize("NFKC", text) if unicodedata.category(ch) != "Mn"
    )
    return [word.strip(".,:;?!()[]؟،") for word in plain.split()]


@pytest.mark.parametrize("lang, page_type", list(TEXTS))
def test_printing_gives_a_clean_page(
    chromium: Browser, site: Site, lang: str, page_type: str
) -> None:
    context, _ = recording_context(chromium, site.origin, "desktop")
    page = open_page(context, site.url(lang, page_type))
    page.emulate_media(media="print")
    shown = [
        selector
        for selector in FURNITURE
        if any(page.locator(selector).evaluate_all("els => els.map(e => e.checkVisibility())"))
    ]
    assert shown == [], f"printed although they are not content: {shown}"
    assert page.locator("h1").is_visible()

    pdf = page.pdf(format="A4", print_background=True)
    context.close()
    folder = ARTIFACTS / "print"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{lang}-{page_type}.pdf").write_bytes(pdf)
    reader = PdfReader(BytesIO(pdf))
    raw = " ".join(p.extract_text() or "" for p in reader.pages)
    text, printed = " ".join(words(raw)), set(words(raw))
    for expected in TEXTS[(lang, page_type)]:
        if lang == "ar":
            assert set(words(expected)) <= printed, f"{expected!r} is not in the printed text"
        else:
            assert " ".join(words(expected)) in text, f"{expected!r} is not in the printed text"
    for furniture in FURNITURE_TEXT:
        assert furniture not in text, f"{furniture!r} was printed"
    assert len(reader.pages) <= 4

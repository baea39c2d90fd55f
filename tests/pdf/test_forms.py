"""A worksheet PDF: AcroForm fields with names and spoken names, tags, metadata, footer."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pypdf
import pytest

from ipt_library.pdf import render_pdfs

from ..worksheets.test_fields import ALL_KINDS
from .conftest import make_job, worksheet_body

LONG = textwrap.dedent(ALL_KINDS) + "".join(
    f"\nParagraph {i} of the worksheet's closing notes.\n" for i in range(30)
)


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory) -> pypdf.PdfReader:
    out = tmp_path_factory.mktemp("pdf")
    job = make_job(out, body_html=worksheet_body(LONG))
    stats = render_pdfs([job], cache_dir=out / "cache", workers=1, progress=False)
    assert stats.rendered == 1
    return pypdf.PdfReader(job.output)


TOOLTIPS = {
    "important-people": "Who are the most important people in your life right now?",
    "my-name": "Your name",
    "today": "Today's date",
    "supports:partner": "Who supports you? My partner",
    "supports:family": "Who supports you? Family members",
    "mood": "How was your mood?",
    "relationships:1:person": "My relationships: Person Row 1",
    "relationships:4:gives": "My relationships: What this relationship gives me Row 4",
}


def test_fields_have_the_control_names_and_tooltips(reader: pypdf.PdfReader) -> None:
    fields = reader.get_fields()
    assert fields is not None
    names = set(fields)
    expected = {
        "important-people",
        "my-name",
        "today",
        "supports:partner",
        "supports:family",
        "mood",
        *(f"relationships:{r}:{c}" for r in range(1, 5) for c in ("person", "gives")),
    }
    assert names == expected
    for name, tooltip in TOOLTIPS.items():
        assert fields[name].get("/TU") == tooltip, name
    assert fields["my-name"]["/FT"] == "/Tx"
    assert fields["important-people"]["/FT"] == "/Tx"
    assert fields["important-people"]["/Ff"] & (1 << 12)  # multi-line
    assert fields["supports:partner"]["/FT"] == "/Btn"


def test_a_rating_is_one_radio_group(reader: pypdf.PdfReader) -> None:
    acroform = reader.trailer["/Root"]["/AcroForm"]
    top = [ref.get_object() for ref in acroform["/Fields"]]
    (mood,) = [f for f in top if f.get("/T") == "mood"]
    kids = [k.get_object() for k in mood["/Kids"]]
    assert len(kids) == 11
    assert all("/T" not in kid for kid in kids)  # no "mood.mood" names
    assert [str(v) for v in mood["/Opt"]] == [str(v) for v in range(11)]
    assert mood["/Ff"] & (1 << 15)  # radio


def test_tab_order_follows_the_page(reader: pypdf.PdfReader) -> None:
    order: list[str] = []
    for page in reader.pages:
        assert page["/Tabs"] == "/S"  # structure order
        for annot in page.get("/Annots", []):
            widget = annot.get_object()
            if widget.get("/Subtype") != "/Widget":
                continue
            name = widget.get("/T") or widget["/Parent"].get_object()["/T"]
            if not order or order[-1] != name:
                order.append(str(name))
    assert order[:6] == [
        "important-people",
        "my-name",
        "today",
        "supports:partner",
        "supports:family",
        "mood",
    ]
    assert order[6:] == [f"relationships:{r}:{c}" for r in range(1, 5) for c in ("person", "gives")]


def test_pdf_is_tagged_with_metadata(reader: pypdf.PdfReader) -> None:
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    info = reader.metadata
    assert info is not None
    assert info.title == "My worksheet"
    assert info.author == "IPT Library"
    assert info.subject == "A short worksheet for a test."
    assert "worksheet" in info["/Keywords"] and "IPT Library" in info["/Keywords"]
    assert info["/CreationDate"] == "D:20261122000000Z"  # the version date, not "now"
    assert reader.pdf_header == "%PDF-1.7"


def test_every_page_has_the_footer(reader: pypdf.PdfReader) -> None:
    assert len(reader.pages) >= 2
    for number, page in enumerate(reader.pages, start=1):
        text = " ".join(page.extract_text().split())
        assert "My worksheet · CC BY 4.0 · ipt-library.example" in text
        assert "Version of November 22, 2026" in text
        assert f"Page {number} of {len(reader.pages)}" in text


def test_screen_only_parts_are_left_out(reader: pypdf.PdfReader) -> None:
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Clear my answers" not in text
    assert "stays on this device" not in text
    assert "Who supports you?" in text


def test_us_letter_variant(tmp_path: Path) -> None:
    job = make_job(tmp_path, page_size="letter")
    render_pdfs([job], cache_dir=tmp_path / "cache", workers=1, progress=False)
    box = pypdf.PdfReader(job.output).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)

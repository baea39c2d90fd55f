"""Every script renders with its Noto font; Arabic PDFs are laid out right to left."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest
from PIL import Image, ImageOps

from ipt_library.pdf import PdfJob, render_pdfs

from .conftest import make_job, worksheet_body

PDFTOPPM = shutil.which("pdftoppm")
DPI = 72  # one pixel per PDF point
MARGIN_X = 17 / 25.4 * 72  # pdf.css: 17 mm left and right
FOOTER = 24 / 25.4 * 72  # pdf.css: 24 mm at the bottom

ARABIC = """\
اقرأ كل سؤال.

اكتب ما تشاء.

```field
name: supports
kind: checkboxes
label: من يساندك؟
options:
  family: العائلة
  friends: الأصدقاء
```

```field
name: my-name
kind: text
label: اسمك
```
"""

ENGLISH = """\
Read each question.

Write what you wish.

```field
name: supports
kind: checkboxes
label: Who supports you?
options:
  family: Family
  friends: Friends
```

```field
name: my-name
kind: text
label: Your name
```
"""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, PdfJob]:
    out = tmp_path_factory.mktemp("scripts")
    field = ARABIC.split("```field", 2)[2]
    jobs = {
        "ar": make_job(
            out,
            lang="ar",
            direction="rtl",
            title="ورقة عمل قصيرة",
            summary="بعض الأسئلة عن الأشخاص المهمين في حياتك.",
            body_html=worksheet_body(ARABIC, lang="ar"),
        ),
        "en": make_job(out, body_html=worksheet_body(ENGLISH), summary="Some questions."),
        "zh-Hans": make_job(
            out,
            lang="zh-Hans",
            title="简短的工作表",
            summary="关于你生活中重要的人的几个问题。",
            body_html=worksheet_body("```field" + field.replace("اسمك", "你的名字"), "zh-Hans"),
        ),
        "ja": make_job(
            out, lang="ja", title="短いワークシート", summary="大切な人についての質問。"
        ),
        "hi": make_job(
            out,
            lang="hi",
            title="छोटा कार्यपत्रक",
            summary="आपके जीवन के महत्वपूर्ण लोगों के बारे में कुछ प्रश्न।",
            body_html=worksheet_body("```field" + field.replace("اسمك", "आपका नाम"), "hi"),
        ),
    }
    render_pdfs(list(jobs.values()), cache_dir=out / "cache", workers=1, progress=False)
    return jobs


def ink_lines(pdf: Path, tmp_path: Path) -> tuple[int, list[tuple[int, int]]]:
    """(page width, [(left, right) of each band of ink above the footer]) of page 1."""
    assert PDFTOPPM is not None
    subprocess.run(
        [
            PDFTOPPM,
            "-r",
            str(DPI),
            "-gray",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    image = Image.open(tmp_path / "page.png").convert("L")
    ink = ImageOps.invert(image).point(lambda value: 255 if value > 80 else 0)
    width, height = ink.size
    bands: list[tuple[int, int]] = []
    top: int | None = None
    for y in range(int(height - FOOTER) + 1):
        row = ink.crop((0, y, width, y + 1)).getbbox() if y < height - FOOTER else None
        if row and top is None:
            top = y
        elif not row and top is not None:
            box = ink.crop((0, top, width, y)).getbbox()
            assert box is not None
            if y - top >= 4:  # not a stray dot or rule
                bands.append((box[0], box[2]))
            top = None
    return width, bands


@pytest.mark.skipif(PDFTOPPM is None, reason="pdftoppm (poppler-utils) is not installed")
@pytest.mark.parametrize(("lang", "rtl"), [("ar", True), ("en", False)])
def test_text_starts_at_the_reading_side(
    rendered: dict[str, PdfJob], tmp_path: Path, lang: str, rtl: bool
) -> None:
    width, bands = ink_lines(rendered[lang].output, tmp_path)
    content = width - 2 * MARGIN_X
    # Short lines (not the full-width field box) begin at the margin of their reading side.
    text_lines = [(left, right) for left, right in bands if right - left < 0.6 * content]
    assert len(text_lines) >= 7  # site name, title, summary, 2 paragraphs, question, 2 options
    for left, right in text_lines:
        if rtl:
            assert abs(right - (width - MARGIN_X)) <= 3, (left, right)
            assert left > MARGIN_X + 0.3 * content
        else:
            assert abs(left - MARGIN_X) <= 3, (left, right)
            assert right < width - MARGIN_X - 0.3 * content


def page_fonts(job: PdfJob) -> set[str]:
    page = pypdf.PdfReader(job.output).pages[0]
    return {
        str(font.get_object()["/BaseFont"]).split("+", 1)[1]
        for font in page["/Resources"]["/Font"].values()
    }


def field_font(job: PdfJob) -> str:
    reader = pypdf.PdfReader(job.output)
    fonts = {
        name: str(f.get_object()["/BaseFont"])
        for name, f in reader.pages[0]["/Resources"]["/Font"].items()
    }
    (widget,) = [
        a.get_object() for a in reader.pages[0]["/Annots"] if a.get_object().get("/T") == "my-name"
    ]
    font_name = "/" + str(widget["/DA"]).split("/")[-1].split()[0]
    return fonts[font_name].split("+", 1)[1]


def test_arabic_uses_its_font_and_right_aligned_fields(rendered: dict[str, PdfJob]) -> None:
    job = rendered["ar"]
    assert "Noto-Sans-Arabic" in page_fonts(job)
    # the field's own font covers Arabic (WeasyPrint's default would be Latin Noto Sans)
    assert field_font(job) == "Noto-Sans-Arabic"
    reader = pypdf.PdfReader(job.output)
    fields = reader.get_fields()
    assert fields is not None
    (widget,) = [
        a.get_object() for a in reader.pages[0]["/Annots"] if a.get_object().get("/T") == "my-name"
    ]
    assert widget["/Q"] == 2
    assert fields["my-name"]["/TU"] == "اسمك"
    assert fields["supports:family"]["/TU"] == "من يساندك؟ العائلة"
    assert reader.trailer["/Root"]["/Lang"] == "ar"
    assert "ورقة عمل قصيرة" in reader.metadata.title  # type: ignore[union-attr]


def test_left_to_right_fields_are_not_right_aligned(rendered: dict[str, PdfJob]) -> None:
    reader = pypdf.PdfReader(rendered["en"].output)
    widgets = [a.get_object() for a in reader.pages[0]["/Annots"]]
    assert all("/Q" not in widget for widget in widgets)
    assert field_font(rendered["en"]) == "Noto-Sans"


@pytest.mark.parametrize(
    ("lang", "font", "text"),
    [
        ("zh-Hans", "Noto-Sans-CJK-SC", "关于你生活中重要的人的几个问题"),
        ("ja", "Noto-Sans-CJK-JP", "大切な人についての質問"),
        ("hi", "Noto-Sans-Devanagari", "छोटाकार्यपत्रक"),
    ],
)
def test_cjk_and_devanagari_embed_their_noto_font(
    rendered: dict[str, PdfJob], lang: str, font: str, text: str
) -> None:
    job = rendered[lang]
    assert font in page_fonts(job)
    reader = pypdf.PdfReader(job.output)
    assert reader.trailer["/Root"]["/Lang"] == lang
    extracted = "".join(reader.pages[0].extract_text().split())
    assert text in extracted


def test_devanagari_fields_use_a_devanagari_font(rendered: dict[str, PdfJob]) -> None:
    assert field_font(rendered["hi"]) == "Noto-Sans-Devanagari"


def test_cjk_fields_keep_a_small_latin_font(rendered: dict[str, PdfJob]) -> None:
    # Documented limit: WeasyPrint embeds a field's font whole; Noto Sans CJK would add
    # about 15 MB to each PDF, so CJK fields declare Noto Sans and viewers substitute.
    assert field_font(rendered["zh-Hans"]) == "Noto-Sans"
    assert rendered["zh-Hans"].output.stat().st_size < 1_500_000

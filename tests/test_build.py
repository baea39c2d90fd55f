"""The fixture site built for real: pages, languages, notices, alternates, atomic output."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .conftest import run_cli

pytestmark = pytest.mark.build


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def test_every_language_has_its_pages(built_basic: Path) -> None:
    for prefix in ("", "es/", "ar/"):
        for page in (
            "index.html",
            "resources/index.html",
            "resources/what-is-ipt/index.html",
            "resources/my-worksheet/index.html",
            "resources/type/worksheet/index.html",
            "resources/problem-area/grief/index.html",
            "resources/phase/final/index.html",
            "translations/index.html",
            "ipt/index.html",
            "404.html",
        ):
            assert (built_basic / prefix / page).is_file(), prefix + page


def test_html_lang_and_direction(built_basic: Path) -> None:
    assert '<html lang="en"' in read(built_basic, "index.html")
    assert '<html lang="es"' in read(built_basic, "es/index.html")
    ar = read(built_basic, "ar/resources/what-is-ipt/index.html")
    assert '<html lang="ar"' in ar
    assert 'dir="rtl"' in ar


def test_resource_page_content(built_basic: Path) -> None:
    html = read(built_basic, "resources/what-is-ipt/index.html")
    assert "<h1>What is IPT?</h1>" in html
    assert "Read it together in the first session." in html  # clinician guidance
    assert 'href="../../resources/type/handout/"' in html
    assert 'href="../../resources/my-worksheet/"' in html  # related resource card
    assert 'rel="license"' in html


def test_missing_translation_falls_back_with_a_notice(built_basic: Path) -> None:
    html = read(built_basic, "es/resources/my-worksheet/index.html")
    assert "ipt-notice--fallback" in html
    # the English text is marked as English inside the Spanish page
    body = re.search(r'<div class="ipt-body"([^>]*)>', html)
    assert body is not None
    assert 'lang="en"' in body.group(1) and 'dir="ltr"' in body.group(1)
    assert '<meta name="ipt-fallback" content="en">' in html


def test_outdated_translation_has_a_notice_linking_to_the_source(built_basic: Path) -> None:
    html = read(built_basic, "ar/resources/what-is-ipt/index.html")
    assert "ipt-notice--outdated" in html
    assert 'href="../../../resources/what-is-ipt/" hreflang="en"' in html
    assert "ipt-notice--machine" not in html  # reviewed by a person


def test_machine_translation_has_a_notice(built_basic: Path) -> None:
    html = read(built_basic, "es/resources/what-is-ipt/index.html")
    assert "ipt-notice--machine" in html
    assert "ipt-notice--outdated" not in html  # its source hash matches


def test_hub_page_translation_and_fallback(built_basic: Path) -> None:
    es = read(built_basic, "es/ipt/index.html")
    assert "Una terapia breve" in es
    assert "ipt-notice--outdated" in es  # its source_hash is not the source's hash
    ar = read(built_basic, "ar/ipt/index.html")
    assert "A time-limited therapy" in ar
    assert "ipt-notice--fallback" in ar


def test_hreflang_alternates_are_absolute_and_only_for_existing_texts(built_basic: Path) -> None:
    html = read(built_basic, "es/resources/what-is-ipt/index.html")
    links = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))
    assert links == {
        "en": "https://example.org/library/resources/what-is-ipt/",
        "es": "https://example.org/library/es/resources/what-is-ipt/",
        "ar": "https://example.org/library/ar/resources/what-is-ipt/",
        "x-default": "https://example.org/library/resources/what-is-ipt/",
    }
    only_en = read(built_basic, "es/resources/my-worksheet/index.html")
    assert 'hreflang="es" href=' not in only_en


def test_language_chooser_links_to_the_same_resource(built_basic: Path) -> None:
    html = read(built_basic, "ar/resources/what-is-ipt/index.html")
    menu = html[html.index('class="md-select__list"') :]
    menu = menu[: menu.index("</ul>")]
    hrefs = re.findall(r'<a href="([^"]+)" hreflang="([^"]+)"', menu)
    assert hrefs == [
        ("../../../resources/what-is-ipt/", "en"),
        ("../../../es/resources/what-is-ipt/", "es"),
        ("../../resources/what-is-ipt/", "ar"),
    ]
    assert "Español" in menu and "العربية" in menu


def test_sitemap_lists_alternates_and_skips_fallback_pages(built_basic: Path) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    tree = ET.parse(built_basic / "sitemap.xml")
    locs = [u.findtext("s:loc", namespaces=ns) for u in tree.getroot()]
    assert "https://example.org/library/es/resources/what-is-ipt/" in locs
    assert "https://example.org/library/es/resources/my-worksheet/" not in locs  # a fallback
    entry = next(
        u
        for u in tree.getroot()
        if u.findtext("s:loc", namespaces=ns)
        == "https://example.org/library/resources/what-is-ipt/"
    )
    alts = {a.get("hreflang"): a.get("href") for a in entry.findall("x:link", ns)}
    assert alts["ar"] == "https://example.org/library/ar/resources/what-is-ipt/"
    assert alts["x-default"] == "https://example.org/library/resources/what-is-ipt/"
    assert not (built_basic / "es" / "sitemap.xml").exists()


def test_catalogue_counts(built_basic: Path) -> None:
    html = read(built_basic, "resources/index.html")
    assert "3 resources" in html
    assert re.search(r'data-term="worksheet">Worksheets <span class="ipt-count">\(1\)', html)
    area = read(built_basic, "resources/problem-area/grief/index.html")
    assert "What is IPT?" in area and "My worksheet" not in area


def test_pages_load_nothing_from_other_hosts(built_basic: Path) -> None:
    loading = re.compile(r"<(script|img|iframe|source|link)\b([^>]*)>")
    for page in built_basic.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for tag, attrs in loading.findall(html):
            if tag == "link" and re.search(r'rel="(alternate|canonical|license)"', attrs):
                continue  # not loaded by the browser
            assert not re.search(r'(src|href)="(https?:)?//', attrs), (page, tag, attrs)


def test_failed_build_leaves_the_previous_site_untouched(basic_site: Path) -> None:
    assert run_cli(basic_site, "build").returncode == 0
    before = {p: p.read_bytes() for p in (basic_site / "site").rglob("*") if p.is_file()}
    meta = basic_site / "resources/my-worksheet/resource.yml"
    meta.write_text(meta.read_text() + "colour: red\n")
    result = run_cli(basic_site, "build")
    assert result.returncode == 1
    assert "resources/my-worksheet/resource.yml:6: unknown-field" in result.stderr
    assert "Traceback" not in result.stderr
    after = {p: p.read_bytes() for p in (basic_site / "site").rglob("*") if p.is_file()}
    assert after == before
    assert not list(basic_site.glob(".site-staging-*"))


def test_plain_mkdocs_build_strict_builds_every_language(basic_site: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=basic_site,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    site = basic_site / "site"
    assert (site / "resources/what-is-ipt/index.html").is_file()
    assert (site / "ar/resources/what-is-ipt/index.html").is_file()
    assert (site / "sitemap.xml").is_file()


def test_plain_mkdocs_build_reports_bad_input_without_traceback(basic_site: Path) -> None:
    meta = basic_site / "resources/what-is-ipt/resource.yml"
    meta.write_text(meta.read_text().replace("type: handout", "type: pamphlet"))
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"],
        cwd=basic_site,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    assert "resources/what-is-ipt/resource.yml:1: unknown-value" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (basic_site / "site").exists()


def test_build_one_language(basic_site: Path) -> None:
    result = run_cli(basic_site, "build", "--lang", "ar", "--site-dir", "out")
    assert result.returncode == 0, result.stderr
    assert (basic_site / "out/ar/resources/what-is-ipt/index.html").is_file()
    assert not (basic_site / "out/es").exists()


def test_interface_strings_come_from_the_catalogs(built_basic: Path) -> None:
    assert "Sobre este recurso" in read(built_basic, "es/resources/what-is-ipt/index.html")
    assert "عن هذا المورد" in read(built_basic, "ar/resources/what-is-ipt/index.html")
    assert "About this resource" in read(built_basic, "resources/what-is-ipt/index.html")
    # plural forms from the catalog, numbers from CLDR
    assert "3 recursos" in read(built_basic, "es/resources/index.html")
    assert "Hojas de trabajo" in read(built_basic, "es/resources/index.html")


def test_citations_link_to_the_reference_list(built_basic: Path) -> None:
    html = read(built_basic, "resources/what-is-ipt/index.html")
    assert '<a href="#ref-klerman1984" class="citation-ref">Klerman et al., 1984</a>' in html
    assert 'citation-ref">Weissman et al., 2018</a>, p. 5)' in html
    entry = re.search(r'<li id="ref-weissman2018guide"[^>]*>(.*?)<span class="Z3988"', html)
    assert entry is not None
    assert (
        "<em>The guide to interpersonal psychotherapy</em> (Updated and expanded ed.)"
        in entry.group(1)
    )


def test_cite_this_resource_and_metadata(built_basic: Path) -> None:
    html = read(built_basic, "resources/what-is-ipt/index.html")
    assert '<meta name="citation_title" content="What is IPT?">' in html
    bib = read(built_basic, "resources/what-is-ipt/cite.bib")
    assert bib.startswith("@misc{") and "title     = {What is {IPT?}}" in bib
    ris = read(built_basic, "resources/what-is-ipt/cite.ris")
    assert ris.startswith("TY  - ELEC") and "TI  - What is IPT?" in ris and "ER  -" in ris


def test_printable_pdfs_are_built_and_linked(built_basic: Path) -> None:
    from pypdf import PdfReader

    html = read(built_basic, "resources/my-worksheet/index.html")
    link = re.search(
        r'<a href="([^"]+\.pdf)" download>Fillable PDF</a> <span class="ipt-size">\((\d+) kB', html
    )
    assert link is not None
    pdf = built_basic / "resources/my-worksheet" / link.group(1).rsplit("/", 1)[1]
    assert pdf.is_file()
    fields = PdfReader(pdf).get_fields() or {}
    assert "the-change" in fields
    # a fallback page links to the source-language PDF
    es = read(built_basic, "es/resources/my-worksheet/index.html")
    assert 'href="../../../resources/my-worksheet/my-worksheet-en.pdf" download hreflang="en"' in es


def test_worksheet_controls_are_labelled_inside_the_form(built_basic: Path) -> None:
    html = read(built_basic, "resources/my-worksheet/index.html")
    start = html.index('<form class="ipt-worksheet"')
    form = html[start : html.index("</form>", start)]
    assert '<label class="ipt-field__label" for="ws-the-change">' in form
    assert '<textarea class="ipt-field__input ipt-field__lines" id="ws-the-change"' in form
    assert "<p></fieldset>" not in form  # the field HTML was not re-parsed as Markdown
    assert "assets/ipt/worksheet.js" in html


def test_references_page_lists_the_whole_bibliography(built_basic: Path) -> None:
    for prefix in ("", "ar/"):
        html = read(built_basic, prefix + "references/index.html")
        assert html.count('<li id="ref-') == 2
        assert 'id="ref-klerman1984"' in html and 'class="Z3988"' in html


def test_html_lang_is_the_pages_language_also_where_material_has_no_strings(
    basic_site: Path,
) -> None:
    """Material has no interface strings for Swahili (it writes lang="en") and calls
    Simplified Chinese "zh": every page, the 404 page too, must carry the BCP 47 code."""
    config = basic_site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("languages: [en, es, ar]", "languages: [en, es, ar, sw, zh-Hans]")
    )
    result = run_cli(basic_site, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    site = basic_site / "site"
    for code in ("sw", "zh-Hans"):
        for rel in ("index.html", "404.html", "resources/what-is-ipt/index.html"):
            page = read(site, f"{code}/{rel}")
            assert f'<html lang="{code}"' in page, (code, rel)
    assert '<html lang="en"' in read(site, "index.html")

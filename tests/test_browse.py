"""Browsing: catalogue pages with and without JavaScript, the filter bar, cards, feeds and
the home page, checked on the basic fixture site built for real."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ipt_library.config import load_config
from ipt_library.diagnostics import Diagnostics
from ipt_library.pipeline import load_checked
from ipt_library.site import LanguageSite

from .conftest import serve

pytestmark = pytest.mark.build

ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://example.org/library/"  # the fixture's site_url


@pytest.fixture(scope="module")
def site_url(built_basic: Path) -> Iterator[str]:
    with serve(built_basic) as url:
        yield url


def new_page(browser: Any, *, javascript: bool = True, width: int = 1280) -> Any:
    context = browser.new_context(
        java_script_enabled=javascript, viewport={"width": width, "height": 900}
    )
    return context.new_page()


def visible_cards(page: Any) -> list[str]:
    titles: list[str] = page.locator(".ipt-catalogue .ipt-card:visible h3").all_inner_texts()
    return titles


def tab_to(page: Any, target: Any, limit: int = 40) -> None:
    """Press Tab until ``target`` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    pytest.fail(f"Tab never reached {target}")


def count_line(page: Any) -> str:
    text: str = page.locator(".ipt-count-line").inner_text()
    return text.strip()


# ---- catalogue pages ----------------------------------------------------------------------


@pytest.mark.browser
def test_catalogue_works_without_javascript(browser: Any, site_url: str) -> None:
    page = new_page(browser, javascript=False)
    try:
        page.goto(site_url + "resources/")
        assert not page.locator("form.ipt-filter").is_visible()  # no dead controls
        assert sorted(visible_cards(page)) == ["A talk about IPT", "My worksheet", "What is IPT?"]
        assert count_line(page) == "3 resources"
        page.locator(".ipt-facets").get_by_role("link", name=re.compile("^Worksheets")).click()
        page.wait_for_url(site_url + "resources/type/worksheet/")
        assert visible_cards(page) == ["My worksheet"]
        assert count_line(page) == "1 resource"
        # The same in Spanish, with Spanish labels and the reader's plural form.
        page.goto(site_url + "es/resources/type/worksheet/")
        assert count_line(page) == "1 recurso"
    finally:
        page.context.close()


@pytest.mark.browser
def test_filter_bar_narrows_restores_and_keeps_its_state_in_the_url(
    browser: Any, site_url: str
) -> None:
    page = new_page(browser)
    try:
        page.goto(site_url + "resources/")
        bar = page.locator("form.ipt-filter")
        assert bar.is_visible()
        assert not page.locator(".ipt-facets").is_visible()  # the links give way to the bar
        everything = sorted(visible_cards(page))
        assert len(everything) == 3

        assert bar.locator(".ipt-filter__panel").get_attribute("open") is not None  # wide
        bar.get_by_label("Worksheets").check()
        assert visible_cards(page) == ["My worksheet"]
        assert bar.locator(".ipt-filter__chosen").inner_text() == "Worksheets"
        assert page.url.endswith("/resources/?type=worksheet")
        assert count_line(page) == "1 resource"
        # Only the type sections that still have a card are shown.
        assert page.locator(".ipt-group:visible h2").all_inner_texts() == ["Worksheets"]

        bar.get_by_label("Information handouts").check()  # within a facet: either
        assert sorted(visible_cards(page)) == ["My worksheet", "What is IPT?"]
        bar.get_by_label("Grief").check()  # across facets: both
        assert visible_cards(page) == ["What is IPT?"]
        assert "type=handout" in page.url and "problem-area=grief" in page.url
        # Counts say what each term would show, given the other choices.
        assert bar.locator("label", has_text="Role transitions").inner_text().endswith("(1)")

        page.go_back()
        assert sorted(visible_cards(page)) == ["My worksheet", "What is IPT?"]
        assert not bar.get_by_label("Grief").is_checked()
        page.go_back()
        assert visible_cards(page) == ["My worksheet"]

        # A shared address opens the same list.
        shared = page.url
        other = new_page(browser)
        try:
            other.goto(shared)
            assert visible_cards(other) == ["My worksheet"]
            assert other.locator("form.ipt-filter").get_by_label("Worksheets").is_checked()
        finally:
            other.context.close()

        bar.get_by_role("button", name="Clear filters").click()
        assert sorted(visible_cards(page)) == everything
        assert page.url == site_url + "resources/"
        assert count_line(page) == "3 resources"
    finally:
        page.context.close()


@pytest.mark.browser
def test_filter_bar_is_usable_with_the_keyboard_and_announces_the_count(
    browser: Any, site_url: str
) -> None:
    page = new_page(browser, width=390)  # a phone
    try:
        page.goto(site_url + "resources/")
        assert page.locator(".ipt-count-line").get_attribute("role") == "status"
        # On a phone the panel starts folded, so the list is in view.
        panel = page.locator(".ipt-filter__panel")
        assert panel.get_attribute("open") is None
        tab_to(page, page.locator(".ipt-filter__summary"))
        page.keyboard.press("Enter")
        assert panel.get_attribute("open") is not None
        tab_to(page, page.locator("form.ipt-filter").get_by_label("Videos"))
        page.keyboard.press("Space")
        assert visible_cards(page) == ["A talk about IPT"]
        assert page.url.endswith("?type=video")
        assert page.locator(".ipt-filter__chosen").inner_text() == "Videos"
        # Each group is a fieldset named by its legend.
        groups = page.locator("form.ipt-filter fieldset legend").all_inner_texts()
        assert groups[:2] == ["Type", "Problem area"]
    finally:
        page.context.close()


@pytest.mark.browser
def test_filter_bar_in_right_to_left(browser: Any, site_url: str) -> None:
    page = new_page(browser)
    try:
        page.goto(site_url + "ar/resources/")
        bar = page.locator("form.ipt-filter")
        assert bar.evaluate("el => getComputedStyle(el).direction") == "rtl"
        box = bar.locator("fieldset").first.bounding_box()
        legend = bar.locator("legend").first.bounding_box()
        assert box is not None and legend is not None
        # The legend starts at the right edge of its group.
        assert abs((box["x"] + box["width"]) - (legend["x"] + legend["width"])) < 2
    finally:
        page.context.close()


def test_filter_bar_markup_without_a_browser(built_basic: Path) -> None:
    html = (built_basic / "resources/index.html").read_text(encoding="utf-8")
    form = re.search(r'<form class="ipt-filter" hidden[^>]*>', html)
    assert form is not None, "the bar must be hidden until its script shows it"
    assert 'src="../assets/ipt/browse.js"' in html
    # Resources of one type only: the type facet cannot narrow the list, so it is left out.
    worksheet = (built_basic / "resources/type/worksheet/index.html").read_text()
    assert 'data-param="type"' not in worksheet


# ---- cards --------------------------------------------------------------------------------


def test_cards_show_type_areas_languages_and_a_real_fillable_pdf(built_basic: Path) -> None:
    html = (built_basic / "resources/index.html").read_text(encoding="utf-8")
    cards = dict(
        (m.group(1), m.group(0))
        for m in re.finditer(
            r'<li class="ipt-card".*?href="\.\./resources/([a-z-]+)/".*?</li>', html, re.S
        )
    )
    assert set(cards) == {"what-is-ipt", "my-worksheet", "talk-video"}
    assert "Worksheet · Fillable PDF" in cards["my-worksheet"]
    assert (built_basic / "resources/my-worksheet/my-worksheet-en.pdf").is_file()
    assert "Fillable PDF" not in cards["what-is-ipt"]
    assert "Grief · Role disputes" in cards["what-is-ipt"]
    assert re.search(r'<span lang="es" dir="ltr">Español</span>', cards["what-is-ipt"])
    es = (built_basic / "es/resources/index.html").read_text(encoding="utf-8")
    fallback = re.search(
        r'<li class="ipt-card"[^>]*>(?:(?!</li>).)*my-worksheet(?:(?!</li>).)*</li>', es, re.S
    )
    assert fallback is not None and "ipt-card__fallback" in fallback.group(0)


def test_no_fillable_pdf_claim_without_the_pdf(basic_site: Path) -> None:
    diags = Diagnostics(basic_site)
    library = load_checked(load_config(basic_site / "mkdocs.yml", diags), diags)
    assert not diags.has_errors
    worksheet = library.by_slug["my-worksheet"]
    card = LanguageSite(library, "en", pdf_root=None).card(worksheet, "resources/")
    assert card["fillable"] is False


def test_count_wording_follows_each_languages_plural_rules(basic_site: Path) -> None:
    po = basic_site / "locales/ar/LC_MESSAGES/messages.po"
    forms = ["zero", "one", "two", "few", "many", "other"]
    po.write_text(
        po.read_text(encoding="utf-8")
        + '\nmsgid "%(num)s resource"\nmsgid_plural "%(num)s resources"\n'
        + "".join(f'msgstr[{i}] "%(num)s {name}"\n' for i, name in enumerate(forms)),
        encoding="utf-8",
    )
    diags = Diagnostics(basic_site)
    library = load_checked(load_config(basic_site / "mkdocs.yml", diags), diags)
    counts = LanguageSite(library, "ar").count_forms(120)
    chosen = [counts["patterns"][int(i)] for i in counts["index"]]
    expected = {0: "zero", 1: "one", 2: "two", 3: "few", 10: "few", 11: "many", 99: "many"}
    expected |= {100: "other", 102: "other", 103: "few", 111: "many"}
    for n, name in expected.items():
        assert chosen[n] == f"# {name}", n
    english = LanguageSite(library, "en").count_forms(2)
    assert english == {"patterns": ["# resources", "# resource"], "index": "010"}


# ---- feeds --------------------------------------------------------------------------------


def parse_feed(path: Path) -> ET.Element:
    root = ET.fromstring(path.read_bytes())
    assert root.tag == f"{ATOM}feed"
    return root


def check_atom(feed: ET.Element) -> None:
    """The RFC 4287 rules a feed reader relies on."""
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"{ATOM}{name}")) == 1, name
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None  # entries inherit it
    self_links = [k for k in feed.findall(f"{ATOM}link") if k.get("rel") == "self"]
    assert len(self_links) == 1
    ids = set()
    for entry in feed.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated", "summary"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        entry_id = entry.findtext(f"{ATOM}id") or ""
        assert entry_id.startswith("https://") and entry_id not in ids
        ids.add(entry_id)
        links = [k for k in entry.findall(f"{ATOM}link") if k.get("rel") == "alternate"]
        assert len(links) == 1
        for name in ("updated", "published"):
            stamp = entry.findtext(f"{ATOM}{name}") or ""
            dt.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ")


def test_feeds_are_atom_with_the_resources_of_their_language(built_basic: Path) -> None:
    en = parse_feed(built_basic / "feed.xml")
    check_atom(en)
    assert en.findtext(f"{ATOM}id") == BASE + "feed.xml"
    assert en.findtext(f"{ATOM}updated") == "2026-11-03T00:00:00Z"
    entries = [e.findtext(f"{ATOM}id") for e in en.findall(f"{ATOM}entry")]
    # newest first (talk-video 11-03, my-worksheet 11-02, what-is-ipt 11-01)
    assert entries == [
        BASE + "resources/talk-video/",
        BASE + "resources/my-worksheet/",
        BASE + "resources/what-is-ipt/",
    ]
    first = en.find(f"{ATOM}entry")
    assert first is not None
    terms = {c.get("term") for c in first.findall(f"{ATOM}category")}
    assert terms == {"video", "interpersonal-deficits"}

    es = parse_feed(built_basic / "es/feed.xml")
    check_atom(es)
    assert es.get("{http://www.w3.org/XML/1998/namespace}lang") == "es"
    (only,) = es.findall(f"{ATOM}entry")  # the one resource translated into Spanish
    assert only.findtext(f"{ATOM}id") == BASE + "es/resources/what-is-ipt/"
    assert only.findtext(f"{ATOM}title") == "¿Qué es la TIP?"


def test_every_page_links_its_languages_feed(built_basic: Path) -> None:
    for rel, href in [
        ("index.html", "feed.xml"),
        ("resources/what-is-ipt/index.html", "../../feed.xml"),
        ("es/resources/index.html", "../feed.xml"),
    ]:
        html = (built_basic / rel).read_text(encoding="utf-8")
        assert f'<link rel="alternate" type="application/atom+xml" href="{href}"' in html, rel
        assert (built_basic / rel).parent.joinpath(href).resolve().is_file()


# ---- home page ----------------------------------------------------------------------------


def test_home_page_has_a_section_per_type_with_counts(built_basic: Path) -> None:
    html = (built_basic / "index.html").read_text(encoding="utf-8")
    shelves = re.findall(r'<h3 id="shelf-([a-z-]+)">([^<]+)<span class="ipt-count">\((\d+)\)', html)
    assert [(s[0], s[1].strip(), s[2]) for s in shelves] == [
        ("handout", "Information handouts", "1"),
        ("worksheet", "Worksheets", "1"),
        ("video", "Videos", "1"),
        ("references", "References", "2"),
    ]
    # The ways in come before the shelves, then the newest resources and the feed.
    order = [
        html.index(s)
        for s in ('class="ipt-ways"', 'id="home-areas"', 'id="home-phases"', 'id="home-types"')
    ] + [html.index('id="home-latest"'), html.index('feed.xml" type="application/atom+xml">')]
    assert order == sorted(order)
    assert len(html.encode()) < 40_000

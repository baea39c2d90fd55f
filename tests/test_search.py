"""Search: one Pagefind index per language, driven the way a reader meets it.

The fixture site is the basic one with three more languages (zh-Hans and hi with a
translated resource, fr with nothing of its own) and a resource on grief written in five
languages. Queries are typed into the header's search box in Debian's Chromium.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ipt_library.model import content_hash

from .conftest import CLI, FIXTURES, IGNORED, ROOT, QuietHandler, run_cli, serve

pytestmark = [pytest.mark.build, pytest.mark.browser]

LANGS = ["en", "es", "ar", "zh-Hans", "hi", "fr"]
PREFIX = {code: "" if code == "en" else f"{code}/" for code in LANGS}

GRIEF_META = """\
type: handout
problem_areas: [grief]
phases: [middle]
audience: [public]
created: 2026-11-05
"""

GRIEF_EN = """\
---
title: Grief after a loss
summary: Why sadness after a death is a normal reaction, and what can help.
---
## Mourning takes time

Feeling sad after the death of someone close is a normal reaction. Mourning takes
time, and talking with someone you trust can help.
"""

#: Translations of GRIEF_EN: (title, summary, body). The zh-Hans body has no spaces, so
#: finding a word inside it needs word segmentation; the es query drops an accent.
GRIEF_TEXTS = {
    "es": (
        "El duelo después de una pérdida",
        "Por qué la tristeza tras una muerte es una reacción normal y qué puede ayudar.",
        "## El duelo lleva tiempo\n\nSentir tristeza después de la pérdida de un ser querido "
        "es una reacción normal. Hablar con alguien de confianza puede ayudar.",
    ),
    "ar": (
        "الحزن بعد الفقد",
        "لماذا يعد الحزن بعد الوفاة رد فعل طبيعيا، وما الذي يمكن أن يساعد.",
        "## الحداد يحتاج إلى وقت\n\nالحزن بعد فقدان شخص عزيز رد فعل طبيعي. "
        "الحديث مع شخص تثق به قد يساعد.",
    ),
    "zh-Hans": (
        "失去亲人之后",
        "为什么失去亲人后感到难过是正常的，以及什么会有帮助。",
        "## 哀悼需要时间\n\n失去亲人之后感到悲伤是正常的反应。和信任的人谈一谈会有帮助。",
    ),
    "hi": (
        "किसी अपने को खोने के बाद",
        "किसी की मृत्यु के बाद उदासी एक स्वाभाविक प्रतिक्रिया क्यों है, और क्या मदद कर सकता है।",
        "## शोक में समय लगता है\n\nकिसी प्रियजन को खोने के बाद शोक होना स्वाभाविक है। "
        "किसी भरोसेमंद व्यक्ति से बात करने से मदद मिल सकती है।",
    ),
}

#: A query per language and the resource it must find in the top three.
QUERIES = {
    "en": ("mourning", "grief-and-loss"),
    "es": ("perdida", "grief-and-loss"),
    "ar": ("الحزن", "grief-and-loss"),
    "zh-Hans": ("正常", "grief-and-loss"),
    "hi": ("शोक", "grief-and-loss"),
}


def _translation(lang: str, source_hash: str) -> str:
    title, summary, body = GRIEF_TEXTS[lang]
    return (
        f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n"
        f"summary: {json.dumps(summary, ensure_ascii=False)}\n"
        f'translation:\n  source_hash: "{source_hash}"\n  machine: true\n'
        "  translator: Test fixture\n---\n"
        f"{body}\n"
    )


@pytest.fixture(scope="session")
def search_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The basic fixture with six languages and a resource in five, built for real."""
    target = tmp_path_factory.mktemp("search") / "site-src"
    shutil.copytree(FIXTURES / "basic", target, ignore=IGNORED)
    config = target / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "languages: [en, es, ar]" in text
    config.write_text(
        text.replace("languages: [en, es, ar]", f"languages: [{', '.join(LANGS)}]"),
        encoding="utf-8",
    )
    folder = target / "resources" / "grief-and-loss"
    folder.mkdir()
    (folder / "resource.yml").write_text(GRIEF_META, encoding="utf-8")
    (folder / "en.md").write_text(GRIEF_EN, encoding="utf-8")
    for lang in GRIEF_TEXTS:
        (folder / f"{lang}.md").write_text(
            _translation(lang, content_hash(GRIEF_EN)), encoding="utf-8"
        )
    result = run_cli(target, "build")
    assert result.returncode == 0, result.stderr
    return target / "site"


@pytest.fixture(scope="session")
def search_url(search_site: Path) -> Iterator[str]:
    with serve(search_site) as url:
        yield url


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    yield tab
    context.close()


@dataclass
class Result:
    href: str
    title: str
    facts: str
    excerpt: str


def search(page: Any, query: str) -> tuple[str, list[Result]]:
    """Type ``query`` into the search box as a reader would; return status and results."""
    page.keyboard.press("/")
    box = page.locator("#ipt-search-input")
    box.fill("")
    box.press_sequentially(query, delay=20)
    status = page.locator("#ipt-search-status")
    # Settled: the list shows this query's results (search.js marks the box when it does).
    page.wait_for_function(
        "q => document.getElementById('ipt-search').getAttribute('data-shown') === q",
        arg=query.strip(),
        timeout=10_000,
    )
    results = []
    for item in page.locator("#ipt-search-results li").all():
        link = item.locator("a")
        facts = item.locator(".ipt-search-result__facts")
        results.append(
            Result(
                href=link.get_attribute("href") or "",
                title=item.locator(".ipt-search-result__title").inner_text(),
                facts=facts.inner_text() if facts.count() else "",
                excerpt=item.locator("p:last-child").inner_text(),
            )
        )
    return status.inner_text().strip(), results


def path_of(href: str, base: str) -> str:
    return href.removeprefix(base).lstrip("/")


# ---- the indexes on disk ----------------------------------------------------------------


def test_each_language_has_its_own_index(search_site: Path) -> None:
    for code in ["en", "es", "ar", "zh-Hans", "hi"]:
        entry = search_site / PREFIX[code] / "pagefind" / "pagefind-entry.json"
        languages = json.loads(entry.read_text(encoding="utf-8"))["languages"]
        assert list(languages) == [code.lower()], code
    # Pagefind's ready-made interfaces are not shipped; the core and its index are.
    bundle = search_site / "pagefind"
    assert (bundle / "pagefind.js").is_file()
    assert not (bundle / "pagefind-ui.js").exists()
    assert not (bundle / "pagefind-worker.js").exists()  # search.js runs it on the main thread
    # English has its own WebAssembly (with a stemmer); Chinese uses the generic one.
    assert (bundle / "wasm.en.pagefind").is_file()
    assert not (bundle / "wasm.unknown.pagefind").exists()
    assert (search_site / "zh-Hans/pagefind/wasm.unknown.pagefind").is_file()


def test_fallback_pages_are_not_indexed(search_site: Path) -> None:
    """zh-Hans has one resource of its own; its other pages show English text."""
    entry = json.loads((search_site / "zh-Hans/pagefind/pagefind-entry.json").read_text())
    assert entry["languages"]["zh-hans"]["page_count"] == 1
    html = (search_site / "zh-Hans/resources/what-is-ipt/index.html").read_text()
    assert '<meta name="ipt-fallback"' in html
    assert "data-pagefind-body" not in html
    own = (search_site / "zh-Hans/resources/grief-and-loss/index.html").read_text()
    assert "data-pagefind-body" in own


def test_a_language_with_nothing_of_its_own_gets_no_index(search_site: Path) -> None:
    assert (search_site / "fr/index.html").is_file()
    assert not (search_site / "fr/pagefind").exists()


def test_default_language_index_leaves_other_languages_out(search_site: Path) -> None:
    entry = json.loads((search_site / "pagefind/pagefind-entry.json").read_text())
    # en: 4 resources and the hand-written pages (home, catalogues, status are not indexed)
    hand_written = len(list((search_site.parent / "docs").rglob("*.md"))) - len(
        list((search_site.parent / "docs").rglob("*.*.md"))
    )
    assert entry["languages"]["en"]["page_count"] == 4 + hand_written


@pytest.mark.parametrize(
    ("binary", "message"),
    [
        ("/bin/false", "search index for en: Pagefind failed"),  # runs, and fails
        ("not-a-program.txt", "Pagefind did not run"),  # cannot be started
    ],
)
def test_a_failing_pagefind_fails_the_build_and_keeps_the_site(
    basic_site: Path, binary: str, message: str
) -> None:
    assert run_cli(basic_site, "build").returncode == 0
    before = (basic_site / "site/index.html").read_bytes()
    if not binary.startswith("/"):
        (basic_site / binary).write_text("not a program\n", encoding="utf-8")
        binary = str(basic_site / binary)
    env = dict(os.environ, PAGEFIND_BINARY_PATH=binary)
    result = subprocess.run(
        [*CLI, "build"], cwd=basic_site, capture_output=True, text=True, env=env, timeout=300
    )
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert (basic_site / "site/index.html").read_bytes() == before


def test_a_partial_build_indexes_the_rebuilt_language_and_keeps_the_others(
    basic_site: Path,
) -> None:
    assert run_cli(basic_site, "build").returncode == 0
    site = basic_site / "site"
    en_entry = (site / "pagefind/pagefind-entry.json").read_bytes()
    es_text = basic_site / "resources/what-is-ipt/es.md"
    es_text.write_text(
        es_text.read_text(encoding="utf-8").replace("relaciones", "relaciones y la tristeza"),
        encoding="utf-8",
    )
    result = run_cli(basic_site, "build", "--lang", "es")
    assert result.returncode == 0, result.stderr
    assert (site / "pagefind/pagefind-entry.json").read_bytes() == en_entry  # carried over
    es_entry = json.loads((site / "es/pagefind/pagefind-entry.json").read_text())
    assert list(es_entry["languages"]) == ["es"]
    fragments = b"".join(
        gzip.decompress(f.read_bytes()) for f in (site / "es/pagefind/fragment").iterdir()
    )
    assert b"tristeza" in fragments  # the new text is in the new index


# ---- searching in the browser -------------------------------------------------------------


@pytest.mark.parametrize("lang", list(QUERIES))
def test_search_finds_the_resource_in_the_page_language(
    page: Any, search_url: str, lang: str
) -> None:
    query, slug = QUERIES[lang]
    page.goto(search_url + PREFIX[lang] + "resources/what-is-ipt/")
    status, results = search(page, query)
    assert results, f"{lang}: no results for {query!r} ({status})"
    top = [path_of(r.href, search_url) for r in results[:3]]
    assert PREFIX[lang] + f"resources/{slug}/" in top, (lang, top)
    others = [PREFIX[c] for c in LANGS if PREFIX[c] and c != lang]
    for r in results:
        path = path_of(r.href, search_url)
        assert path.startswith(PREFIX[lang]), (lang, path)
        assert not any(path.startswith(o) for o in others), (lang, path)


def test_results_show_type_problem_area_and_a_highlighted_excerpt(
    page: Any, search_url: str
) -> None:
    page.goto(search_url)
    _, results = search(page, "mourning")
    grief = next(r for r in results if "grief-and-loss" in r.href)
    assert grief.title == "Grief after a loss"
    assert grief.facts.casefold() == "information handout · grief"
    marks = page.locator("#ipt-search-results li mark").all_inner_texts()
    assert any(m.casefold().startswith("mourning") for m in marks)


def test_only_content_is_indexed(page: Any, search_url: str) -> None:
    """Navigation, notices, references and cite-this text are not searchable."""
    page.goto(search_url + "es/")
    # "machine" is in the machine-translation notice of the Spanish what-is-ipt page
    # "Rounsaville" is only in the reference list (the text cites "Klerman et al.").
    for query in ["máquina", "BibTeX", "Rounsaville"]:
        _, results = search(page, query)
        assert results == [], (query, [r.href for r in results])
    page.goto(search_url)
    for query in ["Licence", "Zotero", "Fixture"]:
        _, results = search(page, query)
        assert results == [], (query, [r.href for r in results])


def test_filter_results_by_type_and_problem_area(page: Any, search_url: str) -> None:
    page.goto(search_url)
    _, results = search(page, "ipt")
    assert len(results) >= 3
    filters = page.locator(".ipt-search-filters")
    assert filters.is_visible()
    video = filters.get_by_role("button", name=re.compile(r"^Video \(\d+\)$"))
    assert video.get_attribute("aria-pressed") == "false"
    video.click()
    page.wait_for_function("() => document.querySelectorAll('#ipt-search-results li').length === 1")
    assert "talk-video" in (page.locator("#ipt-search-results a").get_attribute("href") or "")
    assert video.get_attribute("aria-pressed") == "true"
    assert video.evaluate("b => b === document.activeElement")  # focus stays on the chip
    # A problem area narrows in the same way; pressing Video again lifts the type filter.
    filters.get_by_role("button", name=re.compile("^Video")).click()
    page.wait_for_function("() => document.querySelectorAll('#ipt-search-results li').length >= 3")
    filters.get_by_role("button", name=re.compile("^Grief")).click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('#ipt-search-results a')]"
        ".every(a => /what-is-ipt|grief-and-loss/.test(a.href))"
    )


def test_keyboard_opens_moves_through_and_closes_the_search(page: Any, search_url: str) -> None:
    page.goto(search_url + "about/")
    page.keyboard.press("s")
    assert page.evaluate("document.activeElement.id") == "ipt-search-input"
    assert page.evaluate("document.getElementById('__search').checked")
    _, results = search(page, "worksheet")
    assert results
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('md-search-result__link')")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")
    # Enter in the field opens the first result.
    page.keyboard.press("/")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == search_url + path_of(results[0].href, search_url)


def test_search_box_is_mirrored_in_arabic(page: Any, search_url: str) -> None:
    page.goto(search_url + "ar/")
    # Material's box sits on the left of the header in right-to-left layouts.
    assert page.evaluate("getComputedStyle(document.querySelector('.md-search__inner')).float") == (
        "left"
    )
    _, results = search(page, "الحزن")
    assert results
    direction = "getComputedStyle(document.querySelector('.md-search-result')).direction"
    assert page.evaluate(direction) == "rtl"


def test_search_says_when_a_language_has_no_index(page: Any, search_url: str) -> None:
    page.goto(search_url + "fr/")
    status, results = search(page, "grief")
    assert results == []
    assert status == page.locator("#ipt-search").get_attribute("data-msg-unavailable")


def test_query_in_the_address_opens_the_search(page: Any, search_url: str) -> None:
    page.goto(search_url + "hi/?q=" + "शोक")
    page.wait_for_selector("#ipt-search-results li")
    assert "grief-and-loss" in page.locator("#ipt-search-results a").first.get_attribute("href")


def test_nothing_is_loaded_from_the_index_until_a_reader_searches(
    page: Any, search_url: str
) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(search_url + "resources/what-is-ipt/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in requests if "/pagefind/" in u]
    search(page, "relationships")
    index = [u for u in requests if "/pagefind/" in u]
    assert index
    assert all(u.startswith(search_url + "pagefind/") for u in index)


# ---- the real library ---------------------------------------------------------------------

#: A grief word per language; the library's handout on grief must be in the top three.
REAL_QUERIES = {
    "en": "mourning",
    "es": "duelo",
    "ar": "الحزن",
    "zh-Hans": "哀伤",
    "hi": "शोक",
}


class _GzipQuiet(QuietHandler):
    """Compresses text files as static hosts do (GitHub Pages, Netlify), so transfer sizes
    are what readers download."""

    TEXT = (".html", ".js", ".css", ".json", ".xml", ".svg")

    def send_head(self) -> Any:
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants and path.endswith(self.TEXT) and os.path.isfile(path)):
            return super().send_head()
        body = gzip.compress(Path(path).read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole library, built from the working tree into a temporary folder."""
    out = tmp_path_factory.mktemp("real") / "site"
    result = run_cli(ROOT, "build", "--site-dir", str(out))
    if result.returncode != 0:
        # Content being edited (a translation half done) is not what this test is about.
        pytest.skip("the library does not build right now: " + result.stderr[-500:])
    return out


def test_real_library_search_per_language_and_first_search_budget(
    browser: Any, real_site: Path
) -> None:
    figures = []
    with serve(real_site, _GzipQuiet) as base:
        for lang, query in REAL_QUERIES.items():
            context = browser.new_context()
            page = context.new_page()
            sizes: list[tuple[str, int]] = []
            page.on(
                "requestfinished",
                lambda r, sizes=sizes: sizes.append((r.url, r.sizes()["responseBodySize"])),
            )
            try:
                page.goto(base + PREFIX[lang] + "resources/what-is-ipt/")
                page.wait_for_load_state("networkidle")
                before = len(sizes)
                _, results = search(page, query)
                page.wait_for_load_state("networkidle")
                first_search = sum(n for url, n in sizes[before:] if "/pagefind/" in url)
            finally:
                context.close()
            top = [path_of(r.href, base) for r in results[:3]]
            assert PREFIX[lang] + "resources/grief-and-mourning/" in top, (lang, top)
            for r in results:
                path = path_of(r.href, base)
                assert path.startswith(PREFIX[lang]), (lang, path)
                if lang == "en":
                    assert not re.match(r"[a-z]{2}(-[A-Za-z]+)?/", path), path
            figures.append(f"{lang}: {first_search} B")
            assert first_search <= 300_000, (lang, first_search)
    print("first search, transferred:", ", ".join(figures))

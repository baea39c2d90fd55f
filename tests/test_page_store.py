"""The page store: a build reuses finished pages from the last one, and is never stale.

The fixture library is built cold, built again (every generated page and every search
bundle must come from the store, byte for byte the same site), then edited in the ways
that reach other pages: a resource's title (shown on the page of a resource that lists it
as related, and in every catalogue), a translated interface string, a bibliography entry
(a reference list), the site's configuration and a hub page (the navigation). Built warm
after the edits, the site must equal a cold build of the edited sources, file for file.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from .conftest import run_cli

pytestmark = pytest.mark.build

#: Pagefind writes its filter and metadata indexes in no fixed order (see
#: test_reproducible.py): two fresh indexes of the same pages may differ in those bytes.
PAGEFIND_INDEX = re.compile(
    r"(?:^|/)pagefind/(?:filter/[^/]+\.pf_filter|pagefind\.[^/]+\.pf_meta|pagefind-entry\.json)$"
)
STORE_LINE = re.compile(r"(\S+): (\d+) generated pages from the page store, (\d+) made")


def digests(site: Path, *, skip_index: bool = False) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
        and not (skip_index and PAGEFIND_INDEX.search(p.relative_to(site).as_posix()))
    }


def build(site: Path) -> dict[str, tuple[int, int]]:
    """Build; return, per language, (pages from the store, pages made and stored)."""
    result = run_cli(site, "build", "-v")
    assert result.returncode == 0, result.stdout + result.stderr
    found = STORE_LINE.findall(result.stdout + result.stderr)
    return {lang: (int(hits), int(made)) for lang, hits, made in found}


def cold(site: Path) -> None:
    for kind in ("pages", "pagefind"):
        shutil.rmtree(site / ".cache" / kind, ignore_errors=True)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path} no longer contains {old!r}: update the test"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_unchanged_build_takes_every_page_from_the_store(basic_site: Path) -> None:
    first = build(basic_site)
    assert set(first) == {"en", "es", "ar"}
    assert all(made > 0 for _, made in first.values())
    site = basic_site / "site"
    before = digests(site)
    stored = sorted((basic_site / ".cache" / "pages").rglob("*.*"))
    assert stored, "the first build stored nothing"

    second = build(basic_site)
    # Every generated page (resources, catalogues, home, status, references) came whole
    # from the store: nothing was made again.
    assert {lang: made for lang, (_, made) in second.items()} == {"en": 0, "es": 0, "ar": 0}
    assert all(hits >= 10 for hits, _ in second.values())
    assert digests(site) == before  # the same site, search bundles included
    # The store holds what the current site was made from: nothing piles up.
    assert set((basic_site / ".cache" / "pages").rglob("*.*")) <= set(stored)


#: Edits that reach other pages than their own, each made alone: (file, old, new, what
#: must then be on the English page of what-is-ipt, or the Spanish one for the catalog).
EDITS = [
    # A title shown on another page (what-is-ipt lists my-worksheet as related) and in
    # every catalogue.
    ("resources/my-worksheet/en.md", "title: My worksheet", "title: My life change"),
    # An interface string in one language's catalog.
    (
        "locales/es/LC_MESSAGES/messages.po",
        'msgstr "Sobre este recurso"',
        'msgstr "Acerca de este recurso"',
    ),
    # A work cited by a resource: its reference list changes.
    (
        "bibliography.bib",
        "title     = {Interpersonal psychotherapy of depression}",
        "title     = {Interpersonal psychotherapy of depression: A brief guide}",
    ),
    # The site's name, in every page's title and header.
    ("mkdocs.yml", "site_name: Fixture Library", "site_name: Fixture Shelf"),
]
SHOWN = ["My life change", "Acerca de este recurso", "A brief guide", "Fixture Shelf"]


def test_after_each_edit_a_warm_build_equals_a_cold_one(basic_site: Path, tmp_path: Path) -> None:
    build(basic_site)
    for (rel, old, new), shown in zip(EDITS, SHOWN, strict=True):
        edit(basic_site / rel, old, new)
        warm = build(basic_site)
        warm_site = tmp_path / f"warm-{rel.replace('/', '-')}"
        shutil.copytree(basic_site / "site", warm_site)
        cold(basic_site)
        build(basic_site)
        expected = digests(basic_site / "site", skip_index=True)
        assert digests(warm_site, skip_index=True) == expected, f"stale after editing {rel}"
        lang = "es/" if "locales/es" in rel else ""
        page = warm_site / f"{lang}resources/what-is-ipt/index.html"
        assert shown in page.read_text(encoding="utf-8"), rel
        if rel.startswith("resources/"):
            # Pages that show nothing of the edited resource came from the store.
            assert all(hits > 0 for hits, _ in warm.values()), warm


def test_a_strict_build_makes_every_page(basic_site: Path) -> None:
    """A strict build fails on the engine's warnings, which a stored page would skip."""
    assert set(build(basic_site)) == {"en", "es", "ar"}  # the store is on, and says so
    result = run_cli(basic_site, "build", "--strict", "-v")
    assert result.returncode == 0, result.stderr
    assert not STORE_LINE.search(result.stdout + result.stderr)


def test_a_search_bundle_is_made_again_only_where_indexed_text_changed(basic_site: Path) -> None:
    build(basic_site)
    # The English text changes: English pages are indexed again; the Spanish and Arabic
    # translations now carry an "outdated" notice, which the index leaves out, so their
    # bundles are the last build's.
    edit(
        basic_site / "resources" / "what-is-ipt" / "en.md",
        "IPT helps with relationships",
        "IPT helps with close relationships",
    )
    result = run_cli(basic_site, "build", "-v")
    assert result.returncode == 0, result.stderr
    reused = set(re.findall(r"search: (\S+): the last build's bundle", result.stderr))
    assert reused == {"es", "ar"}
    warm = tmp = basic_site.parent / "warm-site"
    shutil.copytree(basic_site / "site", tmp)
    es_page = (warm / "es" / "resources" / "what-is-ipt" / "index.html").read_text("utf-8")
    assert "ipt-notice--outdated" in es_page
    cold(basic_site)
    build(basic_site)
    assert digests(warm, skip_index=True) == digests(basic_site / "site", skip_index=True)


def test_a_stored_page_the_navigation_names_keeps_its_title(basic_site: Path) -> None:
    """A nav entry without a title shows the page's own title, also when the page comes
    from the store (the engine then sees a stand-in with the page's front matter)."""
    edit(basic_site / "mkdocs.yml", "  - Resources: resources/index.md", "  - resources/index.md")
    build(basic_site)
    first = digests(basic_site / "site", skip_index=True)
    again = build(basic_site)
    assert all(made == 0 for _, made in again.values()), again
    assert digests(basic_site / "site", skip_index=True) == first
    help_page = (basic_site / "site" / "help" / "index.html").read_text(encoding="utf-8")
    link = r'href="\.\./resources/" class="md-nav__link">\s*<span[^>]*>\s*All resources\s*<'
    assert re.search(link, help_page)

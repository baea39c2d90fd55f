"""Past the limits of one sitemap file (50,000 URLs, 50 MB: a thousand resources in seventy
languages), sitemap.xml becomes an index of per-language sitemaps; below them it stays one
file. Every URL keeps its hreflang alternates either way."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ipt_library import postbuild
from ipt_library.config import LibraryConfig, load_config
from ipt_library.diagnostics import Diagnostics

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import synthetic

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
LANGS = ["en", "es", "ar"]


def _site(tmp_path: Path) -> tuple[Path, LibraryConfig]:
    synthetic.generate(tmp_path, 1, LANGS, baseline=False, pdf=False)
    config = load_config(tmp_path / "ours" / "mkdocs.yml", Diagnostics(tmp_path))
    root = tmp_path / "site"
    for lang in LANGS:
        base = root if lang == "en" else root / lang
        for path in ("", "about/", *(f"resources/r{i}/" for i in range(5))):
            (base / path).mkdir(parents=True, exist_ok=True)
            (base / path / "index.html").write_text("<html><head></head><body></body></html>")
    fallback = root / "ar" / "resources" / "r4" / "index.html"
    fallback.write_text('<html><head><meta name="ipt-fallback" content="en"></head></html>')
    return root, config


def _urls(tree: ET.Element) -> dict[str, list[str]]:
    return {
        url.findtext("s:loc", namespaces=NS) or "": sorted(
            link.get("hreflang") or "" for link in url.findall("x:link", NS)
        )
        for url in tree.findall("s:url", NS)
    }


def test_small_site_one_sitemap(tmp_path: Path) -> None:
    root, config = _site(tmp_path)
    postbuild.write_sitemap(config, root, LANGS)
    urls = _urls(ET.parse(root / "sitemap.xml").getroot())
    assert len(urls) == 3 * 7 - 1  # the Arabic fallback page is left out
    assert urls["https://example.org/es/about/"] == ["ar", "en", "es", "x-default"]
    assert urls["https://example.org/resources/r4/"] == ["en", "es", "x-default"]
    assert not (root / "sitemaps").exists()


def test_large_site_sitemap_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, config = _site(tmp_path)
    postbuild.write_sitemap(config, root, LANGS)
    whole = _urls(ET.parse(root / "sitemap.xml").getroot())
    monkeypatch.setattr(postbuild, "MAX_URLS", 4)
    postbuild.write_sitemap(config, root, LANGS)
    index = ET.parse(root / "sitemap.xml").getroot()
    assert index.tag == f"{{{NS['s']}}}sitemapindex"
    parts: dict[str, list[str]] = {}
    for loc in index.findall("s:sitemap/s:loc", NS):
        assert loc.text is not None and loc.text.startswith("https://example.org/sitemaps/")
        part = _urls(ET.parse(root / loc.text.removeprefix("https://example.org/")).getroot())
        assert 0 < len(part) <= 4
        parts.update(part)
    assert parts == whole

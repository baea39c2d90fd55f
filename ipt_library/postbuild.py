"""Whole-site files written after every language is built: sitemap, headers, robots.

Works on the assembled output folder only, so it is the same whatever engine built the
pages.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

from .config import LibraryConfig
from .templating import render

#: The Content Security Policy the pages are built to satisfy: nothing from other origins.
#: frame-src allows only the video hosts a reader chooses to play; 'wasm-unsafe-eval' lets
#: the search (Pagefind) compile its own WebAssembly, and allows no other eval.
CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
    "frame-src https://www.youtube-nocookie.com https://player.vimeo.com; "
    "media-src 'self'; object-src 'none'; base-uri 'self'; form-action 'none'"
)


def finalize(config: LibraryConfig, root: Path, built: list[str]) -> None:
    default = config.default_language.code
    for code in built:
        if code == default:
            continue
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            stale = root / code / name
            if stale.exists():
                stale.unlink()
    (root / "sitemap.xml.gz").unlink(missing_ok=True)
    write_sitemap(config, root, built)
    (root / "_headers").write_text(render(None, default, "headers.j2", csp=CSP), encoding="utf-8")
    (root / "robots.txt").write_text(
        f"User-agent: *\nAllow: /\nSitemap: {config.base_url(default)}sitemap.xml\n",
        encoding="utf-8",
    )


def _pages(lang_root: Path, skip: set[str]) -> set[str]:
    found = set()
    for dirpath, dirnames, filenames in os.walk(lang_root):
        rel = Path(dirpath).relative_to(lang_root).as_posix()
        if rel == ".":
            dirnames[:] = [d for d in dirnames if d not in skip]
            rel = ""
        if "index.html" in filenames:
            found.add(rel + "/" if rel else "")
    return found


#: Search engines read at most 50,000 URLs and 50 MB from one sitemap file.
MAX_URLS = 50_000
MAX_BYTES = 50_000_000
_URLSET = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)


def write_sitemap(config: LibraryConfig, root: Path, built: list[str]) -> None:
    """One sitemap for all languages, each URL with absolute hreflang alternates.

    The alternates make it grow with the square of the number of languages; past the
    limits of one sitemap file it becomes a sitemap index (``sitemap.xml``) pointing at one
    file per language (and part) under ``sitemaps/``. Written as it goes, not held in
    memory.
    """
    default = config.default_language.code
    pages: dict[str, set[str]] = {}
    skip = set(config.codes) | {"assets", "search", "pagefind"}
    for code in built:
        lang_root = root if code == default else root / code
        for path in _pages(lang_root, skip):
            html = lang_root / path / "index.html"
            if _is_fallback(html):
                continue
            pages.setdefault(path, set()).add(code)
    order = sorted(pages)
    urls = sum(len(codes) for codes in pages.values())
    per_url = 120 + 110 * (len(config.codes) + 1)  # bytes, generously: the alternates
    shutil.rmtree(root / SITEMAPS, ignore_errors=True)
    if urls <= MAX_URLS and urls * per_url <= MAX_BYTES:
        with (root / "sitemap.xml").open("w", encoding="utf-8") as out:
            out.write(_URLSET)
            for path in order:
                _write_urls(out, config, path, [c for c in config.codes if c in pages[path]])
            out.write("</urlset>\n")
        return
    chunk = max(1, min(MAX_URLS, MAX_BYTES // per_url))
    files = []
    (root / SITEMAPS).mkdir()
    for code in config.codes:
        mine = [path for path in order if code in pages[path]]
        for part, first in enumerate(range(0, len(mine), chunk), 1):
            name = (
                f"{SITEMAPS}/{code}.xml" if len(mine) <= chunk else f"{SITEMAPS}/{code}-{part}.xml"
            )
            with (root / name).open("w", encoding="utf-8") as out:
                out.write(_URLSET)
                for path in mine[first : first + chunk]:
                    codes = [c for c in config.codes if c in pages[path]]
                    _write_urls(out, config, path, codes, only=code)
                out.write("</urlset>\n")
            files.append(name)
    with (root / "sitemap.xml").open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        )
        for name in files:
            loc = escape(config.base_url(default) + name)
            out.write(f"  <sitemap>\n    <loc>{loc}</loc>\n  </sitemap>\n")
        out.write("</sitemapindex>\n")


#: Where the per-language sitemaps of a large site go.
SITEMAPS = "sitemaps"


def _write_urls(
    out: TextIO, config: LibraryConfig, path: str, codes: list[str], only: str | None = None
) -> None:
    default = config.default_language.code
    alternates = ""
    if len(codes) > 1:
        links = [
            f'    <xhtml:link rel="alternate" hreflang="{alt}" '
            f"href={quoteattr(config.base_url(alt) + path)}/>\n"
            for alt in codes
        ]
        x_default = quoteattr(config.base_url(default) + path)
        links.append(f'    <xhtml:link rel="alternate" hreflang="x-default" href={x_default}/>\n')
        alternates = "".join(links)
    for code in codes:
        if only is not None and code != only:
            continue
        loc = escape(config.base_url(code) + path)
        out.write(f"  <url>\n    <loc>{loc}</loc>\n{alternates}  </url>\n")


def _is_fallback(html: Path) -> bool:
    """Pages shown in a fallback language carry this marker in their head; they are not in
    the sitemap. Only the head is read."""
    seen = b""
    with html.open("rb") as f:
        while chunk := f.read(16384):
            seen = seen[-32:] + chunk
            if b'name="ipt-fallback"' in seen:
                return True
            if b"</head>" in seen:
                return False
    return False

"""Whole-site files written after every language is built: sitemap, headers, robots.

Works on the assembled output folder only, so it is the same whatever engine built the
pages.
"""

from __future__ import annotations

import os
from pathlib import Path
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


def write_sitemap(config: LibraryConfig, root: Path, built: list[str]) -> None:
    """One sitemap for all languages, each URL with absolute hreflang alternates."""
    default = config.default_language.code
    pages: dict[str, set[str]] = {}
    skip = set(config.codes) | {"assets", "search"}
    for code in built:
        lang_root = root if code == default else root / code
        for path in _pages(lang_root, skip):
            html = lang_root / path / "index.html"
            if _is_fallback(html):
                continue
            pages.setdefault(path, set()).add(code)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for path in sorted(pages):
        codes = [c for c in config.codes if c in pages[path]]
        for code in codes:
            lines.append("  <url>")
            lines.append(f"    <loc>{escape(config.base_url(code) + path)}</loc>")
            if len(codes) > 1:
                for alt in codes:
                    href = quoteattr(config.base_url(alt) + path)
                    lines.append(f'    <xhtml:link rel="alternate" hreflang="{alt}" href={href}/>')
                x_default = quoteattr(config.base_url(default) + path)
                lines.append(
                    f'    <xhtml:link rel="alternate" hreflang="x-default" href={x_default}/>'
                )
            lines.append("  </url>")
    lines.append("</urlset>")
    (root / "sitemap.xml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _is_fallback(html: Path) -> bool:
    """Pages shown in a fallback language carry this marker; they are not in the sitemap."""
    return b'name="ipt-fallback"' in html.read_bytes()

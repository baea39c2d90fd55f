"""Search: one Pagefind index per language, built after every language is assembled.

Each language's bundle is written to ``<language root>/pagefind/`` from that language's
folder alone, so a search on an Arabic page can only return Arabic pages. Only pages whose
text is in the page's language carry ``data-pagefind-body`` (see the theme's
``partials/content.html``): a resource shown in English on a Spanish page as a fallback is
not indexed under Spanish.

Works on the output folder only, so it is the same whatever engine built the pages.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..config import LibraryConfig
from . import pagefind

log = logging.getLogger("ipt_library.search")

#: The bundle's folder under each language root; the theme's search box loads it from there.
BUNDLE = "pagefind"

#: Parts of a page's body that are not what a reader searches for. One list here does the
#: work of ``data-pagefind-ignore`` attributes scattered over many templates.
EXCLUDE_SELECTORS = ", ".join(
    (
        ".ipt-notice",  # fallback, outdated and machine-translation notices
        ".ipt-resource-type",  # the type label: a filter and a result label instead
        ".ipt-downloads",
        ".ipt-video",  # the player's facts, privacy note and play button
        ".ipt-resource-facts",  # licence, dates, review: not the resource's text
        ".cite-this",
        ".references",  # the reference list and its heading
        ".ipt-worksheet__privacy",  # the worksheet's privacy note and buttons
        ".ipt-worksheet__tools",
        ".ipt-guidance > summary",  # the label of the clinicians' notes (their text stays)
        ".ipt-related",  # other resources' cards
        ".ipt-cards",
        ".headerlink",
        ".md-content__button",
        ".md-source-file",
    )
)

#: Files Pagefind writes for its own ready-made interfaces, and its web worker: the
#: library's search box uses only the core API (``pagefind.js``, the WebAssembly and the
#: index) on the main thread (``noWorker`` in search.js), since a language's index is small
#: and the worker would add a second copy of the engine to the first search's download.
UNUSED_FILES = (
    "pagefind-worker.js",
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)

#: The attribute that marks a page's searchable text, as Pagefind finds it in the HTML.
_MARKER = b"data-pagefind-body"


def _marked(page: bytes) -> bool:
    """Whether a page carries ``data-pagefind-body`` as an attribute of a tag (a literal
    search first: a regular expression over every page took seconds at 5,000 pages)."""
    start = 0
    while (found := page.find(_MARKER, start)) >= 0:
        start = found + 1
        before = page[found - 1 : found]
        after = page[found + len(_MARKER) : found + len(_MARKER) + 1]
        in_tag = page.rfind(b"<", 0, found) > page.rfind(b">", 0, found)
        if before.isspace() and (after.isspace() or after in (b">", b"=", b"/")) and in_tag:
            return True
    return False


#: Characters with a meaning in Pagefind's glob syntax (wax), escaped in folder names.
_GLOB_SPECIAL = re.compile(r"([\\{}\[\]*?,<>!])")


class SearchError(Exception):
    """An index could not be built; the message says which language and why."""


@dataclass(frozen=True)
class LanguageIndex:
    """What was built for one language."""

    lang: str
    pages: int
    #: The language's index proper: word index, filters, page fragments and metadata.
    index_bytes: int
    #: Everything in the bundle, including the JavaScript and WebAssembly runtime.
    bundle_bytes: int


def language_root(config: LibraryConfig, root: Path, code: str) -> Path:
    return root if code == config.default_language.code else root / code


def _own_entries(config: LibraryConfig, root: Path, code: str) -> list[Path]:
    """A language root's own files and folders, without the other languages' folders."""
    lang_root = language_root(config, root, code)
    skip = {BUNDLE}
    if code == config.default_language.code:
        skip |= set(config.codes)
    return sorted(p for p in lang_root.iterdir() if p.name not in skip)


def glob_for(config: LibraryConfig, root: Path, code: str) -> str:
    """The HTML files of one language, as a Pagefind glob relative to its root.

    The default language sits at the site root with the other languages in folders below
    it, so its glob lists its own top-level entries instead of ``**``.
    """
    if code != config.default_language.code:
        return "**/*.html"
    parts = []
    for entry in _own_entries(config, root, code):
        name = _GLOB_SPECIAL.sub(r"\\\1", entry.name)
        if entry.is_dir():
            parts.append(f"{name}/**/*.html")
        elif entry.suffix == ".html":
            parts.append(name)
    return "{" + ",".join(parts) + "}" if parts else "index.html"


def _language_pages(config: LibraryConfig, root: Path, code: str) -> list[Path]:
    """A language's HTML files (what Pagefind reads), in a fixed order."""
    found = []
    for entry in _own_entries(config, root, code):
        files = [entry] if entry.is_file() else list(entry.rglob("*.html"))
        found += [html for html in files if html.suffix == ".html"]
    return sorted(found)


_NOTICE = b'<div class="ipt-notice'


def _without_notices(page: bytes) -> bytes:
    """A page without its notices (fallback, outdated, machine translation), which the
    index leaves out: a change in them alone leaves a bundle as it was. A notice is taken
    out with the line break after it, up to its ``</div>``, only if no ``div`` is inside;
    from a notice that is not so simple on, the page stays as it is (safe: the bundle is
    then made again)."""
    parts = []
    pos = 0
    while (start := page.find(_NOTICE, pos)) >= 0:
        end = page.find(b"</div>", start)
        if end < 0 or page.find(b"<div", start + len(_NOTICE), end) >= 0:
            break
        end += len(b"</div>")
        end += page[end : end + 1] == b"\n"
        parts.append(page[pos:start])
        pos = end
    parts.append(page[pos:])
    return b"".join(parts)


def _pages_key(lang_root: Path, pages: list[Path], run: pagefind.Run, binary: Path) -> str | None:
    """Everything a language's bundle is made from: the path and bytes of every page
    Pagefind reads (those marked ``data-pagefind-body``; it skips the rest once any page
    is marked) without its notices, the Pagefind binary and its options. None when no page
    is marked."""
    digest = hashlib.sha256(b"ipt-pagefind 3\0")
    digest.update(f"{binary.stat().st_size} {binary.stat().st_mtime_ns} {binary}\0".encode())
    digest.update(f"{run.glob}\0{run.output_subdir}\0{run.exclude_selectors}\0".encode())
    digest.update(("\0".join(UNUSED_FILES) + "\0").encode())
    marked = 0
    for html in pages:
        data = html.read_bytes()
        if not _marked(data):
            continue
        marked += 1
        digest.update(html.relative_to(lang_root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(_without_notices(data)).digest())
    return digest.hexdigest() if marked else None


def _stored_bundle(config: LibraryConfig, code: str) -> Path:
    """Where finished bundles of one language are kept between builds."""
    return config.root / ".cache" / "pagefind" / code


def _link_tree(source: Path, target: Path) -> None:
    """Copy a folder as hard links (nothing rewrites a bundle's files in place), or as
    copies where the file system cannot link."""

    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(source, target, copy_function=link)


def _keep_bundle(config: LibraryConfig, code: str, key: str, bundle: Path) -> None:
    """Keep a copy of a finished bundle under its key; older ones of the language go."""
    store = _stored_bundle(config, code)
    try:
        store.mkdir(parents=True, exist_ok=True)
        temporary = store / f".{key}.{os.getpid()}.tmp"
        shutil.rmtree(temporary, ignore_errors=True)
        _link_tree(bundle, temporary)
        for old in store.iterdir():
            if old.name != temporary.name:
                shutil.rmtree(old, ignore_errors=True)
        temporary.rename(store / key)
    except OSError as exc:  # a full disk only costs the next build time
        log.info(f"search: could not keep the {code} bundle for the next build ({exc})")


def _size(folder: Path, *, index_only: bool) -> int:
    total = 0
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        rel = path.relative_to(folder)
        if index_only and not (
            rel.parts[0] in {"index", "fragment", "filter"} or path.suffix == ".pf_meta"
        ):
            continue
        total += path.stat().st_size
    return total


def _index_one(config: LibraryConfig, root: Path, code: str, binary: Path) -> LanguageIndex | None:
    lang_root = language_root(config, root, code)
    run = pagefind.Run(
        site=lang_root,
        glob=glob_for(config, root, code),
        output_subdir=BUNDLE,
        exclude_selectors=EXCLUDE_SELECTORS,
    )
    key = _pages_key(lang_root, _language_pages(config, root, code), run, binary)
    if key is None:
        # Pagefind would index whole pages (navigation and all) when no page is marked;
        # a language with no text of its own yet gets no index, and its search box says so.
        log.info("search: no pages in %s to index yet", code)
        return None
    bundle = lang_root / BUNDLE
    kept = _stored_bundle(config, code) / key
    if kept.is_dir():
        # The same pages as the last build: its bundle, as Pagefind made it then.
        _link_tree(kept, bundle)
        log.info("search: %s: the last build's bundle (no indexed text changed)", code)
        return _summary(code, bundle)
    try:
        result = pagefind.execute(binary, run)
    except (OSError, subprocess.SubprocessError) as exc:  # cannot start, or timed out
        raise SearchError(f"search index for {code}: Pagefind did not run: {exc}") from None
    entry_file = bundle / "pagefind-entry.json"
    if result.returncode != 0 or not entry_file.is_file():
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise SearchError(
            f"search index for {code}: Pagefind failed"
            + (f": {detail[-1]}" if detail else f" (exit status {result.returncode})")
        )
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    languages: dict[str, dict[str, object]] = entry.get("languages", {})
    others = sorted(set(languages) - {code.lower()})
    if others:
        # Every page of a language build has <html lang> set to that language; anything
        # else means pages of another language slipped into this folder.
        raise SearchError(
            f"search index for {code}: found pages in other languages ({', '.join(others)}) "
            f"under {lang_root}"
        )
    for name in UNUSED_FILES:
        (bundle / name).unlink(missing_ok=True)
    if all(info.get("wasm") for info in languages.values()):
        # The language has its own WebAssembly (with its stemmer): the generic one is unused.
        (bundle / "wasm.unknown.pagefind").unlink(missing_ok=True)
    _keep_bundle(config, code, key, bundle)
    return _summary(code, bundle)


def _summary(code: str, bundle: Path) -> LanguageIndex:
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    languages: dict[str, dict[str, object]] = entry.get("languages", {})
    pages = sum(int(str(info.get("page_count", 0))) for info in languages.values())
    return LanguageIndex(
        lang=code,
        pages=pages,
        index_bytes=_size(bundle, index_only=True),
        bundle_bytes=_size(bundle, index_only=False),
    )


def build_indexes(
    config: LibraryConfig, root: Path, langs: list[str], *, jobs: int = 0
) -> list[LanguageIndex]:
    """Index each of ``langs`` in the assembled site at ``root``.

    A language whose bundle already exists (carried over unchanged by a partial build) is
    left as it is. Raises :class:`SearchError` if Pagefind fails.
    """
    wanted = [c for c in langs if not (language_root(config, root, c) / BUNDLE).exists()]
    if not wanted:
        return []
    try:
        binary = pagefind.executable()
    except pagefind.PagefindMissing as exc:
        raise SearchError(str(exc)) from None
    workers = jobs or min(len(wanted), os.cpu_count() or 1)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        done = list(pool.map(lambda c: _index_one(config, root, c, binary), wanted))
    built = [index for index in done if index is not None]
    for index in built:
        log.info(
            "search: %s: %d pages, index %d kB, bundle %d kB",
            index.lang,
            index.pages,
            round(index.index_bytes / 1000),
            round(index.bundle_bytes / 1000),
        )
    return built

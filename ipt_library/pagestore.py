"""Finished pages kept between builds, keyed by everything they are made from.

A generated page (a resource page, a catalogue) is first made as Markdown plus the HTML
kept out of Markdown (:class:`~ipt_library.site.GeneratedPage`); the site engine then turns
that into the finished page: Markdown to HTML and the theme's frame around it, which is
most of a page's cost. The finished HTML depends only on

- the generated page itself (its Markdown, its kept-out HTML and its page facts), and
- what is the same for every page of one language build: this package's code, templates
  and theme, the versions of the engine's packages, the site configuration, the hub pages
  (they make the navigation), the interface catalogs and the language.

The store's key is a SHA-256 of all of that, so a page whose inputs changed in any way gets
a new key and is made again; an entry is never checked for staleness because it cannot be
stale. Entries live under ``.cache/pages/<language>/``; after a language's build the
entries it did not use are removed, so the store holds one copy of the current site.

This module knows nothing of MkDocs: the adapter gives it the engine's settings as plain
data.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
from collections.abc import Iterable, Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from .cache import cache_root

#: Bump when the way pages are stored changes.
FORMAT = "1"
PACKAGE = Path(__file__).resolve().parent
#: Packages whose versions change what a finished page looks like.
ENGINE_PACKAGES = (
    "mkdocs",
    "mkdocs-material",
    "markdown",
    "pymdown-extensions",
    "jinja2",
    "markupsafe",
    "babel",
    "pygments",
)
_SKIP_DIRS = {"__pycache__", ".mypy_cache", ".pytest_cache"}


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "-"


def _files(folder: Path, suffixes: tuple[str, ...] = ()) -> list[str]:
    """Every file under ``folder`` as a relative POSIX path, sorted; with ``suffixes``, only
    files with those endings."""
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if d not in _SKIP_DIRS]
        rel = os.path.relpath(dirpath, folder)
        for name in filenames:
            if not suffixes or name.endswith(suffixes):
                found.append(name if rel == "." else f"{rel}/{name}")
    return sorted(found)


def _hash_files(digest: hashlib._Hash, folder: Path, files: list[str]) -> None:
    for rel in files:
        digest.update(rel.encode() + b"\0")
        digest.update(hashlib.sha256((folder / rel).read_bytes()).digest())


def hash_tree(digest: hashlib._Hash, folder: Path, suffixes: tuple[str, ...] = ()) -> None:
    """Feed every file under ``folder`` (its relative path and bytes) into ``digest``, in a
    fixed order; with ``suffixes``, only files with those endings."""
    if not folder.is_dir():
        digest.update(b"<missing>" + str(folder).encode())
        return
    _hash_files(digest, folder, _files(folder, suffixes))


#: Folder digests by path, with the names, sizes and change times they were made from.
_FOLDER_DIGESTS: dict[Path, tuple[tuple[tuple[str, int, int], ...], str]] = {}


def folder_digest(folder: Path) -> str:
    """A digest of every file under ``folder``, remembered while no file's size or change
    time differs (a forked language build reuses its parent's digests)."""
    files = _files(folder)
    signature = tuple(
        (rel, stat.st_size, stat.st_mtime_ns) for rel in files for stat in [os.stat(folder / rel)]
    )
    known = _FOLDER_DIGESTS.get(folder)
    if known is not None and known[0] == signature:
        return known[1]
    digest = hashlib.sha256()
    _hash_files(digest, folder, files)
    _FOLDER_DIGESTS[folder] = (signature, digest.hexdigest())
    return digest.hexdigest()


@functools.cache
def _code_digest() -> bytes:
    """This package's code, templates and theme, and the engine's versions (read once per
    process: they do not change during a build)."""
    digest = hashlib.sha256(f"python {sys.version_info[0]}.{sys.version_info[1]}\0".encode())
    for name in ENGINE_PACKAGES:
        digest.update(f"{name} {_package_version(name)}\0".encode())
    hash_tree(digest, PACKAGE)
    return digest.digest()


def _stable(value: object) -> object:
    """A JSON-ready form of configuration values whose text does not vary between runs."""
    if isinstance(value, Mapping):
        return {str(k): _stable(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_stable(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    if value is None or isinstance(value, str | int | float | bool):
        return value
    text = str(value)
    return type(value).__name__ if " at 0x" in text else text


def fingerprint(
    *, lang: str, settings: Mapping[str, object], folders: Iterable[tuple[Path, tuple[str, ...]]]
) -> str:
    """What every page of one language build shares: code, engine, settings, folders."""
    digest = hashlib.sha256(f"ipt-pagestore {FORMAT}\0{lang}\0".encode())
    digest.update(_code_digest())
    digest.update(json.dumps(_stable(settings), sort_keys=True).encode())
    for folder, suffixes in folders:
        hash_tree(digest, folder, suffixes)
    return digest.hexdigest()


class PageStore:
    """Finished pages of one language, by key."""

    def __init__(self, library_root: Path, lang: str, shared: str) -> None:
        self.folder = cache_root(library_root) / "pages" / lang
        self.shared = shared
        self.used: set[str] = set()
        self.hits = 0
        self.stored = 0

    def key(self, *parts: str) -> str:
        digest = hashlib.sha256(self.shared.encode())
        for part in parts:
            encoded = part.encode("utf-8", "surrogatepass")
            digest.update(len(encoded).to_bytes(8, "big") + encoded)
        return digest.hexdigest()

    def _path(self, key: str, suffix: str) -> Path:
        return self.folder / f"{key}{suffix}"

    def _read(self, key: str, suffix: str, *, count: bool = True) -> str | None:
        try:
            text = self._path(key, suffix).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        self.used.add(key)
        self.hits += count
        return text

    def _write(self, key: str, suffix: str, text: str) -> None:
        """Store an entry; a failure to write only costs the next build time."""
        self.used.add(key)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = self.folder / f".{key}{suffix}.{os.getpid()}.tmp"
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, self._path(key, suffix))
            self.stored += suffix == ".html"
        except OSError:
            pass

    def get(self, key: str) -> str | None:
        """A finished page by its output key (made from this generated page)."""
        return self._read(key, ".html")

    def put(self, key: str, html: str) -> None:
        self._write(key, ".html", html)

    def get_entry(self, key: str) -> dict[str, Any] | None:
        """A finished page with its facts, by its input key (made from these sources).

        The entry names the page's output key; the HTML is kept once, under that."""
        text = self._read(key, ".json")
        if text is None:
            return None
        try:
            entry = json.loads(text)
        except ValueError:
            return None
        if not isinstance(entry, dict) or not isinstance(entry.get("page"), str):
            return None
        html = self._read(entry["page"], ".html", count=False)
        return {**entry, "html": html} if html is not None else None

    def put_entry(self, key: str, page_key: str, entry: Mapping[str, Any]) -> None:
        """Name the finished page ``page_key`` (already stored) under input key ``key``."""
        self._write(key, ".json", json.dumps({**entry, "page": page_key}, ensure_ascii=False))

    def prune(self) -> int:
        """Remove the entries this build did not use; how many were removed."""
        removed = 0
        try:
            for path in self.folder.iterdir():
                stale = path.suffix == ".tmp" or (
                    path.suffix in {".html", ".json"} and path.stem not in self.used
                )
                if stale:
                    path.unlink(missing_ok=True)
                    removed += 1
        except OSError:  # no store yet, or not ours to clean: the next build tries again
            pass
        return removed

"""Caches that make a build cheaper when nothing they depend on changed.

Everything lives under ``<library root>/.cache/`` (ignored by git; CI keeps it between
builds). Each cache checks what it holds against its source, so a stale entry is never
used: a template's compiled code carries a checksum of the template's source.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

CACHE_DIR = ".cache"


def cache_root(library_root: Path) -> Path:
    return library_root / CACHE_DIR


def speed_up_templates(
    env: jinja2.Environment, library_root: Path, kind: str, *, watch: bool = False
) -> None:
    """Compiled templates from disk, and (unless ``watch``) no file check on every
    ``get_template``.

    Each language build is its own process with its own environments, so without this every
    language compiles the same templates again. ``kind`` keeps environments with different
    settings apart (the bytecode cache does not key on them). ``watch`` keeps Jinja's check
    for changed template files, for a preview server whose environments outlive one build.
    """
    if env.bytecode_cache is None:
        folder = cache_root(library_root) / "jinja" / kind
        folder.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
    env.auto_reload = watch

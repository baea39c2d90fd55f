"""Cache keys: a hash of everything that shapes a PDF's bytes.

The key covers the complete HTML document (job fields, templates, translations, dates
are all in it), the stylesheet, the font files fontconfig picks, the versions of
WeasyPrint and pydyf, and the source of this package (finisher, options). A PDF whose
key is in the cache is copied, not rendered.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .fonts import font_files

PACKAGE_DIR = Path(__file__).parent


@lru_cache(maxsize=1)
def environment_fingerprint() -> str:
    """What every PDF depends on besides its own document: fonts, versions, this code."""
    digest = hashlib.sha256()
    for name in ("weasyprint", "pydyf"):
        try:
            digest.update(f"{name}={version(name)}\n".encode())
        except PackageNotFoundError:
            digest.update(f"{name}=missing\n".encode())
    digest.update(json.dumps(font_files()).encode())
    for source in sorted(PACKAGE_DIR.glob("*.py")):
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


def cache_key(document_html: str, css: str) -> str:
    digest = hashlib.sha256()
    for part in (environment_fingerprint(), css, document_html):
        digest.update(hashlib.sha256(part.encode()).digest())
    return digest.hexdigest()


def cache_path(cache_dir: Path, key: str) -> Path:
    return cache_dir / key[:2] / f"{key}.pdf"

"""The font families the PDFs use, and the files fontconfig resolves them to.

The file list is part of every cache key: installing or upgrading a Noto package
changes the PDFs, so they are rendered again.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

#: Every family pdf.css names (a test keeps the two in step).
FAMILIES: tuple[str, ...] = (
    "Noto Sans",
    "Noto Sans Arabic",
    "Noto Sans Devanagari",
    "Noto Sans CJK SC",
    "Noto Sans CJK TC",
    "Noto Sans CJK JP",
    "Noto Sans CJK KR",
)

#: The Debian packages that provide them.
DEBIAN_PACKAGES: tuple[str, ...] = ("fonts-noto-core", "fonts-noto-cjk")


#: The weights pdf.css uses (regular text and bold headings/labels).
STYLES: tuple[str, ...] = ("regular", "bold")


@lru_cache(maxsize=1)
def font_files() -> tuple[tuple[str, str, int], ...]:
    """(family:style, file, size) for each family and style, as fontconfig matches it."""
    found: list[tuple[str, str, int]] = []
    fc_match = shutil.which("fc-match")
    for family in FAMILIES:
        for style in STYLES:
            found.append((f"{family}:{style}", *_match(fc_match, family, style)))
    return tuple(found)


def _match(fc_match: str | None, family: str, style: str) -> tuple[str, int]:
    path = ""
    if fc_match:
        result = subprocess.run(
            [fc_match, "--format=%{family[0]}\t%{file}", f"{family}:{style}"],
            capture_output=True,
            text=True,
            check=False,
        )
        matched, _, path = result.stdout.partition("\t")
        if matched != family:
            path = ""  # fontconfig fell back to another family: this one is missing
    size = Path(path).stat().st_size if path and Path(path).exists() else 0
    return path, size


def missing_families() -> list[str]:
    """Families that are not installed (their text would use a fallback font)."""
    return sorted({name.split(":")[0] for name, path, _ in font_files() if not path})

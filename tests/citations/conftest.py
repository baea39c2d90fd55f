"""Shared helpers for the citation engine's tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ipt_library.citations import ApaFormatter, Bibliography, parse_bibliography
from ipt_library.diagnostics import Diagnostics

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parents[2]
REAL_BIBLIOGRAPHY = REPO / "bibliography.bib"

Loader = Callable[[str], tuple[Bibliography, Diagnostics]]


def english(text: str) -> str:
    """The identity gettext: the msgids are the English terms."""
    return text


@pytest.fixture
def load(tmp_path: Path) -> Loader:
    """Parse .bib text as if it were ``bibliography.bib`` at the root of a library."""

    def _load(text: str) -> tuple[Bibliography, Diagnostics]:
        diags = Diagnostics(tmp_path)
        return parse_bibliography(text, tmp_path / "bibliography.bib", diags), diags

    return _load


def fmt_for(bib: Bibliography) -> ApaFormatter:
    return ApaFormatter(bib, english, "en")


def text(segments: object) -> str:
    return "".join(s.text for s in segments)  # type: ignore[attr-defined]

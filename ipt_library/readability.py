"""Reading ease of English texts written for the public (target: reading age 9-11).

Measured with textstat on the body as a reader sees it: without worksheet field blocks,
citations, link targets, headings' hashes or code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import textstat

from .checks import blank_code
from .model import Library

#: Flesch-Kincaid grade above which a public text gets a warning (US grade 8 is about
#: reading age 13-14; the library aims at grade 4-6, reading age 9-11).
MAX_GRADE = 8.0

_FIELD_BLOCK = re.compile(r"^(```|~~~)field[^\n]*\n.*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
_CITATION = re.compile(r"\[-?@[^\]]*\]|(?<![\w@])@[A-Za-z0-9_:.-]+")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_HTML = re.compile(r"<[^>]+>")
_MARKUP = re.compile(r"^[#>*\-+\s]+|[*_`|]", re.MULTILINE)


@dataclass(frozen=True)
class Readability:
    slug: str
    words: int
    reading_ease: float
    grade: float


def plain_text(markdown: str) -> str:
    text = _FIELD_BLOCK.sub("", markdown)
    text = blank_code(text)
    text = _CITATION.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _HTML.sub(" ", text)
    return _MARKUP.sub("", text)


def measure_library(library: Library) -> list[Readability]:
    """Figures for every resource written in English for the public."""
    results = []
    for resource in library.resources:
        if "public" not in resource.meta.audience or "en" not in resource.texts:
            continue
        if resource.meta.source_language != "en":
            continue
        text = plain_text(resource.texts["en"].body)
        results.append(
            Readability(
                resource.slug,
                textstat.lexicon_count(text),
                round(float(textstat.flesch_reading_ease(text)), 1),
                round(float(textstat.flesch_kincaid_grade(text)), 1),
            )
        )
    return results

"""The citation engine's values: names, references, formatted segments, citations.

Everything here is a frozen dataclass so a loaded bibliography can be shared between
languages and pages without copying, and cached results cannot be changed by accident.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

SegmentStyle = Literal["plain", "italic", "link"]

_INITIAL_SPLIT = re.compile(r"[\s.]+")


@dataclass(frozen=True, slots=True)
class Name:
    """A person (family, given, particle, suffix) or a group author (``corporate``)."""

    family: str
    given: str = ""
    particle: str = ""
    suffix: str = ""
    corporate: bool = False

    @property
    def full_family(self) -> str:
        """The surname as cited in text: 'van Oppen', 'de Mello', 'World Health Organization'."""
        return f"{self.particle} {self.family}" if self.particle else self.family

    @property
    def initials(self) -> str:
        """APA initials of the given names: 'Gerald L.' -> 'G. L.', 'Jean-Paul' -> 'J.-P.'."""
        return initials(self.given)

    @property
    def sort_key(self) -> tuple[str, str]:
        """Letter-by-letter order on surname then initials (APA 9.44-9.45)."""
        return (collation_key(self.full_family), collation_key(self.initials))

    @property
    def identity(self) -> tuple[str, str, str, str, bool]:
        """What makes two entries 'the same author' for year suffixes and name collisions."""
        return (self.family, self.particle, self.initials, self.suffix, self.corporate)


def initials(given: str) -> str:
    """Turn given names into APA initials, keeping hyphens: 'Jean-Paul M.' -> 'J.-P. M.'."""
    parts: list[str] = []
    for word in _INITIAL_SPLIT.split(given):
        if not word:
            continue
        pieces = [p for p in word.split("-") if p]
        letters = [_first_letter(p) for p in pieces]
        parts.append("-".join(f"{letter}." for letter in letters if letter))
    return " ".join(p for p in parts if p)


def _first_letter(word: str) -> str:
    for char in word:
        if char.isalpha():
            return char.upper()
    return ""


def collation_key(text: str) -> str:
    """A sort key that ignores case, accents, spaces and punctuation (APA 9.45: O'Neil = ONeil)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if c.isalnum())


@dataclass(frozen=True, slots=True)
class Reference:
    """One bibliography entry after parsing, LaTeX decoding and name splitting.

    ``year`` is the text of the year ('1984', 'in press') or '' when the work has no date;
    ``year_suffix`` ('a', 'b') is computed across the whole bibliography.
    """

    key: str
    entry_type: str
    authors: tuple[Name, ...] = ()
    editors: tuple[Name, ...] = ()
    authors_et_al: bool = False
    editors_et_al: bool = False
    year: str = ""
    year_suffix: str = ""
    month: int | None = None
    day: int | None = None
    title: str = ""
    container: str = ""
    volume: str = ""
    number: str = ""
    pages: str = ""
    article_number: str = ""
    publisher: str = ""
    edition: str = ""
    doi: str = ""
    url: str = ""
    institution: str = ""
    note: str = ""
    address: str = ""
    series: str = ""
    medium: str = ""
    urldate: str = ""
    language: str = ""
    line: int = 0

    @property
    def creators(self) -> tuple[Name, ...]:
        """Who stands in the author position: authors, else editors, else the institution."""
        if self.authors:
            return self.authors
        if self.editors:
            return self.editors
        if self.institution and self.kind == "report":
            return (Name(self.institution, corporate=True),)
        return ()

    @property
    def creators_et_al(self) -> bool:
        return self.authors_et_al if self.authors else self.editors_et_al

    @property
    def kind(self) -> str:
        """The APA reference pattern used for this entry (see ``KINDS``)."""
        return kind_of(self.entry_type, self.medium, self.url)


# The APA reference patterns the formatter knows, and the BibTeX/BibLaTeX types mapped to them.
KINDS: dict[str, str] = {
    "article": "article",
    "book": "book",
    "booklet": "book",
    "collection": "book",
    "proceedings": "book",
    "incollection": "chapter",
    "inbook": "chapter",
    "inproceedings": "chapter",
    "conference": "chapter",
    "report": "report",
    "techreport": "report",
    "manual": "report",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "online": "webpage",
    "webpage": "webpage",
    "electronic": "webpage",
    "www": "webpage",
    "misc": "misc",
    "unpublished": "unpublished",
}

VIDEO_MEDIA = frozenset({"video", "film", "motion picture", "youtube video"})


def kind_of(entry_type: str, medium: str, url: str) -> str:
    kind = KINDS.get(entry_type, "misc")
    if kind in ("webpage", "misc") and medium.casefold() in VIDEO_MEDIA:
        return "video"
    if kind == "misc" and url:
        return "webpage"
    return kind


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of formatted text. Templates turn ``italic`` into <em> and ``link`` into <a>."""

    text: str
    style: SegmentStyle = "plain"
    href: str = ""


@dataclass(frozen=True, slots=True)
class InText:
    """A formatted in-text citation, ready for ``macros.html.j2``'s ``in_text`` macro."""

    segments: tuple[Segment, ...]
    keys: tuple[str, ...]
    mode: Literal["parenthetical", "narrative"]

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segments)


@dataclass(frozen=True, slots=True)
class Locator:
    """A pinpoint such as 'p. 12': ``label`` is 'page', 'paragraph', 'chapter', ..."""

    label: str
    value: str

    @property
    def plural(self) -> bool:
        return bool(re.search(r"[-–—,&]|\band\b", self.value))


@dataclass(frozen=True, slots=True)
class Citation:
    """One cited work inside a citation group: ``[see @key, p. 12, for details]``."""

    key: str
    line: int
    prefix: str = ""
    suffix: str = ""
    locator: Locator | None = None
    suppress_author: bool = False


@dataclass(frozen=True, slots=True)
class CitationGroup:
    """A bracketed group ``[@a; @b]`` or a narrative ``@a``, with its place in the source."""

    items: tuple[Citation, ...]
    narrative: bool
    start: int
    end: int
    line: int
    source: str = field(default="", compare=False)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.items)

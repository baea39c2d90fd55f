"""An APA 7 formatter for the entry types the library uses.

It returns :class:`Segment` lists (plain, italic, link), never HTML: the Jinja macros in
``templates/citations/macros.html.j2`` render them. One formatter serves one language;
formatted references are cached, so a page costs a dictionary lookup per citation.

Rules followed (section numbers of the APA Publication Manual, 7th edition):
authors "Family, G. G." with "&" before the last, all names up to 20, then the first 19,
an ellipsis and the last (9.8); group authors spelled out (9.11); editors in the author
position with "(Ed.)"/"(Eds.)" (9.10); dates "(2020)", "(2020, May 3)", "(n.d.)",
"(in press)" (9.13-9.17); italics for stand-alone works, plain titles for parts of
works (9.19); edition and volume in parentheses after the title (9.19); descriptions in
square brackets "[Video]", "[Doctoral dissertation, X]" (9.21); journal name and volume
italic, issue in parentheses, page range with an en dash (9.25); chapters "In E. Editor
(Ed.), *Book* (pp. x–y)" (9.28); the publisher left out when it is the author (9.29); DOIs
as https://doi.org/ links (9.34-9.36); "Retrieved ... from" only for undated pages that
change (9.16). In text: one or two authors always, three or more as "First et al." (8.17);
"&" in parentheses and "and" in running text (8.17); enough names to tell apart works
that shorten alike (8.18); year suffixes (8.19); first authors' initials when surnames
collide (8.20); several works in reference-list order, separated by semicolons (8.12);
pinpoints "p. 12", "pp. 3–5", "para. 4" (8.13).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .bibliography import (
    IN_PRESS,
    Bibliography,
    CiteNames,
    normalise_pages,
    sort_key,
    year_key,
)
from .export import coins
from .model import (
    Citation,
    CitationGroup,
    InText,
    Locator,
    Name,
    Reference,
    Segment,
    collation_key,
)
from .terms import (
    AMPERSAND,
    AND,
    ARTICLE,
    CHAPTER,
    DOCTORAL,
    EDITOR,
    EDITORS,
    ET_AL,
    FIGURE,
    IN,
    MASTERS,
    NO_DATE,
    NUMBER,
    PAGE,
    PAGES,
    PARAGRAPH,
    PARAGRAPHS,
    QUOTED,
    REPORT,
    RETRIEVED,
    SECTION,
    TABLE,
    UNPUBLISHED,
    UNPUBLISHED_DOCTORAL,
    UNPUBLISHED_MASTERS,
    VIDEO,
    VOLUME,
    Gettext,
    Terms,
)
from .terms import IN_PRESS as IN_PRESS_TERM

MAX_LISTED_AUTHORS = 20
_TERMINAL = (".", "?", "!")
_ITALIC_KINDS = frozenset({"book", "report", "thesis", "webpage", "video", "misc", "unpublished"})
_LOCATOR_TERMS = {
    "page": (PAGE, PAGES),
    "paragraph": (PARAGRAPH, PARAGRAPHS),
    "chapter": (CHAPTER, CHAPTER),
    "section": (SECTION, SECTION),
    "figure": (FIGURE, FIGURE),
    "table": (TABLE, TABLE),
}


_LANGUAGE_NAMES = {
    "english": "en",
    "spanish": "es",
    "french": "fr",
    "german": "de",
    "arabic": "ar",
    "chinese": "zh",
    "hindi": "hi",
    "portuguese": "pt",
    "italian": "it",
    "dutch": "nl",
}


def bcp47(language: str) -> str:
    """A ``lang`` attribute value from a .bib language field ('english' or 'en-GB'), or ''."""
    value = language.strip()
    if re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", value):
        return value
    return _LANGUAGE_NAMES.get(value.casefold(), "")


def anchor_id(key: str) -> str:
    """The stable id of a reference-list entry; in-text citations link to ``#ref-<key>``."""
    return "ref-" + "".join(c if c.isalnum() or c in "-_.:" else "-" for c in key.casefold())


class _Builder:
    """Collects segments, merging plain runs and adding APA's full stops only when needed."""

    def __init__(self) -> None:
        self.segments: list[Segment] = []

    def add(self, text: str, style: str = "plain", href: str = "") -> None:
        if not text:
            return
        last = self.segments[-1] if self.segments else None
        if style == "plain" and last is not None and last.style == "plain":
            self.segments[-1] = Segment(last.text + text)
        elif style == "italic":
            self.segments.append(Segment(text, "italic"))
        elif style == "link":
            self.segments.append(Segment(text, "link", href or text))
        else:
            self.segments.append(Segment(text))

    def extend(self, segments: Iterable[Segment]) -> None:
        for seg in segments:
            self.add(seg.text, seg.style, seg.href)

    def ends_with(self, chars: tuple[str, ...]) -> bool:
        return bool(self.segments) and self.segments[-1].text.rstrip().endswith(chars)

    def period(self) -> None:
        if self.segments and not self.ends_with(_TERMINAL):
            self.add(".")


@dataclass(frozen=True, slots=True)
class ListedReference:
    """One entry of a reference list, as ``reference-list.html.j2`` expects it."""

    key: str
    anchor: str
    segments: tuple[Segment, ...]
    coins: str
    language: str = ""

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segments)


class ApaFormatter:
    """APA 7 references and in-text citations for one bibliography in one language."""

    def __init__(self, bib: Bibliography, gettext: Gettext, lang: str = "en") -> None:
        self.bib = bib
        self.terms = Terms(gettext, lang)
        self.lang = lang
        self._references: dict[str, tuple[Segment, ...]] = {}
        self._listed: dict[str, ListedReference] = {}

    # ------------------------------------------------------------------ reference list

    def reference(self, key: str) -> list[Segment]:
        """The reference-list entry of ``key`` (KeyError if the key is unknown)."""
        ref = self.bib[key]
        cached = self._references.get(ref.key)
        if cached is None:
            cached = self._references[ref.key] = tuple(self.format(ref))
        return list(cached)

    def sort_key(self, key: str) -> tuple[object, ...]:
        return sort_key(self.bib[key])

    def reference_text(self, key: str) -> str:
        return "".join(s.text for s in self.reference(key))

    def listed(self, keys: Iterable[str]) -> list[ListedReference]:
        """The known works among ``keys`` in APA order, ready for the reference-list template."""
        listed: list[ListedReference] = []
        for ref in self.bib.in_order(keys):
            entry = self._listed.get(ref.key)
            if entry is None:
                segments = tuple(self.reference(ref.key))
                entry = ListedReference(
                    ref.key, anchor_id(ref.key), segments, coins(ref), bcp47(ref.language)
                )
                self._listed[ref.key] = entry
            listed.append(entry)
        return listed

    def format(self, ref: Reference) -> list[Segment]:
        """Format any reference, also one that is not in the bibliography (a resource)."""
        t = self.terms
        b = _Builder()
        kind = ref.kind
        if self._author(b, ref):
            b.period()
            b.add(" ")
            b.add(self._date(ref))
            b.add(". ")
            self._title(b, ref, kind)
        else:
            # No author: the title moves to the author position (APA 9.12).
            self._title(b, ref, kind)
            b.period()
            b.add(" ")
            b.add(self._date(ref))
        b.period()
        source = self._source(ref, kind)
        if source:
            b.add(" ")
            b.extend(source)
            b.period()
        if ref.doi:
            url = "https://doi.org/" + ref.doi
            b.add(" ")
            b.add(url, "link", url)
        elif ref.url:
            b.add(" ")
            if ref.urldate and not ref.year:
                retrieved = _parse_iso_date(ref.urldate)
                if retrieved is not None:
                    b.add(t(RETRIEVED).format(date=t.long_date(retrieved)) + " ")
            b.add(ref.url, "link", ref.url)
        return b.segments

    def _author(self, b: _Builder, ref: Reference) -> bool:
        creators = ref.creators
        if not creators:
            return False
        b.add(self._name_list(creators, ref.creators_et_al))
        if not ref.authors and ref.editors:
            plural = len(ref.editors) > 1 or ref.editors_et_al
            b.add(" (" + self.terms(EDITORS if plural else EDITOR) + ")")
        return True

    def _name_list(self, names: Sequence[Name], et_al: bool) -> str:
        written = [_inverted(n) for n in names]
        amp = self.terms(AMPERSAND)
        if et_al:
            return ", ".join([*written, self.terms(ET_AL)])
        if len(written) == 1:
            return written[0]
        if len(written) > MAX_LISTED_AUTHORS:
            # APA 9.8: the first 19 names, an ellipsis, then the final name (no ampersand).
            return ", ".join(written[:19]) + ", . . . " + written[-1]
        return ", ".join(written[:-1]) + f", {amp} " + written[-1]

    def _date(self, ref: Reference) -> str:
        text = self.year_text(ref)
        if ref.year.isdigit() and ref.kind in ("webpage", "video") and ref.month:
            text += ", " + self.terms.month_day(ref.month, ref.day)
        return f"({text})"

    def _title(self, b: _Builder, ref: Reference, kind: str) -> None:
        t = self.terms
        if kind in ("article", "chapter"):
            b.add(ref.title)
            return
        b.add(ref.title, "italic")
        if kind == "book":
            b.add(self._book_parenthetical(ref, pages=False))
        elif kind == "report":
            details = [self._report_number(ref)] if ref.number else []
            if ref.edition:
                details.append(t.edition(ref.edition))
            if details:
                b.add(" (" + ", ".join(details) + ")")
        elif kind == "thesis":
            b.add(" [" + self._thesis_description(ref) + "]")
        elif kind == "video":
            b.add(" [" + t(VIDEO) + "]")
        elif kind == "unpublished":
            b.add(" [" + t(UNPUBLISHED) + "]")
        elif ref.medium:
            b.add(" [" + ref.medium + "]")

    def _book_parenthetical(self, ref: Reference, pages: bool) -> str:
        t = self.terms
        parts: list[str] = []
        if ref.edition:
            parts.append(t.edition(ref.edition))
        if ref.volume:
            parts.append(f"{t(VOLUME)} {ref.volume}")
        if pages and ref.pages:
            parts.append(self._pages(ref.pages))
        return f" ({', '.join(parts)})" if parts else ""

    def _pages(self, pages: str) -> str:
        label = PAGES if _is_range(pages) else PAGE
        return f"{self.terms(label)} {normalise_pages(pages)}"

    def _report_number(self, ref: Reference) -> str:
        genre = ref.medium or self.terms(REPORT)
        return f"{genre} {self.terms(NUMBER)} {ref.number}"

    def _thesis_description(self, ref: Reference) -> str:
        t = self.terms
        masters = ref.entry_type == "mastersthesis" or ref.medium.casefold() in (
            "mathesis",
            "master's thesis",
            "masters thesis",
        )
        if ref.url or ref.doi:
            # Published (in a database or archive): the institution goes in the brackets.
            label = t(MASTERS if masters else DOCTORAL)
            return f"{label}, {ref.institution}" if ref.institution else label
        return t(UNPUBLISHED_MASTERS if masters else UNPUBLISHED_DOCTORAL)

    def _source(self, ref: Reference, kind: str) -> list[Segment]:
        b = _Builder()
        if kind == "article":
            b.add(ref.container, "italic")
            if ref.volume:
                b.add(", ")
                b.add(ref.volume, "italic")
                if ref.number:
                    b.add(f"({ref.number})")
            elif ref.number:
                b.add(f", ({ref.number})")
            if ref.article_number:
                # APA 9.25: an article number (BibLaTeX eid) takes the place of pages.
                b.add(f", {self.terms(ARTICLE)} {ref.article_number}")
            elif ref.pages:
                b.add(", " + normalise_pages(ref.pages))
            return b.segments
        if kind == "chapter":
            b.add(self.terms(IN) + " ")
            if ref.editors:
                label = EDITORS if len(ref.editors) > 1 or ref.editors_et_al else EDITOR
                b.add(self._editors_in(ref.editors, ref.editors_et_al))
                b.add(f" ({self.terms(label)}), ")
            b.add(ref.container, "italic")
            b.add(self._book_parenthetical(ref, pages=True))
            publisher = self._publisher(ref)
            if publisher:
                b.period()
                b.add(" " + publisher)
            return b.segments
        if kind == "thesis":
            # Unpublished: the university is the source; published: the database is.
            b.add(ref.publisher if (ref.url or ref.doi) else ref.institution)
            return b.segments
        if kind == "unpublished":
            b.add(ref.institution or ref.publisher)
            return b.segments
        b.add(self._publisher(ref))
        return b.segments

    def _publisher(self, ref: Reference) -> str:
        publisher = ref.publisher
        if not publisher and ref.kind == "report":
            publisher = ref.institution
        authors = {n.family.casefold() for n in ref.creators if n.corporate}
        if publisher.casefold() in authors:
            return ""
        return publisher

    def _editors_in(self, names: Sequence[Name], et_al: bool) -> str:
        written = [_direct(n) for n in names]
        if et_al:
            return ", ".join([*written, self.terms(ET_AL)])
        if len(written) == 1:
            return written[0]
        amp = self.terms(AMPERSAND)
        if len(written) == 2:
            return f"{written[0]} {amp} {written[1]}"
        return ", ".join(written[:-1]) + f", {amp} " + written[-1]

    # ------------------------------------------------------------------ in-text citations

    def in_text(self, group: CitationGroup) -> InText:
        """'(Klerman et al., 1984; Weissman et al., 2018)', 'Klerman et al. (1984)', '(1984)'."""
        if group.narrative:
            return InText(tuple(self._narrative(group.items[0])), self._keys(group), "narrative")
        items = list(group.items)
        if not any(c.prefix for c in items):
            # APA 8.12: several works in one parenthesis follow the reference-list order.
            items.sort(key=self._citation_order)
        b = _Builder()
        b.add("(")
        previous_author: str | None = None
        for index, cite in enumerate(items):
            ref = self.bib.get(cite.key)
            if ref is None:
                b.add(("; " if index else "") + _unknown(cite.key))
                previous_author = None
                continue
            href = "#" + anchor_id(ref.key)
            author = self.author_text(ref, narrative=False)
            plain = not (cite.prefix or cite.suffix or cite.locator or cite.suppress_author)
            if plain and previous_author == author:
                # APA 8.12: same authors, several years: "(Cuijpers et al., 2011, 2016)".
                b.add(", ")
                b.add(self.year_text(ref), "link", href)
                continue
            if index:
                b.add("; ")
            if cite.prefix:
                b.add(cite.prefix + " ")
            label = (
                self.year_text(ref) if cite.suppress_author else f"{author}, {self.year_text(ref)}"
            )
            b.add(label, "link", href)
            if cite.locator:
                b.add(", " + self.locator_text(cite.locator))
            b.add(_suffix(cite.suffix))
            previous_author = author if plain else None
        b.add(")")
        return InText(tuple(b.segments), self._keys(group), "parenthetical")

    def _keys(self, group: CitationGroup) -> tuple[str, ...]:
        """The cited keys as the bibliography spells them (citations ignore case)."""
        return tuple(getattr(self.bib.get(k), "key", k) for k in group.keys)

    def _citation_order(self, cite: Citation) -> tuple[object, ...]:
        """By the names as cited (surname, then initials), then by date, as apa.csl's citation
        sort: "(Cuijpers et al., 2011, 2016)", "(E. Taylor, 2016; J. M. Taylor & Sanchez, 2019)"."""
        ref = self.bib.get(cite.key)
        if ref is None:
            return (1, cite.key)
        forms = self.bib.cite_names(ref.key)
        if forms.names:
            names: tuple[object, ...] = tuple(n.sort_key for n in forms.names)
        else:
            names = ((collation_key(ref.title), ""),)
        return (0, names, forms.et_al, year_key(ref), ref.year_suffix, sort_key(ref))

    def _narrative(self, cite: Citation) -> list[Segment]:
        ref = self.bib.get(cite.key)
        if ref is None:
            return [Segment(_unknown(cite.key))]
        inner = self.year_text(ref)
        if cite.locator:
            inner += ", " + self.locator_text(cite.locator)
        b = _Builder()
        text = f"{self.author_text(ref, narrative=True)} ({inner})"
        b.add(text, "link", "#" + anchor_id(ref.key))
        b.add(_suffix(cite.suffix))
        return b.segments

    def author_text(self, ref: Reference, narrative: bool) -> str:
        """The names part of an in-text citation: 'Markowitz & Weissman', 'Klerman et al.'."""
        t = self.terms
        if not ref.creators:
            return self._title_in_text(ref)
        if self.bib.get(ref.key) is ref:
            forms = self.bib.cite_names(ref.key)
        else:
            # A work outside the bibliography (a resource's own page): the plain 8.17 rule.
            many = len(ref.creators) >= 3 or ref.creators_et_al
            forms = CiteNames(ref.creators[:1] if many else ref.creators, many)
        names = [n.full_family for n in forms.names]
        if forms.initials and names:
            first = forms.names[0]
            names[0] = f"{first.initials} {first.full_family}".strip()
        if forms.et_al:
            return (", ".join(names) + "," if len(names) > 1 else names[0]) + " " + t(ET_AL)
        conj = t(AND) if narrative else t(AMPERSAND)
        if len(names) == 1:
            return names[0]
        if len(names) == 2:
            return f"{names[0]} {conj} {names[1]}"
        return ", ".join(names[:-1]) + f", {conj} " + names[-1]

    def _title_in_text(self, ref: Reference) -> str:
        if ref.kind in _ITALIC_KINDS:
            return ref.title
        return self.terms(QUOTED).format(title=ref.title)

    def year_text(self, ref: Reference) -> str:
        """'1984', '2016a', 'n.d.', 'n.d.-b', 'in press' (no month or day in text)."""
        t = self.terms
        if ref.year == IN_PRESS:
            return t(IN_PRESS_TERM) + ("-" + ref.year_suffix if ref.year_suffix else "")
        if not ref.year:
            return t(NO_DATE) + ("-" + ref.year_suffix if ref.year_suffix else "")
        return ref.year + ref.year_suffix

    def locator_text(self, locator: Locator) -> str:
        value = normalise_pages(locator.value)
        terms = _LOCATOR_TERMS.get(locator.label)
        if terms is None:
            return f"{locator.label} {value}".strip()
        return f"{self.terms(terms[1] if locator.plural else terms[0])} {value}"


def _inverted(name: Name) -> str:
    """'Weissman, M. M.', 'van Oppen, P.', 'King, M. L., Jr.', 'World Health Organization'."""
    if name.corporate:
        return name.family
    text = name.full_family
    if name.initials:
        text += ", " + name.initials
    if name.suffix:
        text += ", " + name.suffix
    return text


def _direct(name: Name) -> str:
    """Editors of a book a chapter is in: 'M. M. Weissman', 'P. van Oppen'."""
    if name.corporate:
        return name.family
    parts = [name.initials, name.full_family, name.suffix]
    return " ".join(p for p in parts if p)


def _is_range(pages: str) -> bool:
    return any(c in pages for c in "-–—,&")


def _suffix(text: str) -> str:
    text = text.rstrip()
    if not text:
        return ""
    return text if text[0] in ",;:." else " " + text


def _unknown(key: str) -> str:
    return f"{key}?"


def _parse_iso_date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None

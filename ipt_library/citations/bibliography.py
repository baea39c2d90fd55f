"""The loaded bibliography: validated references in APA order, looked up without case.

``load_bibliography`` is called once per build; everything a page needs afterwards
(year suffixes, in-text name forms, sort order) is computed here, once, for all languages.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from bibtexparser.model import Entry, Field

from ..diagnostics import Diagnostics, did_you_mean
from .bibtex import NameList, RawProblem, run_stack, split_entries
from .model import KINDS, Name, Reference, collation_key

# Fields an APA reference cannot do without, per BibTeX type. A tuple means "one of these".
REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "article": (("author",), ("title",), ("journal",), ("year",)),
    "book": (("author", "editor"), ("title",), ("publisher",), ("year",)),
    "booklet": (("title",),),
    "collection": (("editor",), ("title",), ("publisher",), ("year",)),
    "proceedings": (("editor",), ("title",), ("year",)),
    "incollection": (("author",), ("title",), ("booktitle",), ("publisher",), ("year",)),
    "inbook": (("author", "editor"), ("title",), ("booktitle",), ("publisher",), ("year",)),
    "inproceedings": (("author",), ("title",), ("booktitle",), ("year",)),
    "conference": (("author",), ("title",), ("booktitle",), ("year",)),
    "report": (("title",), ("institution", "publisher", "author"), ("year",)),
    "techreport": (("title",), ("institution", "publisher", "author"), ("year",)),
    "manual": (("title",),),
    "phdthesis": (("author",), ("title",), ("school",), ("year",)),
    "mastersthesis": (("author",), ("title",), ("school",), ("year",)),
    "thesis": (("author",), ("title",), ("school",), ("year",)),
    "online": (("title",), ("url",)),
    "webpage": (("title",), ("url",)),
    "electronic": (("title",), ("url",)),
    "www": (("title",), ("url",)),
    "misc": (("title",),),
    "unpublished": (("author",), ("title",)),
}

# BibLaTeX spellings accepted for the classic BibTeX field names.
ALIASES = {"journaltitle": "journal", "date": "year", "location": "address", "langid": "language"}

_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_URL = re.compile(r"^https?://\S+$")
_PAGE_RANGE = re.compile(r"(?<=\w)\s*(?:-{1,3}|–|—)\s*(?=\w)")
_LEADING_ARTICLE = re.compile(r"^(?:a|an|the)\s+", re.IGNORECASE)
_MONTHS = {
    name: index
    for index, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
IN_PRESS = "in press"


@dataclass(frozen=True, slots=True)
class CiteNames:
    """How the in-text citation names a work, decided once for the whole bibliography.

    ``names`` are the creators written out; ``et_al`` says whether "et al." follows;
    ``initials`` says whether the first author's initials come first (APA 8.20).
    """

    names: tuple[Name, ...]
    et_al: bool
    initials: bool = False


class Bibliography:
    """References in APA order; ``get`` ignores case, as BibTeX and Pandoc do."""

    def __init__(self, references: Iterable[Reference], path: Path | None = None) -> None:
        self.path = path
        refs = _assign_year_suffixes(list(references))
        refs.sort(key=sort_key)
        self._refs: tuple[Reference, ...] = tuple(refs)
        self._by_key: dict[str, Reference] = {r.key.casefold(): r for r in refs}
        self._cite_names = _cite_names(refs)

    def get(self, key: str) -> Reference | None:
        return self._by_key.get(key.casefold())

    def __getitem__(self, key: str) -> Reference:
        ref = self.get(key)
        if ref is None:
            raise KeyError(key)
        return ref

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key.casefold() in self._by_key

    def __iter__(self) -> Iterator[Reference]:
        return iter(self._refs)

    def __len__(self) -> int:
        return len(self._refs)

    def keys(self) -> list[str]:
        return [r.key for r in self._refs]

    def cite_names(self, key: str) -> CiteNames:
        return self._cite_names[self[key].key]

    def suggest(self, key: str) -> str:
        """A " Did you mean 'x'?" suffix for an unknown key, or ''."""
        return did_you_mean(key, self.keys())

    def in_order(self, keys: Iterable[str]) -> list[Reference]:
        """The known references among ``keys``, once each, in APA reference-list order."""
        wanted = {k.casefold() for k in keys}
        return [r for r in self._refs if r.key.casefold() in wanted]


def load_bibliography(path: Path, diags: Diagnostics) -> Bibliography:
    """Read and validate a .bib file; every problem becomes a diagnostic, never an exception."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        diags.error(path, 1, "bib-missing", "the bibliography file does not exist")
        return Bibliography([], path)
    except (OSError, UnicodeDecodeError) as exc:
        diags.error(
            path,
            1,
            "bib-syntax",
            f"the bibliography cannot be read: {exc}",
            "save the file as UTF-8",
        )
        return Bibliography([], path)
    return parse_bibliography(text, path, diags)


def parse_bibliography(text: str, path: Path, diags: Diagnostics) -> Bibliography:
    """Like :func:`load_bibliography` for text already in memory (tests, editors' previews)."""
    problems: list[RawProblem] = []
    try:
        entries, strings = split_entries(text, problems)
        parsed = run_stack(entries, strings, problems)
    except Exception as exc:  # a parser bug must still end as a diagnostic, not a traceback
        diags.error(path, 1, "bib-syntax", f"the bibliography cannot be parsed: {exc}")
        return Bibliography([], path)
    references = [to_reference(entry, problems) for entry in parsed]
    for problem in problems:
        diags.error(path, problem.line, problem.code, problem.message, problem.hint)
    return Bibliography(references, path)


def _line(entry: Entry, fld: Field | None = None) -> int:
    if fld is not None and isinstance(fld.start_line, int):
        return fld.start_line + 1
    return (entry.start_line or 0) + 1


def to_reference(entry: Entry, problems: list[RawProblem]) -> Reference:
    """Validate one parsed entry and build its :class:`Reference`."""
    entry_type = entry.entry_type.lower()
    line = _line(entry)
    fields: dict[str, Field] = {}
    for fld in entry.fields:
        fields.setdefault(ALIASES.get(fld.key, fld.key), fld)

    def text(*names: str) -> str:
        for name in names:
            fld = fields.get(name)
            if fld is not None and isinstance(fld.value, str) and fld.value.strip():
                return fld.value.strip()
        return ""

    def names(name: str) -> NameList:
        fld = fields.get(name)
        return fld.value if fld is not None and isinstance(fld.value, NameList) else NameList(())

    if entry_type not in KINDS:
        known = ", ".join(sorted(KINDS))
        problems.append(
            RawProblem(
                line,
                "bib-unknown-type",
                f"'{entry.key}' has the unknown entry type @{entry_type}; it is formatted as @misc"
                + did_you_mean(entry_type, KINDS),
                f"use one of: {known}",
            )
        )
    _check_required(entry, entry_type, fields, problems)

    year, month, day = _date(entry, fields, problems)
    if fields.get("month") is not None and month is None:
        month = _month(text("month"))
    if month is not None and day is None and text("day").isdigit():
        day = int(text("day"))

    authors, editors = names("author"), names("editor")
    institution = text("institution", "school")
    publisher = text("publisher")
    if not publisher and KINDS.get(entry_type) in ("webpage", "misc", "report"):
        publisher = text("organization")
    if not publisher and entry_type in ("online", "misc", "webpage"):
        howpublished = text("howpublished")
        publisher = "" if _URL.match(howpublished) else howpublished
    return Reference(
        key=entry.key,
        entry_type=entry_type if entry_type in KINDS else "misc",
        authors=authors.names,
        editors=editors.names,
        authors_et_al=authors.et_al,
        editors_et_al=editors.et_al,
        year=year,
        month=month,
        day=day,
        title=text("title"),
        container=text("journal", "booktitle"),
        volume=text("volume"),
        number=text("number", "issue"),
        pages=normalise_pages(text("pages")),
        article_number=text("eid"),
        publisher=publisher,
        edition=text("edition"),
        doi=_doi(entry, fields.get("doi"), problems),
        url=_url(entry, fields.get("url"), problems),
        institution=institution,
        note=text("note"),
        address=text("address"),
        series=text("series"),
        medium=text("type"),
        urldate=text("urldate"),
        language=text("language"),
        line=line,
    )


def _check_required(
    entry: Entry, entry_type: str, fields: dict[str, Field], problems: list[RawProblem]
) -> None:
    missing: list[str] = []
    for alternatives in REQUIRED.get(entry_type, REQUIRED["misc"]):
        if not any(_present(fields.get(name)) for name in alternatives):
            missing.append(" or ".join(alternatives))
    if missing:
        problems.append(
            RawProblem(
                _line(entry),
                "bib-missing-field",
                f"'{entry.key}' (@{entry_type}) has no {', '.join(missing)}",
                "APA needs these to write the reference; add them",
            )
        )


def _present(fld: Field | None) -> bool:
    if fld is None:
        return False
    value = fld.value
    if isinstance(value, NameList):
        return bool(value.names)
    return isinstance(value, str) and bool(value.strip())


def _date(
    entry: Entry, fields: dict[str, Field], problems: list[RawProblem]
) -> tuple[str, int | None, int | None]:
    fld = fields.get("year")
    if fld is None or not isinstance(fld.value, str) or not fld.value.strip():
        return "", None, None
    value = fld.value.strip()
    if value.casefold() in (IN_PRESS, "forthcoming"):
        return IN_PRESS, None, None
    if value.casefold() in ("n.d.", "nd", "no date"):
        return "", None, None
    match = _YEAR.match(value)
    if match is None:
        problems.append(
            RawProblem(
                _line(entry, fld),
                "bib-bad-year",
                f"'{entry.key}': '{value}' is not a year",
                "write four digits (1984), a date (2020-05-03), 'in press', or leave it out "
                "for n.d.",
            )
        )
        return "", None, None
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    if month is not None and not 1 <= month <= 12:
        month = day = None
    return match.group(1), month, day


def _month(value: str) -> int | None:
    value = value.strip().casefold().rstrip(".")
    if value.isdigit() and 1 <= int(value) <= 12:
        return int(value)
    return _MONTHS.get(value)


def normalise_doi(value: str) -> str:
    """Accept a DOI pasted as a link ('https://doi.org/10.1/x', 'doi:10.1/x') and keep '10.1/x'."""
    return _DOI_PREFIX.sub("", value.strip())


def _doi(entry: Entry, fld: Field | None, problems: list[RawProblem]) -> str:
    if fld is None or not isinstance(fld.value, str) or not fld.value.strip():
        return ""
    doi = normalise_doi(fld.value)
    if not _DOI.match(doi):
        problems.append(
            RawProblem(
                _line(entry, fld),
                "bib-bad-doi",
                f"'{entry.key}': '{fld.value.strip()}' is not a DOI",
                "a DOI looks like 10.1176/appi.ajp.2010.10101411 (a https://doi.org/ prefix "
                "is accepted and removed)",
            )
        )
        return ""
    return doi


def _url(entry: Entry, fld: Field | None, problems: list[RawProblem]) -> str:
    if fld is None or not isinstance(fld.value, str) or not fld.value.strip():
        return ""
    url = fld.value.strip()
    if not _URL.match(url):
        problems.append(
            RawProblem(
                _line(entry, fld),
                "bib-bad-url",
                f"'{entry.key}': '{url}' is not a web address",
                "start it with https:// and leave out spaces",
            )
        )
        return ""
    return url


def normalise_pages(pages: str) -> str:
    """'136--139', '136-139', '136 – 139' all become '136–139' (APA uses an en dash)."""
    return _PAGE_RANGE.sub("–", pages.strip())


def title_key(title: str) -> str:
    """Titles sort without a leading 'A', 'An' or 'The' (APA 9.47)."""
    return collation_key(_LEADING_ARTICLE.sub("", title))


def year_key(ref: Reference) -> tuple[int, int]:
    """No date first, then years in order, then 'in press' (APA 9.47)."""
    if not ref.year:
        return (0, 0)
    if ref.year == IN_PRESS:
        return (2, 0)
    return (1, int(ref.year))


def sort_key(ref: Reference) -> tuple[object, ...]:
    """APA reference-list order: creators, date, then title (suffixes follow the title)."""
    creators = ref.creators
    if creators:
        names: tuple[tuple[str, str], ...] = tuple(n.sort_key for n in creators)
        if ref.creators_et_al:
            names += (("\uffff", ""),)
    else:
        # A work without author is alphabetised by its title (APA 9.46).
        names = ((title_key(ref.title), ""),)
    return (names, year_key(ref), ref.year_suffix, title_key(ref.title), ref.key.casefold())


def _creator_identity(ref: Reference) -> tuple[object, ...]:
    return (tuple(n.identity for n in ref.creators), ref.creators_et_al)


def _assign_year_suffixes(refs: list[Reference]) -> list[Reference]:
    """Same creators, same year: 2016a, 2016b ... ordered by title (APA 8.19, 9.47)."""
    groups: dict[tuple[object, ...], list[Reference]] = defaultdict(list)
    for ref in refs:
        if ref.creators:
            groups[(_creator_identity(ref), ref.year)].append(ref)
    suffixed: dict[str, str] = {}
    for group in groups.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda r: (title_key(r.title), r.key.casefold()))
        for index, ref in enumerate(group):
            suffixed[ref.key] = _suffix(index)
    return [replace(r, year_suffix=suffixed[r.key]) if r.key in suffixed else r for r in refs]


def _suffix(index: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    if index < len(letters):
        return letters[index]
    return letters[index // len(letters) - 1] + letters[index % len(letters)]


def _cite_names(refs: list[Reference]) -> dict[str, CiteNames]:
    """Decide the in-text name form of every work (APA 8.17, 8.18, 8.20)."""
    result: dict[str, CiteNames] = {}
    for ref in refs:
        creators = ref.creators
        if len(creators) >= 3 or (ref.creators_et_al and creators):
            result[ref.key] = CiteNames(creators[:1], True)
        else:
            result[ref.key] = CiteNames(creators, False)

    # Different author lists that shorten to the same "First et al., year" get as many
    # names as it takes to tell them apart; et al. never stands for a single name.
    collisions: dict[tuple[object, ...], list[Reference]] = defaultdict(list)
    for ref in refs:
        if result[ref.key].et_al:
            collisions[(ref.creators[0].identity, ref.year, ref.year_suffix)].append(ref)
    for group in collisions.values():
        if len({_creator_identity(r) for r in group}) < 2:
            continue
        for ref in group:
            others = [r for r in group if _creator_identity(r) != _creator_identity(ref)]
            creators = ref.creators
            shown = 1
            while shown < len(creators) and any(
                tuple(n.identity for n in o.creators[:shown])
                == tuple(n.identity for n in creators[:shown])
                for o in others
            ):
                shown += 1
            if shown >= len(creators) - 1 and not ref.creators_et_al:
                result[ref.key] = CiteNames(creators, False)
            else:
                result[ref.key] = CiteNames(creators[:shown], True)

    # First authors who share a surname but not initials are cited with initials.
    initials_by_family: dict[str, set[str]] = defaultdict(set)
    for ref in refs:
        if ref.creators and not ref.creators[0].corporate:
            first = ref.creators[0]
            initials_by_family[first.full_family.casefold()].add(first.initials)
    for ref in refs:
        if ref.creators and not ref.creators[0].corporate:
            family = ref.creators[0].full_family.casefold()
            if len(initials_by_family[family]) > 1:
                result[ref.key] = replace(result[ref.key], initials=True)
    return result

"""Machine-readable citations: BibTeX, RIS, CSL-JSON, Highwire meta tags and COinS.

All of them work on a :class:`Reference`, either a bibliography entry or the reference of a
library resource built by :func:`resource_reference` ("Cite this resource").
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode

from .model import Name, Reference, Segment

if TYPE_CHECKING:
    from .apa import ApaFormatter

# CSL item types for our APA patterns (https://docs.citationstyles.org/en/stable/specification.html).
_CSL_TYPES = {
    "article": "article-journal",
    "book": "book",
    "chapter": "chapter",
    "report": "report",
    "thesis": "thesis",
    "webpage": "webpage",
    "video": "motion_picture",
    "misc": "document",
    "unpublished": "manuscript",
}
# RIS reference types (the RIS format specification as used by Zotero, EndNote, Mendeley).
_RIS_TYPES = {
    "article": "JOUR",
    "book": "BOOK",
    "chapter": "CHAP",
    "report": "RPRT",
    "thesis": "THES",
    "webpage": "ELEC",
    "video": "VIDEO",
    "misc": "GEN",
    "unpublished": "UNPB",
}
_BIBTEX_SPECIAL = re.compile(r"([&%$#_])")
_FIRST_WORD_OR_AFTER_COLON = re.compile(r"(^|:\s+)(\S+)")


def resource_reference(
    *,
    key: str,
    title: str,
    authors: Sequence[str | Name],
    site_name: str,
    url: str,
    language: str = "",
    date: datetime.date | None = None,
    year: int | None = None,
    description: str = "",
) -> Reference:
    """The reference of one of the library's own pages, as a web page (APA 10.16).

    ``authors`` are ``Name``s or strings; a string with a comma ('Weissman, Myrna M.') is a
    person, any other string ('IPT Library editors') a group author.
    """
    names = tuple(_name_from_string(a) if isinstance(a, str) else a for a in authors)
    return Reference(
        key=key,
        entry_type="online",
        authors=names,
        year=str(date.year) if date else (str(year) if year else ""),
        month=date.month if date else None,
        day=date.day if date else None,
        title=title,
        publisher=site_name,
        url=url,
        language=language,
        medium=description,
    )


def resource_citation(
    formatter: ApaFormatter,
    *,
    key: str,
    title: str,
    authors: Sequence[str | Name],
    site_name: str,
    url: str,
    language: str = "",
    date: datetime.date | None = None,
    year: int | None = None,
    description: str = "",
) -> list[Segment]:
    """APA segments of a library resource ("Cite this resource"), in the formatter's language:
    'IPT Library editors. (2026, November 22). *Grief and mourning*. IPT Library. https://...'"""
    ref = resource_reference(
        key=key,
        title=title,
        authors=authors,
        site_name=site_name,
        url=url,
        language=language,
        date=date,
        year=year,
        description=description,
    )
    return formatter.format(ref)


def _name_from_string(text: str) -> Name:
    if "," in text:
        family, _, given = text.partition(",")
        return Name(family.strip(), given.strip())
    return Name(text.strip(), corporate=True)


def _date_parts(ref: Reference) -> list[int] | None:
    if not ref.year.isdigit():
        return None
    parts = [int(ref.year)]
    if ref.month:
        parts.append(ref.month)
        if ref.day:
            parts.append(ref.day)
    return parts


def _page_range(pages: str) -> tuple[str, str]:
    first, _, last = pages.replace("—", "–").partition("–")
    return first.strip(), last.strip()


# ---------------------------------------------------------------------------- CSL-JSON


def csl_name(name: Name) -> dict[str, str]:
    if name.corporate:
        return {"literal": name.family}
    item = {"family": name.family, "given": name.given}
    if name.particle:
        item["non-dropping-particle"] = name.particle
    if name.suffix:
        item["suffix"] = name.suffix
    return item


def csl_item(ref: Reference) -> dict[str, object]:
    """One CSL-JSON item (the input format of citeproc processors and Zotero)."""
    kind = ref.kind
    item: dict[str, object] = {"id": ref.key, "type": _CSL_TYPES.get(kind, "document")}
    if ref.creators and not ref.authors and not ref.editors:
        item["author"] = [csl_name(n) for n in ref.creators]
    if ref.authors:
        item["author"] = [csl_name(n) for n in ref.authors]
    if ref.editors:
        item["editor"] = [csl_name(n) for n in ref.editors]
    parts = _date_parts(ref)
    if parts:
        item["issued"] = {"date-parts": [parts]}
    elif ref.year:
        item["status"] = ref.year
    simple = {
        "title": ref.title,
        "container-title": ref.container,
        "volume": ref.volume,
        "page": ref.pages.replace("–", "-"),
        "article-number": ref.article_number,
        "edition": ref.edition,
        "DOI": ref.doi,
        "URL": ref.url,
        "language": ref.language,
        "publisher-place": ref.address,
        "collection-title": ref.series,
    }
    if kind == "article":
        simple["issue"] = ref.number
    else:
        simple["number"] = ref.number
    if kind == "report":
        simple["publisher"] = ref.publisher or ref.institution
        simple["genre"] = ref.medium
    elif kind == "thesis":
        simple["publisher"] = ref.institution
        simple["genre"] = _thesis_genre(ref)
        simple["archive"] = ref.publisher  # the database a published thesis is in
    elif kind == "video":
        simple["publisher"] = ref.publisher
        simple["medium"] = ref.medium
    elif kind == "webpage":
        simple["container-title"] = ref.publisher
        simple["genre"] = ref.medium
    else:
        simple["publisher"] = ref.publisher
    item.update({k: v for k, v in simple.items() if v})
    accessed = _iso_date(ref.urldate)
    if accessed is not None:
        item["accessed"] = {"date-parts": [[accessed.year, accessed.month, accessed.day]]}
    return item


def _thesis_genre(ref: Reference) -> str:
    masters = ref.entry_type == "mastersthesis" or "master" in ref.medium.casefold()
    label = "Master's thesis" if masters else "Doctoral dissertation"
    if ref.url or ref.doi:
        return label
    return "Unpublished " + label[0].lower() + label[1:]


def to_csl_json(ref: Reference) -> str:
    """A CSL-JSON file (an array of one item), as Zotero and Pandoc import it."""
    return json.dumps([csl_item(ref)], ensure_ascii=False, indent=2) + "\n"


def _iso_date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value.strip()[:10]) if value else None
    except ValueError:
        return None


# ---------------------------------------------------------------------------- BibTeX


def _bibtex_escape(text: str) -> str:
    return _BIBTEX_SPECIAL.sub(r"\\\1", text.replace("\\", "\\textbackslash{}"))


def _protect_case(title: str) -> str:
    """Brace every word that has a capital after its first letter or is not the first word,
    so BibTeX styles that lowercase titles keep 'IPT' and 'Uganda' as written."""
    words = title.split(" ")
    out: list[str] = []
    for index, word in enumerate(words):
        after_colon = index > 0 and words[index - 1].endswith(":")
        needs = any(c.isupper() for c in word[1:]) or (
            index > 0 and not after_colon and any(c.isupper() for c in word[:1])
        )
        out.append("{" + word + "}" if needs else word)
    return " ".join(out)


def _bibtex_name(name: Name) -> str:
    if name.corporate:
        return "{" + _bibtex_escape(name.family) + "}"
    family = f"{name.particle} {name.family}" if name.particle else name.family
    parts = [family, name.suffix, name.given] if name.suffix else [family, name.given]
    return ", ".join(_bibtex_escape(p) for p in parts if p)


def _bibtex_names(names: Sequence[Name], et_al: bool) -> str:
    return " and ".join([*(_bibtex_name(n) for n in names), *(["others"] if et_al else [])])


def _bibtex_type(ref: Reference) -> str:
    if ref.entry_type in ("online", "webpage", "electronic", "www"):
        return "misc"
    return ref.entry_type


def to_bibtex(ref: Reference) -> str:
    """A BibTeX entry in UTF-8 (BibLaTeX/Biber and Zotero read it as is)."""
    fields: list[tuple[str, str]] = []
    if ref.authors:
        fields.append(("author", _bibtex_names(ref.authors, ref.authors_et_al)))
    if ref.editors:
        fields.append(("editor", _bibtex_names(ref.editors, ref.editors_et_al)))
    text_fields = [
        ("title", _protect_case(_bibtex_escape(ref.title))),
        ("journal" if ref.kind == "article" else "booktitle", _bibtex_escape(ref.container)),
        ("edition", _bibtex_escape(ref.edition)),
        ("volume", _bibtex_escape(ref.volume)),
        ("number", _bibtex_escape(ref.number)),
        ("pages", ref.pages.replace("–", "--")),
        ("eid", _bibtex_escape(ref.article_number)),
        ("publisher", _bibtex_escape(ref.publisher)),
        ("address", _bibtex_escape(ref.address)),
        ("series", _bibtex_escape(ref.series)),
        ("school" if ref.kind == "thesis" else "institution", _bibtex_escape(ref.institution)),
        ("type", _bibtex_escape(ref.medium)),
        ("year", ref.year),
        ("month", str(ref.month) if ref.month else ""),
        ("day", str(ref.day) if ref.day else ""),
        ("doi", ref.doi),
        ("url", ref.url),
        ("urldate", ref.urldate),
        ("language", _bibtex_escape(ref.language)),
        ("note", _bibtex_escape(ref.note)),
    ]
    fields.extend((k, v) for k, v in text_fields if v)
    width = max((len(k) for k, _ in fields), default=0)
    body = ",\n".join(f"  {k.ljust(width)} = {{{v}}}" for k, v in fields)
    return f"@{_bibtex_type(ref)}{{{ref.key},\n{body}\n}}\n"


# ---------------------------------------------------------------------------- RIS


def _ris_name(name: Name) -> str:
    if name.corporate:
        return name.family
    family = f"{name.particle} {name.family}" if name.particle else name.family
    return ", ".join(p for p in (family, name.given, name.suffix) if p)


def to_ris(ref: Reference) -> str:
    """An RIS record (``TY`` to ``ER``), lines ending in CR LF as the format expects."""
    kind = ref.kind
    lines: list[tuple[str, str]] = [("TY", _RIS_TYPES.get(kind, "GEN")), ("ID", ref.key)]
    # A report without authors is by its institution; editors of a chapter's book are
    # secondary authors (A2), editors of a whole book are editors (ED).
    authors = ref.authors or (ref.creators if not ref.editors else ())
    lines += [("AU", _ris_name(n)) for n in authors]
    lines += [("A2" if kind == "chapter" else "ED", _ris_name(n)) for n in ref.editors]
    lines.append(("TI", ref.title))
    if ref.container:
        lines.append(("JO" if kind == "article" else "T2", ref.container))
    if ref.year:
        lines.append(("PY", ref.year))
    parts = _date_parts(ref)
    if parts:
        padded = [f"{p:02d}" if i else str(p) for i, p in enumerate(parts)]
        lines.append(("DA", "/".join(padded + [""] * (3 - len(parts))) + "/"))
    first, last = _page_range(ref.pages)
    pairs = [
        ("VL", ref.volume),
        ("IS" if kind == "article" else "M1", ref.number),
        ("SP", first or ref.article_number),
        ("EP", last),
        ("ET", ref.edition),
        ("PB", ref.publisher or (ref.institution if kind in ("report", "thesis") else "")),
        ("CY", ref.address),
        ("T3", ref.series),
        ("M3", ref.medium),
        ("DO", ref.doi),
        ("UR", ref.url or (f"https://doi.org/{ref.doi}" if ref.doi else "")),
        ("LA", ref.language),
        ("Y2", ref.urldate),
        ("N1", ref.note),
    ]
    lines += [(tag, value) for tag, value in pairs if value]
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {value}".rstrip() + "\r\n" for tag, value in lines)


# ---------------------------------------------------------------------------- Highwire


def _highwire_name(name: Name) -> str:
    if name.corporate:
        return name.family
    family = f"{name.particle} {name.family}" if name.particle else name.family
    return f"{family}, {name.given}".rstrip(", ")


def highwire_meta(ref: Reference) -> list[tuple[str, str]]:
    """``<meta name=... content=...>`` pairs Zotero and Google Scholar read from a page."""
    kind = ref.kind
    meta: list[tuple[str, str]] = [("citation_title", ref.title)]
    meta += [("citation_author", _highwire_name(n)) for n in ref.creators]
    parts = _date_parts(ref)
    if parts:
        meta.append(("citation_publication_date", "/".join(f"{p:02d}" for p in parts)))
    elif ref.year:
        meta.append(("citation_publication_date", ref.year))
    if kind == "article":
        meta.append(("citation_journal_title", ref.container))
    elif kind == "chapter":
        meta.append(("citation_inbook_title", ref.container))
    first, last = _page_range(ref.pages)
    pairs = [
        ("citation_volume", ref.volume),
        ("citation_issue", ref.number if kind == "article" else ""),
        ("citation_firstpage", first),
        ("citation_lastpage", last),
        ("citation_publisher", ref.publisher),
        (
            "citation_technical_report_institution" if kind == "report" else "",
            ref.institution,
        ),
        ("citation_dissertation_institution" if kind == "thesis" else "", ref.institution),
        ("citation_technical_report_number" if kind == "report" else "", ref.number),
        ("citation_doi", ref.doi),
        ("citation_public_url", ref.url),
        ("citation_language", ref.language),
    ]
    meta += [(name, value) for name, value in pairs if name and value]
    return [(name, value) for name, value in meta if value]


# ---------------------------------------------------------------------------- COinS


def coins(ref: Reference) -> str:
    """The ``title`` of a ``<span class="Z3988">``: an OpenURL 1.0 ContextObject (KEV),
    URL-encoded. Zotero offers to save every such span on a page."""
    kind = ref.kind
    pairs: list[tuple[str, str]] = [("ctx_ver", "Z39.88-2004")]
    creators = ref.creators
    if kind == "article":
        pairs += [
            ("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"),
            ("rft.genre", "article"),
            ("rft.atitle", ref.title),
            ("rft.jtitle", ref.container),
            ("rft.volume", ref.volume),
            ("rft.issue", ref.number),
        ]
    elif kind in ("book", "chapter", "report"):
        genre = {"book": "book", "chapter": "bookitem", "report": "report"}[kind]
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", genre)]
        if kind == "chapter":
            pairs += [("rft.atitle", ref.title), ("rft.btitle", ref.container)]
        else:
            pairs.append(("rft.btitle", ref.title))
        pairs += [
            ("rft.pub", ref.publisher or ref.institution),
            ("rft.place", ref.address),
            ("rft.edition", ref.edition),
            ("rft.series", ref.series),
        ]
    elif kind == "thesis":
        pairs += [
            ("rft_val_fmt", "info:ofi/fmt:kev:mtx:dissertation"),
            ("rft.title", ref.title),
            ("rft.inst", ref.institution),
        ]
    else:
        pairs += [
            ("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"),
            ("rft.type", "webpage" if kind in ("webpage", "video") else "document"),
            ("rft.title", ref.title),
            ("rft.publisher", ref.publisher),
            ("rft.identifier", ref.url),
        ]
    first, last = _page_range(ref.pages)
    if kind in ("article", "chapter"):
        pairs += [("rft.spage", first), ("rft.epage", last), ("rft.pages", ref.pages)]
    if ref.year.isdigit():
        parts = _date_parts(ref) or []
        pairs.append(("rft.date", "-".join(f"{p:02d}" for p in parts)))
    dc = kind not in ("article", "book", "chapter", "report", "thesis")
    for index, name in enumerate(creators):
        if dc:
            pairs.append(("rft.creator", _highwire_name(name)))
        elif name.corporate:
            pairs.append(("rft.aucorp", name.family))
        elif index == 0:
            pairs += [
                ("rft.aulast", name.full_family),
                ("rft.aufirst", name.given),
                ("rft.au", _highwire_name(name)),
            ]
        else:
            pairs.append(("rft.au", _highwire_name(name)))
    if ref.language:
        pairs.append(("rft.language", ref.language))
    if ref.doi:
        pairs.append(("rft_id", "info:doi/" + ref.doi))
    if ref.url:
        pairs.append(("rft_id", ref.url))
    return urlencode([(k, v) for k, v in pairs if v], quote_via=quote)

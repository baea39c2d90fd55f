"""Exports: BibTeX re-parses to the same reference, RIS tags, CSL-JSON, Highwire, COinS."""

from __future__ import annotations

import dataclasses
import datetime
import json
from pathlib import Path
from urllib.parse import parse_qsl

import pytest

from ipt_library.citations import (
    Bibliography,
    Name,
    Reference,
    coins,
    csl_item,
    highwire_meta,
    load_bibliography,
    parse_bibliography,
    resource_citation,
    resource_reference,
    to_bibtex,
    to_csl_json,
    to_ris,
)
from ipt_library.diagnostics import Diagnostics

from .conftest import DATA, fmt_for, text


@pytest.fixture(scope="module")
def bib() -> Bibliography:
    return load_bibliography(DATA / "types.bib", Diagnostics(DATA))


def ris_records(ris: str) -> list[tuple[str, str]]:
    """Parse RIS the way reference managers do: 'TAG  - value' lines."""
    assert ris.endswith("ER  -\r\n")
    pairs = []
    for line in ris.split("\r\n"):
        if not line:
            continue
        assert line[2:6] in ("  - ", "  -"), line
        pairs.append((line[:2], line[6:]))
    return pairs


def grief_page() -> Reference:
    return resource_reference(
        key="grief-and-mourning",
        title="Grief and mourning",
        authors=["IPT Library editors"],
        site_name="IPT Library",
        url="https://example.org/resources/grief-and-mourning/",
        language="en",
        date=datetime.date(2026, 11, 22),
    )


def test_bibtex_round_trips_through_bibtexparser(bib: Bibliography, tmp_path: Path) -> None:
    for ref in bib:
        diags = Diagnostics(tmp_path)
        again = parse_bibliography(to_bibtex(ref), tmp_path / "x.bib", diags)
        assert not diags.items, (ref.key, [d.format() for d in diags.items])
        copy = again[ref.key]
        # The year suffix belongs to the site's whole bibliography, not to one exported work.
        fields = {f.name for f in dataclasses.fields(Reference)} - {
            "line",
            "entry_type",
            "year_suffix",
        }
        for name in fields:
            assert getattr(copy, name) == getattr(ref, name), (ref.key, name)


def test_bibtex_escapes_and_protects(tmp_path: Path) -> None:
    ref = Reference(
        key="x",
        entry_type="article",
        authors=(Name("World Health Organization", corporate=True), Name("Berg", "Anna", "van")),
        authors_et_al=True,
        title="Helping 50% of people in Uganda & Kenya with IPT",
        container="J",
        year="2020",
        url="https://example.org/a%20b_c",
    )
    out = to_bibtex(ref)
    lines = {k.strip(): v.strip() for k, _, v in (x.partition("=") for x in out.splitlines()[1:-1])}
    assert lines["author"] == "{{World Health Organization} and van Berg, Anna and others},"
    assert lines["title"] == "{Helping 50\\% of people in {Uganda} \\& {Kenya} with {IPT}},"
    assert lines["url"] == "{https://example.org/a%20b_c}"
    again = parse_bibliography(out, tmp_path / "x.bib", Diagnostics(tmp_path))["x"]
    assert again.title == ref.title and again.authors == ref.authors and again.authors_et_al


def test_ris_article(bib: Bibliography) -> None:
    pairs = ris_records(to_ris(bib["writer2020article"]))
    assert pairs == [
        ("TY", "JOUR"),
        ("ID", "writer2020article"),
        ("AU", "Writer, Bob B."),
        ("AU", "Author, Alice A."),
        ("AU", "Chapman, Carla"),
        ("TI", "Title of the article"),
        ("JO", "Journal of Examples"),
        ("PY", "2020"),
        ("DA", "2020///"),
        ("VL", "12"),
        ("IS", "3"),
        ("SP", "100"),
        ("EP", "110"),
        ("DO", "10.5555/jex.2020.12.3"),
        ("UR", "https://doi.org/10.5555/jex.2020.12.3"),
        ("ER", ""),
    ]


def test_ris_types_and_roles(bib: Bibliography) -> None:
    types = {r.key: ris_records(to_ris(r))[0][1] for r in bib}
    assert types["chapman2018chapter"] == "CHAP"
    assert types["eho2015report"] == "RPRT"
    assert types["student2016thesis"] == "THES"
    assert types["eho2022page"] == "ELEC"
    assert types["channel2019video"] == "VIDEO"
    chapter = ris_records(to_ris(bib["chapman2018chapter"]))
    assert ("A2", "Editor, Eve E.") in chapter and ("T2", "Title of the edited book") in chapter
    edited = ris_records(to_ris(bib["editor2020edited"]))
    assert ("ED", "Editor, Eve E.") in edited and not [p for p in edited if p[0] == "AU"]
    report = ris_records(to_ris(bib["eho2015report"]))
    assert ("AU", "Example Health Organization") in report


def test_csl_json_is_valid_with_the_right_fields(bib: Bibliography) -> None:
    (item,) = json.loads(to_csl_json(bib["writer2020article"]))
    assert item == {
        "id": "writer2020article",
        "type": "article-journal",
        "author": [
            {"family": "Writer", "given": "Bob B."},
            {"family": "Author", "given": "Alice A."},
            {"family": "Chapman", "given": "Carla"},
        ],
        "issued": {"date-parts": [[2020]]},
        "title": "Title of the article",
        "container-title": "Journal of Examples",
        "volume": "12",
        "issue": "3",
        "page": "100-110",
        "DOI": "10.5555/jex.2020.12.3",
    }
    (page,) = json.loads(to_csl_json(grief_page()))
    assert page["type"] == "webpage"
    assert page["author"] == [{"literal": "IPT Library editors"}]
    assert page["issued"] == {"date-parts": [[2026, 11, 22]]}
    assert page["container-title"] == "IPT Library"
    assert page["language"] == "en"


def test_csl_types(bib: Bibliography) -> None:
    assert {r.key: csl_item(r)["type"] for r in bib} | {} == {
        r.key: {
            "article": "article-journal",
            "book": "book",
            "chapter": "chapter",
            "report": "report",
            "thesis": "thesis",
            "webpage": "webpage",
            "video": "motion_picture",
        }[r.kind]
        for r in bib
    }


def test_highwire_meta_for_a_resource() -> None:
    assert highwire_meta(grief_page()) == [
        ("citation_title", "Grief and mourning"),
        ("citation_author", "IPT Library editors"),
        ("citation_publication_date", "2026/11/22"),
        ("citation_publisher", "IPT Library"),
        ("citation_public_url", "https://example.org/resources/grief-and-mourning/"),
        ("citation_language", "en"),
    ]


def test_highwire_meta_for_an_article(bib: Bibliography) -> None:
    meta = dict(highwire_meta(bib["writer2020article"]))
    assert meta["citation_journal_title"] == "Journal of Examples"
    assert (meta["citation_firstpage"], meta["citation_lastpage"]) == ("100", "110")
    assert meta["citation_doi"] == "10.5555/jex.2020.12.3"
    authors = [v for k, v in highwire_meta(bib["writer2020article"]) if k == "citation_author"]
    assert authors == ["Writer, Bob B.", "Author, Alice A.", "Chapman, Carla"]


def test_coins_is_an_url_encoded_context_object(bib: Bibliography) -> None:
    value = coins(bib["writer2020article"])
    assert " " not in value and "&amp;" not in value
    pairs = parse_qsl(value)
    assert pairs[:3] == [
        ("ctx_ver", "Z39.88-2004"),
        ("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"),
        ("rft.genre", "article"),
    ]
    data = dict(pairs)
    assert data["rft.atitle"] == "Title of the article"
    assert data["rft.jtitle"] == "Journal of Examples"
    assert (data["rft.spage"], data["rft.epage"], data["rft.date"]) == ("100", "110", "2020")
    assert data["rft.aulast"] == "Writer"
    assert data["rft_id"] == "info:doi/10.5555/jex.2020.12.3"
    assert [v for k, v in pairs if k == "rft.au"] == [
        "Writer, Bob B.",
        "Author, Alice A.",
        "Chapman, Carla",
    ]


def test_coins_formats_by_type(bib: Bibliography) -> None:
    formats = {r.key: dict(parse_qsl(coins(r)))["rft_val_fmt"].rsplit(":", 1)[1] for r in bib}
    assert formats["author2019book"] == "book"
    assert formats["chapman2018chapter"] == "book"
    assert dict(parse_qsl(coins(bib["chapman2018chapter"])))["rft.genre"] == "bookitem"
    assert formats["student2016thesis"] == "dissertation"
    assert formats["eho2022page"] == "dc"
    assert dict(parse_qsl(coins(bib["eho2015report"])))["rft.aucorp"] == (
        "Example Health Organization"
    )


def test_resource_citation_is_apa_for_a_web_page(bib: Bibliography) -> None:
    fmt = fmt_for(bib)
    segments = resource_citation(
        fmt,
        key="grief-and-mourning",
        title="Grief and mourning",
        authors=["IPT Library editors"],
        site_name="IPT Library",
        url="https://example.org/resources/grief-and-mourning/",
        language="en",
        date=datetime.date(2026, 11, 22),
        description="Information handout",
    )
    # APA 10.16 web page with a group author; 9.21 a description of the form in brackets.
    assert text(segments) == (
        "IPT Library editors. (2026, November 22). Grief and mourning [Information handout]. "
        "IPT Library. https://example.org/resources/grief-and-mourning/"
    )
    assert [s.style for s in segments] == ["plain", "italic", "plain", "link"]


def test_resource_authors_with_a_comma_are_people() -> None:
    ref = resource_reference(
        key="k",
        title="T",
        authors=["Weissman, Myrna M.", "IPT Library editors"],
        site_name="IPT Library",
        url="https://example.org/",
        year=2026,
    )
    assert ref.authors == (
        Name("Weissman", "Myrna M."),
        Name("IPT Library editors", corporate=True),
    )
    assert (ref.year, ref.month) == ("2026", None)

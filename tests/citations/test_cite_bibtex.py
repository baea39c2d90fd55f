"""Loading bibliography.bib: middleware order, decoding, names, and every diagnostic."""

from __future__ import annotations

from pathlib import Path

from ipt_library.citations import Name, load_bibliography
from ipt_library.diagnostics import Diagnostics

from .conftest import DATA, Loader


def codes_and_lines(diags: Diagnostics) -> list[tuple[int, str]]:
    return [(d.line, d.code) for d in diags.sorted()]


def test_each_bad_input_kind_is_reported_on_its_line() -> None:
    diags = Diagnostics(DATA)
    load_bibliography(DATA / "bad.bib", diags)
    assert codes_and_lines(diags) == [
        (10, "bib-syntax"),
        (15, "bib-duplicate-key"),
        (25, "bib-duplicate-field"),
        (30, "bib-missing-field"),
        (41, "bib-bad-doi"),
        (44, "bib-unknown-type"),
    ]
    assert all(d.path == "bad.bib" for d in diags.items)


def test_parsing_goes_on_past_bad_entries() -> None:
    diags = Diagnostics(DATA)
    bib = load_bibliography(DATA / "bad.bib", diags)
    # The entry after all the problems is read, and the first of two keys differing only
    # in case wins.
    assert bib["after2007"].title == "Still read after the problems"
    assert bib["good2000"].authors == (Name("Good", "Gail"),)
    assert "broken2001" not in bib
    # A repeated field keeps its first value; an unknown type is formatted as @misc.
    assert bib["dupfield2003"].title == "First title"
    assert bib["unknown2006"].entry_type == "misc"


def test_messages_name_the_problem(load: Loader) -> None:
    _, diags = load("@book{a,\n  title = {T},\n  year = {2000}\n}\n")
    (diag,) = diags.items
    assert diag.format().startswith("bibliography.bib:1: bib-missing-field: 'a' (@book) has no ")
    assert "author or editor" in diag.message and "publisher" in diag.message


def test_duplicate_key_is_case_insensitive_and_names_the_first(load: Loader) -> None:
    bib, diags = load(
        "@misc{Smith2020,\n title = {One}\n}\n\n@misc{smith2020,\n title = {Two}\n}\n"
    )
    (diag,) = diags.items
    assert (diag.line, diag.code) == (5, "bib-duplicate-key")
    assert "'Smith2020' on line 1" in diag.message
    assert bib.get("SMITH2020") is bib.get("smith2020")
    assert bib["smith2020"].title == "One"


def test_exact_duplicate_key_is_reported_too(load: Loader) -> None:
    _, diags = load("@misc{a,\n title = {One}\n}\n@misc{a,\n title = {Two}\n}\n")
    assert codes_and_lines(diags) == [(4, "bib-duplicate-key")]


def test_missing_comma_between_fields(load: Loader) -> None:
    _, diags = load(
        "@book{b,\n  author = {A, B},\n  title = {T}\n  year = {2000},\n  publisher = {P}\n}\n"
    )
    assert (3, "bib-syntax") in codes_and_lines(diags)


def test_unclosed_entry_at_end_of_file(load: Loader) -> None:
    bib, diags = load("@misc{ok,\n title = {Fine}\n}\n\n@misc{bad,\n title = {Open\n")
    assert codes_and_lines(diags) == [(5, "bib-syntax")]
    assert "ok" in bib and "bad" not in bib


def test_bad_year_and_bad_url(load: Loader) -> None:
    _, diags = load("@misc{m,\n title = {T},\n year = {20x4},\n url = {example.org/x}\n}\n")
    assert codes_and_lines(diags) == [(3, "bib-bad-year"), (4, "bib-bad-url")]


def test_doi_prefix_is_accepted_and_removed(load: Loader) -> None:
    bib, diags = load(
        "@misc{a,\n title = {T},\n doi = {https://doi.org/10.5555/abc_def}\n}\n"
        "@misc{b,\n title = {T},\n doi = {doi:10.5555/xyz}\n}\n"
        "@misc{c,\n title = {T},\n doi = {10.55/too-short-prefix}\n}\n"
    )
    assert bib["a"].doi == "10.5555/abc_def"
    assert bib["b"].doi == "10.5555/xyz"
    assert codes_and_lines(diags) == [(11, "bib-bad-doi")]


def test_missing_file_is_a_diagnostic(tmp_path: Path) -> None:
    diags = Diagnostics(tmp_path)
    bib = load_bibliography(tmp_path / "bibliography.bib", diags)
    assert len(bib) == 0
    assert [d.code for d in diags.items] == ["bib-missing"]


def test_percent_never_truncates_text(load: Loader) -> None:
    bib, diags = load(
        "@misc{p,\n title = {Helping 50% of patients, and 20\\% more},\n"
        " note = {100% of the text stays}\n}\n"
    )
    assert not diags.items
    assert bib["p"].title == "Helping 50% of patients, and 20% more"
    assert bib["p"].note == "100% of the text stays"


def test_urls_and_dois_are_not_latex_decoded(load: Loader) -> None:
    bib, _ = load(
        "@misc{u,\n title = {T},\n url = {https://example.org/a%20b_c~d/{x}--y},\n"
        " doi = {10.5555/x_y~z--w}\n}\n"
    )
    assert bib["u"].url == "https://example.org/a%20b_c~d/{x}--y"
    assert bib["u"].doi == "10.5555/x_y~z--w"


def test_latex_in_text_fields_is_decoded(load: Loader) -> None:
    bib, diags = load(
        '@article{l,\n author = {M{\\"u}ller, J{\\"o}rg and Feij{\\\'o}, Marcelo},\n'
        " title = {{\\\"O}sterreich, caf\\'e \\& co: {IPT} in {Uganda}},\n"
        " journal = {J}, year = {2000}, pages = {5--14}\n}\n"
    )
    assert not diags.items
    ref = bib["l"]
    assert ref.title == "Österreich, café & co: IPT in Uganda"
    assert ref.authors == (Name("Müller", "Jörg"), Name("Feijó", "Marcelo"))
    assert ref.pages == "5–14"


def test_braced_corporate_author_stays_one_author(load: Loader) -> None:
    bib, _ = load(
        "@techreport{w,\n author = {{World Health Organization} and {Ministry of Health and"
        " Social Care}},\n title = {T}, institution = {X}, year = {2016}\n}\n"
    )
    assert bib["w"].authors == (
        Name("World Health Organization", corporate=True),
        Name("Ministry of Health and Social Care", corporate=True),
    )


def test_unbraced_name_with_braced_letters_is_a_person(load: Loader) -> None:
    bib, _ = load('@misc{n,\n author = {{\\"O}zt{\\"u}rk, Ay{\\c{s}}e},\n title = {T}\n}\n')
    assert bib["n"].authors == (Name("Öztürk", "Ayşe"),)


def test_and_others_becomes_et_al(load: Loader) -> None:
    bib, _ = load("@misc{o,\n author = {Smith, John and Jones, Kim and others},\n title={T}\n}\n")
    ref = bib["o"]
    assert ref.authors == (Name("Smith", "John"), Name("Jones", "Kim"))
    assert ref.authors_et_al


def test_name_parts(load: Loader) -> None:
    bib, _ = load(
        "@misc{n,\n author = {van der Berg, Anna and King, Jr., Martin Luther and"
        " Jean-Paul Sartre},\n title = {T}\n}\n"
    )
    berg, king, sartre = bib["n"].authors
    assert (berg.particle, berg.family, berg.initials) == ("van der", "Berg", "A.")
    assert (king.family, king.suffix, king.initials) == ("King", "Jr.", "M. L.")
    assert (sartre.family, sartre.initials) == ("Sartre", "J.-P.")


def test_a_broken_name_is_reported_and_the_entry_kept(load: Loader) -> None:
    bib, diags = load("@misc{b,\n author = {Smith, John, Jr, Extra},\n title = {T}\n}\n")
    assert codes_and_lines(diags) == [(1, "bib-bad-name")]
    assert "b" in bib and bib["b"].authors


def test_string_macros_and_field_case(load: Loader) -> None:
    bib, diags = load(
        '@string{gp = "Guilford Press"}\n'
        "@Book{s,\n  AUTHOR = {Frank, Ellen},\n  Title = {T},\n  Publisher = gp,\n"
        "  YEAR = 2005\n}\n"
    )
    assert not diags.items
    assert (bib["s"].publisher, bib["s"].year, bib["s"].entry_type) == (
        "Guilford Press",
        "2005",
        "book",
    )


def test_biblatex_date_field(load: Loader) -> None:
    bib, _ = load(
        "@online{d,\n title = {T},\n url = {https://example.org},\n date = {2022-03-04}\n}\n"
    )
    assert (bib["d"].year, bib["d"].month, bib["d"].day) == ("2022", 3, 4)


def test_bibtexparser_does_not_print_to_stderr(load: Loader, capfd: object) -> None:
    load("@misc{bad,\n title = {Open\n")
    _, err = capfd.readouterr()  # type: ignore[attr-defined]
    assert err == ""

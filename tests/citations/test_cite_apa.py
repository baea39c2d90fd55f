"""APA 7 reference-list entries and in-text citations.

Every expected string is written from the rules of the APA Publication Manual (7th ed.),
cited by section, not copied from the formatter's output. The works are fictional
(tests/citations/data/types.bib); *asterisks* mark italics.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from ipt_library.citations import (
    ApaFormatter,
    Bibliography,
    Segment,
    find_citations,
    load_bibliography,
)
from ipt_library.diagnostics import Diagnostics

from .conftest import DATA, Loader, fmt_for


@pytest.fixture(scope="module")
def types_bib() -> Bibliography:
    diags = Diagnostics(DATA)
    bib = load_bibliography(DATA / "types.bib", diags)
    assert not diags.items, [d.format() for d in diags.items]
    return bib


@pytest.fixture(scope="module")
def fmt(types_bib: Bibliography) -> ApaFormatter:
    return fmt_for(types_bib)


def starred(segments: Sequence[Segment]) -> str:
    """Plain text with italics as *...*, to check what is italic as well as the words."""
    return "".join(f"*{s.text}*" if s.style == "italic" else s.text for s in segments)


def cite(fmt: ApaFormatter, markdown: str) -> str:
    groups = find_citations(markdown)
    assert len(groups) == 1
    return fmt.in_text(groups[0]).text


EXPECTED = {
    # 9.8 two authors joined by ", &"; 9.19 edition after the italic title; 9.34 DOI link.
    "author2019book": "Author, A. A., & Writer, B. B. (2019). *Title of the book: A subtitle* "
    "(3rd ed.). Example Press. https://doi.org/10.5555/book.2019",
    # 9.10 / 10.2 edited book: editors in the author position with (Ed.).
    "editor2020edited": "Editor, E. E. (Ed.). (2020). *An edited book*. Example Press.",
    # 9.10 (Eds.); 9.19 edition and volume share one parenthesis.
    "editors2021edited": "Editor, E. E., & Redactor, R. R. (Eds.). (2021). *A book with two "
    "editors* (2nd ed., Vol. 2). Example Press.",
    # 9.28 / 10.3 chapter: plain chapter title, "In" editors with initials first, italic book
    # title, edition and pages in one parenthesis, two editors joined by "&" without comma.
    "chapman2018chapter": "Chapman, C., & Scribe, S. (2018). Title of the chapter. In E. E. "
    "Editor & R. R. Redactor (Eds.), *Title of the edited book* (2nd ed., pp. 45–67). "
    "Example Press.",
    # Three editors: commas and ", &" before the last.
    "solo2017chapter": "Solo, S. (2017). A chapter in a book with three editors. In A. One, "
    "B. Two, & C. Three (Eds.), *Book with three editors* (pp. 1–10). Example Press.",
    # 9.25 / 10.1 journal article: journal and volume italic, issue in parentheses, en dash;
    # the DOI was given with a https://doi.org/ prefix in the .bib and is shown once.
    "writer2020article": "Writer, B. B., Author, A. A., & Chapman, C. (2020). Title of the "
    "article. *Journal of Examples*, *12*(3), 100–110. https://doi.org/10.5555/jex.2020.12.3",
    # 9.11 group author; 9.29 publisher omitted when it is the author; report number.
    "eho2015report": "Example Health Organization. (2015). *Title of the report* (Report No. "
    "EHO/123). https://example.org/reports/123",
    # 10.4 report by individual authors: the institution is the publisher.
    "author2014report": "Author, A. A. (2014). *A report by a person*. Example Institute.",
    # 10.6 unpublished dissertation: description in brackets, university as source.
    "student2016thesis": "Student, S. (2016). *Title of the dissertation* [Unpublished doctoral "
    "dissertation]. Example University.",
    # 10.6 published dissertation: university inside the brackets, database as source.
    "student2017published": "Student, S. (2017). *A published dissertation* [Doctoral "
    "dissertation, Example University]. Example Theses Database. "
    "https://example.org/theses/2017",
    "student2013masters": "Student, S. (2013). *A master's thesis* [Unpublished master's "
    "thesis]. Example University.",
    # 10.16 web page: full date; site name left out when it is the author.
    "eho2022page": "Example Health Organization. (2022, March 4). *Title of the web page*. "
    "https://example.org/page",
    "author2021page": "Author, A. A. (2021). *A page on a site*. Example Site. "
    "https://example.org/site/page",
    # 9.16 undated page designed to change: n.d. and a retrieval date.
    "eho2024changing": "Example Health Organization. (n.d.). *A page that changes*. Retrieved "
    "May 6, 2024, from https://example.org/changing",
    # 10.12 video: [Video] description, platform as publisher, full date.
    "channel2019video": "Example Channel. (2019, August 28). *Title of the video* [Video]. "
    "YouTube. https://www.youtube.com/watch?v=example",
    # 9.47 same author, same year: suffixes by title, ignoring "An".
    "same2016alpha": "Same, S. (2016a). An alpha study. *Journal of Examples*, *1*, 3–4.",
    "same2016beta": "Same, S. (2016b). Beta study. *Journal of Examples*, *1*, 1–2.",
}


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_reference_per_entry_type(fmt: ApaFormatter, key: str) -> None:
    assert starred(fmt.reference(key)) == EXPECTED[key]


def test_every_fixture_entry_has_an_expected_string(types_bib: Bibliography) -> None:
    assert set(types_bib.keys()) == set(EXPECTED)


def test_doi_and_url_are_links(fmt: ApaFormatter) -> None:
    last = fmt.reference("writer2020article")[-1]
    assert last == Segment(
        "https://doi.org/10.5555/jex.2020.12.3", "link", "https://doi.org/10.5555/jex.2020.12.3"
    )
    assert fmt.reference("author2021page")[-1].href == "https://example.org/site/page"


def test_reference_list_order(types_bib: Bibliography) -> None:
    """9.44-9.47: letter by letter on surname, one author before several, then by year;
    group authors by their full name; same author and year by title."""
    assert types_bib.keys() == [
        "author2014report",
        "author2021page",
        "author2019book",
        "chapman2018chapter",
        "editor2020edited",
        "editors2021edited",
        "channel2019video",
        "eho2024changing",
        "eho2015report",
        "eho2022page",
        "same2016alpha",
        "same2016beta",
        "solo2017chapter",
        "student2013masters",
        "student2016thesis",
        "student2017published",
        "writer2020article",
    ]


def test_nothing_precedes_something_and_punctuation_is_ignored(load: Loader) -> None:
    bib, _ = load(
        "@misc{browning, author = {Browning, Ann}, title = {B}, year = {2000}}\n"
        "@misc{brown, author = {Brown, Jo}, title = {A}, year = {2001}}\n"
        "@misc{oneil, author = {O'Neil, Pat}, title = {C}, year = {2000}}\n"
        "@misc{olsen, author = {Olsen, Kim}, title = {D}, year = {2000}}\n"
    )
    assert bib.keys() == ["brown", "browning", "olsen", "oneil"]


def test_no_date_before_dated_before_in_press(load: Loader) -> None:
    bib, _ = load(
        "@misc{p, author = {Lee, A.}, title = {P}, year = {in press}}\n"
        "@misc{d, author = {Lee, A.}, title = {D}, year = {2001}}\n"
        "@misc{n, author = {Lee, A.}, title = {N}}\n"
    )
    assert bib.keys() == ["n", "d", "p"]
    fmt = fmt_for(bib)
    assert fmt.reference_text("p").startswith("Lee, A. (in press). ")
    assert fmt.reference_text("n").startswith("Lee, A. (n.d.). ")


# ---------------------------------------------------------------- authors (9.8, 9.11)


def _authors(count: int) -> str:
    return " and ".join(f"Name{i:02d}, Given" for i in range(1, count + 1))


def test_twenty_authors_are_all_listed(load: Loader) -> None:
    bib, _ = load("@misc{m, author = {" + _authors(20) + "}, title = {T}, year = {2020}}")
    written = ", ".join(f"Name{i:02d}, G." for i in range(1, 20)) + ", & Name20, G."
    assert fmt_for(bib).reference_text("m") == f"{written} (2020). T."


def test_more_than_twenty_authors_use_the_ellipsis(load: Loader) -> None:
    bib, _ = load("@misc{m, author = {" + _authors(23) + "}, title = {T}, year = {2020}}")
    first19 = ", ".join(f"Name{i:02d}, G." for i in range(1, 20))
    assert fmt_for(bib).reference_text("m") == f"{first19}, . . . Name23, G. (2020). T."


def test_name_forms_in_reference_list(load: Loader) -> None:
    bib, _ = load(
        "@misc{n, author = {van der Berg, Anna Maria and King, Jr., Martin Luther and"
        " Sartre, Jean-Paul}, title = {T}, year = {2001}}"
    )
    assert fmt_for(bib).reference_text("n") == (
        "van der Berg, A. M., King, M. L., Jr., & Sartre, J.-P. (2001). T."
    )


def test_and_others_and_braced_group_author(load: Loader) -> None:
    bib, _ = load(
        "@misc{g, author = {{World Health Organization} and Smith, John and others},"
        " title = {T}, year = {2018}}"
    )
    fmt = fmt_for(bib)
    assert fmt.reference_text("g") == "World Health Organization, Smith, J., et al. (2018). T."
    assert cite(fmt, "[@g]") == "(World Health Organization et al., 2018)"


def test_work_without_author_starts_with_its_title(load: Loader) -> None:
    bib, _ = load("@misc{t, title = {Anonymous pamphlet}, year = {1999}}")
    fmt = fmt_for(bib)
    assert fmt.reference_text("t") == "Anonymous pamphlet. (1999)."
    assert cite(fmt, "[@t]") == "(Anonymous pamphlet, 1999)"


# ---------------------------------------------------------------- in text (chapter 8)


def test_one_two_and_three_authors(fmt: ApaFormatter) -> None:
    # 8.17: one and two authors every time; three or more: first author et al.
    assert cite(fmt, "[@student2016thesis]") == "(Student, 2016)"
    assert cite(fmt, "[@author2019book]") == "(Author & Writer, 2019)"
    assert cite(fmt, "@author2019book") == "Author and Writer (2019)"
    assert cite(fmt, "[@writer2020article]") == "(Writer et al., 2020)"
    assert cite(fmt, "@writer2020article") == "Writer et al. (2020)"


def test_group_author_and_editors_in_text(fmt: ApaFormatter) -> None:
    assert cite(fmt, "[@eho2015report]") == "(Example Health Organization, 2015)"
    assert cite(fmt, "[@editors2021edited]") == "(Editor & Redactor, 2021)"
    assert cite(fmt, "[@eho2024changing]") == "(Example Health Organization, n.d.)"


def test_several_works_in_reference_list_order(fmt: ApaFormatter) -> None:
    # 8.12: alphabetical, separated by semicolons, whatever order the writer used.
    assert (
        cite(fmt, "[@writer2020article; @chapman2018chapter; @author2019book]")
        == "(Author & Writer, 2019; Chapman & Scribe, 2018; Writer et al., 2020)"
    )


def test_year_suffixes_in_text_and_collapsed(fmt: ApaFormatter) -> None:
    # 8.19: suffixes in text as in the list; 8.12: one author, several years.
    assert cite(fmt, "[@same2016beta]") == "(Same, 2016b)"
    assert cite(fmt, "[@same2016beta; @same2016alpha]") == "(Same, 2016a, 2016b)"
    assert cite(fmt, "[@student2016thesis; @student2013masters]") == "(Student, 2013, 2016)"


def test_year_suffix_for_undated_works(load: Loader) -> None:
    bib, _ = load(
        "@misc{x, author = {Lee, A.}, title = {Zeta}}\n"
        "@misc{y, author = {Lee, A.}, title = {Eta}}\n"
    )
    fmt = fmt_for(bib)
    assert fmt.reference_text("y") == "Lee, A. (n.d.-a). Eta."
    assert cite(fmt, "[@x]") == "(Lee, n.d.-b)"


def test_year_suffix_needs_the_same_authors(load: Loader) -> None:
    bib, _ = load(
        "@misc{a, author = {Lee, A. and Kim, B.}, title = {A}, year = {2016}}\n"
        "@misc{b, author = {Lee, A.}, title = {B}, year = {2016}}\n"
    )
    assert [r.year_suffix for r in bib] == ["", ""]


def test_et_al_forms_that_collide_get_more_names(load: Loader) -> None:
    # 8.18: enough names to tell the works apart, then et al.; et al. never stands for
    # a single name, so when only the last author differs all names are written.
    bib, _ = load(
        "@misc{k1, author = {Ortiz, A. and Bloom, B. and Marsh, C. and Wong, D. and Hill, E.},"
        " title = {One}, year = {2017}}\n"
        "@misc{k2, author = {Ortiz, A. and Bloom, B. and Zuber, F. and Tang, G. and Kim, H.},"
        " title = {Two}, year = {2017}}\n"
        "@misc{p1, author = {Pratt, A. and Quinn, B. and Reyes, C. and Stone, D.},"
        " title = {Three}, year = {2019}}\n"
        "@misc{p2, author = {Pratt, A. and Quinn, B. and Reyes, C. and Ulrich, E.},"
        " title = {Four}, year = {2019}}\n"
        "@misc{p3, author = {Pratt, A. and Quinn, B. and Reyes, C. and Ulrich, E.},"
        " title = {Five}, year = {2020}}\n"
    )
    fmt = fmt_for(bib)
    assert cite(fmt, "[@k1]") == "(Ortiz, Bloom, Marsh, et al., 2017)"
    assert cite(fmt, "@k2") == "Ortiz, Bloom, Zuber, et al. (2017)"
    assert cite(fmt, "[@p1]") == "(Pratt, Quinn, Reyes, & Stone, 2019)"
    assert cite(fmt, "@p2") == "Pratt, Quinn, Reyes, and Ulrich (2019)"
    # A different year is no collision.
    assert cite(fmt, "[@p3]") == "(Pratt et al., 2020)"


def test_first_authors_sharing_a_surname_get_initials(load: Loader) -> None:
    # 8.20: "(E. Taylor, 2016; J. M. Taylor & Sanchez, 2019)".
    bib, _ = load(
        "@misc{t1, author = {Taylor, John M. and Sanchez, Lia}, title = {A}, year = {2019}}\n"
        "@misc{t2, author = {Taylor, Eve}, title = {B}, year = {2016}}\n"
    )
    fmt = fmt_for(bib)
    assert cite(fmt, "[@t1; @t2]") == "(E. Taylor, 2016; J. M. Taylor & Sanchez, 2019)"


def test_locators_prefixes_and_suffixes(fmt: ApaFormatter) -> None:
    # 8.13: p. for one page, pp. for a range (en dash), para. for paragraphs.
    assert cite(fmt, "[@student2016thesis, p. 12]") == "(Student, 2016, p. 12)"
    assert cite(fmt, "[@student2016thesis, pp. 3-5]") == "(Student, 2016, pp. 3–5)"
    assert cite(fmt, "[@student2016thesis, 33]") == "(Student, 2016, p. 33)"
    assert cite(fmt, "[@student2016thesis, para. 4]") == "(Student, 2016, para. 4)"
    assert cite(fmt, "[@student2016thesis, chap. 3]") == "(Student, 2016, Chapter 3)"
    assert (
        cite(fmt, "[see @writer2020article, pp. 3-5; also @author2019book]")
        == "(see Writer et al., 2020, pp. 3–5; also Author & Writer, 2019)"
    )
    assert (
        cite(fmt, "[@student2016thesis, p. 4, emphasis added]")
        == "(Student, 2016, p. 4, emphasis added)"
    )
    assert cite(fmt, "@writer2020article [p. 33]") == "Writer et al. (2020, p. 33)"


def test_year_only(fmt: ApaFormatter) -> None:
    assert cite(fmt, "[-@writer2020article]") == "(2020)"
    assert cite(fmt, "[-@writer2020article, p. 7]") == "(2020, p. 7)"


def test_in_text_links_each_work_to_its_entry(fmt: ApaFormatter) -> None:
    group = find_citations("[@author2019book; @writer2020article]")[0]
    links = [s for s in fmt.in_text(group).segments if s.style == "link"]
    assert [(s.text, s.href) for s in links] == [
        ("Author & Writer, 2019", "#ref-author2019book"),
        ("Writer et al., 2020", "#ref-writer2020article"),
    ]


def test_unknown_key_is_shown_without_a_link(fmt: ApaFormatter) -> None:
    group = find_citations("[@nosuch2000]")[0]
    out = fmt.in_text(group)
    assert out.text == "(nosuch2000?)"
    assert all(s.style == "plain" for s in out.segments)


def test_keys_are_case_insensitive(fmt: ApaFormatter) -> None:
    assert cite(fmt, "[@Author2019Book]") == "(Author & Writer, 2019)"


# ---------------------------------------------------------------- translation


SPANISH = {
    "et al.": "et al.",
    "&": "y",
    "and": "y",
    "Eds.": "Eds.",
    "{edition} ed.": "{edition} ed.",
    "{n}th": "{n}.ª",
    "{n}nd": "{n}.ª",
    "{n}rd": "{n}.ª",
    "{n}st": "{n}.ª",
    "In": "En",
    "pp.": "pp.",
    "n.d.": "s. f.",
    "Retrieved {date}, from": "Recuperado el {date}, de",
    "Video": "Vídeo",
    "Unpublished doctoral dissertation": "Tesis doctoral inédita",
}


def test_terms_come_from_gettext(types_bib: Bibliography) -> None:
    fmt = ApaFormatter(types_bib, lambda s: SPANISH.get(s, s), "es")
    assert fmt.reference_text("chapman2018chapter") == (
        "Chapman, C., y Scribe, S. (2018). Title of the chapter. En E. E. Editor y R. R. "
        "Redactor (Eds.), Title of the edited book (2.ª ed., pp. 45–67). Example Press."
    )
    assert fmt.reference_text("eho2024changing") == (
        "Example Health Organization. (s. f.). A page that changes. Recuperado el 6 de mayo "
        "de 2024, de https://example.org/changing"
    )
    assert fmt.reference_text("channel2019video").startswith(
        "Example Channel. (2019, 28 de agosto). Title of the video [Vídeo]."
    )
    assert cite(fmt, "@author2019book") == "Author y Writer (2019)"


def test_english_ordinals_follow_cldr(load: Loader) -> None:
    bib, _ = load(
        "".join(
            f"@book{{e{n}, author = {{A, B}}, title = {{T{n}}}, edition = {{{n}}},"
            f" publisher = {{P}}, year = {{2000}}}}\n"
            for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101)
        )
    )
    fmt = fmt_for(bib)
    editions = {r.key: fmt.reference_text(r.key).split("(")[2].split(")")[0] for r in bib}
    assert editions == {
        "e1": "1st ed.",
        "e2": "2nd ed.",
        "e3": "3rd ed.",
        "e4": "4th ed.",
        "e11": "11th ed.",
        "e12": "12th ed.",
        "e13": "13th ed.",
        "e21": "21st ed.",
        "e22": "22nd ed.",
        "e23": "23rd ed.",
        "e101": "101st ed.",
    }


def test_edition_words(load: Loader) -> None:
    bib, _ = load(
        "@book{a, author = {A, B}, title = {T}, edition = {second}, publisher = {P}, year = {1}}\n"
        "@book{b, author = {A, B}, title = {U}, edition = {Rev.}, publisher = {P}, year = {1}}\n"
    )
    fmt = fmt_for(bib)
    assert "(2nd ed.)" in fmt.reference_text("a")
    assert "(Rev. ed.)" in fmt.reference_text("b")


def test_article_number_in_place_of_pages(load: Loader) -> None:
    # 9.25: "Article e0209899" where a page range would be.
    bib, _ = load(
        "@article{n, author = {Lee, Ann}, title = {T}, journal = {PLOS ONE}, volume = {14},"
        " number = {1}, eid = {e0209899}, year = {2019}}"
    )
    assert fmt_for(bib).reference_text("n") == (
        "Lee, A. (2019). T. PLOS ONE, 14(1), Article e0209899."
    )

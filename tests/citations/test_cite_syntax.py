"""Pandoc-style citation syntax in Markdown: what counts, what does not, and its lines."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ipt_library.citations import (
    Citation,
    CitationGroup,
    Locator,
    check_citations,
    check_key,
    find_citations,
    replace_citations,
    report_uncited,
)
from ipt_library.diagnostics import Diagnostics, Severity

from .conftest import Loader


def keys(markdown: str) -> list[str]:
    return [c.key for g in find_citations(markdown) for c in g.items]


def test_single_bracketed() -> None:
    (group,) = find_citations("Text [@klerman1984] more.")
    assert group == CitationGroup((Citation("klerman1984", 1),), False, 5, 19, 1, "[@klerman1984]")


def test_locator_and_several_keys() -> None:
    (group,) = find_citations("[see @a, pp. 3-5; also @b]")
    first, second = group.items
    assert (first.prefix, first.key, first.locator, first.suffix) == (
        "see",
        "a",
        Locator("page", "3-5"),
        "",
    )
    assert (second.prefix, second.key, second.locator) == ("also", "b", None)


def test_page_locator_forms() -> None:
    loc = [
        find_citations(s)[0].items[0].locator for s in ("[@a, p. 12]", "[@a, 12]", "[@a, pp. 3–5]")
    ]
    assert loc == [Locator("page", "12"), Locator("page", "12"), Locator("page", "3–5")]
    assert Locator("page", "3–5").plural and not Locator("page", "12").plural


def test_suffix_without_locator() -> None:
    (group,) = find_citations("[@a, emphasis added]")
    assert (group.items[0].locator, group.items[0].suffix) == (None, ", emphasis added")


def test_suppressed_author() -> None:
    (group,) = find_citations("Klerman said so [-@klerman1984].")
    assert group.items[0].suppress_author
    assert not group.narrative


def test_narrative_citations() -> None:
    groups = find_citations("As @markowitz2004 argue, and @cuijpers2016 [p. 3] shows.")
    assert [(g.narrative, g.items[0].key, g.items[0].locator) for g in groups] == [
        (True, "markowitz2004", None),
        (True, "cuijpers2016", Locator("page", "3")),
    ]
    assert groups[1].source == "@cuijpers2016 [p. 3]"


def test_narrative_key_stops_before_trailing_punctuation() -> None:
    assert keys("End of a sentence @klerman1984. Then @a_b:c-d, then @x's idea.") == [
        "klerman1984",
        "a_b:c-d",
        "x",
    ]


def test_braced_key() -> None:
    assert keys("[@{odd.key!}]") == ["odd.key!"]


def test_code_spans_and_blocks_are_ignored() -> None:
    markdown = "\n".join(
        [
            "Inline `[@inline1]` and ``@inline2 ` x`` code.",
            "",
            "```markdown",
            "[@fenced]",
            "```",
            "",
            "~~~~",
            "@tilde",
            "~~~~",
            "",
            "    [@indented]",
            "",
            "Para [@real].",
        ]
    )
    assert keys(markdown) == ["real"]


def test_indented_list_content_is_not_code() -> None:
    markdown = "- item one\n\n    continued [@inlist]\n\nPlain text.\n\n    [@code]\n"
    assert keys(markdown) == ["inlist"]


def test_field_blocks_are_code() -> None:
    markdown = "```field\nname: x\nlabel: Write @someone's name\n```\n[@after]"
    assert keys(markdown) == ["after"]


def test_emails_urls_and_link_targets_are_ignored() -> None:
    markdown = (
        "Mail name@example.org or <help@example.org>. See https://example.org/@who and "
        "[a page](https://example.org/people/@team) or <https://x.org/@y>. "
        "Escaped \\@literal. Real @real."
    )
    assert keys(markdown) == ["real"]


def test_link_text_is_not_a_citation_group() -> None:
    # "[@x](url)" is a Markdown link; as in Pandoc, only a narrative @x is left inside it.
    (group,) = find_citations("[@x](https://example.org)")
    assert group.narrative and group.source == "@x"


def test_free_prefix_and_suffix_text() -> None:
    (group,) = find_citations("[as shown by @a in detail]")
    item = group.items[0]
    assert (group.narrative, item.prefix, item.key, item.suffix) == (
        False,
        "as shown by",
        "a",
        "in detail",
    )


def test_brackets_without_a_valid_group_fall_back_to_narrative() -> None:
    # Every ;-separated part needs a key, as in Pandoc; otherwise it is plain text.
    (group,) = find_citations("[one idea; another from @a]")
    assert group.narrative and group.items[0].key == "a"


def test_at_sign_alone_is_no_citation() -> None:
    assert keys("Meet [at the @ sign] or @ noon.") == []


def test_lines_are_one_based_and_offset_by_first_line() -> None:
    markdown = "First line\n\nThird [@a; @b]\nand\n@c on five"
    groups = find_citations(markdown, first_line=4)
    assert [(c.key, c.line) for g in groups for c in g.items] == [("a", 6), ("b", 6), ("c", 8)]


def test_group_spanning_a_soft_line_break() -> None:
    (group,) = find_citations("Text [@a;\n@b] end")
    assert [(c.key, c.line) for c in group.items] == [("a", 1), ("b", 2)]


def test_replace_citations_keeps_everything_else() -> None:
    markdown = "A [@a] b @c `[@d]` e [-@f]."
    out = replace_citations(markdown, lambda g: "<" + ",".join(g.keys) + ">")
    assert out == "A <a> b <c> `[@d]` e <f>."


def test_unknown_citation_diagnostic(load: Loader) -> None:
    bib, _ = load("@misc{klerman1984, title = {T}}\n@misc{weissman2018guide, title = {U}}\n")
    diags = Diagnostics(Path("."))
    groups = find_citations("Body\n\n[@klerman1984; @klermann1984]\n", first_line=5)
    cited = check_citations(groups, bib, "resources/x/en.md", diags)
    assert cited == {"klerman1984"}
    (diag,) = diags.items
    assert diag.format() == (
        "resources/x/en.md:7: unknown-citation: '@klermann1984' is not in bibliography.bib. "
        "Did you mean 'klerman1984'?\n"
        "    hint: add the work to bibliography.bib, or correct the key (write \\@ for a "
        "literal @)"
    )


def test_check_key_for_metadata_lists(load: Loader) -> None:
    bib, _ = load("@misc{known, title = {T}}\n")
    diags = Diagnostics(Path("."))
    assert check_key("KNOWN", bib, "resource.yml", 3, diags)
    assert not check_key("unknown", bib, "resource.yml", 4, diags)
    assert [(d.line, d.code) for d in diags.items] == [(4, "unknown-citation")]


def test_uncited_entries_are_information(load: Loader) -> None:
    bib, _ = load("@misc{a, title = {T}}\n\n@misc{b, title = {U}}\n")
    diags = Diagnostics(Path("."))
    report_uncited(bib, {"A"}, diags)
    (diag,) = diags.items
    assert (diag.line, diag.code, diag.severity) == (3, "bib-uncited", Severity.INFO)
    assert not diags.has_errors


def test_citation_before_a_colon() -> None:
    # Real content: "IPT has three parts [@weissman2018guide]:" is a citation ...
    (group,) = find_citations("IPT has three parts [@weissman2018guide]:\n")
    assert not group.narrative and group.source == "[@weissman2018guide]"
    # ... but "[label]: url" at the start of a line is a link reference definition.
    assert find_citations("Text.\n\n  [@label]: https://example.org/x\n") == []


def test_narrative_citation_inside_emphasis() -> None:
    # Asterisks may surround a narrative citation; an underscore before @ reads as part of
    # an e-mail address ("first_@example.org"), so it never starts a citation.
    assert keys("*@klerman1984* and **@markowitz2004** but not a_@b or _@c") == [
        "klerman1984",
        "markowitz2004",
    ]


_MARKDOWN_ALPHABET = "ab1 @[];,-.:_`*\n\\<>()/p"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_MARKDOWN_ALPHABET, max_size=80))
def test_groups_are_exact_slices_of_the_source(markdown: str) -> None:
    groups = find_citations(markdown)
    starts = [g.start for g in groups]
    assert starts == sorted(starts)
    for group in groups:
        assert markdown[group.start : group.end] == group.source
        assert group.line == 1 + markdown.count("\n", 0, group.start)
        assert all(c.key for c in group.items)
    assert replace_citations(markdown, lambda g: g.source) == markdown

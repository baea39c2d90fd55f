"""Fuzzing the readers of untrusted input: whatever a pull request contains, they report
diagnostics with 1-based lines inside the input, and never raise.

Hypothesis generates the inputs from small grammars of each syntax (so most inputs are
nearly valid, where parsers are most fragile) mixed with raw text. The number of inputs
tried is printed at the end of the test run ("fuzzing: N inputs"). ``IPT_FUZZ_SCALE``
multiplies the number of examples (default 1: a few thousand inputs in about 30 s).
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipt_library.checks import blank_code, field_blocks_readable, iter_links
from ipt_library.citations import find_citations, parse_bibliography, replace_citations
from ipt_library.diagnostics import Diagnostics
from ipt_library.model import Text
from ipt_library.safety import check_markdown
from ipt_library.schema import PageFrontMatter, ResourceMeta, TextFrontMatter, validate
from ipt_library.sources import load_yaml, split_front_matter
from ipt_library.worksheets import extract_fields

SCALE = float(os.environ.get("IPT_FUZZ_SCALE", "1"))
ROOT = Path("/library")
TRIED: Counter[str] = Counter()


def fuzz_settings(examples: int) -> settings:
    return settings(
        max_examples=max(1, int(examples * SCALE)),
        deadline=None,  # a loaded CI machine must not turn slowness into failures
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


class _Report:
    """Prints the number of inputs tried in the terminal summary."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if not TRIED:
            return
        total = sum(TRIED.values())
        parts = ", ".join(f"{name} {n}" for name, n in sorted(TRIED.items()))
        seconds = self.seconds
        terminalreporter.write_line(f"fuzzing: {total} inputs in {seconds:.0f} s ({parts})")


@pytest.fixture(scope="module", autouse=True)
def report_counts(request: pytest.FixtureRequest) -> Iterator[None]:
    plugin = _Report()
    request.config.pluginmanager.register(plugin, "ipt-fuzz-report")
    started = time.monotonic()
    yield
    plugin.seconds = time.monotonic() - started


def lines_of(text: str) -> int:
    """The number of the last line with content (a final newline starts no new line)."""
    return text.rstrip("\n").count("\n") + 1


def assert_lines_within(diags: Diagnostics, first: int, last: int) -> None:
    for d in diags.items:
        assert first <= d.line <= last, (d.format(), first, last)
        assert d.code and d.message and "\n" not in d.code


def new_diags() -> Diagnostics:
    return Diagnostics(ROOT)


# ---- grammars --------------------------------------------------------------------------

SPECIAL = "\u202e\u2066\u200b\ufeff\u00ad\x00\t\r"
WORDS = st.sampled_from(
    [
        "type",
        "title",
        "summary",
        "guidance",
        "translation",
        "source_hash",
        "audience",
        "created",
        "related",
        "video",
        "url",
        "attachments",
        "file",
        "name",
        "kind",
        "label",
        "options",
        "columns",
        "lines",
        "rows",
        "min",
        "max",
        "handout",
        "public",
        "grief",
        "x",
        "é",
        "عن",
        "中文",
    ]
)
SCALARS = st.one_of(
    WORDS,
    st.sampled_from(
        [
            "2026-11-22",
            "2026-13-45",
            "2026-02-30 10:00",
            "0123456789ab",
            "12:34",
            "1e400",
            "0x1F",
            ".nan",
            "~",
            "null",
            "yes",
            "no",
            "true",
            "''",
            '""',
            '"unclosed',
            "'unclosed",
            "|",
            ">-",
            "[a, b]",
            "[a, [b",
            "{a: 1}",
            "{a",
            "&anchor x",
            "*anchor",
            "!!python/object:os.system x",
            "!tag x",
            "? complex",
            "- item",
            "# comment",
            "https://example.org/x",
            "javascript:alert(1)",
            "a: b: c",
            "%YAML 1.2",
            "---",
            "...",
        ]
    ),
    st.text(max_size=12),
)


@st.composite
def yaml_texts(draw: st.DrawFn) -> str:
    """Lines of ``key: value`` with list items, nesting, indentation slips and noise."""
    lines = []
    for _ in range(draw(st.integers(0, 12))):
        indent = draw(st.sampled_from(["", "", "  ", "    ", " ", "\t"]))
        shape = draw(st.integers(0, 5))
        if shape == 0:
            lines.append(f"{indent}- {draw(SCALARS)}")
        elif shape == 1:
            lines.append(f"{indent}{draw(WORDS)}:")
        elif shape == 2:
            lines.append(draw(st.text(alphabet=":-[]{}&*!|>#'\" \t\nab" + SPECIAL, max_size=20)))
        else:
            lines.append(f"{indent}{draw(WORDS)}: {draw(SCALARS)}")
    return "\n".join(lines) + draw(st.sampled_from(["", "\n", "\n\n"]))


@st.composite
def markdown_texts(draw: st.DrawFn) -> str:
    pieces = st.one_of(
        st.text(max_size=30),
        st.sampled_from(
            [
                "## Heading",
                "```field",
                "```",
                "~~~",
                "    indented code",
                "`code <script>`",
                "[link](../other/)",
                "[link](javascript:alert(1))",
                "[x][ref]",
                "[ref]: https://example.org",
                "[^1]: a footnote",
                "![img](files/a.png)",
                "<script>alert(1)</script>",
                '<div markdown="1">',
                "</div>",
                '<a href="&#106;avascript:x">',
                "<img src=x onerror=alert(1)>",
                "{: onclick=x }",
                "{#__config}",
                "<!-- comment",
                "-->",
                "[@klerman1984]",
                "[see @a, p. 3; @b]",
                "@narrative says",
                "[-@key]",
                "\\@literal",
                "<https://example.org>",
                "<me@example.org>",
                "a < b > c",
                "\u202e\u2066\u200b",
            ]
        ),
    )
    return "\n".join(draw(st.lists(pieces, max_size=14)))


@st.composite
def front_matter_documents(draw: st.DrawFn) -> str:
    opening = draw(st.sampled_from(["---\n", "---\n", "--- \n", "----\n", "", "---"]))
    closing = draw(st.sampled_from(["\n---\n", "\n---\n", "\n--- \n", "\n", "\n...\n"]))
    return opening + draw(yaml_texts()) + closing + draw(markdown_texts())


@st.composite
def field_bodies(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        fence = draw(st.sampled_from(["```", "````", "~~~", "``` ", "   ```"]))
        info = draw(st.sampled_from(["field", "field", "field ", "yaml", "", "field x"]))
        close = draw(st.sampled_from([fence.strip(), "```", "", "~~~"]))
        parts.append(draw(markdown_texts()))
        parts.append(f"{fence}{info}\n{draw(yaml_texts())}\n{close}")
    parts.append(draw(markdown_texts()))
    return "\n".join(parts)


@st.composite
def bib_texts(draw: st.DrawFn) -> str:
    entries = []
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(["book", "article", "incollection", "online", "misc", "x", ""]))
        key = draw(st.sampled_from(["klerman1984", "Klerman1984", "a", "", "key with space"]))
        fields = []
        for _ in range(draw(st.integers(0, 6))):
            name = draw(
                st.sampled_from(
                    ["author", "editor", "title", "year", "doi", "url", "pages", "journal"]
                )
            )
            value = draw(
                st.one_of(
                    st.sampled_from(
                        [
                            "{Doe, Jane and Roe, R.}",
                            "{{World Health Organization}}",
                            "{Doe, Jane and others}",
                            "{, , ,}",
                            "{Caf\\'{e} \\unknown{x}}",
                            "{10.1000/x}",
                            "{https://doi.org/10.1/x}",
                            "{not a doi}",
                            "{2020}",
                            "{in press}",
                            "{1--2}",
                            '"quoted"',
                            "2020",
                            "macro",
                            "{unclosed",
                            "}",
                            "{a} # {b}",
                        ]
                    ),
                    st.text(alphabet="{}@,=\"'\\#% \nab", max_size=15),
                )
            )
            sep = draw(st.sampled_from([",\n", ",\n", "\n", ", "]))
            fields.append(f"  {name} = {value}{sep}")
        end = draw(st.sampled_from(["}\n", "}\n", ")\n", "", "}}\n"]))
        entries.append(f"@{kind}{{{key},\n{''.join(fields)}{end}")
        if draw(st.booleans()):
            entries.append(draw(st.text(max_size=20)))
    return "\n".join(entries)


# ---- properties ------------------------------------------------------------------------


@fuzz_settings(700)
@given(st.one_of(yaml_texts(), st.text(max_size=200)), st.integers(1, 50))
def test_yaml_reader_and_validator_never_raise(text: str, first_line: int) -> None:
    TRIED["yaml"] += 1
    diags = new_diags()
    data, lines = load_yaml(
        text, Path("/library/resources/x/resource.yml"), diags, first_line=first_line
    )
    for model in (ResourceMeta, TextFrontMatter):
        validate(model, data, Path("/library/resources/x/resource.yml"), lines, diags)
    assert_lines_within(diags, first_line, first_line + lines_of(text) - 1)


@fuzz_settings(600)
@given(front_matter_documents())
def test_front_matter_reader_never_raises(text: str) -> None:
    TRIED["front matter"] += 1
    diags = new_diags()
    path = Path("/library/resources/x/en.md")
    doc = split_front_matter(text, path, diags)
    if doc is not None:
        assert 1 <= doc.body_line <= lines_of(text) + 1
        assert text.endswith(doc.body)
        validate(TextFrontMatter, doc.data, path, doc.lines, diags)
        validate(PageFrontMatter, doc.data, path, doc.lines, diags)
    assert_lines_within(diags, 1, lines_of(text))


@fuzz_settings(500)
@given(field_bodies(), st.integers(1, 30))
def test_worksheet_fields_never_raise(body: str, first_line: int) -> None:
    TRIED["worksheet fields"] += 1
    diags = new_diags()
    path = Path("/library/resources/sheet/en.md")
    text = Text("en", path, "T", "A summary.", None, body, first_line, None, "0" * 12)
    # The pipeline's own order: refuse aliases and deep nesting, then read the fields.
    if field_blocks_readable(text, diags):
        html, fields = extract_fields(body, path, first_line, diags, lang="en", locales=None)
        assert html.count("\n") == body.count("\n")  # line numbers survive the rendering
        assert len({f.name for f in fields}) == len(fields)
    assert_lines_within(diags, first_line, first_line + lines_of(body) - 1)


@fuzz_settings(800)
@given(st.one_of(markdown_texts(), st.text(alphabet="[]@;,-:p. {}\\`\nab1", max_size=80)))
def test_citation_syntax_never_raises(text: str) -> None:
    TRIED["citations"] += 1
    groups = find_citations(text, first_line=5)
    last = 0
    for group in groups:
        assert last <= group.start < group.end <= len(text)
        assert 5 <= group.line <= 5 + lines_of(text) - 1
        assert group.items
        last = group.end
    assert replace_citations(text, lambda g: text[g.start : g.end]) == text


@fuzz_settings(400)
@given(st.one_of(bib_texts(), st.text(alphabet='@{}=,"\n ab', max_size=120)))
def test_bibliography_reader_never_raises(text: str) -> None:
    TRIED["bibliography"] += 1
    diags = new_diags()
    bib = parse_bibliography(text, Path("/library/bibliography.bib"), diags)
    assert len(list(bib)) <= text.count("@")
    assert_lines_within(diags, 1, lines_of(text))


@fuzz_settings(800)
@given(
    st.one_of(markdown_texts(), st.text(alphabet="<>/=\"' \n{}:#.!()[]abonsciprt", max_size=120))
)
def test_safety_check_never_raises(text: str) -> None:
    TRIED["raw HTML"] += 1
    diags = new_diags()
    check_markdown(blank_code(text), Path("/library/resources/x/en.md"), 3, diags)
    for _ in iter_links(text):
        pass
    assert_lines_within(diags, 3, 3 + lines_of(text) - 1)
    if not any(c in text for c in "<{!"):
        assert diags.items == []  # plain prose is never flagged


def test_the_pipeline_screens_field_blocks_for_aliases() -> None:
    body = "```field\nname: a\nkind: text\nlabel: &me [*me]\n```\n"
    diags = new_diags()
    path = Path("/library/resources/sheet/en.md")
    text = Text("en", path, "T", "A summary.", None, body, 7, None, "0" * 12)
    assert not field_blocks_readable(text, diags)
    assert [(d.line, d.code) for d in diags.items] == [(10, "field-yaml-alias")]


def test_the_worksheet_reader_alone_refuses_aliases() -> None:
    body = "```field\nname: a\nkind: text\nlabel: &me [*me]\n```\n"
    diags = new_diags()
    extract_fields(body, Path("/library/resources/sheet/en.md"), 7, diags, lang="en", locales=None)
    assert [d.code for d in diags.errors] == ["field-yaml-alias"]

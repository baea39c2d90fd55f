"""```field blocks: parsing every kind, and every kind of bad input at its real line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import markdown
import pytest

from ipt_library.diagnostics import Diagnostics
from ipt_library.worksheets import Field, extract_fields

PATH = Path("resources/my-worksheet/en.md")
FIRST_LINE = 6  # the body starts on line 6 of the file, after the front matter


def extract(body: str, first_line: int = FIRST_LINE) -> tuple[str, list[Field], Diagnostics]:
    diags = Diagnostics(Path("."))
    out, fields = extract_fields(
        textwrap.dedent(body), PATH, first_line, diags, lang="en", locales=None
    )
    return out, fields, diags


def problems(diags: Diagnostics) -> list[tuple[int, str]]:
    return [(d.line, d.code) for d in diags]


ALL_KINDS = """\
    Intro paragraph.

    ```field
    name: important-people
    kind: lines
    label: Who are the most important people in your life right now?
    help: One name per line.
    lines: 5
    ```

    ```field
    name: my-name
    kind: text
    label: Your name
    ```

    ```field
    name: today
    kind: date
    label: Today's date
    ```

    ```field
    name: supports
    kind: checkboxes
    label: Who supports you?
    options:
      partner: My partner
      family: Family members
    ```

    ```field
    name: mood
    kind: rating
    label: How was your mood?
    min: 0
    max: 10
    low: Very low
    high: Very good
    ```

    ```field
    name: relationships
    kind: table
    label: My relationships
    columns:
      person: Person
      gives: What this relationship gives me
    rows: 4
    ```
    """


def test_every_kind_is_parsed_with_its_options_and_line() -> None:
    _, fields, diags = extract(ALL_KINDS)
    assert list(diags) == []
    by_name = {f.name: f for f in fields}
    assert [f.name for f in fields] == [
        "important-people",
        "my-name",
        "today",
        "supports",
        "mood",
        "relationships",
    ]
    assert by_name["important-people"].kind == "lines"
    assert by_name["important-people"].lines == 5
    assert by_name["important-people"].help == "One name per line."
    assert by_name["important-people"].line == FIRST_LINE + 2
    assert by_name["my-name"].line == FIRST_LINE + 10
    assert by_name["supports"].options == (("partner", "My partner"), ("family", "Family members"))
    assert (by_name["mood"].min, by_name["mood"].max) == (0, 10)
    assert (by_name["mood"].low, by_name["mood"].high) == ("Very low", "Very good")
    assert by_name["relationships"].columns == (
        ("person", "Person"),
        ("gives", "What this relationship gives me"),
    )
    assert by_name["relationships"].rows == 4


def test_defaults() -> None:
    _, fields, diags = extract(
        """\
        ```field
        name: a
        kind: rating
        label: A
        ```

        ```field
        name: b
        kind: lines
        label: B
        ```
        """
    )
    assert list(diags) == []
    assert (fields[0].min, fields[0].max) == (1, 10)
    assert fields[1].lines == 4


def test_labels_stay_text_even_when_yaml_would_read_them_as_booleans() -> None:
    _, fields, diags = extract(
        """\
        ```field
        name: answer
        kind: checkboxes
        label: No
        options:
          yes: Yes
          off: off
        ```
        """
    )
    assert list(diags) == []
    assert fields[0].label == "No"
    assert fields[0].options == (("yes", "Yes"), ("off", "off"))


def test_blocks_become_raw_html_and_keep_the_line_count() -> None:
    out, _, _ = extract(ALL_KINDS)
    source = textwrap.dedent(ALL_KINDS)
    assert out.count("\n") == source.count("\n")
    assert "```field" not in out
    lines = out.split("\n")
    html_lines = [i for i, line in enumerate(lines) if line.startswith('<div class="ipt-field')]
    assert len(html_lines) == 6
    for i in html_lines:
        assert lines[i - 1] == "" and lines[i + 1] == ""
    # Python-Markdown passes the blocks through untouched (no <p> around, no escaping).
    html = markdown.markdown(out)
    assert html.count("<textarea") == 1 + 2 * 4
    assert "<p><div" not in html and "&lt;" not in html
    assert html.count('<input class="ipt-field__check" type="radio"') == 11


def test_field_blocks_inside_other_code_blocks_are_examples() -> None:
    out, fields, diags = extract(
        """\
        ````markdown
        ```field
        name: example
        kind: text
        ```
        ````

        ~~~
        ```field
        kind: nonsense
        ~~~

            ```field
            name: indented-code
            ```

        ~~~field
        name: real
        kind: text
        label: A real one
        ~~~
        """
    )
    assert list(diags) == []
    assert [f.name for f in fields] == ["real"]
    assert "name: example" in out and "kind: nonsense" in out


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # no label: reported at the block's opening line
        ("```field\nname: a\nkind: text\n```\n", [(6, "field-no-label")]),
        # an empty label: at the label's line
        ("```field\nname: a\nkind: text\nlabel:\n```\n", [(9, "field-no-label")]),
        ("```field\nname: a\nlabel: A\n```\n", [(6, "field-no-kind")]),
        ("```field\nkind: text\nlabel: A\n```\n", [(6, "field-no-name")]),
        ("```field\nname: a\nkind: checkbox\nlabel: A\n```\n", [(8, "field-unknown-kind")]),
        ("```field\nname: My Field\nkind: text\nlabel: A\n```\n", [(7, "field-bad-name")]),
        ("```field\nname: a--b\nkind: text\nlabel: A\n```\n", [(7, "field-bad-name")]),
        (
            "```field\nname: a\nkind: text\nlabel: A\nlines: 3\n```\n",
            [(10, "field-unknown-option")],
        ),
        (
            "```field\nname: a\nkind: lines\nlabel: A\nlines: 50\n```\n",
            [(10, "field-bad-value")],
        ),
        (
            "```field\nname: a\nkind: lines\nlabel: A\nlines: many\n```\n",
            [(10, "field-bad-value")],
        ),
        ("```field\nname: a\nkind: checkboxes\nlabel: A\n```\n", [(6, "field-missing-option")]),
        (
            "```field\nname: a\nkind: checkboxes\nlabel: A\noptions:\n  Big One: B\n```\n",
            [(11, "field-bad-option-id")],
        ),
        (
            "```field\nname: a\nkind: checkboxes\nlabel: A\noptions:\n  b: B\n  b: C\n```\n",
            [(12, "field-duplicate-key")],
        ),
        (
            "```field\nname: a\nkind: rating\nlabel: A\nmin: 5\nmax: 5\n```\n",
            [(11, "field-bad-value")],
        ),
        (
            "```field\nname: a\nkind: rating\nlabel: A\nmin: 0\nmax: 100\n```\n",
            [(11, "field-bad-value")],
        ),
        (
            "```field\nname: a\nkind: table\nlabel: A\ncolumns: [a, b]\n```\n",
            [(10, "field-bad-value")],
        ),
        ("```field\nname: a\nkind: text\nlabel: [A, B]\n```\n", [(9, "field-bad-value")]),
        ("```field\n```\n", [(6, "field-empty")]),
        ("```field\njust words\n```\n", [(6, "field-invalid")]),
        # a YAML syntax error at its own line inside the block
        ("```field\nname: a\nkind: text\nlabel: [unclosed\n```\n", [(9, "field-yaml-syntax")]),
        ("```field\nname: a\nkind: text\nlabel: A: B\nhelp: h\n```\n", [(9, "field-yaml-syntax")]),
        ("text\n\n```field\nname: a\nkind: text\nlabel: A\n", [(8, "field-unclosed")]),
    ],
)
def test_bad_input_is_reported_at_its_line(body: str, expected: list[tuple[int, str]]) -> None:
    out, fields, diags = extract(body)
    assert problems(diags) == expected
    assert fields == []
    assert out == body  # a bad block stays as written, so the page shows it


def test_unknown_kind_suggests_the_closest() -> None:
    _, _, diags = extract("```field\nname: a\nkind: checkbox\nlabel: A\n```\n")
    (problem,) = list(diags)
    assert "Did you mean 'checkboxes'?" in problem.message


def test_unknown_option_suggests_and_names_its_kind() -> None:
    _, _, diags = extract("```field\nname: a\nkind: lines\nlabel: A\nline: 3\n```\n")
    (problem,) = list(diags)
    assert problem.code == "field-unknown-option"
    assert "Did you mean 'lines'?" in problem.message
    _, _, diags = extract("```field\nname: a\nkind: text\nlabel: A\nrows: 3\n```\n")
    (problem,) = list(diags)
    assert "kind: table" in problem.hint


def test_duplicate_name_points_at_both_lines() -> None:
    _, fields, diags = extract(
        """\
        ```field
        name: same
        kind: text
        label: First
        ```

        ```field
        name: same
        kind: lines
        label: Second
        ```
        """
    )
    (problem,) = list(diags)
    assert (problem.line, problem.code) == (FIRST_LINE + 7, "field-duplicate-name")
    assert f"line {FIRST_LINE}" in problem.message
    assert [f.label for f in fields] == ["First"]


def test_every_problem_of_a_block_is_reported_at_once() -> None:
    _, _, diags = extract("```field\nname: Bad Name\nkind: txt\nhelp: x\n```\n")
    assert sorted(problems(diags)) == [
        (6, "field-no-label"),
        (7, "field-bad-name"),
        (8, "field-unknown-kind"),
    ]


def test_diagnostics_format_as_path_line() -> None:
    _, _, diags = extract("```field\nname: a\nkind: text\n```\n", first_line=12)
    (problem,) = list(diags)
    assert problem.format().startswith("resources/my-worksheet/en.md:12: field-no-label:")

"""Each kind of bad input is reported at the right file and line, with every problem at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipt_library.diagnostics import Diagnostic, Severity
from ipt_library.pipeline import open_library

MKDOCS = """\
site_name: Test
plugins:
  - ipt-library:
      languages: [en, es, ar]
"""

GOOD_META = """\
type: handout
problem_areas: [grief]
phases: [middle]
audience: [public]
created: 2026-11-01
"""

GOOD_TEXT = """\
---
title: A handout
summary: A short summary of the handout.
---
## Heading

Body text.
"""


def make_library(root: Path, files: dict[str, str | bytes]) -> Path:
    (root / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    (root / "docs").mkdir(exist_ok=True)
    (root / "resources").mkdir(exist_ok=True)
    base = {
        "resources/good/resource.yml": GOOD_META,
        "resources/good/en.md": GOOD_TEXT,
    }
    base.update(files)
    for rel, content in base.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root / "mkdocs.yml"


def errors_of(root: Path, files: dict[str, str | bytes]) -> list[Diagnostic]:
    _, diags = open_library(make_library(root, files))
    return [d for d in diags.sorted() if d.severity is Severity.ERROR]


def test_good_library_has_no_errors(tmp_path: Path) -> None:
    assert errors_of(tmp_path, {}) == []


CASES: list[tuple[str, dict[str, str | bytes], str, int, str, str]] = [
    (
        "malformed YAML",
        {
            "resources/x/resource.yml": "type: handout\naudience: [public\ncreated: 2026-11-01\n",
            "resources/x/en.md": GOOD_TEXT,
        },
        "resources/x/resource.yml",
        3,
        "yaml-syntax",
        "YAML syntax error",
    ),
    (
        "missing required field",
        {
            "resources/x/resource.yml": "type: handout\naudience: [public]\n",
            "resources/x/en.md": GOOD_TEXT,
        },
        "resources/x/resource.yml",
        1,
        "missing-field",
        "'created' is missing",
    ),
    (
        "unknown type with a suggestion",
        {
            "resources/x/resource.yml": GOOD_META.replace("type: handout", "type: worksheeet"),
            "resources/x/en.md": GOOD_TEXT,
        },
        "resources/x/resource.yml",
        1,
        "unknown-value",
        "Did you mean 'worksheet'?",
    ),
    (
        "unknown problem area",
        {
            "resources/x/resource.yml": GOOD_META.replace("[grief]", "[greif]"),
            "resources/x/en.md": GOOD_TEXT,
        },
        "resources/x/resource.yml",
        2,
        "unknown-value",
        "Did you mean 'grief'?",
    ),
    (
        "wrong field type",
        {
            "resources/x/resource.yml": GOOD_META.replace("phases: [middle]", "phases: 3"),
            "resources/x/en.md": GOOD_TEXT,
        },
        "resources/x/resource.yml",
        3,
        "wrong-type",
        "phases",
    ),
    (
        "unknown field typo",
        {
            "resources/x/resource.yml": GOOD_META + "relatd: [good]\n",
            "resources/x/en.md": GOOD_TEXT,
        },
        "resources/x/resource.yml",
        6,
        "unknown-field",
        "Did you mean 'related'?",
    ),
    (
        "duplicate key",
        {
            "resources/x/resource.yml": GOOD_META + "type: worksheet\n",
            "resources/x/en.md": GOOD_TEXT,
        },
        "resources/x/resource.yml",
        6,
        "duplicate-key",
        "'type' is given twice",
    ),
    (
        "no source-language text",
        {"resources/x/resource.yml": GOOD_META},
        "resources/x/resource.yml",
        1,
        "no-source-text",
        "en.md",
    ),
    (
        "a link to a missing attachment",
        {
            "resources/x/resource.yml": GOOD_META,
            "resources/x/en.md": GOOD_TEXT + "\nSee [the slides](files/missing.pdf).\n",
        },
        "resources/x/en.md",
        9,
        "missing-file",
        "files/missing.pdf",
    ),
    (
        "a link that leaves the resource folder",
        {
            "resources/x/resource.yml": GOOD_META,
            "resources/x/en.md": GOOD_TEXT + "\nSee [secrets](../../mkdocs.yml).\n",
        },
        "resources/x/en.md",
        9,
        "broken-link",
        "../../mkdocs.yml",
    ),
    (
        "a link to a resource that does not exist",
        {
            "resources/x/resource.yml": GOOD_META,
            "resources/x/en.md": GOOD_TEXT + "\nSee [this](../god/).\n",
        },
        "resources/x/en.md",
        9,
        "broken-link",
        "Did you mean 'good'?",
    ),
    (
        "a related resource that does not exist",
        {
            "resources/x/resource.yml": GOOD_META + "related:\n  - good\n  - nothing-here\n",
            "resources/x/en.md": GOOD_TEXT,
        },
        "resources/x/resource.yml",
        8,
        "unknown-related",
        "'nothing-here'",
    ),
    (
        "invalid UTF-8",
        {
            "resources/x/resource.yml": GOOD_META,
            "resources/x/en.md": GOOD_TEXT.encode() + b"\nCaf\xe9\n",
        },
        "resources/x/en.md",
        9,
        "not-utf8",
        "not valid UTF-8",
    ),
    (
        "empty body",
        {
            "resources/x/resource.yml": GOOD_META,
            "resources/x/en.md": "---\ntitle: T\nsummary: A summary of the text.\n---\n\n",
        },
        "resources/x/en.md",
        5,
        "empty-body",
        "no body",
    ),
    (
        "zero-byte file",
        {"resources/x/resource.yml": GOOD_META, "resources/x/en.md": ""},
        "resources/x/en.md",
        1,
        "empty-file",
        "empty",
    ),
    (
        "folder name with uppercase and spaces",
        {"resources/My Handout/resource.yml": GOOD_META, "resources/My Handout/en.md": GOOD_TEXT},
        "resources/My Handout/resource.yml",
        1,
        "bad-slug",
        "my-handout",
    ),
    (
        "translation into a language that is not configured",
        {
            "resources/x/resource.yml": GOOD_META,
            "resources/x/en.md": GOOD_TEXT,
            "resources/x/de.md": GOOD_TEXT,
        },
        "resources/x/de.md",
        1,
        "unknown-language",
        "'de' is not a language",
    ),
    (
        "translation without a source hash",
        {
            "resources/x/resource.yml": GOOD_META,
            "resources/x/en.md": GOOD_TEXT,
            "resources/x/es.md": GOOD_TEXT,
        },
        "resources/x/es.md",
        1,
        "missing-source-hash",
        "translated from",
    ),
    (
        "front matter never closed",
        {
            "resources/x/resource.yml": GOOD_META,
            "resources/x/en.md": "---\ntitle: T\nsummary: A summary.\n\nBody\n",
        },
        "resources/x/en.md",
        1,
        "unclosed-front-matter",
        "never closed",
    ),
    (
        "a javascript: link",
        {
            "resources/x/resource.yml": GOOD_META,
            "resources/x/en.md": GOOD_TEXT + "\n[click](javascript:alert(1))\n",
        },
        "resources/x/en.md",
        9,
        "unsafe-link",
        "javascript:",
    ),
    (
        "a right-to-left override character",
        {
            "resources/x/resource.yml": GOOD_META,
            "resources/x/en.md": GOOD_TEXT + "\nHidden \u202e text\n",
        },
        "resources/x/en.md",
        9,
        "bidi-control",
        "RIGHT-TO-LEFT OVERRIDE",
    ),
    (
        "a video address that is not https",
        {
            "resources/x/resource.yml": GOOD_META.replace("handout", "video")
            + "video:\n  url: http://example.org/v\n  host: Example\n  duration: '1:00'\n",
            "resources/x/en.md": GOOD_TEXT,
        },
        "resources/x/resource.yml",
        7,
        "not-https",
        "not an https://",
    ),
    (
        "an invalid date",
        {
            "resources/x/resource.yml": GOOD_META.replace("2026-11-01", "2026-13-45"),
            "resources/x/en.md": GOOD_TEXT,
        },
        "resources/x/resource.yml",
        5,
        "bad-date",
        "not a valid date",
    ),
    (
        "a title that is far too long",
        {
            "resources/x/resource.yml": GOOD_META,
            "resources/x/en.md": GOOD_TEXT.replace("A handout", "x" * 500),
        },
        "resources/x/en.md",
        2,
        "too-long",
        "title",
    ),
]


@pytest.mark.parametrize(
    ("files", "path", "line", "code", "text"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_bad_input_is_reported_at_its_line(
    tmp_path: Path,
    files: dict[str, str | bytes],
    path: str,
    line: int,
    code: str,
    text: str,
) -> None:
    errors = errors_of(tmp_path, files)
    matching = [d for d in errors if d.code == code]
    assert matching, f"no {code} in {[d.format() for d in errors]}"
    d = matching[0]
    assert (d.path, d.line) == (path, line), d.format()
    assert text in d.message + d.hint, d.format()
    assert d.format().startswith(f"{path}:{line}: {code}: ")


def test_all_problems_are_reported_together(tmp_path: Path) -> None:
    errors = errors_of(
        tmp_path,
        {
            "resources/a/resource.yml": GOOD_META.replace("handout", "hand-out"),
            "resources/a/en.md": GOOD_TEXT,
            "resources/b/resource.yml": GOOD_META + "colour: red\n",
            "resources/b/en.md": GOOD_TEXT,
            "resources/c/resource.yml": GOOD_META,
        },
    )
    assert {(d.path, d.code) for d in errors} >= {
        ("resources/a/resource.yml", "unknown-value"),
        ("resources/b/resource.yml", "unknown-field"),
        ("resources/c/resource.yml", "no-source-text"),
    }
    assert errors == sorted(errors, key=lambda d: (d.path, d.line, d.code, d.message))


def test_symlink_out_of_the_repository_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text(GOOD_TEXT, encoding="utf-8")
    repo = tmp_path / "repo"
    repo.mkdir()
    make_library(repo, {"resources/x/resource.yml": GOOD_META})
    (repo / "resources/x/en.md").symlink_to(outside)
    _, diags = open_library(repo / "mkdocs.yml")
    codes = {(d.path, d.code) for d in diags.errors}
    assert ("resources/x/en.md", "symlink-outside") in codes

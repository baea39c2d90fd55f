"""A translation keeps the source worksheet's field names, kinds and option ids."""

from __future__ import annotations

import textwrap
from pathlib import Path

from ipt_library.diagnostics import Diagnostics
from ipt_library.worksheets import Field, check_consistency, extract_fields

SOURCE = """\
```field
name: people
kind: lines
label: Who matters to you?
```

```field
name: supports
kind: checkboxes
label: Who supports you?
options:
  partner: My partner
  family: Family
```
"""


def fields_of(body: str, path: Path, diags: Diagnostics) -> tuple[Path, list[Field]]:
    _, fields = extract_fields(textwrap.dedent(body), path, 5, diags, lang=path.stem, locales=None)
    return path, fields


def check(translation: str) -> list[tuple[str, int, str]]:
    diags = Diagnostics(Path("."))
    by_lang = {
        "en": fields_of(SOURCE, Path("en.md"), diags),
        "es": fields_of(translation, Path("es.md"), diags),
    }
    assert list(diags) == []
    check_consistency(by_lang, "en", diags)
    return [(d.path, d.line, d.code) for d in diags]


def test_translated_labels_are_fine() -> None:
    translated = (
        SOURCE.replace("Who matters to you?", "¿Quién le importa?")
        .replace("My partner", "Mi pareja")
        .replace("Family", "Familia")
    )
    assert check(translated) == []


def test_a_translated_name_is_reported_at_the_translations_line() -> None:
    assert check(SOURCE.replace("name: people", "name: personas")) == [
        ("es.md", 5, "field-names-differ"),  # 'personas' is not in the source
        ("es.md", 11, "field-names-differ"),  # 'people' is missing
    ]


def test_a_changed_kind_or_option_id_is_reported() -> None:
    assert check(SOURCE.replace("kind: lines", "kind: text")) == [
        ("es.md", 5, "field-names-differ")
    ]
    assert check(SOURCE.replace("  family: Family", "  familia: Familia")) == [
        ("es.md", 11, "field-names-differ")
    ]


def test_a_changed_order_is_reported() -> None:
    first, second = SOURCE.split("\n\n")
    problems = check(second + "\n\n" + first)
    assert ("es.md", 5, "field-names-differ") in problems


def test_missing_source_language_reports_nothing() -> None:
    diags = Diagnostics(Path("."))
    check_consistency({"es": fields_of(SOURCE, Path("es.md"), diags)}, "en", diags)
    assert list(diags) == []

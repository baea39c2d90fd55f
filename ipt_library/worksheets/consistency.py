"""Translations of a worksheet must keep its field names, kinds and option ids."""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import Diagnostics
from .model import Field


def check_consistency(
    fields_by_lang: dict[str, tuple[Path, list[Field]]], source_lang: str, diags: Diagnostics
) -> None:
    """Report ``field-names-differ`` at the translation's line for every mismatch.

    Labels may differ (they are translated); names, kinds, option/column ids and the
    order of fields may not, or answers and PDF field names would differ by language.
    """
    if source_lang not in fields_by_lang:
        return
    _, source = fields_by_lang[source_lang]
    by_name = {f.name: f for f in source}
    for lang, (path, fields) in sorted(fields_by_lang.items()):
        if lang == source_lang:
            continue
        names = {f.name for f in fields}
        for position, field in enumerate(fields):
            original = by_name.get(field.name)
            if original is None:
                diags.error(
                    path,
                    field.line,
                    "field-names-differ",
                    f"the field '{field.name}' is not in the {source_lang} worksheet",
                    "field names are never translated: copy the name from the source "
                    f"({', '.join(by_name) or 'it has no fields'})",
                )
                continue
            _compare(field, original, position, source, path, source_lang, diags)
        last_line = fields[-1].line if fields else 1
        for original in source:
            if original.name not in names:
                diags.error(
                    path,
                    last_line,
                    "field-names-differ",
                    f"the field '{original.name}' of the {source_lang} worksheet is missing "
                    "from this translation",
                    f"copy the '{original.name}' block from the source and translate its labels",
                )


def _compare(
    field: Field,
    original: Field,
    position: int,
    source: list[Field],
    path: Path,
    source_lang: str,
    diags: Diagnostics,
) -> None:
    if field.kind != original.kind:
        diags.error(
            path,
            field.line,
            "field-names-differ",
            f"'{field.name}' is kind '{field.kind}' here but '{original.kind}' in the "
            f"{source_lang} worksheet",
            f"use 'kind: {original.kind}'",
        )
    elif field.option_ids != original.option_ids:
        what = "columns" if field.kind == "table" else "options"
        diags.error(
            path,
            field.line,
            "field-names-differ",
            f"the {what} of '{field.name}' are ({', '.join(field.option_ids)}) here but "
            f"({', '.join(original.option_ids)}) in the {source_lang} worksheet",
            "translate only the text after each colon; keep the ids and their order",
        )
    elif (field.min, field.max, field.lines, field.rows) != (
        original.min,
        original.max,
        original.lines,
        original.rows,
    ):
        diags.error(
            path,
            field.line,
            "field-names-differ",
            f"the size or scale of '{field.name}' differs from the {source_lang} worksheet",
            "keep 'lines', 'rows', 'min' and 'max' as in the source",
        )
    elif position < len(source) and source[position].name != field.name:
        diags.error(
            path,
            field.line,
            "field-names-differ",
            f"'{field.name}' is field {position + 1} here but field "
            f"{[f.name for f in source].index(field.name) + 1} in the {source_lang} worksheet",
            "keep the fields in the same order as the source",
        )

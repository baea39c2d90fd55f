"""Check one field block against its kind's model; report misfits an editor can act on.

pydantic checks types, ranges and unknown keys; this module turns its errors into
``path:line: code: message`` diagnostics for editors who are not programmers, and adds
the checks a type cannot express (spelling of ids, empty labels, a sensible scale).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..diagnostics import Diagnostics, did_you_mean
from .model import KINDS, NAME_RE, Field, FieldKind
from .spec import MAX_RATING_STEPS, SPECS, RatingSpec, Spec, to_field
from .yamlblock import BlockData

#: What an editor is told a value must be.
_EXPECTED = {
    "lines": "a whole number from 1 to 30",
    "rows": "a whole number from 1 to 20",
    "min": "a whole number from 0 to 100",
    "max": "a whole number from 1 to 100",
    "options": "a list of 'id: label' lines indented under 'options:' (1 to 30)",
    "columns": "a list of 'id: header' lines indented under 'columns:' (1 to 8)",
    "label": "one line of text",
    "help": "one line of text",
    "low": "one line of text",
    "high": "one line of text",
    "name": "a word such as important-people",
    "kind": "one of " + ", ".join(KINDS),
}


def _keys(spec: type[Spec]) -> list[str]:
    return list(spec.model_fields)


def suggest_name(text: str) -> str:
    """A valid field name close to ``text`` (for hints)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "my-field"


def check_block(
    block: BlockData,
    path: Path,
    line: int,
    diags: Diagnostics,
    seen: Mapping[str, int],
) -> Field | None:
    """Validate one block's data. ``line`` is its opening fence; ``seen`` maps names to lines.

    Returns the Field, or None when the block has any error (all of them are reported).
    """
    data = block.data
    if data is None or data == "":
        diags.error(
            path,
            line,
            "field-empty",
            "this field block is empty",
            "write at least 'name:', 'kind:' and 'label:' lines inside it",
        )
        return None
    if not isinstance(data, dict):
        diags.error(
            path,
            line,
            "field-invalid",
            "a field block must contain 'key: value' lines",
            "start with 'name:', 'kind:' and 'label:' lines",
        )
        return None
    before = len(diags.errors)
    kind = _check_kind(data, block, path, line, diags)
    _check_name(data, block, path, line, diags, seen)
    _check_label(data, block, path, line, diags)
    if kind is None:
        return None
    spec = _validate(SPECS[kind], data, block, path, line, diags)
    if spec is not None:
        _check_details(spec, block, path, diags)
    if spec is None or len(diags.errors) > before:
        return None
    return to_field(spec, kind, line)


def _check_kind(
    data: dict[str, Any], block: BlockData, path: Path, line: int, diags: Diagnostics
) -> FieldKind | None:
    raw = data.get("kind")
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        diags.error(
            path,
            block.line("kind") if "kind" in data else line,
            "field-no-kind",
            "this field has no 'kind:'",
            "add a line 'kind: ' with one of " + ", ".join(KINDS),
        )
        return None
    kind = str(raw).strip() if isinstance(raw, str) else None
    for known in KINDS:
        if kind == known:
            return known
    shown = kind if kind is not None else "(a list or mapping)"
    diags.error(
        path,
        block.line("kind"),
        "field-unknown-kind",
        f"'{shown}' is not a field kind.{did_you_mean(shown, KINDS)}",
        "the kinds are " + ", ".join(KINDS),
    )
    return None


def _check_name(
    data: dict[str, Any],
    block: BlockData,
    path: Path,
    line: int,
    diags: Diagnostics,
    seen: Mapping[str, int],
) -> None:
    raw = data.get("name")
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        diags.error(
            path,
            block.line("name") if "name" in data else line,
            "field-no-name",
            "this field has no 'name:'",
            "add a line such as 'name: important-people'; the name is never translated",
        )
        return
    name = raw.strip() if isinstance(raw, str) else str(raw)
    if not isinstance(raw, str) or not NAME_RE.match(name):
        diags.error(
            path,
            block.line("name"),
            "field-bad-name",
            f"the field name '{name}' may only use lowercase letters, digits and single hyphens",
            f"for example 'name: {suggest_name(name)}'",
        )
        return
    if name in seen:
        diags.error(
            path,
            block.line("name"),
            "field-duplicate-name",
            f"another field on line {seen[name]} is already named '{name}'",
            "give each field of a worksheet its own name",
        )


def _check_label(
    data: dict[str, Any], block: BlockData, path: Path, line: int, diags: Diagnostics
) -> None:
    raw = data.get("label")
    if isinstance(raw, str) and raw.strip():
        return
    where = block.line("label") if "label" in data else line
    if raw is None or isinstance(raw, str):
        diags.error(
            path,
            where,
            "field-no-label",
            "this field has no label",
            "add a line 'label: ' with the question or instruction the reader sees",
        )
    else:
        diags.error(path, where, "field-bad-value", "'label' must be one line of text")


def _validate(
    spec_type: type[Spec],
    data: dict[str, Any],
    block: BlockData,
    path: Path,
    line: int,
    diags: Diagnostics,
) -> Spec | None:
    try:
        return spec_type.model_validate(data)
    except ValidationError as exc:
        kind = str(data.get("kind", "")).strip()
        for error in exc.errors():
            _report(error, kind, spec_type, data, block, path, line, diags)
        return None


def _report(
    error: Any,
    kind: str,
    spec_type: type[Spec],
    data: dict[str, Any],
    block: BlockData,
    path: Path,
    fence_line: int,
    diags: Diagnostics,
) -> None:
    loc = [str(part) for part in error["loc"]]
    key = loc[0] if loc else ""
    line = block.line(*loc) if key in data else fence_line
    if error["type"] == "extra_forbidden":
        allowed = _keys(spec_type)
        owners = [k for k, s in SPECS.items() if key in s.model_fields]
        hint = "the keys of a '" + kind + "' field are " + ", ".join(allowed)
        if owners:
            hint = f"'{key}' belongs to kind: {' or '.join(owners)}; " + hint
        diags.error(
            path,
            line,
            "field-unknown-option",
            f"a '{kind}' field has no '{key}'.{did_you_mean(key, allowed)}",
            hint,
        )
        return
    if error["type"] == "missing":
        if key in ("name", "kind", "label"):
            return  # reported by the checks above, with their own codes
        diags.error(
            path,
            line,
            "field-missing-option",
            f"a '{kind}' field needs '{key}:'",
            f"'{key}' is {_EXPECTED.get(key, 'required')}",
        )
        return
    if key in ("name", "kind", "label") and error["type"] == "string_type":
        return  # a list or mapping given instead of text is reported by the checks above
    value = data.get(key)
    if error["type"] in ("too_long", "too_short") and isinstance(value, dict):
        diags.error(
            path,
            line,
            "field-bad-value",
            f"'{key}' has {len(value)} entries; it must be {_EXPECTED.get(key, 'shorter')}",
        )
        return
    shown = value if isinstance(value, str) else "a list or mapping"
    diags.error(
        path,
        line,
        "field-bad-value",
        f"'{key}' must be {_EXPECTED.get(key, 'valid')}, not '{shown}'",
    )


def _check_details(spec: Spec, block: BlockData, path: Path, diags: Diagnostics) -> None:
    """What the declared types cannot say: id spelling, empty labels, a sensible scale."""
    for group in ("options", "columns"):
        items: dict[str, str] = getattr(spec, group, {})
        for key, text in items.items():
            line = block.line(group, key)
            if not NAME_RE.match(key):
                diags.error(
                    path,
                    line,
                    "field-bad-option-id",
                    f"the id '{key}' may only use lowercase letters, digits and single hyphens",
                    f"for example '{suggest_name(key)}: {text}'; ids are never translated",
                )
            if not text.strip():
                diags.error(
                    path,
                    line,
                    "field-no-label",
                    f"'{key}' has no text",
                    f"write the text after the colon: '{key}: ...'",
                )
    if isinstance(spec, RatingSpec):
        if spec.min >= spec.max:
            diags.error(
                path,
                block.line("max"),
                "field-bad-value",
                f"'max' ({spec.max}) must be greater than 'min' ({spec.min})",
            )
        elif spec.max - spec.min > MAX_RATING_STEPS:
            diags.error(
                path,
                block.line("max"),
                "field-bad-value",
                f"a rating from {spec.min} to {spec.max} has too many points to tick",
                f"use at most {MAX_RATING_STEPS + 1} points, for example 0 to 10",
            )

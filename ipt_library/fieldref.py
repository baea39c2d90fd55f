"""The editors' field reference (docs/contributing/fields.md), generated from the schema.

Every field, its kind of value, default and description comes from the pydantic models
in ``schema.py`` and ``worksheets/spec.py``; allowed values and their English labels come
from ``taxonomy.py``. ``ipt-library fields --write`` rewrites the page, and a test fails
when the committed page differs, so the reference cannot drift from the checks.
"""

from __future__ import annotations

import datetime as dt
import re
import types
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .editing.scaffold import TYPE_SPECIFIC, yaml_value
from .schema import PageFrontMatter, ResourceMeta, TextFrontMatter, TranslationInfo
from .taxonomy import ALL_FACETS, LICENCES, RESOURCE_TYPES, Facet
from .templating import render
from .worksheets.model import KINDS
from .worksheets.spec import SPECS, Spec

#: What each key of a ```field block means; the spec models declare only the shapes.
WORKSHEET_KEYS: dict[str, str] = {
    "name": "A stable id for the field: lowercase letters, digits and single hyphens, "
    "unique in the worksheet. Never translated: the browser saves answers under it.",
    "kind": "Which control the reader gets: " + ", ".join(f"`{k}`" for k in KINDS) + ".",
    "label": "The question or prompt the reader sees (translated).",
    "help": "An optional one-line hint shown under the label (translated).",
    "lines": "How many lines the writing box has.",
    "options": "The choices: one `id: label` line each, indented under `options:`. "
    "The ids are never translated; the labels are.",
    "min": "The lowest point of the scale.",
    "max": "The highest point of the scale (at most 11 points in all).",
    "low": "What the low end means, e.g. Not at all (translated).",
    "high": "What the high end means, e.g. Very much (translated).",
    "columns": "The columns: one `id: header` line each, indented under `columns:`. "
    "The ids are never translated; the headers are.",
    "rows": "How many rows the reader can fill in.",
}

#: What each kind of worksheet field is for.
WORKSHEET_KINDS: dict[str, str] = {
    "text": "A one-line answer.",
    "lines": "A few sentences.",
    "checkboxes": "Tick any of several answers.",
    "rating": "A point on a numbered scale.",
    "table": "Rows and columns to fill in, e.g. one person per row.",
    "date": "A date.",
}

_VALIDATORS = {
    "_slug": "a resource name (its folder name)",
    "_https": "an `https://` address",
    "_relative_file": "a path inside the resource folder, e.g. `files/slides.pdf`",
    "_cite_key": "a key in `bibliography.bib`",
    "_duration": "a length as `12:34` or `1:02:03`",
}
_PATTERNS = {"^[0-9a-f]{12}$": "12 hexadecimal digits (0-9, a-f)"}
_FACETS: dict[str, Facet] = {facet.field: facet for facet in ALL_FACETS}

#: For models whose fields declare no description (the page front matter).
_FALLBACK: dict[tuple[str, str], str] = {
    ("PageFrontMatter", "title"): "The page's title, if it should differ from its first heading.",
    ("PageFrontMatter", "description"): "A sentence for search engines and link previews.",
    ("PageFrontMatter", "translation"): "Only in translations: where the translation came from.",
}


@dataclass(frozen=True)
class Row:
    name: str
    required: str
    value: str
    default: str
    description: str


def field_rows(model: type[BaseModel], prefix: str = "", within: str = "") -> list[Row]:
    """One row per field of ``model``, then the fields of its nested models."""
    rows: list[Row] = []
    nested: list[tuple[str, type[BaseModel]]] = []
    for name, info in model.model_fields.items():
        full = f"{prefix}{name}"
        inner = _inner_model(info.annotation)
        description = info.description or _FALLBACK.get((model.__name__, name), "")
        types_only = TYPE_SPECIFIC.get(name) if model is ResourceMeta else None
        if types_only:
            description += (
                " Only for: "
                + ", ".join(f"`{t}`" for t in RESOURCE_TYPES.ids if t in types_only)
                + "."
            )
        required = "yes" if info.is_required() else "no"
        if within and info.is_required():
            required = f"yes, in `{within}`"
        rows.append(
            Row(
                f"`{full}`",
                required,
                describe_field(name, info, model),
                "" if info.is_required() else _default(info),
                description,
            )
        )
        if inner is not None:
            is_list = get_origin(_strip_optional(info.annotation)) is list
            nested.append((f"{full}[]." if is_list else f"{full}.", inner))
    for prefix_, inner in nested:
        rows.extend(field_rows(inner, prefix_, prefix_.rstrip(".")))
    return rows


def describe_field(name: str, info: FieldInfo, model: type[BaseModel]) -> str:
    facet = _FACETS.get(name) if model is ResourceMeta else None
    if facet is not None:
        one = f"a value from [{facet.label}](#{_anchor(facet)})"
        if get_origin(info.annotation) is list:
            return "a list; each " + one + _limits(info.metadata, "items")
        return one
    if name == "licence" and model is ResourceMeta:
        return "a value from [Licences](#licences)"
    return describe(info.annotation, tuple(info.metadata))


def describe(tp: Any, metadata: tuple[Any, ...] = ()) -> str:
    """A plain-words description of a type annotation and its constraints."""
    origin = get_origin(tp)
    if origin is Annotated:
        base, *extra = get_args(tp)
        return describe(base, (*metadata, *extra))
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        return " or ".join(describe(a, metadata) for a in args)
    metadata = _flatten(metadata)
    for meta in metadata:
        func = getattr(meta, "func", None)
        if func is not None and getattr(func, "__name__", "") in _VALIDATORS:
            return _VALIDATORS[func.__name__]
    if origin is list:
        (item,) = get_args(tp)
        return "a list; each " + describe(item) + _limits(metadata, "items")
    if origin is dict:
        return "`id: text` lines" + _limits(metadata, "lines")
    if origin is Literal:
        return "one of " + ", ".join(f"`{v}`" for v in get_args(tp))
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return "the indented fields below"
    if tp is bool:
        return "`true` or `false`"
    if tp is dt.date:
        return "a date, YYYY-MM-DD"
    if tp is int:
        low = _meta(metadata, "ge")
        high = _meta(metadata, "le")
        if low is not None and high is not None:
            return f"a whole number from {low} to {high}"
        return "a whole number"
    if tp is str:
        pattern = _meta(metadata, "pattern")
        if pattern is not None:
            return _PATTERNS.get(str(pattern), f"text matching `{pattern}`")
        return "text" + _limits(metadata, "characters")
    return getattr(tp, "__name__", str(tp))


def _flatten(metadata: tuple[Any, ...]) -> tuple[Any, ...]:
    out: list[Any] = []
    for meta in metadata:
        if isinstance(meta, FieldInfo):
            out.extend(meta.metadata)
        else:
            out.append(meta)
    return tuple(out)


def _meta(metadata: tuple[Any, ...] | list[Any], attr: str) -> Any:
    for meta in _flatten(tuple(metadata)):
        value = getattr(meta, attr, None)
        if value is not None:
            return value
    return None


def _limits(metadata: tuple[Any, ...] | list[Any], unit: str) -> str:
    low = _meta(metadata, "min_length")
    high = _meta(metadata, "max_length")
    if low and high:
        return f", {low} to {high} {unit}"
    if high:
        return f", at most {high} {unit}"
    if low:
        return f", at least {low}"
    return ""


def _default(info: FieldInfo) -> str:
    value = info.default_factory() if info.default_factory is not None else info.default  # type: ignore[call-arg]
    if isinstance(value, BaseModel):
        return ""
    text = yaml_value(value) if value != "" else ""
    return f"`{text}`" if text else "(none)"


def _strip_optional(tp: Any) -> Any:
    if get_origin(tp) in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        return args[0] if len(args) == 1 else tp
    return tp


def _inner_model(tp: Any) -> type[BaseModel] | None:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return tp
    for arg in get_args(tp):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _anchor(facet: Facet) -> str:
    return "values-" + facet.field.replace("_", "-")


def worksheet_rows() -> list[dict[str, Any]]:
    """Each kind with the keys it takes beyond the common ones."""
    common = set(Spec.model_fields)
    kinds = []
    for kind in KINDS:
        spec = SPECS[kind]
        keys = [
            Row(
                f"`{name}`",
                "yes" if info.is_required() else "no",
                describe(info.annotation, tuple(info.metadata)),
                "" if info.is_required() else _default(info),
                WORKSHEET_KEYS[name],
            )
            for name, info in spec.model_fields.items()
            if name not in common
        ]
        kinds.append({"kind": kind, "description": WORKSHEET_KINDS[kind], "extra": keys})
    return kinds


def common_worksheet_rows() -> list[Row]:
    return [
        Row(
            f"`{name}`",
            "yes" if info.is_required() else "no",
            "one of " + ", ".join(f"`{k}`" for k in KINDS) if name == "kind" else "text",
            "" if info.is_required() else _default(info),
            WORKSHEET_KEYS[name],
        )
        for name, info in Spec.model_fields.items()
    ]


def facets() -> list[dict[str, Any]]:
    return [
        {
            "field": facet.field,
            "label": facet.label,
            "anchor": _anchor(facet),
            "terms": facet.terms,
        }
        for facet in ALL_FACETS
    ]


def licences() -> list[tuple[str, str, str]]:
    return [(key, name, url) for key, (name, url) in LICENCES.items()]


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def field_reference() -> str:
    """The whole Markdown page."""
    text = render(
        None,
        "en",
        "scaffold/fields.markdown.j2",
        resource=field_rows(ResourceMeta),
        text=[r for r in field_rows(TextFrontMatter) if not r.name.startswith("`translation.")],
        translation=field_rows(TranslationInfo, "translation.", "translation"),
        page=[r for r in field_rows(PageFrontMatter) if not r.name.startswith("`translation.")],
        facets=facets(),
        licences=licences(),
        worksheet_common=common_worksheet_rows(),
        worksheet_kinds=worksheet_rows(),
        cell=cell,
    )
    # Template loops leave runs of blank lines; Markdown needs only one.
    return re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"

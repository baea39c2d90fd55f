"""The declared shape of each field kind, as pydantic models (checked in ``checks``)."""

from __future__ import annotations

from dataclasses import replace

from pydantic import BaseModel, ConfigDict
from pydantic import Field as Declared

from .model import Field, FieldKind

MAX_RATING_STEPS = 10


class Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: str
    kind: str
    label: str
    help: str = ""


class TextSpec(Spec):
    pass


class DateSpec(Spec):
    pass


class LinesSpec(Spec):
    lines: int = Declared(4, ge=1, le=30)


class CheckboxesSpec(Spec):
    options: dict[str, str] = Declared(min_length=1, max_length=30)


class RatingSpec(Spec):
    min: int = Declared(1, ge=0, le=100)
    max: int = Declared(10, ge=1, le=100)
    low: str = ""
    high: str = ""


class TableSpec(Spec):
    columns: dict[str, str] = Declared(min_length=1, max_length=8)
    rows: int = Declared(3, ge=1, le=20)


SPECS: dict[FieldKind, type[Spec]] = {
    "text": TextSpec,
    "date": DateSpec,
    "lines": LinesSpec,
    "checkboxes": CheckboxesSpec,
    "rating": RatingSpec,
    "table": TableSpec,
}


def to_field(spec: Spec, kind: FieldKind, line: int) -> Field:
    field = Field(name=spec.name, kind=kind, label=spec.label, help=spec.help, line=line)
    if isinstance(spec, LinesSpec):
        return replace(field, lines=spec.lines)
    if isinstance(spec, CheckboxesSpec):
        return replace(field, options=tuple((k, v.strip()) for k, v in spec.options.items()))
    if isinstance(spec, RatingSpec):
        return replace(field, min=spec.min, max=spec.max, low=spec.low, high=spec.high)
    if isinstance(spec, TableSpec):
        columns = tuple((k, v.strip()) for k, v in spec.columns.items())
        return replace(field, columns=columns, rows=spec.rows)
    return field

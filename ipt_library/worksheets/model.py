"""What a worksheet field is once it has been read and checked.

A :class:`Field` is language-bound (its labels are in one language) but its ``name``,
``kind`` and option ids are the same in every translation of the worksheet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

FieldKind = Literal["text", "lines", "checkboxes", "rating", "table", "date"]
KINDS: tuple[FieldKind, ...] = ("text", "lines", "checkboxes", "rating", "table", "date")

#: Field names and option ids: lowercase words joined by single hyphens. The double
#: hyphen is thereby free to separate the parts of an element id (see ``ids``).
NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Field:
    """One fillable field of a worksheet, as written in a ```field block."""

    name: str
    kind: FieldKind
    label: str
    line: int  # 1-based line of the opening fence in the source file
    help: str = ""
    lines: int = 4  # kind "lines": rows of the text box
    options: tuple[tuple[str, str], ...] = ()  # kind "checkboxes": (id, label)
    min: int = 1  # kind "rating"
    max: int = 10
    low: str = ""
    high: str = ""
    columns: tuple[tuple[str, str], ...] = ()  # kind "table": (id, header)
    rows: int = 3  # kind "table"

    @property
    def option_ids(self) -> tuple[str, ...]:
        """The stable ids that must match across languages (options or columns)."""
        return tuple(key for key, _ in (self.options or self.columns))

    @property
    def shape(self) -> tuple[str, str, tuple[str, ...]]:
        """What a translation must keep identical: name, kind and option ids."""
        return (self.name, self.kind, self.option_ids)

    @property
    def scale(self) -> tuple[int, ...]:
        """The values of a rating, from ``min`` to ``max``."""
        return tuple(range(self.min, self.max + 1))


#: Element ids start with this, so they do not meet the ids of headings on the page.
ID_PREFIX = "ws"


@dataclass(frozen=True)
class FieldIds:
    """Element ids and control names of one field: ``ws-<name>`` and ``ws-<name>--<part>``.

    Names and option ids never contain ``--`` or ``:``, so no two fields' ids or control
    names can meet. Control names are also the PDF's AcroForm field names.
    """

    field: Field
    prefix: str = ID_PREFIX

    @property
    def main(self) -> str:
        return f"{self.prefix}-{self.field.name}"

    @property
    def label(self) -> str:
        return f"{self.main}--label"

    @property
    def help(self) -> str:
        return f"{self.main}--help"

    @property
    def low(self) -> str:
        return f"{self.main}--low"

    @property
    def high(self) -> str:
        return f"{self.main}--high"

    def option(self, key: str) -> str:
        return f"{self.main}--o-{key}"

    def point(self, value: int) -> str:
        return f"{self.main}--v{value}"

    def column(self, key: str) -> str:
        return f"{self.main}--c-{key}"

    def row(self, number: int) -> str:
        return f"{self.main}--r{number}"

    def cell(self, number: int, key: str) -> str:
        return f"{self.main}--r{number}-{key}"

    def option_name(self, key: str) -> str:
        return f"{self.field.name}:{key}"

    def cell_name(self, number: int, key: str) -> str:
        return f"{self.field.name}:{number}:{key}"

    def control_names(self) -> tuple[str, ...]:
        """Every control name of the field, in page order."""
        f = self.field
        if f.kind == "checkboxes":
            return tuple(self.option_name(key) for key, _ in f.options)
        if f.kind == "table":
            return tuple(
                self.cell_name(r, key) for r in range(1, f.rows + 1) for key, _ in f.columns
            )
        return (f.name,)

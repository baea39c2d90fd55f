"""Worksheet fields: written once in Markdown (```field blocks), checked, and rendered as
labelled form controls for the web page, print and the fillable PDF.

See ``extract_fields`` for the Markdown side, ``worksheet_form`` for the saving form and
``check_consistency`` for translations.
"""

from .consistency import check_consistency
from .extract import extract_fields
from .model import ID_PREFIX, KINDS, Field, FieldIds, FieldKind
from .render import render_field, worksheet_form, worksheet_key

__all__ = [
    "ID_PREFIX",
    "KINDS",
    "Field",
    "FieldIds",
    "FieldKind",
    "check_consistency",
    "extract_fields",
    "render_field",
    "worksheet_form",
    "worksheet_key",
]

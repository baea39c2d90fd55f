"""Worksheet fields and the form around them, rendered from ``templates/worksheet/``."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from ..templating import template_env
from .model import ID_PREFIX, Field, FieldIds

FIELD_TEMPLATE = "worksheet/field.html.j2"
FORM_TEMPLATE = "worksheet/form.html.j2"


def render_field(
    field: Field, *, lang: str, locales: Path | None, id_prefix: str = ID_PREFIX
) -> str:
    """The HTML controls of one field (several lines, no blank line)."""
    template = template_env(locales, lang).get_template(FIELD_TEMPLATE)
    return template.render(field=field, ids=FieldIds(field, id_prefix))


def worksheet_key(slug: str, lang: str) -> str:
    """The ``data-worksheet`` value; worksheet.js keeps answers under it, per language."""
    return f"{slug}-{lang}"


def worksheet_form(body_html: str, *, slug: str, lang: str, locales: Path | None) -> str:
    """Wrap a worksheet's rendered body (which contains its fields) in the saving form.

    ``body_html`` is trusted HTML from the Markdown renderer and is not escaped.
    """
    template = template_env(locales, lang).get_template(FORM_TEMPLATE)
    return template.render(key=worksheet_key(slug, lang), body=Markup(body_html))

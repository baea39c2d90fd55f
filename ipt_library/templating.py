"""The Jinja2 environment for the library's own templates (``ipt_library/templates``).

One environment per language, with gettext installed from the language's catalog so
templates write ``{{ _("Text") }}`` and ``{{ ngettext("%(num)d item", "%(num)d items", n) }}``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from babel import dates, lists, numbers
from babel.support import NullTranslations
from markupsafe import Markup

from .config import language_name
from .i18n import translations

TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=128)
def template_env(locales: Path | None, lang: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        # .md.j2 templates write HTML blocks into Markdown: escape values there too, and
        # pass trusted Markdown/HTML (bodies, reference lists) as Markup.
        autoescape=jinja2.select_autoescape(["html", "html.j2", "xml", "xml.j2", "md.j2"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    trans = translations(locales, lang) if locales is not None else NullTranslations()
    env.install_gettext_translations(trans, newstyle=True)  # type: ignore[attr-defined]
    env.globals["lang"] = lang
    locale = lang.replace("-", "_")
    env.filters["format_date"] = lambda d, fmt="long": dates.format_date(d, fmt, locale=locale)
    env.filters["format_number"] = lambda n: numbers.format_decimal(n, locale=locale)
    env.filters["format_percent"] = lambda n: numbers.format_percent(n / 100, locale=locale)
    env.filters["format_size"] = lambda n: _size(n, locale)
    env.filters["bdi"] = _bdi
    env.filters["name_in_page_language"] = lambda language: _name_in(language, lang)
    env.filters["format_list"] = lambda items: lists.format_list(list(items), locale=locale)
    return env


def render(locales: Path | None, lang: str, name: str, **context: Any) -> str:
    return template_env(locales, lang).get_template(name).render(**context)


def gettext_for(locales: Path | None, lang: str) -> Any:
    """The ``gettext`` callable of a language, for Python code that formats text."""
    trans = translations(locales, lang) if locales is not None else NullTranslations()
    return trans.gettext


def _size(n: int, locale: str) -> str:
    """A file size in kB or MB (SI units), with the language's number format."""
    if n < 1_000_000:
        return f"{numbers.format_decimal(max(1, round(n / 1000)), locale=locale)} kB"
    return f"{numbers.format_decimal(round(n / 1_000_000, 1), locale=locale)} MB"


def _bdi(text: str, language: Any) -> Markup:
    """Isolate a name in another script inside a sentence (an English word in Arabic)."""
    return Markup('<bdi lang="{}">{}</bdi>').format(language.code, text)


def _name_in(language: Any, lang: str) -> str:
    """A language's name as the reader's language says it, inside a sentence."""
    return language_name(language.code, lang)

"""Interface strings: gettext catalogs in ``locales/`` read with Babel.

Catalogs are compiled in memory at build time (no ``.mo`` files need to exist or be
committed); ``ipt-library i18n compile`` can still write them for other tools.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import NullTranslations, Translations

from .config import LibraryConfig
from .diagnostics import Diagnostics

DOMAIN = "messages"

_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")


def po_path(locales: Path, lang: str) -> Path:
    return locales / lang.replace("-", "_") / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(path: Path, lang: str, diags: Diagnostics) -> Catalog | None:
    """Read a .po file, reporting syntax errors with their line."""
    try:
        with path.open("rb") as fh:
            return read_po(fh, locale=lang.replace("-", "_"), abort_invalid=True)
    except PoFileError as exc:
        line = (getattr(exc, "lineno", 0) or 0) + 1  # Babel counts lines from 0
        diags.error(
            path,
            line,
            "po-syntax",
            f"the catalog cannot be read: {exc}",
            "open it in Poedit or check the quotes on this line",
        )
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        diags.error(path, 1, "po-syntax", f"the catalog cannot be read: {exc}")
    return None


def check_catalog(catalog: Catalog, path: Path, diags: Diagnostics) -> None:
    """Placeholders must survive translation; plural forms must match the language."""
    expected_plurals = catalog.num_plurals
    for message in catalog:
        if not message.id or not message.string:
            continue
        line = message.lineno or 1
        ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
        strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        wanted = set().union(*(_placeholders(i) for i in ids))
        # Babel pads missing plural forms with "": a partly filled set is incomplete.
        partial = any(strings) and not all(strings)
        if isinstance(message.string, (list, tuple)) and (
            len(strings) != expected_plurals or partial
        ):
            diags.error(
                path,
                line,
                "po-plural-count",
                f"'{ids[0]}' has {len(strings)} plural forms; this language has {expected_plurals}",
                "give one msgstr[N] per plural form of the language",
            )
        for string in strings:
            if not string:
                continue
            got = _placeholders(string)
            if got != wanted and not (isinstance(message.id, (list, tuple)) and got < wanted):
                missing = ", ".join(sorted(wanted - got)) or "none"
                extra = ", ".join(sorted(got - wanted)) or "none"
                diags.error(
                    path,
                    line,
                    "po-placeholder",
                    f"the translation of '{ids[0]}' does not keep its placeholders "
                    f"(missing: {missing}; unexpected: {extra})",
                    "copy placeholders such as %(count)s or {name} unchanged into the translation",
                )


def _placeholders(text: str) -> set[str]:
    return {a or b for a, b in _PLACEHOLDER.findall(text)}


@dataclass(frozen=True)
class CatalogStats:
    lang: str
    total: int
    translated: int
    fuzzy: int

    @property
    def percent(self) -> int:
        return round(100 * self.translated / self.total) if self.total else 100


def catalog_stats(catalog: Catalog, lang: str) -> CatalogStats:
    messages = [m for m in catalog if m.id]
    translated = [
        m
        for m in messages
        if not m.fuzzy
        and (all(m.string) if isinstance(m.string, (list, tuple)) else bool(m.string))
    ]
    return CatalogStats(lang, len(messages), len(translated), sum(1 for m in messages if m.fuzzy))


@lru_cache(maxsize=128)
def _load(locales: Path, lang: str, mtime: float) -> NullTranslations:
    path = po_path(locales, lang)
    diags = Diagnostics(locales)
    catalog = read_catalog(path, lang, diags)
    if catalog is None:
        return NullTranslations()
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return Translations(fp=buf, domain=DOMAIN)


def translations(locales: Path, lang: str) -> NullTranslations:
    """The translations for ``lang``, compiled in memory; English strings if none exist."""
    path = po_path(locales, lang)
    if not path.exists():
        return NullTranslations()
    return _load(locales, lang, path.stat().st_mtime)


def check_catalogs(config: LibraryConfig, diags: Diagnostics) -> None:
    """Every configured language should have a readable, consistent catalog."""
    locales = config.locales_path
    configured = {lang.babel_code for lang in config.languages}
    for lang in config.languages[1:]:
        path = po_path(locales, lang.code)
        if not path.exists():
            diags.warning(
                locales,
                1,
                "catalog-missing",
                f"there is no catalog for {lang.english_name} ({lang.code}); its interface "
                "will be in English",
                f"start it with 'ipt-library i18n init {lang.code}'",
            )
            continue
        catalog = read_catalog(path, lang.code, diags)
        if catalog is not None:
            check_catalog(catalog, path, diags)
    if locales.is_dir():
        for folder in sorted(p for p in locales.iterdir() if p.is_dir()):
            if folder.name not in configured:
                diags.warning(
                    folder,
                    1,
                    "catalog-unused",
                    f"'{folder.name}' is not a language in mkdocs.yml",
                    "add the language with 'ipt-library new-language', or remove the folder",
                )

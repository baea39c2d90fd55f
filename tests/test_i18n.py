"""Catalogs: extraction, a full round trip through Babel, and checks of translators' work."""

from __future__ import annotations

import shutil
from pathlib import Path

from babel.messages.pofile import read_po, write_po

from ipt_library.commands.i18n import (
    compile_catalogs,
    extract_catalog,
    init_catalog,
    update_catalogs,
    write_catalog,
)
from ipt_library.diagnostics import Diagnostics
from ipt_library.i18n import check_catalog, po_path, read_catalog, translations

from .conftest import FIXTURES

ROOT = Path(__file__).resolve().parent.parent


def test_committed_template_has_every_string_the_code_uses() -> None:
    """locales/messages.pot must be re-extracted when templates or code change."""
    extracted = {
        m.id if isinstance(m.id, str) else m.id[0]
        for m in extract_catalog(ROOT / "mkdocs.yml")
        if m.id
    }
    with (ROOT / "locales" / "messages.pot").open("rb") as fh:
        committed = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}
    assert extracted - committed == set(), (
        "run: ipt-library i18n extract && ipt-library i18n update"
    )


def test_every_configured_language_has_a_complete_catalog() -> None:
    from ipt_library.config import load_config

    config = load_config(ROOT / "mkdocs.yml", Diagnostics(ROOT))
    for lang in config.languages[1:]:
        diags = Diagnostics(ROOT)
        catalog = read_catalog(po_path(config.locales_path, lang.code), lang.code, diags)
        assert catalog is not None, lang.code
        empty = [
            m.id
            for m in catalog
            if m.id and not (all(m.string) if isinstance(m.string, tuple) else m.string)
        ]
        assert empty == [], (lang.code, empty[:5])


def test_round_trip_extract_init_translate_compile(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(
        FIXTURES / "basic",
        site,
        ignore=shutil.ignore_patterns("site", "locales", ".cache"),
    )
    (site / "locales").mkdir()
    config_file = site / "mkdocs.yml"
    template = extract_catalog(config_file)
    assert template.get("About this resource") is not None
    assert template.get("Resources") is not None  # a nav title from mkdocs.yml
    write_catalog(template, site / "locales" / "messages.pot")

    po = init_catalog(config_file, "es")
    with po.open("rb") as fh:
        catalog = read_po(fh, locale="es")
    catalog.get("About this resource").string = "Sobre este recurso"
    plural = next(m for m in catalog if isinstance(m.id, tuple) and m.id[0] == "%(num)s resource")
    plural.string = ("%(num)s recurso", "%(num)s recursos")
    with po.open("wb") as fh:
        write_po(fh, catalog, width=100)

    # a new string in the template survives update, with the translation kept
    template.add("A brand new string")
    write_catalog(template, site / "locales" / "messages.pot")
    update_catalogs(config_file)
    with po.open("rb") as fh:
        updated = read_po(fh, locale="es")
    assert updated.get("A brand new string") is not None
    assert updated.get("About this resource").string == "Sobre este recurso"

    mo = compile_catalogs(config_file)
    assert [p.name for p in mo] == ["messages.mo"]
    trans = translations(site / "locales", "es")
    assert trans.gettext("About this resource") == "Sobre este recurso"
    assert trans.ngettext("%(num)s resource", "%(num)s resources", 3) == "%(num)s recursos"
    assert trans.gettext("Not translated yet") == "Not translated yet"


def _catalog_with(
    tmp_path: Path, entries: str, plural_forms: str = "nplurals=2; plural=(n != 1);"
) -> Path:
    po = tmp_path / "messages.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: es\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n'
        f'"Plural-Forms: {plural_forms}\\n"\n\n' + entries,
        encoding="utf-8",
    )
    return po


def test_a_translation_that_breaks_a_placeholder_is_an_error_at_its_line(tmp_path: Path) -> None:
    po = _catalog_with(
        tmp_path,
        'msgid "Reviewed by %(name)s"\nmsgstr "Revisado por %(nombre)s"\n',
    )
    diags = Diagnostics(tmp_path)
    catalog = read_catalog(po, "es", diags)
    assert catalog is not None
    check_catalog(catalog, po, diags)
    [d] = diags.errors
    assert (d.path, d.line, d.code) == ("messages.po", 7, "po-placeholder")
    assert "missing: name" in d.message and "unexpected: nombre" in d.message


def test_wrong_number_of_plural_forms_is_an_error(tmp_path: Path) -> None:
    po = _catalog_with(
        tmp_path,
        'msgid "%(num)s resource"\nmsgid_plural "%(num)s resources"\nmsgstr[0] "%(num)s recurso"\n',
    )
    diags = Diagnostics(tmp_path)
    catalog = read_catalog(po, "es", diags)
    assert catalog is not None
    check_catalog(catalog, po, diags)
    assert [d.code for d in diags.errors] == ["po-plural-count"]


def test_a_broken_po_file_is_an_error_with_its_line(tmp_path: Path) -> None:
    po = _catalog_with(tmp_path, 'msgid "Home"\nmsgstr "Inicio"\nmsgtranslation "x"\n')
    diags = Diagnostics(tmp_path)
    assert read_catalog(po, "es", diags) is None
    [d] = diags.errors
    assert (d.path, d.line, d.code) == ("messages.po", 9, "po-syntax")

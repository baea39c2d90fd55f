"""Interface-string catalogs: ``ipt-library i18n extract|update|compile|init``.

Strings come from the package's Python code (``N_``, ``_``, ``gettext``, ``ngettext``),
its Jinja2 templates and theme overrides, and the navigation titles in mkdocs.yml.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from ..config import load_config, make_language
from ..diagnostics import Diagnostics
from ..i18n import DOMAIN, po_path

PACKAGE = Path(__file__).resolve().parent.parent
KEYWORDS = {"N_": None, "_": None, "gettext": None, "ngettext": (1, 2)}
METHODS = [
    ("**.py", "python"),
    ("**/templates/**.j2", "jinja2"),
    ("**/theme/**.html", "jinja2"),
]
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}
PROJECT = "IPT Library"


def _fixed_date() -> dt.datetime:
    """Catalog headers carry a date; a fixed one keeps regenerated files identical."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    stamp = int(epoch) if epoch and epoch.isdigit() else 1767225600  # 2026-01-01
    return dt.datetime.fromtimestamp(stamp, tz=dt.UTC)


def nav_titles(config_file: Path) -> Iterator[str]:
    """Section and page titles written in mkdocs.yml's nav."""
    import yaml

    from ..config import _TolerantLoader

    data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    stack: list[Any] = list((data or {}).get("nav") or [])
    while stack:
        item = stack.pop(0)
        if isinstance(item, dict):
            for title, value in item.items():
                yield str(title)
                if isinstance(value, list):
                    stack.extend(value)


def extract_catalog(config_file: Path) -> Catalog:
    catalog = Catalog(
        project=PROJECT,
        version="1",
        copyright_holder="IPT Library contributors",
        msgid_bugs_address="",
        creation_date=_fixed_date(),
        revision_date=_fixed_date(),
        fuzzy=False,
    )
    options = {"**/templates/**.j2": JINJA_OPTIONS, "**/theme/**.html": JINJA_OPTIONS}
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE),
        method_map=METHODS,
        options_map=options,
        keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    ):
        catalog.add(
            message,
            None,
            [(f"ipt_library/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    for title in nav_titles(config_file):
        catalog.add(title, None, [(config_file.name, 0)])
    return catalog


def write_catalog(catalog: Catalog, path: Path, **options: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, catalog, width=100, sort_output=False, omit_header=False, **options)


def _locales(config_file: Path) -> Path:
    diags = Diagnostics(config_file.parent)
    return load_config(config_file, diags).locales_path


def _pot(locales: Path) -> Path:
    return locales / f"{DOMAIN}.pot"


def update_catalogs(config_file: Path) -> list[Path]:
    """Merge the template into every existing catalog (new strings empty, gone ones dropped)."""
    locales = _locales(config_file)
    with _pot(locales).open("rb") as fh:
        template = read_po(fh)
    updated = []
    for po in sorted(locales.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=po.parent.parent.name)
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        catalog.revision_date = _fixed_date()
        write_catalog(catalog, po, ignore_obsolete=True, include_previous=False)
        updated.append(po)
    return updated


def init_catalog(config_file: Path, code: str) -> Path:
    """Start ``locales/<code>/LC_MESSAGES/messages.po`` from the template."""
    locales = _locales(config_file)
    language = make_language(code)
    target = po_path(locales, language.code)
    if target.exists():
        raise click.ClickException(f"{target} already exists; use 'ipt-library i18n update'")
    with _pot(locales).open("rb") as fh:
        template = read_po(fh)
    catalog = Catalog(
        locale=Locale.parse(language.babel_code),
        project=PROJECT,
        version="1",
        creation_date=_fixed_date(),
        revision_date=_fixed_date(),
        fuzzy=False,
    )
    catalog.update(template, no_fuzzy_matching=True)
    write_catalog(catalog, target)
    return target


def compile_catalogs(config_file: Path) -> list[Path]:
    """Write .mo files beside the .po files (not committed; the build compiles in memory)."""
    locales = _locales(config_file)
    written = []
    for po in sorted(locales.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=po.parent.parent.name)
        mo = po.with_suffix(".mo")
        with mo.open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        written.append(mo)
    return written


_CONFIG = click.option(
    "--config",
    "-f",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default="mkdocs.yml",
    show_default=True,
)


@click.group(name="i18n")
def i18n_group() -> None:
    """Manage the interface-string catalogs in locales/.

    \b
    Examples:
      ipt-library i18n extract      # refresh locales/messages.pot from the code
      ipt-library i18n update       # merge it into every locales/<lang>/.../messages.po
      ipt-library i18n init sw      # start the Swahili catalog
      ipt-library i18n compile      # write .mo files (the build does this in memory)
    """


@i18n_group.command()
@_CONFIG
def extract(config_file: Path) -> None:
    """Extract every interface string into locales/messages.pot."""
    catalog = extract_catalog(config_file.resolve())
    target = _pot(_locales(config_file.resolve()))
    write_catalog(catalog, target)
    click.echo(f"wrote {len(catalog)} strings to {target}")


@i18n_group.command()
@_CONFIG
def update(config_file: Path) -> None:
    """Merge messages.pot into every language's catalog."""
    for path in update_catalogs(config_file.resolve()):
        click.echo(f"updated {path}")


@i18n_group.command(name="compile")
@_CONFIG
def compile_command(config_file: Path) -> None:
    """Compile every catalog to a .mo file."""
    for path in compile_catalogs(config_file.resolve()):
        click.echo(f"wrote {path}")


@i18n_group.command()
@_CONFIG
@click.argument("code")
def init(config_file: Path, code: str) -> None:
    """Start the catalog of language CODE (e.g. sw, pt-BR, zh-Hans)."""
    try:
        path = init_catalog(config_file.resolve(), code)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"created {path}; translate it with Poedit or any .po editor")


COMMANDS: list[click.Command] = [i18n_group]

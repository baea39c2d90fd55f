"""Editors' and translators' commands: new, translate, new-language, status, and the
helpers CI uses: languages, fields, assemble."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from ..config import LibraryConfig, load_config
from ..diagnostics import Diagnostics
from ..editing.errors import EditingError
from ..model import Library

F = TypeVar("F", bound=Callable[..., Any])


def config_option(func: F) -> F:
    return click.option(
        "--config",
        "-f",
        "config_file",
        type=click.Path(dir_okay=False, path_type=Path),
        default="mkdocs.yml",
        show_default=True,
        help="The site configuration file (default: mkdocs.yml in this folder).",
    )(func)


def refuse(error: EditingError) -> NoReturn:
    """Print the refusal and its hint, and exit with status 1 (no traceback)."""
    click.secho(f"Error: {error.message}", err=True, fg="red")
    if error.hint:
        click.echo(f"hint: {error.hint}", err=True)
    sys.exit(1)


def _config_path(config_file: Path) -> Path:
    if not config_file.exists():
        refuse(
            EditingError(
                f"{config_file} not found",
                "run this in the library's folder (the one with mkdocs.yml), or pass -f",
            )
        )
    return config_file.resolve()


def _config(config_file: Path) -> LibraryConfig:
    path = _config_path(config_file)
    return load_config(path, Diagnostics(path.parent))


def _library(config_file: Path) -> tuple[Library, Diagnostics]:
    from ..pipeline import open_library

    return open_library(_config_path(config_file))


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


@click.command("new")
@config_option
@click.argument("resource_type", metavar="TYPE")
@click.argument("slug")
@click.option(
    "--reference",
    metavar="KEY",
    help="For a reading or a manual: the work's key in bibliography.bib.",
)
def new(config_file: Path, resource_type: str, slug: str, reference: str | None) -> None:
    """Start a resource: resources/SLUG/ with resource.yml and the source text.

    TYPE is handout, worksheet, exercise, manual, presentation, video or reading.
    SLUG is the folder name and the end of the page's address: lowercase letters,
    digits and single hyphens. Every field is written out with its description;
    each spot marked FILL IN needs your words, and `ipt-library check` warns about
    those until they are gone.

    \b
    Examples:
      ipt-library new handout coping-with-a-move
      ipt-library new worksheet weekly-mood-diary
      ipt-library new reading reading-who-2016 --reference who2016group
    """
    from ..editing.scaffold import new_resource

    config = _config(config_file)
    try:
        result = new_resource(config, resource_type, slug, reference=reference)
    except EditingError as exc:
        refuse(exc)
    root = config.root
    click.echo(f"Created {_rel(result.folder, root)}/:")
    for path in result.created:
        click.echo(f"  {_rel(path, root)}")
    click.echo("\nNext steps:")
    for number, step in enumerate(result.next_steps, start=1):
        click.echo(f"  {number}. {step}")


@click.command("translate")
@config_option
@click.argument("target", metavar="RESOURCE_OR_PAGE")
@click.argument("lang", metavar="LANG")
@click.option(
    "--refresh",
    is_flag=True,
    help="The translation is up to date with its source again: record the source's "
    "current hash (and show what changed in the source, if git has the old version).",
)
@click.option("--dry-run", is_flag=True, help="With --refresh: show the changes, write nothing.")
def translate(config_file: Path, target: str, lang: str, refresh: bool, dry_run: bool) -> None:
    """Start a translation of a resource or a page, or mark it up to date again.

    RESOURCE_OR_PAGE is a resource's folder name, or a page's path such as
    docs/ipt/phases.md. LANG is a configured language code. The new file is a copy of
    the source with a `translation:` block recording the hash of the source text, so
    the site can tell when the source has changed since.

    \b
    Examples:
      ipt-library translate grief-and-mourning es
      ipt-library translate docs/ipt/phases.md fr
      ipt-library translate grief-and-mourning es --refresh --dry-run
      ipt-library translate grief-and-mourning es --refresh
    """
    from ..editing import translate as tr

    library, _ = _library(config_file)
    root = library.config.root
    try:
        if not refresh:
            if dry_run:
                raise EditingError("--dry-run goes with --refresh", "add --refresh")
            path = tr.start_translation(library, target, lang)
            doc = tr.resolve(library, target)
            click.echo(
                f"Created {_rel(path, root)} from {_rel(doc.source, root)} "
                f"(source hash {doc.hash})."
            )
            click.echo(
                "Next: translate the title, summary, guidance and text; keep links, "
                "citations and worksheet field names as they are; fill in 'translator'; "
                "then run 'ipt-library check'."
            )
            return
        result = tr.refresh_translation(library, target, lang, dry_run=dry_run)
    except EditingError as exc:
        refuse(exc)
    _report_refresh(result, root, dry_run)


def _report_refresh(result: Any, root: Path, dry_run: bool) -> None:
    where = _rel(result.path, root)
    if result.old_hash == result.new_hash:
        click.echo(f"{where} is already marked up to date (source hash {result.new_hash}).")
        return
    if result.changes:
        click.echo(f"What changed in the source since {where} was translated:\n")
        for line in result.changes:
            click.echo(line)
        click.echo("")
    elif result.old_hash:
        click.echo(
            f"The source version with hash {result.old_hash} is not in this folder's git "
            "history (or git is not available), so the changes cannot be shown; compare "
            "the texts by hand."
        )
    if dry_run:
        click.echo(f"Nothing written (--dry-run). {where} records {result.old_hash}.")
    else:
        click.echo(
            f"Updated source_hash in {where}: {result.old_hash or '(none)'} -> {result.new_hash}."
        )


@click.command("new-language")
@config_option
@click.argument("code")
def new_language(config_file: Path, code: str) -> None:
    """Add a language: its entry in mkdocs.yml, and its interface-string catalog.

    CODE is a BCP 47 language code Babel knows, such as sw, pt-BR or zh-Hant. The entry
    is added to the ipt-library plugin's `languages:` list, keeping the file's comments
    and layout; the catalog locales/<code>/LC_MESSAGES/messages.po is started from
    locales/messages.pot. The status page gets the language's row by itself.

    \b
    Examples:
      ipt-library new-language sw
      ipt-library new-language pt-BR
    """
    from ..editing.languages import add_language

    path = _config_path(config_file)
    try:
        added = add_language(path, code)
    except EditingError as exc:
        refuse(exc)
    lang = added.language
    root = path.parent
    click.echo(f"Added '{lang.code}' ({lang.name}, {lang.english_name}) to {path.name}.")
    if added.catalog is not None:
        verb = "Started" if added.catalog_created else "Kept the existing"
        click.echo(f"{verb} catalog {_rel(added.catalog, root)}.")
    elif added.template_missing:
        click.echo(
            "No catalog yet: locales/messages.pot does not exist. Run 'ipt-library i18n "
            f"extract', then 'ipt-library i18n init {lang.code}'."
        )
    library, _ = _library(path)
    strings = (
        f"{added.catalog_stats.total - added.catalog_stats.translated} of "
        f"{added.catalog_stats.total} interface strings"
        if added.catalog_stats
        else "the interface strings (once the catalog exists)"
    )
    click.echo(
        f"\nLeft to translate into {lang.english_name}: {len(library.resources)} resources, "
        f"{len(library.pages)} pages, {strings}."
    )
    click.echo(
        "\nNext steps:\n"
        f"  1. Translate the catalog with Poedit or Weblate (docs/contributing/translate.md).\n"
        f"  2. Start translations: ipt-library translate <resource> {lang.code}\n"
        f"  3. Follow progress: ipt-library status --lang {lang.code}"
    )


@click.command("status")
@config_option
@click.option(
    "--lang",
    "langs",
    multiple=True,
    metavar="CODE",
    help="Only this language (repeatable), with each resource and page still to do.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="markdown for an issue or pull request comment; json for scripts.",
)
def status(config_file: Path, langs: tuple[str, ...], fmt: str) -> None:
    """Translation coverage: each language's resources, pages and interface strings.

    For resources and pages: the share that is the source or an up-to-date translation,
    then how many translations are current, outdated (the source changed since),
    machine-made and not yet reviewed, or missing. Interface strings: the share of the
    language's catalog that is translated. The numbers match the site's translation
    status page.

    \b
    Examples:
      ipt-library status
      ipt-library status --lang es
      ipt-library status --format markdown
    """
    from ..editing import report
    from ..editing.coverage import coverage

    library, diags = _library(config_file)
    config = library.config
    unknown = [code for code in langs if code not in config.by_code]
    if unknown:
        from ..diagnostics import did_you_mean

        refuse(
            EditingError(
                f"'{unknown[0]}' is not a language of this library."
                f"{did_you_mean(unknown[0], config.codes)}",
                "configured: " + ", ".join(config.codes),
            )
        )
    covs = coverage(library, list(langs) or None)
    details = bool(langs)
    if fmt == "json":
        out = report.format_json(
            covs, config.root, details, len(library.resources), len(library.pages)
        )
    elif fmt == "markdown":
        out = report.format_markdown(covs, config.root, details)
    else:
        out = report.format_text(covs, config.root, details)
    click.echo(out, nl=False)
    if diags.has_errors:
        click.echo(
            f"note: the library has {len(diags.errors)} error(s); resources or pages with "
            "errors are not counted. Run 'ipt-library check'.",
            err=True,
        )


@click.command("languages")
@config_option
@click.option("--json", "as_json", is_flag=True, help="A JSON list of codes (for a CI matrix).")
def languages(config_file: Path, as_json: bool) -> None:
    """List the configured languages, the default first.

    \b
    Examples:
      ipt-library languages
      ipt-library languages --json
    """
    config = _config(config_file)
    if as_json:
        click.echo(json.dumps(list(config.codes)))
        return
    for lang in config.languages:
        click.echo(f"{lang.code}\t{lang.name}\t{lang.english_name}\t{lang.direction}")


@click.command("fields")
@config_option
@click.option("--write", is_flag=True, help="Write docs/contributing/fields.md.")
@click.option(
    "--check", "check_only", is_flag=True, help="Exit with status 1 if the file is out of date."
)
def fields(config_file: Path, write: bool, check_only: bool) -> None:
    """The field reference for editors, generated from the schema.

    Prints it, or with --write saves it as docs/contributing/fields.md. Run it after
    changing a field's description, type or allowed values.

    \b
    Examples:
      ipt-library fields --write
      ipt-library fields --check
    """
    from ..fieldref import field_reference

    config = _config(config_file)
    target = config.docs_path / "contributing" / "fields.md"
    text = field_reference()
    current = target.read_text(encoding="utf-8") if target.exists() else None
    if check_only:
        if current != text:
            refuse(
                EditingError(
                    f"{_rel(target, config.root)} is out of date",
                    "run 'ipt-library fields --write' and commit the result",
                )
            )
        click.echo(f"{_rel(target, config.root)} is up to date.")
        return
    if write:
        target.parent.mkdir(parents=True, exist_ok=True)
        if current != text:
            target.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {_rel(target, config.root)}.")
        return
    click.echo(text, nl=False)


@click.command("assemble")
@config_option
@click.argument(
    "folders", nargs=-1, required=True, type=click.Path(file_okay=False, path_type=Path)
)
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the joined site goes (default: site_dir from mkdocs.yml, usually site/).",
)
def assemble(config_file: Path, folders: tuple[Path, ...], site_dir: Path | None) -> None:
    """Join single-language builds into one site, as the publishing workflow does.

    Each FOLDER is the output of 'ipt-library build --lang CODE --site-dir FOLDER'.
    The sitemap, robots.txt and _headers are written again for all the languages, and
    the result replaces the site folder only when everything succeeded.

    \b
    Example:
      ipt-library build --lang en --site-dir parts/en
      ipt-library build --lang es --site-dir parts/es
      ipt-library assemble parts/en parts/es --site-dir site
    """
    from ..editing.assemble import assemble_site

    config = _config(config_file)
    final = (site_dir or config.root / config.site_dir).resolve()
    try:
        built = assemble_site(config, [f.resolve() for f in folders], final)
    except EditingError as exc:
        refuse(exc)
    click.echo(f"Assembled {len(built)} language(s) into {final}: {', '.join(built)}")


COMMANDS: list[click.Command] = [
    new,
    translate,
    new_language,
    status,
    languages,
    fields,
    assemble,
]

"""The ``ipt-library`` command: what editors, translators and maintainers run."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click

from .diagnostics import Diagnostic, Severity
from .model import Library
from .pipeline import open_library

CONFIG_HELP = "The site configuration file (default: mkdocs.yml in this folder)."


config_option = click.option(
    "--config",
    "-f",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default="mkdocs.yml",
    show_default=True,
    help=CONFIG_HELP,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ipt-library")
def main() -> None:
    """IPT Library: build and edit the library of interpersonal psychotherapy resources.

    \b
    Common tasks:
      ipt-library check                 find every problem, without building
      ipt-library build                 build the whole site into site/
      ipt-library serve                 preview with live reload at http://127.0.0.1:8000
    """


def print_diagnostics(items: list[Diagnostic], fmt: str, verbose: bool = False) -> None:
    for d in items:
        if d.severity is Severity.INFO and not verbose and fmt != "github":
            continue
        if fmt == "github":
            click.echo(d.format_github())
        else:
            click.echo(d.format(), err=d.severity is not Severity.INFO)


@main.command()
@config_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "github"]),
    default="text",
    show_default=True,
    help="github prints GitHub Actions annotations, so problems show on the pull request.",
)
@click.option("--verbose", "-v", is_flag=True, help="Also print information notes.")
@click.option(
    "--readability/--no-readability",
    default=True,
    show_default=True,
    help="Print reading-ease figures of English texts for the public.",
)
def check(config_file: Path, fmt: str, verbose: bool, readability: bool) -> None:
    """Check every resource, page, translation, catalog and the bibliography.

    Prints each problem as path:line: code: message, with a hint, and exits with
    status 1 if there is any error. Nothing is built or written.

    \b
    Examples:
      ipt-library check
      ipt-library check --format github
    """
    start = time.perf_counter()
    if not config_file.exists():
        raise click.ClickException(f"{config_file} not found; run this in the library's folder")
    library, diags = open_library(config_file.resolve())
    items = diags.sorted()
    print_diagnostics(items, fmt, verbose)
    errors = sum(1 for d in items if d.severity is Severity.ERROR)
    warnings = sum(1 for d in items if d.severity is Severity.WARNING)
    seconds = time.perf_counter() - start
    if readability and fmt == "text" and not errors:
        print_readability(library)
    summary = (
        f"checked {len(library.resources)} resources and {len(library.pages)} pages "
        f"in {seconds:.2f} s: {errors} error(s), {warnings} warning(s)"
    )
    if fmt == "github":
        click.echo(summary)
    else:
        click.echo(summary, err=True)
    sys.exit(1 if errors else 0)


def print_readability(library: Library) -> None:
    from .readability import MAX_GRADE, measure_library

    figures = measure_library(library)
    if not figures:
        return
    click.echo(
        "readability of English texts for the public "
        "(Flesch reading ease: higher is easier, 70+ is plain; grade: US school grade, "
        "aim 4-6 = reading age 9-11):",
        err=True,
    )
    for r in sorted(figures, key=lambda r: r.grade, reverse=True):
        flag = "  <- hard to read" if r.grade > MAX_GRADE else ""
        click.echo(
            f"  {r.slug:<45} ease {r.reading_ease:5.1f}  grade {r.grade:4.1f}  "
            f"{r.words:4d} words{flag}",
            err=True,
        )


@main.command()
@config_option
@click.option(
    "--lang",
    "langs",
    multiple=True,
    help="Build only this language (repeatable). Its pages go where the full site puts them.",
)
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder (default: site_dir from mkdocs.yml, usually site/).",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--jobs", "-j", type=int, default=0, help="Parallel builds (default: one per core).")
@click.option(
    "--verbose", "-v", is_flag=True, help="Also say what each step did (PDFs, pages, search)."
)
def build(
    config_file: Path,
    langs: tuple[str, ...],
    site_dir: Path | None,
    strict: bool,
    jobs: int,
    verbose: bool,
) -> None:
    """Build the site: every language in parallel, swapped into place only on success.

    \b
    Examples:
      ipt-library build
      ipt-library build --lang es --site-dir out/es-preview
    """
    from .mkdocs_plugin.build import build_site

    if not config_file.exists():
        raise click.ClickException(f"{config_file} not found; run this in the library's folder")
    code = build_site(
        config_file.resolve(), list(langs), site_dir, strict=strict, jobs=jobs, verbose=verbose
    )
    sys.exit(code)


@main.command()
@config_option
@click.option("--lang", default=None, help="The language to preview (default: the first).")
@click.option("--dev-addr", "-a", default="127.0.0.1:8000", show_default=True)
def serve(config_file: Path, lang: str | None, dev_addr: str) -> None:
    """Preview one language with live reload (edit a file, the page updates).

    \b
    Examples:
      ipt-library serve
      ipt-library serve --lang ar
    """
    if lang:
        os.environ["IPT_LIBRARY_LANG"] = lang
    from mkdocs.commands.serve import serve as mkdocs_serve

    try:
        # Dirty rebuilds: only the pages an edit changed are rendered again (the plugin keeps
        # the rest accurate, see ipt_library/mkdocs_plugin/preview.py).
        mkdocs_serve(str(config_file), dev_addr=dev_addr, livereload=True, build_type="dirty")
    except Exception as exc:
        raise click.ClickException(str(exc)) from None


def _register() -> None:
    from .commands import editing, i18n

    for command in (*editing.COMMANDS, *i18n.COMMANDS):
        main.add_command(command)


_register()

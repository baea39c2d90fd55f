"""``ipt-library build``: check, build every language in parallel, assemble, swap in."""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

import click

from ..config import load_config
from ..diagnostics import Diagnostics, Severity
from ..pipeline import load_checked, preload
from . import orchestrate


def build_site(
    config_file: Path,
    langs: list[str],
    site_dir: Path | None,
    *,
    strict: bool = False,
    jobs: int = 0,
    verbose: bool = False,
) -> int:
    start = time.monotonic()
    diags = Diagnostics(config_file.parent)
    config = load_config(config_file, diags)
    unknown = [code for code in langs if code not in config.by_code]
    for code in unknown:
        diags.error(
            config_file,
            1,
            "unknown-language",
            f"'{code}' is not a configured language",
            "configured: " + ", ".join(config.codes),
        )
    library = load_checked(config, diags)
    for d in diags.sorted():
        if d.severity is not Severity.INFO:
            click.echo(d.format(), err=True)
    if diags.has_errors:
        click.echo(
            f"{len(diags.errors)} problem(s) found; nothing was built and site/ is unchanged.",
            err=True,
        )
        return 1
    final = (site_dir or config.root / config.site_dir).resolve()
    wanted = langs or list(config.codes)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s - %(message)s")
    if verbose:
        for name in ("mkdocs.plugins.ipt_library", "ipt_library"):
            logging.getLogger(name).setLevel(logging.INFO)
    staging = orchestrate.new_staging(final)
    try:
        if config.pdf:
            pdf_root = orchestrate.render_pdfs_for(library, staging)
            os.environ[orchestrate.PDF_ENV] = str(pdf_root)
        preload(library)
        orchestrate.build_languages(config_file, wanted, staging, strict=strict, jobs=jobs)
        orchestrate.assemble(config, staging)
        orchestrate.place_pdfs(config, staging)
        if langs and final.exists():
            _merge_into(staging / "root", final, config.default_language.code, wanted)
        orchestrate.finish(config, staging, final)
    except orchestrate.BuildFailed as exc:
        click.echo(f"build failed: {exc}; site/ is unchanged.", err=True)
        orchestrate.discard_staging(final)
        return 1
    except KeyboardInterrupt:
        orchestrate.discard_staging(final)
        click.echo("interrupted; site/ is unchanged.", err=True)
        return 130
    click.echo(
        f"built {len(wanted)} language(s) into {final} in {time.monotonic() - start:.1f} s",
        err=True,
    )
    return 0


def _merge_into(new_root: Path, final: Path, default: str, langs: list[str]) -> None:
    """For a partial build, carry over the languages not rebuilt from the current site."""
    import shutil

    for child in final.iterdir():
        rebuilt_default = default in langs
        is_lang_dir = child.is_dir() and (new_root / child.name).exists()
        if is_lang_dir or (rebuilt_default and not child.is_dir()):
            continue
        target = new_root / child.name
        if target.exists():
            continue
        if child.is_dir():
            shutil.copytree(child, target)
        else:
            shutil.copy2(child, target)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(build_site(Path(sys.argv[1]), sys.argv[2:], None))

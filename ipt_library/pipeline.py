"""The read side of the pipeline, shared by the command line and the site plugin."""

from __future__ import annotations

from pathlib import Path

from .checks import check_library
from .config import LibraryConfig, load_config
from .diagnostics import Diagnostics
from .i18n import check_catalogs
from .model import Library


def load_checked(config: LibraryConfig, diags: Diagnostics) -> Library:
    """Load every source and run every cross-check; problems land in ``diags``."""
    from .loader import load_library

    library = load_library(config, diags)
    check_library(library, diags)
    check_catalogs(config, diags)
    return library


#: A library already loaded and checked by a parent process. Language builds run in
#: forked workers, which inherit it instead of reading and checking every file again.
_preloaded: dict[Path, Library] = {}


def preload(library: Library) -> None:
    library.related_index  # noqa: B018 - computed once here, inherited by the workers
    _preloaded[library.config.root.resolve()] = library


def preloaded(root: Path) -> Library | None:
    return _preloaded.get(root.resolve())


def open_library(config_file: Path) -> tuple[Library, Diagnostics]:
    diags = Diagnostics(config_file.parent)
    config = load_config(config_file, diags)
    return load_checked(config, diags), diags

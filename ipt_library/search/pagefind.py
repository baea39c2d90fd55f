"""Run the Pagefind binary that ships in the ``pagefind[extended]`` Python package.

The command line is used rather than Pagefind's Python service: the service answers one
message per tenth of a second, and one command per language, run side by side, is both
faster and simpler to reason about.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

#: How long one language may take; 500 resources index in a few seconds.
TIMEOUT_SECONDS = 600


class PagefindMissing(Exception):
    """The Pagefind binary is not installed."""


@dataclass(frozen=True)
class Run:
    """One Pagefind run over one language's folder."""

    site: Path
    glob: str
    output_subdir: str
    exclude_selectors: str


def executable() -> Path:
    """The extended binary (it segments Chinese and Japanese), else the plain one."""
    from pagefind.service import get_executable

    found = get_executable()
    if found is None or not found.is_file():
        raise PagefindMissing(
            "the Pagefind binary was not found; install it with pip install 'pagefind[extended]'"
        )
    return found


def command(binary: Path, run: Run) -> list[str]:
    return [
        str(binary),
        "--site",
        str(run.site),
        "--glob",
        run.glob,
        "--output-subdir",
        run.output_subdir,
        "--exclude-selectors",
        run.exclude_selectors,
        "--silent",
    ]


def execute(binary: Path, run: Run) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command(binary, run),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )

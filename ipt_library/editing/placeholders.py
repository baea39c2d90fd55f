"""Find placeholder text left from ``ipt-library new`` and ``ipt-library translate``.

Scaffolds pass ``check`` as they are, so an editor can preview them at once; every spot
that still needs their words carries the marker below, and ``check`` warns about each.
"""

from __future__ import annotations

from pathlib import Path

from ..checks import blank_code
from ..diagnostics import Diagnostics
from ..model import Library

#: Written into every placeholder. Upper case, so ordinary text ("fill in the form",
#: Spanish "todo") never matches.
MARKER = "FILL IN"

#: Attachments are binary; the marker sits near the start of placeholder files.
_HEAD_BYTES = 4096


def check_placeholders(library: Library, diags: Diagnostics) -> None:
    """Warn (``placeholder-text``) at every line that still has a placeholder.

    Covers resources (texts, resource.yml, files/) and hand-written pages with their
    translations. Resource folders are scanned on disk rather than through the loaded
    model, so a resource that fails to load still gets its placeholders reported.
    """
    for page in library.pages:
        for path in (page.path, *page.translations.values()):
            # Pages may mention the marker in `code`, as the contributing guide does.
            _check_text_file(path, diags, skip_code=True)
    root = library.config.resources_path
    if not root.is_dir():
        return
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.is_symlink()):
        for path in sorted(folder.iterdir()):
            if path.is_file() and path.suffix in (".md", ".yml"):
                _check_text_file(path, diags)
        files = folder / "files"
        if files.is_dir() and not files.is_symlink():
            for path in sorted(files.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    _check_binary_file(path, diags)


def _check_text_file(path: Path, diags: Diagnostics, *, skip_code: bool = False) -> None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return  # the loader reports unreadable files with their reason
    if skip_code:
        text = blank_code(text)
    for number, line in enumerate(text.splitlines(), start=1):
        if MARKER in line:
            diags.warning(
                path,
                number,
                "placeholder-text",
                "this line still has placeholder text from the template",
                f"write your own words here and delete '{MARKER}'",
            )


def _check_binary_file(path: Path, diags: Diagnostics) -> None:
    try:
        with path.open("rb") as fh:
            head = fh.read(_HEAD_BYTES)
    except OSError:
        return
    if MARKER.encode("ascii") in head:
        diags.warning(
            path,
            1,
            "placeholder-text",
            f"'{path.name}' is the placeholder file from the template",
            "replace it with the real file, keeping its name",
        )

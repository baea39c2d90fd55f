"""Problems found in the library's input, reported as ``path:line: code: message``.

Every stage collects :class:`Diagnostic` objects instead of raising, so an editor sees
every problem at once. Nothing here knows about MkDocs.
"""

from __future__ import annotations

import difflib
import enum
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem: where it is, what kind it is, what is wrong and how to fix it."""

    path: str
    line: int
    code: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        text = f"{self.path}:{self.line}: {self.code}: {self.message}"
        if self.severity is Severity.WARNING:
            text = f"{self.path}:{self.line}: warning: {self.code}: {self.message}"
        elif self.severity is Severity.INFO:
            text = f"{self.path}:{self.line}: info: {self.code}: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    def format_github(self) -> str:
        level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
        message = self.message + (f" Hint: {self.hint}" if self.hint else "")
        return (
            f"::{level[self.severity]} file={_gh_escape_property(self.path)},"
            f"line={max(self.line, 1)},title={_gh_escape_property(self.code)}::"
            f"{_gh_escape_data(message)}"
        )


def _gh_escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_escape_property(text: str) -> str:
    return _gh_escape_data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass
class Diagnostics:
    """A collector. Paths are stored relative to ``root`` so messages stay short."""

    root: Path
    items: list[Diagnostic] = field(default_factory=list)

    def rel(self, path: Path | str) -> str:
        p = Path(os.path.abspath(path))  # not resolve(): keep a symlink's own name
        try:
            return p.relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return p.as_posix()

    def add(
        self,
        path: Path | str,
        line: int,
        code: str,
        message: str,
        hint: str = "",
        severity: Severity = Severity.ERROR,
    ) -> None:
        self.items.append(Diagnostic(self.rel(path), max(line, 1), code, message, hint, severity))

    def error(self, path: Path | str, line: int, code: str, message: str, hint: str = "") -> None:
        self.add(path, line, code, message, hint, Severity.ERROR)

    def warning(self, path: Path | str, line: int, code: str, message: str, hint: str = "") -> None:
        self.add(path, line, code, message, hint, Severity.WARNING)

    def info(self, path: Path | str, line: int, code: str, message: str, hint: str = "") -> None:
        self.add(path, line, code, message, hint, Severity.INFO)

    def extend(self, other: Iterable[Diagnostic]) -> None:
        self.items.extend(other)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self.items), key=lambda d: (d.path, d.line, d.code, d.message))

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.sorted())

    def __len__(self) -> int:
        return len(self.items)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A " Did you mean 'x'?" suffix for a likely typo, or ''."""
    matches = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f" Did you mean '{matches[0]}'?" if matches else ""


class LibraryError(Exception):
    """Raised at the edge (CLI, plugin) when diagnostics contain errors."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        n = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
        super().__init__(f"{n} problem{'s' if n != 1 else ''} found in the library's sources")

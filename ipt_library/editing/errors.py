"""The one way editing commands refuse: a message and a hint, never a traceback."""

from __future__ import annotations


class EditingError(Exception):
    """A refusal the command line prints as ``Error: message`` plus a hint, exit status 1."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

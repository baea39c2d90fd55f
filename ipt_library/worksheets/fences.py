"""Find the ```field blocks of a Markdown body, skipping every other code block.

Fences follow CommonMark: up to three spaces of indent, three or more backticks or
tildes, closed by a fence of the same character at least as long and with no info
string. A ```field inside another code block is an example, not a field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPEN = re.compile(r"^( {0,3})(`{3,}|~{3,})[ \t]*(.*?)[ \t]*$")
_CLOSE = re.compile(r"^ {0,3}(`{3,}|~{3,})[ \t]*$")

FIELD_INFO = "field"


@dataclass(frozen=True)
class FieldFence:
    start: int  # 0-based index of the opening fence line in the body
    end: int  # 0-based index of the closing fence line (== len(lines) if unclosed)
    content: str  # the YAML between the fences
    closed: bool


def find_field_fences(lines: list[str]) -> list[FieldFence]:
    """Every top-level ```field block of ``lines`` (a body split at newlines)."""
    found: list[FieldFence] = []
    i = 0
    while i < len(lines):
        match = _OPEN.match(lines[i].rstrip("\r"))
        if match is None or (match.group(2)[0] == "`" and "`" in match.group(3)):
            i += 1
            continue
        fence = match.group(2)
        info = match.group(3)
        end = _closing_line(lines, i + 1, fence)
        if info == FIELD_INFO:
            content = "\n".join(line.rstrip("\r") for line in lines[i + 1 : end])
            found.append(FieldFence(i, end, content, end < len(lines)))
        i = end + 1
    return found


def _closing_line(lines: list[str], start: int, fence: str) -> int:
    for j in range(start, len(lines)):
        close = _CLOSE.match(lines[j].rstrip("\r"))
        if close and close.group(1)[0] == fence[0] and len(close.group(1)) >= len(fence):
            return j
    return len(lines)

"""Reading source files safely: UTF-8 text, YAML with line numbers, Markdown front matter.

A source file from a pull request may be anything: not UTF-8, empty, a symlink out of the
repository, YAML with duplicate keys. Each of these becomes a diagnostic, never an exception.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostics

try:  # the C loader keeps node marks and is several times faster
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

#: Characters that can make text display in an order other than the one stored
#: ("Trojan Source", CVE-2021-42574), and invisible characters that hide content.
BIDI_CONTROLS = {
    "\u202a": "LEFT-TO-RIGHT EMBEDDING",
    "\u202b": "RIGHT-TO-LEFT EMBEDDING",
    "\u202c": "POP DIRECTIONAL FORMATTING",
    "\u202d": "LEFT-TO-RIGHT OVERRIDE",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE",
    "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2067": "RIGHT-TO-LEFT ISOLATE",
    "\u2068": "FIRST STRONG ISOLATE",
    "\u2069": "POP DIRECTIONAL ISOLATE",
}
INVISIBLES = {
    "\u200b": "ZERO WIDTH SPACE",
    "\u2060": "WORD JOINER",
    "\u00ad": "SOFT HYPHEN",
    "\ufeff": "ZERO WIDTH NO-BREAK SPACE (byte order mark)",
    "\u2061": "FUNCTION APPLICATION",
    "\u2062": "INVISIBLE TIMES",
    "\u2063": "INVISIBLE SEPARATOR",
    "\u2064": "INVISIBLE PLUS",
    "\u180e": "MONGOLIAN VOWEL SEPARATOR",
    "\ufff9": "INTERLINEAR ANNOTATION ANCHOR",
    "\ufffa": "INTERLINEAR ANNOTATION SEPARATOR",
    "\ufffb": "INTERLINEAR ANNOTATION TERMINATOR",
    "\u3164": "HANGUL FILLER",
    "\uffa0": "HALFWIDTH HANGUL FILLER",
}
#: Tag characters (U+E0000-U+E007F) spell invisible ASCII text ("ASCII smuggling").
#: Joiners (U+200C, U+200D) and direction marks (U+200E, U+200F, U+061C) are left alone:
#: Persian, Hindi, Arabic and emoji need them.
_SUSPICIOUS = re.compile(
    "[" + "".join(BIDI_CONTROLS) + "".join(INVISIBLES) + "\U000e0000-\U000e007f]"
)
_SUSPICIOUS_RUN = re.compile(_SUSPICIOUS.pattern + "+")

MAX_TEXT_BYTES = 2 * 1024 * 1024

#: Keys whose values are always text, however they look.
RAW_STRING_KEYS = frozenset({"source_hash"})


def read_text(path: Path, diags: Diagnostics, *, root: Path | None = None) -> str | None:
    """Read a UTF-8 text file, or report why it cannot be used and return None."""
    if path.is_symlink():
        target = path.resolve()
        base = (root or diags.root).resolve()
        if not target.is_relative_to(base):
            diags.error(
                path,
                1,
                "symlink-outside",
                "this file is a symbolic link to a place outside the repository",
                "replace the link with a copy of the file inside the repository",
            )
            return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        diags.error(path, 1, "unreadable", f"cannot read this file ({exc.strerror})")
        return None
    if len(data) > MAX_TEXT_BYTES:
        diags.error(
            path,
            1,
            "file-too-large",
            f"this file is {len(data) // 1024} KB; text files may be at most "
            f"{MAX_TEXT_BYTES // 1024} KB",
            "split the text into smaller resources",
        )
        return None
    if not data.strip():
        diags.error(
            path,
            1,
            "empty-file",
            "this file is empty",
            "write its content, or delete the file",
        )
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        diags.error(
            path,
            line,
            "not-utf8",
            f"this file is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            "save the file with UTF-8 encoding (in most editors: Save As, Encoding: UTF-8)",
        )
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    check_characters(text, path, diags)
    return text


def check_characters(text: str, path: Path, diags: Diagnostics, first_line: int = 1) -> None:
    """Report bidirectional controls and invisible characters (they can hide or reorder text)."""
    for match in _SUSPICIOUS_RUN.finditer(text):
        run = match.group()
        ch = run[0]
        line = text.count("\n", 0, match.start()) + first_line
        name = BIDI_CONTROLS.get(ch) or INVISIBLES.get(ch) or unicodedata.name(ch, "?")
        kind = "bidi-control" if any(c in BIDI_CONTROLS for c in run) else "invisible-character"
        what = f"U+{ord(ch):04X} {name}"
        if len(run) > 1:  # one report for a run, e.g. hidden text in tag characters
            what = f"{len(run)} such characters in a row, starting with {what}"
        diags.error(
            path,
            line,
            kind,
            f"the text contains {what}, which can hide or reorder what readers see",
            "delete the character; right-to-left text displays correctly without it",
        )


@dataclass
class LineMap:
    """Line numbers of YAML keys and items, addressed by their path: ("related", 2)."""

    first_line: int = 1
    lines: dict[tuple[str | int, ...], int] = field(default_factory=dict)

    def line(self, *keypath: str | int) -> int:
        """The line of the deepest known node on ``keypath``."""
        path = tuple(keypath)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.first_line


def load_yaml(
    text: str, path: Path, diags: Diagnostics, *, first_line: int = 1
) -> tuple[Any, LineMap]:
    """Parse YAML into plain data, with the line of every key. Reports syntax errors."""
    lines = LineMap(first_line=first_line)
    # The parser places an error at the end of the text on a line after the last one.
    last_line = first_line + max(text.rstrip("\n").count("\n"), 0)
    refused = yaml_structure_problems(text, _Loader)
    for line, code, message, hint in refused:
        diags.error(path, min(line + first_line, last_line), code, message, hint)
    if refused:
        return None, lines
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = min((mark.line if mark else 0) + first_line, last_line)
        problem = exc.problem or "not valid YAML"
        start = exc.context_mark
        if start is not None and start.line + first_line < line:
            # Where the parser noticed is often after the mistake: an unclosed [ ...
            problem += f" (in what starts on line {start.line + first_line})"
        diags.error(
            path,
            line,
            "yaml-syntax",
            f"YAML syntax error: {problem}",
            "check indentation and colons; put text containing ': ' or '#' in quotes",
        )
        return None, lines
    except yaml.YAMLError as exc:
        diags.error(path, first_line, "yaml-syntax", f"YAML syntax error: {exc}")
        return None, lines
    if node is None:
        return None, lines
    return _construct(node, (), path, diags, lines, first_line), lines


#: Deeper nesting than any real file needs; beyond this, readers recurse too deep (the C
#: composer crashes the process at a few thousand levels).
MAX_YAML_DEPTH = 20


def yaml_structure_problems(text: str, loader: Any = _Loader) -> list[tuple[int, str, str, str]]:
    """(0-based line, code, message, hint) for aliases and nesting the readers refuse.

    Scans the event stream, which needs no recursion, before anything builds a tree:
    an alias can point at its own ancestor (endless recursion) or multiply a value
    exponentially ("billion laughs"), and deep nesting exhausts the stack.
    """
    problems: list[tuple[int, str, str, str]] = []
    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.AliasEvent):
                problems.append(
                    (
                        event.start_mark.line if event.start_mark else 0,
                        "yaml-alias",
                        f"the YAML alias '*{event.anchor}' is not allowed",
                        "write the value out in full instead of using &anchors and *aliases",
                    )
                )
            elif isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    problems.append(
                        (
                            event.start_mark.line if event.start_mark else 0,
                            "yaml-too-deep",
                            f"lists and fields are nested more than {MAX_YAML_DEPTH} levels deep",
                            "check the brackets and indentation",
                        )
                    )
                    break
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass  # the reader reports the syntax error, with its line
    return problems


_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _construct(
    node: yaml.Node,
    keypath: tuple[str | int, ...],
    path: Path,
    diags: Diagnostics,
    lines: LineMap,
    first_line: int,
) -> Any:
    line = node.start_mark.line + first_line
    lines.lines.setdefault(keypath, line)
    if isinstance(node, yaml.CollectionNode) and node.tag not in _COLLECTION_TAGS:
        _refuse_tag(node.tag, path, diags, line)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + first_line
            if not isinstance(key_node, yaml.ScalarNode):
                diags.error(path, key_line, "yaml-key", "a key must be a plain word")
                continue
            key = str(key_node.value)
            if key in result:
                diags.error(
                    path,
                    key_line,
                    "duplicate-key",
                    f"the field '{key}' is given twice",
                    f"keep one '{key}:' line and delete the other",
                )
                continue
            lines.lines[(*keypath, key)] = key_line
            if key in RAW_STRING_KEYS and isinstance(value_node, yaml.ScalarNode):
                # A hash such as 012345678901 must not become the number 12345678901.
                result[key] = str(value_node.value)
                continue
            result[key] = _construct(value_node, (*keypath, key), path, diags, lines, first_line)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _construct(item, (*keypath, i), path, diags, lines, first_line)
            for i, item in enumerate(node.value)
        ]
    assert isinstance(node, yaml.ScalarNode)
    return _scalar(node, path, diags, line)


def _scalar(node: yaml.ScalarNode, path: Path, diags: Diagnostics, line: int) -> Any:
    tag = node.tag
    value = node.value
    if tag == "tag:yaml.org,2002:str" or node.style in ("'", '"', "|", ">"):
        return value
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return value.lower() in ("true", "yes", "on")
    if tag == "tag:yaml.org,2002:int":
        try:
            return int(value.replace("_", ""), 0)
        except ValueError:
            return value
    if tag == "tag:yaml.org,2002:float":
        try:
            return float(value.replace("_", ""))
        except ValueError:
            return value
    if tag == "tag:yaml.org,2002:timestamp":
        if _TIMESTAMP.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        diags.error(
            path,
            line,
            "bad-date",
            f"'{value}' is not a valid date",
            "write dates as YYYY-MM-DD, for example 2026-11-22",
        )
        return value
    _refuse_tag(tag, path, diags, line)
    return value


_COLLECTION_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


def _refuse_tag(tag: str, path: Path, diags: Diagnostics, line: int) -> None:
    diags.error(
        path,
        line,
        "yaml-tag",
        f"the YAML tag '{tag}' is not allowed here",
        "remove the '!' tag; write plain text, numbers, lists and dates",
    )


@dataclass(frozen=True)
class FrontMatterDocument:
    data: dict[str, Any]
    lines: LineMap
    body: str
    body_line: int
    front_matter_text: str


_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)


def split_front_matter(text: str, path: Path, diags: Diagnostics) -> FrontMatterDocument | None:
    """Split ``---`` YAML front matter from a Markdown body."""
    if not text.startswith("---"):
        diags.error(
            path,
            1,
            "missing-front-matter",
            "the file must start with front matter: a line '---', the fields, and '---'",
            "add at the top:\n    ---\n    title: ...\n    summary: ...\n    ---",
        )
        return None
    first = text.find("\n")
    if first < 0 or text[:first].strip() != "---":
        diags.error(path, 1, "missing-front-matter", "the first line must be exactly '---'")
        return None
    closing = _FENCE.search(text, first + 1)
    if closing is None:
        diags.error(
            path,
            1,
            "unclosed-front-matter",
            "the front matter that starts on line 1 is never closed",
            "add a line with exactly '---' after the last field",
        )
        return None
    fm_text = text[first + 1 : closing.start()]
    data, lines = load_yaml(fm_text, path, diags, first_line=2)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        diags.error(
            path,
            2,
            "front-matter-not-mapping",
            "the front matter must be a list of 'field: value' lines",
        )
        data = {}
    body_start = closing.end() + 1
    body_line = text.count("\n", 0, min(body_start, len(text))) + 1
    return FrontMatterDocument(data, lines, text[body_start:], body_line, fm_text)

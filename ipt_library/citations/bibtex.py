"""Reading ``bibliography.bib`` with bibtexparser 2 and an explicit middleware order.

The order matters (measured, see ARCHITECTURE.md):

1. ``ResolveStringReferencesMiddleware``, ``RemoveEnclosingMiddleware`` - bibtexparser's defaults;
2. ``NormalizeFieldKeys`` - ``Title`` and ``title`` are the same field;
3. ``DecodeLatexText`` - LaTeX to Unicode on text fields only, never ``url``/``doi``, with every
   bare ``%`` escaped first (LaTeX would read it as a comment and cut the value short), and
   braced groups kept so ``{World Health Organization}`` survives to the name splitter;
4. ``SeparateCoAuthors``, ``SplitNameParts`` - ``and``-separated names into their parts;
5. ``StripBraces`` - remove case-protecting braces, mark a fully braced name as a group
   author, and turn ``and others`` into an et al. flag.

Errors never raise: each becomes a diagnostic with its 1-based line, and parsing goes on.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from bibtexparser.library import Library
from bibtexparser.middlewares import (
    LatexDecodingMiddleware,
    NormalizeFieldKeys,
    RemoveEnclosingMiddleware,
    ResolveStringReferencesMiddleware,
    SeparateCoAuthors,
    SplitNameParts,
)
from bibtexparser.middlewares.middleware import BlockMiddleware, Middleware
from bibtexparser.middlewares.names import NameParts, parse_single_name_into_parts
from bibtexparser.model import (
    Block,
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    Field,
    MiddlewareErrorBlock,
    ParsingFailedBlock,
    String,
)
from bibtexparser.splitter import Splitter

from .model import Name

NAME_FIELDS = ("author", "editor", "translator")

# Fields whose value is an identifier, not prose: LaTeX decoding would corrupt them
# ('_' and '~' in URLs, '%' in percent-encoding).
VERBATIM_FIELDS = frozenset(
    {"url", "doi", "eprint", "file", "urldate", "isbn", "issn", "pmid", "pmcid", "langid"}
)

_BARE_PERCENT = re.compile(r"(?<!\\)%")
_MISSING_COMMA = re.compile(r"^\s*[A-Za-z][\w-]*\s*=")


@dataclass(frozen=True, slots=True)
class NameList:
    """A parsed name field: the names, and whether the list ended with ``and others``."""

    names: tuple[Name, ...]
    et_al: bool = False


@dataclass(frozen=True, slots=True)
class RawProblem:
    """A problem found while parsing; the loader turns it into a Diagnostic."""

    line: int
    code: str
    message: str
    hint: str = ""


class DecodeLatexText(LatexDecodingMiddleware):
    """LaTeX decoding restricted to prose fields, with ``%`` made literal first."""

    def __init__(self) -> None:
        super().__init__(allow_inplace_modification=True, keep_braced_groups=True)

    @classmethod
    def metadata_key(cls) -> str:
        return "ipt_latex_decoding"

    def decode(self, value: str) -> tuple[str, str]:
        return self._transform_python_value_string(_BARE_PERCENT.sub(r"\\%", value))

    def transform_entry(self, entry: Entry, library: Library) -> Block:
        errors: list[str] = []
        for fld in entry.fields:
            if fld.key in VERBATIM_FIELDS or not isinstance(fld.value, str):
                continue
            enclosing = fld.enclosing
            fld.value, error = self.decode(fld.value)
            fld.enclosing = enclosing
            if error:
                errors.append(f"{fld.key}: {error}")
        if errors:
            entry.set_parser_metadata("ipt_decode_errors", errors)
        return entry

    def transform_string(self, string: String, library: Library) -> Block:
        return string


class StripBraces(BlockMiddleware):
    """Last stage: braces out of text, names into :class:`Name`, ``others`` into et al."""

    def __init__(self) -> None:
        super().__init__(allow_inplace_modification=True, allow_parallel_execution=True)

    @classmethod
    def metadata_key(cls) -> str:
        return "ipt_strip_braces"

    def transform_entry(self, entry: Entry, library: Library) -> Block:
        for fld in entry.fields:
            enclosing = fld.enclosing
            if fld.key in NAME_FIELDS and isinstance(fld.value, list):
                fld.value = _name_list(fld.value)
            elif isinstance(fld.value, str) and fld.key not in VERBATIM_FIELDS:
                fld.value = strip_braces(fld.value)
            fld.enclosing = enclosing
        return entry


def parse_stack() -> list[Middleware]:
    """The explicit middleware order (see the module docstring for why)."""
    return [
        ResolveStringReferencesMiddleware(allow_inplace_modification=True),
        RemoveEnclosingMiddleware(allow_inplace_modification=True),
        NormalizeFieldKeys(allow_inplace_modification=True),
        DecodeLatexText(),
        SeparateCoAuthors(allow_inplace_modification=True, name_fields=NAME_FIELDS),
        SplitNameParts(allow_inplace_modification=True, name_fields=NAME_FIELDS),
        StripBraces(),
    ]


def strip_braces(text: str) -> str:
    return " ".join(text.replace("{", "").replace("}", "").split())


def _fully_braced(word: str) -> bool:
    """True for '{World Health Organization}', false for '{\\"O}zt{\\"u}rk' or '{A}nna'."""
    if not (word.startswith("{") and word.endswith("}")):
        return False
    depth = 0
    for index, char in enumerate(word):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and index != len(word) - 1:
                return False
    return True


def _name_list(parts: list[object]) -> NameList:
    names: list[Name] = []
    et_al = False
    for index, part in enumerate(parts):
        if not isinstance(part, NameParts):
            continue
        if (
            index == len(parts) - 1
            and index > 0
            and part.last == ["others"]
            and not (part.first or part.von or part.jr)
        ):
            et_al = True
            continue
        names.append(_to_name(part))
    return NameList(tuple(names), et_al)


def _to_name(part: NameParts) -> Name:
    if (
        len(part.last) == 1
        and not (part.first or part.von or part.jr)
        and _fully_braced(part.last[0])
    ):
        return Name(strip_braces(part.last[0]), corporate=True)
    return Name(
        family=strip_braces(" ".join(part.last)),
        given=strip_braces(" ".join(part.first)),
        particle=strip_braces(" ".join(part.von)),
        suffix=strip_braces(" ".join(part.jr)),
    )


@contextmanager
def _quiet_bibtexparser() -> Iterator[None]:
    """bibtexparser logs every problem too; ours arrive as diagnostics, so mute its loggers."""
    names = [n for n in logging.root.manager.loggerDict if n.startswith("bibtexparser")]
    loggers = [logging.getLogger(n) for n in ["bibtexparser", *names]]
    previous = [lg.disabled for lg in loggers]
    for lg in loggers:
        lg.disabled = True
    try:
        yield
    finally:
        for lg, was in zip(loggers, previous, strict=True):
            lg.disabled = was


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _syntax_message(block: ParsingFailedBlock, text: str) -> str:
    error = block.error
    reason = str(getattr(error, "abort_reason", "") or error or "").strip()
    end = getattr(error, "end_index", None)
    where = f" (parsing stopped on line {_line_of(text, end)})" if isinstance(end, int) else ""
    reason = reason.replace("\n", " ")
    return f"this entry cannot be read{where}: {reason or 'syntax error'}"


def _first_line(block: Block) -> int:
    return (block.start_line or 0) + 1


def _field_line(fld: Field, entry: Entry) -> int:
    start = fld.start_line
    return start + 1 if isinstance(start, int) else _first_line(entry)


def _dedupe_fields(entry: Entry, problems: list[RawProblem]) -> Entry:
    """Report repeated fields (any case); keep the first value so the entry stays usable."""
    seen: dict[str, int] = {}
    kept: list[Field] = []
    for fld in entry.fields:
        lower = fld.key.lower()
        line = _field_line(fld, entry)
        if lower in seen:
            problems.append(
                RawProblem(
                    line,
                    "bib-duplicate-field",
                    f"'{entry.key}' has a second '{lower}' field (the first is on line "
                    f"{seen[lower]}); the first one is used",
                    "delete one of the two",
                )
            )
            continue
        seen[lower] = line
        kept.append(fld)
    entry.fields = kept
    return entry


def _check_missing_commas(entry: Entry, problems: list[RawProblem]) -> None:
    """``title = {X} year = {2000}`` parses as one odd title; say a comma is missing."""
    for fld in entry.fields:
        value = fld.value
        if not isinstance(value, str) or not value.startswith("{"):
            continue
        depth = 0
        for index, char in enumerate(value):
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if depth == 0:
                    rest = value[index + 1 :]
                    if rest.strip() and _MISSING_COMMA.match(rest):
                        problems.append(
                            RawProblem(
                                _field_line(fld, entry),
                                "bib-syntax",
                                f"'{entry.key}': a comma is missing after the '{fld.key}' field",
                                "put a comma at the end of every field line",
                            )
                        )
                    break


def split_entries(text: str, problems: list[RawProblem]) -> tuple[list[Entry], list[String]]:
    """Split the file into entries, reporting blocks that fail and duplicate keys."""
    with _quiet_bibtexparser():
        library = Splitter(bibstr=text).split()
    entries: list[Entry] = []
    strings: list[String] = []
    first_seen: dict[str, tuple[str, int]] = {}
    for block in library.blocks:
        if isinstance(block, DuplicateBlockKeyBlock | DuplicateFieldKeyBlock):
            candidate = block.ignore_error_block
        elif isinstance(block, ParsingFailedBlock):
            problems.append(
                RawProblem(
                    _first_line(block),
                    "bib-syntax",
                    _syntax_message(block, text),
                    "check the braces and commas of this entry",
                )
            )
            continue
        else:
            candidate = block
        if isinstance(candidate, String):
            strings.append(candidate)
            continue
        if not isinstance(candidate, Entry):
            continue
        line = _first_line(candidate)
        lower = candidate.key.lower()
        if lower in first_seen:
            original, original_line = first_seen[lower]
            problems.append(
                RawProblem(
                    line,
                    "bib-duplicate-key",
                    f"the key '{candidate.key}' is already used by '{original}' on line "
                    f"{original_line} (keys are compared without case); this entry is ignored",
                    "give each entry its own key, or delete the copy",
                )
            )
            continue
        first_seen[lower] = (candidate.key, line)
        _dedupe_fields(candidate, problems)
        _check_missing_commas(candidate, problems)
        entries.append(candidate)
    return entries, strings


def run_stack(
    entries: list[Entry], strings: list[String], problems: list[RawProblem]
) -> list[Entry]:
    """Apply :func:`parse_stack` in order; block middlewares run entry by entry so that one
    bad name is reported and repaired instead of dropping its entry."""
    library = Library(blocks=[*strings, *entries], fail_on_duplicate_key=False)
    current: list[Block] = list(entries)
    with _quiet_bibtexparser():
        for middleware in parse_stack():
            if not isinstance(middleware, BlockMiddleware):
                library = middleware.transform(library)  # @string resolution needs them all
                continue
            transformed: list[Block] = []
            for block in current:
                out = middleware.transform_block(block, library)
                if isinstance(out, MiddlewareErrorBlock):
                    out = _repair(middleware, out, problems)
                if isinstance(out, Block):
                    transformed.append(out)
            current = transformed
    done: list[Entry] = []
    for block in current:
        if not isinstance(block, Entry):
            continue
        for error in block.get_parser_metadata("ipt_decode_errors") or []:
            problems.append(
                RawProblem(
                    _first_line(block),
                    "bib-latex",
                    f"'{block.key}': LaTeX in {error} could not be decoded",
                    "write the character directly in UTF-8",
                )
            )
        done.append(block)
    return done


def _repair(
    middleware: Middleware, failed: MiddlewareErrorBlock, problems: list[RawProblem]
) -> Block:
    entry = failed.ignore_error_block
    if not isinstance(entry, Entry):
        return failed
    problems.append(
        RawProblem(
            _first_line(entry),
            "bib-bad-name",
            f"'{entry.key}': {failed.error}",
            "check the braces and commas in the author/editor names",
        )
    )
    if isinstance(middleware, SplitNameParts):
        for fld in entry.fields:
            if fld.key in NAME_FIELDS and isinstance(fld.value, list):
                enclosing = fld.enclosing
                fld.value = [
                    v if isinstance(v, NameParts) else parse_single_name_into_parts(str(v), False)
                    for v in fld.value
                ]
                fld.enclosing = enclosing
    return entry

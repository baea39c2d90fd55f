"""Find, check and replace the ```field blocks of a worksheet's Markdown body."""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import Diagnostics
from .checks import check_block
from .fences import find_field_fences
from .model import Field
from .render import render_field
from .yamlblock import read_block


def extract_fields(
    markdown: str,
    path: Path,
    first_line: int,
    diags: Diagnostics,
    *,
    lang: str,
    locales: Path | None,
    render: bool = True,
) -> tuple[str, list[Field]]:
    """Replace each valid ```field block with its HTML controls; report every bad one.

    ``first_line`` is the file line of the body's first line, so diagnostics point at
    the real line. Each block becomes one line of raw HTML with blank lines around it
    (Python-Markdown passes such a block through untouched), padded with blank lines so
    the body keeps its line count and later stages still report the right lines. A block
    with an error is left as a code block, so the page still shows what was written.
    With ``render=False`` (checking only) the Markdown is returned unchanged.
    """
    lines = markdown.split("\n")
    fields: list[Field] = []
    seen: dict[str, int] = {}
    replacements: list[tuple[int, int, str]] = []
    for fence in find_field_fences(lines):
        line = first_line + fence.start
        if not fence.closed:
            diags.error(
                path,
                line,
                "field-unclosed",
                "this field block is never closed",
                "end it with a line of three backticks: ```",
            )
            continue
        errors_before = len(diags.errors)
        block = read_block(fence.content, path, line + 1, diags)
        if block is None:
            continue
        field = check_block(block, path, line, diags, seen)
        name = block.data.get("name") if isinstance(block.data, dict) else None
        if isinstance(name, str) and name.strip() not in seen:
            seen[name.strip()] = line
        if field is None or len(diags.errors) > errors_before:
            continue
        fields.append(field)
        if not render:
            continue
        html = render_field(field, lang=lang, locales=locales)
        replacements.append((fence.start, fence.end, _one_line(html)))
    for start, end, html in reversed(replacements):
        count = end - start + 1
        lines[start : end + 1] = ["", html, ""] + [""] * (count - 3)
    return "\n".join(lines), fields


def _one_line(html: str) -> str:
    # Whitespace between tags is insignificant here (no <pre>, textareas are empty).
    return " ".join(part.strip() for part in html.splitlines() if part.strip())

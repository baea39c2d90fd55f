"""Print translation coverage as a text table, a Markdown table or JSON."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from ..model import Status
from .coverage import Counts, Item, LanguageCoverage

COLUMNS = ("current", "outdated", "machine", "missing")
HEADERS = (
    "Language",
    "Resources",
    *COLUMNS,
    "Pages",
    *COLUMNS,
    "Interface strings",
)


def table_rows(covs: list[LanguageCoverage]) -> list[list[str]]:
    return [
        [
            f"{c.language.code} {c.language.name}",
            *_counts(c.resources, c.is_default),
            *_counts(c.pages, c.is_default),
            _catalog(c),
        ]
        for c in covs
    ]


def _counts(counts: Counts, is_default: bool) -> list[str]:
    if is_default:
        return ["source", "-", "-", "-", "-"]
    return [
        f"{counts.percent}%",
        str(counts.current),
        str(counts.outdated),
        str(counts.machine),
        str(counts.missing),
    ]


def _catalog(c: LanguageCoverage) -> str:
    if c.catalog is None:
        return c.catalog_state
    fuzzy = f", {c.catalog.fuzzy} fuzzy" if c.catalog.fuzzy else ""
    return f"{c.catalog.percent}% ({c.catalog.translated}/{c.catalog.total}{fuzzy})"


def width(text: str) -> int:
    """Columns a terminal gives ``text``: wide (CJK) characters take two, marks none."""
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def _pad(text: str, size: int, right: bool) -> str:
    gap = " " * max(0, size - width(text))
    return gap + text if right else text + gap


def format_text(covs: list[LanguageCoverage], root: Path, details: bool) -> str:
    rows = [list(HEADERS), *table_rows(covs)]
    sizes = [max(width(row[i]) for row in rows) for i in range(len(HEADERS))]
    lines = [
        "  ".join(_pad(cell, sizes[i], right=i > 0) for i, cell in enumerate(row)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * s for s in sizes))
    if details:
        for cov in covs:
            lines.extend(["", *_details_text(cov, root)])
    return "\n".join(lines) + "\n"


def _details(cov: LanguageCoverage, root: Path) -> Iterator[tuple[str, str, str]]:
    """("heading", text, "") or (state, name, next step), for the per-language listing."""
    code = cov.language.code
    if cov.is_default:
        yield "heading", f"{code} is the source language of every resource and page", ""
        return
    for kind, title in (("resource", "Resources"), ("page", "Pages")):
        todo = [i for i in cov.items if i.kind == kind and _needs_work(i)]
        done = sum(1 for i in cov.items if i.kind == kind and not _needs_work(i))
        yield (
            "heading",
            f"{title} in {code} ({cov.language.name}): {done} done, {len(todo)} to do",
            "",
        )
        for item in sorted(todo, key=_order):
            yield _state(item), item.name, _next_step(item, code, root)


def _details_text(cov: LanguageCoverage, root: Path) -> Iterator[str]:
    rows = list(_details(cov, root))
    items = [r for r in rows if r[0] != "heading"]
    states = max((width(r[0]) for r in items), default=0)
    names = max((width(r[1]) for r in items), default=0)
    for state, name, step in rows:
        if state == "heading":
            yield name
        else:
            yield f"  {_pad(state, states, False)}  {_pad(name, names, False)}  {step}"


def _needs_work(item: Item) -> bool:
    return item.status in (Status.OUTDATED, Status.MISSING) or item.machine


def _state(item: Item) -> str:
    if item.status is Status.CURRENT and item.machine:
        return "needs review"
    return item.status.value + (" (machine)" if item.machine else "")


def _order(item: Item) -> tuple[int, str]:
    rank = {Status.OUTDATED: 0, Status.CURRENT: 1, Status.MISSING: 2}
    return rank.get(item.status, 3), item.name


def _next_step(item: Item, code: str, root: Path) -> str:
    target = item.name if item.kind == "resource" else _rel(item.source, root)
    if item.status is Status.MISSING:
        return f"start: ipt-library translate {target} {code}"
    path = _rel(item.translation, root) if item.translation else ""
    if item.status is Status.OUTDATED:
        return (
            f"update {path}, then: ipt-library translate {target} {code} --refresh "
            f"(source hash now {item.source_hash})"
        )
    return f"review {path} (set reviewed_by and reviewed)"


def format_markdown(covs: list[LanguageCoverage], root: Path, details: bool) -> str:
    lines = [
        "| " + " | ".join(HEADERS) + " |",
        "| --- |" + " ---: |" * (len(HEADERS) - 1),
    ]
    for row in table_rows(covs):
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
    if details:
        for cov in covs:
            for state, name, step in _details(cov, root):
                if state == "heading":
                    lines.extend(["", f"### {name}", ""])
                else:
                    lines.append(f"- **{state}**: `{name}`: {step}")
    return "\n".join(lines) + "\n"


def format_json(
    covs: list[LanguageCoverage], root: Path, details: bool, resources: int, pages: int
) -> str:
    data = {
        "resources": resources,
        "pages": pages,
        "languages": [c.as_dict(root, details) for c in covs],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _rel(path: Path | None, root: Path) -> str:
    if path is None:
        return ""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()

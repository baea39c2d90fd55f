"""``ipt-library new``: a resource folder with every field present and described.

The comments in the scaffold are the descriptions declared in ``schema.py``, so the
template an editor fills in says the same as the field reference and the checks.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from ..config import LibraryConfig
from ..diagnostics import Diagnostics, did_you_mean
from ..loader import META_FILE
from ..schema import MAX_SLUG, SLUG_RE, Attachment, ResourceMeta, Review, TextFrontMatter, Video
from ..taxonomy import AUDIENCES, PRINTABLE_TYPES, RESOURCE_TYPES
from ..templating import TEMPLATES, render
from .errors import EditingError
from .placeholders import MARKER

#: Fields that only some types carry; every other field appears in every scaffold.
TYPE_SPECIFIC: dict[str, frozenset[str]] = {
    "reference": frozenset({"reading", "manual"}),
    "link": frozenset({"reading", "manual"}),
    "video": frozenset({"video"}),
    "pdf": frozenset(PRINTABLE_TYPES),
}

#: Types whose works belong to someone else: the library only summarises and links.
PUBLISHER_TYPES = frozenset({"reading", "manual", "video"})

PLACEHOLDER_PDF = TEMPLATES / "scaffold" / "placeholder-slides.pdf"
COMMENT_WIDTH = 92


@dataclass(frozen=True)
class Entry:
    """One field of the scaffolded resource.yml, as the template writes it."""

    key: str
    value: str = ""  # YAML on the key's line; empty when ``children`` or ``items`` follow
    comment: tuple[str, ...] = ()  # the schema's description, wrapped
    note: str = ""  # a trailing comment; carries the marker when the editor must act
    children: tuple[Entry, ...] = ()
    items: tuple[tuple[Entry, ...], ...] = ()  # a list of mappings (attachments)
    example: tuple[str, ...] = ()  # commented-out lines showing how to fill a list


@dataclass(frozen=True)
class Scaffold:
    folder: Path
    created: list[Path] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)


def check_type(resource_type: str) -> None:
    if resource_type not in RESOURCE_TYPES.ids:
        suggestion = did_you_mean(resource_type, RESOURCE_TYPES.ids)
        raise EditingError(
            f"'{resource_type}' is not a resource type.{suggestion}",
            "types: " + ", ".join(RESOURCE_TYPES.ids),
        )


def suggest_slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:MAX_SLUG].strip("-")


def check_new_slug(slug: str, resources: Path) -> None:
    """Refuse an invalid name, or one that is taken (ignoring case: Windows and macOS
    checkouts could not hold both folders)."""
    taken = {p.name.lower(): p.name for p in resources.iterdir()} if resources.is_dir() else {}
    if not SLUG_RE.match(slug) or len(slug) > MAX_SLUG:
        reason = (
            f"it is longer than {MAX_SLUG} characters"
            if len(slug) > MAX_SLUG
            else "use only lowercase letters, digits and single hyphens"
        )
        suggestion = suggest_slug(slug)
        hint = ""
        if suggestion and SLUG_RE.match(suggestion):
            hint = f"try '{_free(suggestion, taken)}'"
            if suggestion in taken:
                hint += f" ('{suggestion}' is taken)"
        raise EditingError(f"'{slug}' is not a valid resource name: {reason}", hint)
    if slug.lower() in taken:
        raise EditingError(
            f"a resource named '{taken[slug.lower()]}' already exists in "
            f"{resources.name}/{taken[slug.lower()]}/",
            f"choose another name, e.g. '{_free(slug, taken)}', or edit the existing resource",
        )


def _free(slug: str, taken: dict[str, str]) -> str:
    if slug not in taken:
        return slug
    return next(f"{slug}-{n}" for n in range(2, 10_000) if f"{slug}-{n}" not in taken)


def new_resource(
    config: LibraryConfig,
    resource_type: str,
    slug: str,
    *,
    today: dt.date | None = None,
    reference: str | None = None,
) -> Scaffold:
    """Write ``resources/<slug>/`` for ``resource_type``. Raises EditingError."""
    check_type(resource_type)
    resources = config.resources_path
    if not resources.is_dir():
        raise EditingError(
            f"the folder {config.resources_dir}/ does not exist",
            "run this in the library's folder (the one with mkdocs.yml)",
        )
    check_new_slug(slug, resources)
    if reference is not None or resource_type in TYPE_SPECIFIC["reference"]:
        _check_reference(config, resource_type, reference)
    folder = resources / slug
    source = config.default_language.code
    yml = render_resource_yml(
        resource_type, slug, today or dt.date.today(), source=source, reference=reference
    )
    text = render_text(resource_type)
    folder.mkdir()
    result = Scaffold(folder)
    (folder / META_FILE).write_text(yml, encoding="utf-8")
    (folder / f"{source}.md").write_text(text, encoding="utf-8")
    result.created.extend([folder / META_FILE, folder / f"{source}.md"])
    if resource_type == "presentation":
        (folder / "files").mkdir()
        shutil.copyfile(PLACEHOLDER_PDF, folder / "files" / "slides.pdf")
        result.created.append(folder / "files" / "slides.pdf")
    result.next_steps.extend(_next_steps(config, resource_type, slug, source))
    return result


def _check_reference(config: LibraryConfig, resource_type: str, key: str | None) -> None:
    """A reading or manual is about one work, which must be in the bibliography first."""
    if resource_type not in TYPE_SPECIFIC["reference"]:
        raise EditingError(
            f"--reference is for readings and manuals, not a {resource_type}",
            "list the evidence under 'citations:' in resource.yml instead",
        )
    if key is None:
        raise EditingError(
            f"a {resource_type} needs --reference KEY: the key of the work in "
            f"{config.bibliography}",
            f"add the work to {config.bibliography} first if it is not there, then e.g. "
            f"'ipt-library new {resource_type} <name> --reference who2016group'",
        )
    from ..citations import load_bibliography

    path = config.bibliography_path
    if not path.exists():
        return  # nothing to check against; `check` reports the missing bibliography
    bib = load_bibliography(path, Diagnostics(config.root))
    if key not in bib:
        raise EditingError(
            f"'{key}' is not a key in {config.bibliography}.{bib.suggest(key)}",
            f"add the work to {config.bibliography} first, then use its key",
        )


def _next_steps(config: LibraryConfig, resource_type: str, slug: str, source: str) -> list[str]:
    base = f"{config.resources_dir}/{slug}"
    steps = [
        f"Fill in {base}/{META_FILE}: every line with a '{MARKER}' note needs your input; "
        "the comments say what each field means.",
        f"Write the text in {base}/{source}.md, replacing each '{MARKER}' placeholder.",
    ]
    if resource_type == "presentation":
        steps.append(f"Replace {base}/files/slides.pdf with your slides (a PDF).")
    if resource_type == "video":
        steps.append("Give the video's embeddable address, host and length under 'video:'.")
    if resource_type in TYPE_SPECIFIC["reference"]:
        steps.append("Add 'link:' only if you have opened the publisher's page yourself.")
    steps += [
        "Run 'ipt-library check' until it reports no errors and no 'placeholder-text' warnings.",
        f"Preview with 'ipt-library serve' and open /resources/{slug}/.",
        "Open a pull request (docs/contributing/add-a-resource.md walks through it).",
    ]
    return steps


# --- resource.yml ------------------------------------------------------------------------


def render_resource_yml(
    resource_type: str,
    slug: str,
    today: dt.date,
    *,
    source: str = "en",
    reference: str | None = None,
) -> str:
    entries = resource_entries(resource_type, today, source=source, reference=reference)
    return render(None, "en", "scaffold/resource.yml.j2", slug=slug, rows=list(rows(entries)))


@dataclass(frozen=True)
class Row:
    """One line of the scaffold: a comment, a commented example, or a ``key: value``."""

    kind: str
    pad: str
    text: str = ""
    key: str = ""
    value: str = ""
    note: str = ""
    lead: str = ""  # "- " on the first key of a list item
    blank: bool = False  # a blank line before it, between top-level fields


def rows(entries: list[Entry] | tuple[Entry, ...], pad: str = "") -> Iterator[Row]:
    for e in entries:
        yield from _entry_rows(e, pad, lead="", blank=not pad)


def _entry_rows(e: Entry, pad: str, *, lead: str, blank: bool) -> Iterator[Row]:
    # A list item's first comment sits above its "- "; the others align with their keys.
    comment_pad = pad + "  " if lead == "  " else pad
    for i, line in enumerate(e.comment):
        yield Row("comment", comment_pad, text=line, blank=blank and i == 0)
    yield Row(
        "key",
        pad,
        key=e.key,
        value=e.value,
        note=e.note,
        lead=lead,
        blank=blank and not e.comment,
    )
    for line in e.example:
        yield Row("example", pad, text=line)
    for child in e.children:
        yield from _entry_rows(child, pad + "  ", lead="", blank=False)
    for item in e.items:
        for i, child in enumerate(item):
            yield from _entry_rows(child, pad + "  ", lead="- " if i == 0 else "  ", blank=False)


def resource_entries(
    resource_type: str, today: dt.date, *, source: str = "en", reference: str | None = None
) -> list[Entry]:
    """Every field of ResourceMeta that applies to ``resource_type``, in schema order."""
    audience = (
        ["clinician"] if resource_type in ("manual", "reading", "presentation") else ["public"]
    )
    values: dict[str, Any] = {
        "type": resource_type,
        "audience": audience,
        "authors": ["IPT Library editors"],
        "licence": "publisher" if resource_type in PUBLISHER_TYPES else "CC-BY-4.0",
        "created": today,
        "source_language": source,
        "reference": reference,
    }
    notes = {
        "audience": f"{MARKER}: {' and/or '.join(AUDIENCES.ids)}, then delete this note",
        "type": "fixed by 'ipt-library new'; change it only with care",
        "link": "only an address you have opened and checked",
    }
    if resource_type in TYPE_SPECIFIC["reference"]:
        notes["reference"] = "the work this resource is about; also cite it in the text"
    entries = []
    for name, info in ResourceMeta.model_fields.items():
        allowed = TYPE_SPECIFIC.get(name)
        if allowed is not None and resource_type not in allowed:
            continue
        comment = _wrap(info.description or "")
        if name == "review":
            entries.append(Entry(name, comment=comment, children=_review_entries()))
        elif name == "video":
            entries.append(Entry(name, comment=comment, children=_video_entries()))
        elif name == "attachments":
            entries.append(_attachments_entry(resource_type, comment))
        else:
            value = values.get(name, _default(info))
            entries.append(Entry(name, yaml_value(value), comment, notes.get(name, "")))
    return entries


def _default(info: Any) -> Any:
    if info.default_factory is not None:
        return info.default_factory()
    return info.default


def _review_entries() -> tuple[Entry, ...]:
    return _plain_entries(Review, {"status": "draft"})


def _video_entries() -> tuple[Entry, ...]:
    values: dict[str, Any] = {
        "url": "https://example.org/FILL-IN-embed-address",
        "host": f"{MARKER}: who hosts it, e.g. YouTube",
        "duration": "0:00",
    }
    notes = {
        "url": f"{MARKER}: for YouTube, https://www.youtube-nocookie.com/embed/<id>",
        "page": "the https:// address readers can open on the host's site",
        "duration": f"{MARKER}: the length, e.g. 12:34",
    }
    return _plain_entries(Video, values, notes)


def _plain_entries(
    model: type[BaseModel], values: dict[str, Any], notes: dict[str, str] | None = None
) -> tuple[Entry, ...]:
    notes = notes or {}
    return tuple(
        Entry(
            name,
            yaml_value(values.get(name, _default(info))),
            _wrap(info.description or ""),
            notes.get(name, ""),
        )
        for name, info in model.model_fields.items()
    )


def _attachments_entry(resource_type: str, comment: tuple[str, ...]) -> Entry:
    fields = Attachment.model_fields
    if resource_type == "presentation":
        item = (
            Entry(
                "file",
                "files/slides.pdf",
                _wrap(fields["file"].description or ""),
                f"{MARKER}: replace this placeholder PDF with your slides, same name",
            ),
            Entry("title", yaml_value("Slides (PDF)"), _wrap(fields["title"].description or "")),
        )
        return Entry("attachments", comment=comment, items=(item,))
    example = ("- file: files/example.pdf", "  title: What the file is (PDF)")
    return Entry("attachments", "[]", comment, example=example)


def yaml_value(value: Any) -> str:
    """``value`` as inline YAML (flow style), or '' for nothing."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and re.fullmatch(r"\d+:\d{2}(?::\d{2})?", value):
        return f'"{value}"'  # YAML 1.1 reads 12:34 as a number in base 60
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000)
    return text.removesuffix("\n...\n").strip()


def _wrap(text: str) -> tuple[str, ...]:
    if not text:
        return ()
    return tuple(textwrap.wrap(text, COMMENT_WIDTH, break_on_hyphens=False))


# --- the source text ---------------------------------------------------------------------


def render_text(resource_type: str) -> str:
    descriptions = {
        name: _wrap(info.description or "") for name, info in TextFrontMatter.model_fields.items()
    }
    return render(
        None,
        "en",
        "scaffold/text.markdown.j2",
        type=resource_type,
        marker=MARKER,
        descriptions=descriptions,
    )

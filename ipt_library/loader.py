"""Load ``resources/`` and ``docs/`` into the model, collecting every problem on the way."""

from __future__ import annotations

import re
from pathlib import Path
from types import MappingProxyType

from .citations import Bibliography, load_bibliography
from .config import BCP47_RE, LibraryConfig
from .diagnostics import Diagnostics, did_you_mean
from .model import Library, Page, Resource, Text, content_hash
from .schema import (
    SLUG_RE,
    PageFrontMatter,
    ResourceMeta,
    TextFrontMatter,
    TranslationInfo,
    validate,
)
from .sources import LineMap, load_yaml, read_text, split_front_matter

META_FILE = "resource.yml"

#: Attachment types the library accepts, with the bytes their files must start with.
ATTACHMENT_TYPES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".webp": (b"RIFF",),
    ".vtt": (b"WEBVTT", b"\xef\xbb\xbfWEBVTT"),
    ".mp4": (),
    ".webm": (b"\x1a\x45\xdf\xa3",),
}
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
#: File and page names become parts of web addresses: keep them plain.
FILE_NAME_RE = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$")


def load_library(config: LibraryConfig, diags: Diagnostics) -> Library:
    resources = load_resources(config, diags)
    pages = load_pages(config, diags)
    # A library that cites nothing needs no bibliography; a citation without one is
    # reported as an unknown citation.
    bibliography = (
        load_bibliography(config.bibliography_path, diags)
        if config.bibliography_path.exists()
        else Bibliography([])
    )
    return Library(
        config=config,
        resources=tuple(resources),
        pages=tuple(pages),
        bibliography=bibliography,
    )


def load_resources(config: LibraryConfig, diags: Diagnostics) -> list[Resource]:
    root = config.resources_path
    if not root.is_dir():
        diags.error(root, 1, "no-resources", f"the folder {config.resources_dir}/ does not exist")
        return []
    resources: list[Resource] = []
    seen: dict[str, Path] = {}
    for folder in sorted(root.iterdir()):
        if folder.name.startswith(".") or folder.name in ("README.md",):
            continue
        if not folder.is_dir():
            diags.error(
                folder,
                1,
                "stray-file",
                "resources/ may only contain one folder per resource",
                "move this file into a resource folder, or delete it",
            )
            continue
        if folder.is_symlink():
            diags.error(
                folder,
                1,
                "symlink",
                "a resource folder may not be a symbolic link",
                "replace the link with a real folder",
            )
            continue
        slug = folder.name
        if not SLUG_RE.match(slug) or len(slug) > 80:
            diags.error(
                folder / META_FILE,
                1,
                "bad-slug",
                f"the folder name '{slug}' is not a valid resource name",
                "rename the folder with lowercase letters, digits and single hyphens, "
                f"e.g. '{_suggest_slug(slug)}'",
            )
            continue
        if slug.lower() in seen:
            diags.error(folder, 1, "duplicate-slug", f"the resource name '{slug}' is used twice")
            continue
        seen[slug.lower()] = folder
        resource = load_resource(folder, config, diags)
        if resource is not None:
            resources.append(resource)
    return resources


def _suggest_slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "my-resource"


def load_resource(folder: Path, config: LibraryConfig, diags: Diagnostics) -> Resource | None:
    meta_path = folder / META_FILE
    if not meta_path.exists():
        diags.error(
            meta_path,
            1,
            "missing-metadata",
            f"the resource folder '{folder.name}' has no {META_FILE}",
            f"create it with 'ipt-library new <type> {folder.name}', or copy one from another "
            "resource",
        )
        return None
    text = read_text(meta_path, diags, root=config.root)
    if text is None:
        return None
    before = len(diags.errors)
    data, lines = load_yaml(text, meta_path, diags)
    # YAML that could not be read is reported once, not again as missing fields.
    unread = data is None and len(diags.errors) > before
    meta = None if unread else validate(ResourceMeta, data, meta_path, lines, diags)
    texts: dict[str, Text] = {}
    for md in sorted(folder.glob("*.md")):
        lang = md.stem
        if lang.lower() == "readme":
            continue
        if not BCP47_RE.match(lang):
            diags.error(
                md,
                1,
                "bad-language-file",
                f"'{md.name}' is not named after a language code",
                "name each text after its language: en.md, es.md, zh-Hans.md",
            )
            continue
        if lang not in config.by_code:
            diags.error(
                md,
                1,
                "unknown-language",
                f"'{lang}' is not a language of this library.{did_you_mean(lang, config.codes)}",
                "configured languages: "
                + ", ".join(config.codes)
                + "; add a language with 'ipt-library new-language <code>'",
            )
            continue
        loaded = load_text(md, lang, config, diags)
        if loaded is not None:
            texts[lang] = loaded
    for other in sorted(folder.iterdir()):
        if other.name.startswith("."):
            continue  # editors' and systems' hidden files (.DS_Store, swap files)
        if other.is_file() and other.suffix not in (".md", ".yml") and other.name != META_FILE:
            diags.error(
                other,
                1,
                "stray-file",
                f"'{other.name}' is not a resource file",
                "put attachments in the files/ folder and list them under 'attachments:'",
            )
        elif other.is_dir() and other.name != "files":
            diags.error(
                other,
                1,
                "stray-folder",
                f"'{other.name}/' is not expected here",
                "put attachments in a folder named files/",
            )
    if meta is None:
        return None
    source_lang = meta.source_language
    if source_lang not in config.by_code:
        diags.error(
            meta_path,
            lines.line("source_language"),
            "unknown-language",
            f"source_language '{source_lang}' is not a language of this library",
        )
        return None
    if source_lang not in texts:
        if not (folder / f"{source_lang}.md").exists():
            diags.error(
                meta_path,
                1,
                "no-source-text",
                f"the resource has no text in its source language ({source_lang}.md)",
                f"write the text in {folder.name}/{source_lang}.md",
            )
        return None
    source = texts[source_lang]
    if source.translation is not None:
        diags.error(
            source.path,
            1,
            "source-has-translation",
            "the source text must not have a 'translation:' block",
            "delete the 'translation:' block from the source text",
        )
    for lang, t in texts.items():
        if lang != source_lang and t.translation is None:
            diags.error(
                t.path,
                1,
                "missing-source-hash",
                "this translation does not say which source text it was translated from",
                "add to the front matter:\n    translation:\n      source_hash: "
                f"{source.hash}\n(or start translations with 'ipt-library translate')",
            )
    _check_files(folder, meta, meta_path, lines, diags)
    return Resource(folder.name, folder, meta, MappingProxyType(texts), lines)


def load_text(path: Path, lang: str, config: LibraryConfig, diags: Diagnostics) -> Text | None:
    raw = read_text(path, diags, root=config.root)
    if raw is None:
        return None
    before = len(diags.errors)
    doc = split_front_matter(raw, path, diags)
    if doc is None:
        return None
    unread = not doc.data and len(diags.errors) > before  # a YAML error, reported
    fm = None if unread else validate(TextFrontMatter, doc.data, path, doc.lines, diags)
    if not doc.body.strip():
        diags.error(
            path,
            doc.body_line,
            "empty-body",
            "the text has a title but no body",
            "write the text below the closing '---'",
        )
        return None
    if fm is None:
        return None
    return Text(
        lang=lang,
        path=path,
        title=fm.title,
        summary=fm.summary,
        guidance=fm.guidance,
        body=doc.body,
        body_line=doc.body_line,
        translation=fm.translation,
        hash=content_hash(raw),
    )


def _check_files(
    folder: Path, meta: ResourceMeta, meta_path: Path, lines: LineMap, diags: Diagnostics
) -> None:
    wanted: list[tuple[str, tuple[str | int, ...]]] = [
        (a.file, ("attachments", i, "file")) for i, a in enumerate(meta.attachments)
    ]
    if meta.video is not None:
        for name in ("poster", "captions"):
            value = getattr(meta.video, name)
            if value:
                wanted.append((value, ("video", name)))
    for rel, loc in wanted:
        check_attachment(folder, rel, meta_path, lines.line(*loc), diags)
    # Everything in files/ is published, listed or not: each file must pass the same checks.
    listed = {rel for rel, _ in wanted}
    files = folder / "files"
    if files.is_dir():
        for item in sorted(files.rglob("*")):
            rel = item.relative_to(folder).as_posix()
            if rel not in listed and (item.is_symlink() or not item.is_dir()):
                check_attachment(folder, rel, item, 1, diags)


def check_attachment(folder: Path, rel: str, where: Path, line: int, diags: Diagnostics) -> bool:
    target = folder / rel
    try:
        resolved = target.resolve()
    except OSError:
        resolved = target
    if not resolved.is_relative_to(folder.resolve()):
        diags.error(
            where,
            line,
            "path-escapes",
            f"'{rel}' points outside the resource folder",
            "keep attachments in this resource's files/ folder",
        )
        return False
    if not target.is_file():
        diags.error(
            where,
            line,
            "missing-file",
            f"the file '{rel}' does not exist in {folder.name}/",
            "check the spelling, or add the file to the folder",
        )
        return False
    if not all(FILE_NAME_RE.match(part) for part in Path(rel).parts):
        diags.error(
            where,
            line,
            "bad-file-name",
            f"'{rel}': file names may only use lowercase letters, digits, hyphens, "
            "underscores and dots",
            f"rename the file, e.g. '{_suggest_slug(Path(rel).stem)}{Path(rel).suffix.lower()}'",
        )
        return False
    ext = target.suffix.lower()
    if ext not in ATTACHMENT_TYPES:
        diags.error(
            where,
            line,
            "attachment-type",
            f"'{rel}': files of type '{ext or '(none)'}' are not accepted",
            "accepted: " + ", ".join(sorted(ATTACHMENT_TYPES)),
        )
        return False
    size = target.stat().st_size
    if size > MAX_ATTACHMENT_BYTES:
        diags.error(
            where,
            line,
            "attachment-too-large",
            f"'{rel}' is {size / 1048576:.1f} MB; attachments may be at most "
            f"{MAX_ATTACHMENT_BYTES // 1048576} MB",
            "compress it, or link to it on its publisher's site instead",
        )
        return False
    magic = ATTACHMENT_TYPES[ext]
    if magic:
        with target.open("rb") as fh:
            head = fh.read(16)
        if not any(head.startswith(m) for m in magic):
            diags.error(
                where,
                line,
                "attachment-content",
                f"'{rel}' does not contain what its name says ({ext[1:].upper()})",
                "export the file again in the right format",
            )
            return False
    return True


def load_pages(config: LibraryConfig, diags: Diagnostics) -> list[Page]:
    """Hand-written pages: ``x.md`` with translations ``x.<lang>.md``."""
    docs = config.docs_path
    if not docs.is_dir():
        diags.error(docs, 1, "no-docs", f"the folder {config.docs_dir}/ does not exist")
        return []
    default = config.default_language.code
    sources: dict[str, Path] = {}
    translations: dict[str, dict[str, Path]] = {}
    for path in sorted(docs.rglob("*.md")):
        rel = path.relative_to(docs).as_posix()
        stem, _, _ = rel[:-3].rpartition(".")
        suffix = rel[:-3].rpartition(".")[2] if stem else ""
        if stem and BCP47_RE.match(suffix):
            if suffix not in config.by_code or suffix == default:
                diags.error(
                    path,
                    1,
                    "unknown-language",
                    f"'{suffix}' in '{path.name}' is not a language of this library"
                    f"{did_you_mean(suffix, config.codes)}",
                    "configured languages: " + ", ".join(config.codes),
                )
                continue
            translations.setdefault(stem + ".md", {})[suffix] = path
        else:
            sources[rel] = path
    pages: list[Page] = []
    for rel, paths in translations.items():
        if rel not in sources:
            any_path = next(iter(paths.values()))
            diags.error(
                any_path,
                1,
                "orphan-translation",
                f"this translates '{rel}', which does not exist",
                "rename the file after an existing page, or delete it",
            )
    for rel, path in sources.items():
        if not all(SLUG_RE.match(part) for part in rel[:-3].split("/")):
            diags.error(
                path,
                1,
                "bad-page-name",
                f"'{rel}': page names become web addresses and may only use lowercase "
                "letters, digits and single hyphens",
                f"rename it, e.g. '{_suggest_slug(Path(rel).stem)}.md'",
            )
            continue
        raw = read_text(path, diags, root=config.root)
        if raw is None:
            continue
        _check_page_front_matter(path, raw, diags, translation=False)
        info: dict[str, TranslationInfo] = {}
        for lang, tpath in translations.get(rel, {}).items():
            traw = read_text(tpath, diags, root=config.root)
            found = _check_page_front_matter(tpath, traw, diags, translation=True) if traw else None
            if found is not None:
                info[lang] = found
        pages.append(
            Page(
                rel,
                path,
                MappingProxyType(dict(translations.get(rel, {}))),
                content_hash(raw),
                MappingProxyType(info),
            )
        )
    return pages


def _check_page_front_matter(
    path: Path, raw: str, diags: Diagnostics, *, translation: bool
) -> TranslationInfo | None:
    if not raw.startswith("---"):
        if translation:
            diags.error(
                path,
                1,
                "missing-source-hash",
                "this translation does not say which source text it was translated from",
                "add front matter with 'translation:' and 'source_hash:' "
                "(or start it with 'ipt-library translate')",
            )
        return None
    doc = split_front_matter(raw, path, diags)
    if doc is None:
        return None
    fm = validate(PageFrontMatter, doc.data, path, doc.lines, diags)
    if fm is not None and translation and fm.translation is None:
        diags.error(
            path,
            1,
            "missing-source-hash",
            "this translation does not say which source text it was translated from",
            "add 'translation:' with 'source_hash:' to the front matter",
        )
    return fm.translation if fm is not None else None

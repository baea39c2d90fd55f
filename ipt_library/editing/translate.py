"""``ipt-library translate``: start a translation, or record that it caught up with its source.

A translation records the hash of the source text it was made from (``source_hash``), so
"outdated" is computed from content, not from dates or git history. Git is used only to
show a translator what changed in the source since, when it is available.
"""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
import textwrap
from dataclasses import dataclass
from pathlib import Path

from ..config import Language
from ..diagnostics import did_you_mean
from ..model import Library, content_hash
from ..schema import TranslationInfo
from .errors import EditingError
from .placeholders import MARKER

_FENCE = re.compile(r"^---[ \t]*\r?$", re.MULTILINE)
_HASH_LINE = re.compile(
    r"^(?P<indent>[ \t]+)source_hash:[ \t]*(?P<value>[\"']?[0-9A-Za-z]*[\"']?)",
    re.MULTILINE,
)
_TRANSLATION_KEY = re.compile(r"^translation:[ \t]*(?:#.*)?$", re.MULTILINE)
#: How far back in a file's git history to look for the version a translation came from.
MAX_COMMITS = 300


@dataclass(frozen=True)
class SourceDocument:
    """What a translation translates: a resource's source text or a hand-written page."""

    label: str  # the resource's name, or the page's path under docs/
    source: Path
    source_lang: str
    hash: str
    is_page: bool

    def translation_path(self, lang: str) -> Path:
        if self.is_page:
            return self.source.with_name(f"{self.source.stem}.{lang}.md")
        return self.source.with_name(f"{lang}.md")


@dataclass(frozen=True)
class Refreshed:
    path: Path
    old_hash: str | None
    new_hash: str
    changes: list[str] | None  # a unified diff of the source, when git had the old version
    written: bool


def resolve(library: Library, target: str) -> SourceDocument:
    """Find a resource by name, or a page by its path (``docs/ipt/phases.md``)."""
    config = library.config
    if target.endswith(".md") or "/" in target or "\\" in target:
        return _resolve_page(library, target.replace("\\", "/"))
    resource = library.by_slug.get(target)
    if resource is None:
        folder = config.resources_path / target
        if (folder / "resource.yml").exists():
            raise EditingError(
                f"the resource '{target}' has errors, so its source text cannot be read",
                "run 'ipt-library check' and fix them first",
            )
        raise EditingError(
            f"there is no resource named '{target}'.{did_you_mean(target, library.by_slug)}",
            f"use a folder name from {config.resources_dir}/, or a page such as "
            f"{config.docs_dir}/about.md",
        )
    source = resource.source
    return SourceDocument(target, source.path, resource.meta.source_language, source.hash, False)


def _resolve_page(library: Library, target: str) -> SourceDocument:
    config = library.config
    rel = target.removeprefix("./")
    rel = rel.removeprefix(config.docs_dir.rstrip("/") + "/")
    pages = {page.src_uri: page for page in library.pages}
    page = pages.get(rel)
    if page is None:
        stem, _, lang = rel[:-3].rpartition(".") if rel.endswith(".md") else ("", "", "")
        if stem and f"{stem}.md" in pages and lang in config.by_code:
            raise EditingError(
                f"'{target}' is already a translation",
                f"name the English page instead: {config.docs_dir}/{stem}.md",
            )
        raise EditingError(
            f"there is no page '{config.docs_dir}/{rel}'.{did_you_mean(rel, pages)}",
            f"give the path of a Markdown page in {config.docs_dir}/, e.g. "
            f"{config.docs_dir}/about.md",
        )
    default = config.default_language.code
    return SourceDocument(rel, page.path, default, page.hash, True)


def check_language(library: Library, doc: SourceDocument, lang: str) -> Language:
    config = library.config
    language = config.by_code.get(lang)
    if language is None:
        raise EditingError(
            f"'{lang}' is not a language of this library.{did_you_mean(lang, config.codes)}",
            "configured: "
            + ", ".join(config.codes)
            + f"; add one with 'ipt-library new-language {lang}'",
        )
    if lang == doc.source_lang:
        raise EditingError(
            f"'{lang}' is the language '{doc.label}' is written in; translate it into another",
            "languages: " + ", ".join(c for c in config.codes if c != lang),
        )
    return language


def start_translation(library: Library, target: str, lang: str) -> Path:
    """Write the translation file: the source text plus a ``translation:`` block."""
    doc = resolve(library, target)
    language = check_language(library, doc, lang)
    path = doc.translation_path(lang)
    if path.exists():
        raise EditingError(
            f"{_rel(library, path)} already exists",
            f"edit it; after bringing it up to date with its source, run "
            f"'ipt-library translate {target} {lang} --refresh'",
        )
    raw = doc.source.read_text(encoding="utf-8")
    path.write_text(translation_text(raw, doc.hash, language), encoding="utf-8")
    return path


def translation_text(source: str, source_hash: str, language: Language) -> str:
    """The source with a ``translation:`` block added and a note for the translator."""
    source = source.replace("\r\n", "\n")
    front, body = _split(source)
    block = _translation_block(source_hash)
    note = (
        f"<!-- {MARKER}: translate everything readers see into {language.english_name}, "
        "the title and summary above included, then delete this line. Keep link targets, "
        "citations such as [@key] and the names and ids of worksheet fields as they are. -->\n"
    )
    if front is None:
        return f"---\n{block}---\n{note}\n{source}"
    return f"---\n{front}{block}---\n{note}{body}"


def _translation_block(source_hash: str) -> str:
    fields = TranslationInfo.model_fields

    def comment(name: str) -> str:
        text = fields[name].description or ""
        return "".join(f"  # {line}\n" for line in textwrap.wrap(text, 86))

    return (
        "translation:\n"
        + comment("source_hash")
        + f'  source_hash: "{source_hash}"\n'
        + comment("machine")
        + "  machine: false\n"
        + comment("translator")
        + f"  translator:   # {MARKER}: your name, as readers should see it\n"
    )


def _split(text: str) -> tuple[str | None, str]:
    """(front matter lines without the fences, body), or (None, text) without front matter."""
    if not text.startswith("---"):
        return None, text
    first = text.find("\n")
    closing = _FENCE.search(text, first + 1) if first >= 0 else None
    if closing is None:
        return None, text
    body_start = min(closing.end() + 1, len(text))
    return text[first + 1 : closing.start()], text[body_start:]


def refresh_translation(
    library: Library, target: str, lang: str, *, dry_run: bool = False
) -> Refreshed:
    """Record that the translation now matches the current source (update ``source_hash``)."""
    doc = resolve(library, target)
    check_language(library, doc, lang)
    path = doc.translation_path(lang)
    if not path.exists():
        raise EditingError(
            f"{_rel(library, path)} does not exist yet",
            f"start it with 'ipt-library translate {target} {lang}'",
        )
    text = path.read_text(encoding="utf-8")
    old = recorded_hash(text)
    changes = None
    if old is not None and old != doc.hash:
        previous = source_at_hash(doc.source, old)
        if previous is not None:
            current = doc.source.read_text(encoding="utf-8")
            changes = source_diff(previous, current, _rel(library, doc.source), old, doc.hash)
    written = False
    if old != doc.hash and not dry_run:
        path.write_text(set_hash(text, doc.hash), encoding="utf-8")
        written = True
    return Refreshed(path, old, doc.hash, changes, written)


def recorded_hash(text: str) -> str | None:
    front, _ = _split(text.replace("\r\n", "\n"))
    match = _HASH_LINE.search(front or "")
    return match.group("value").strip("\"'") if match else None


def set_hash(text: str, new_hash: str) -> str:
    """``text`` with its ``source_hash`` set, keeping every other line as it was."""
    text = text.replace("\r\n", "\n")
    front, body = _split(text)
    if front is None:
        return f'---\ntranslation:\n  source_hash: "{new_hash}"\n---\n{text}'
    match = _HASH_LINE.search(front)
    if match:
        front = front[: match.start("value")] + f'"{new_hash}"' + front[match.end("value") :]
    elif (key := _TRANSLATION_KEY.search(front)) is not None:
        front = front[: key.end()] + f'\n  source_hash: "{new_hash}"' + front[key.end() :]
    else:
        front += f'translation:\n  source_hash: "{new_hash}"\n'
    return f"---\n{front}---\n{body}"


def source_at_hash(source: Path, wanted: str) -> str | None:
    """The committed version of ``source`` whose hash is ``wanted``, if git has it."""
    git = shutil.which("git")
    if git is None:
        return None
    folder = source.parent
    try:
        log = subprocess.run(
            [git, "-C", str(folder), "log", f"-{MAX_COMMITS}", "--format=%H", "--", source.name],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if log.returncode != 0:
        return None
    for commit in log.stdout.split():
        shown = subprocess.run(
            [git, "-C", str(folder), "show", f"{commit}:./{source.name}"],
            capture_output=True,
            timeout=30,
            check=False,
        )
        if shown.returncode != 0:
            continue
        text = shown.stdout.decode("utf-8", errors="replace")
        if content_hash(text) == wanted:
            return text
    return None


def source_diff(old: str, new: str, name: str, old_hash: str, new_hash: str) -> list[str]:
    return list(
        difflib.unified_diff(
            old.replace("\r\n", "\n").splitlines(),
            new.replace("\r\n", "\n").splitlines(),
            fromfile=f"{name} (translated from {old_hash})",
            tofile=f"{name} (now {new_hash})",
            lineterm="",
            n=1,
        )
    )


def _rel(library: Library, path: Path) -> str:
    try:
        return path.relative_to(library.config.root).as_posix()
    except ValueError:
        return path.as_posix()

"""The library's settings, read from the ``ipt-library`` plugin entry of ``mkdocs.yml``.

Parsed with PyYAML, not MkDocs, so ``ipt-library check`` stays fast and the core does not
depend on the site engine. The MkDocs plugin passes its validated options through
:func:`LibraryConfig.from_options`, so both paths share one definition.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml
from babel import Locale, UnknownLocaleError

from .diagnostics import Diagnostics
from .sources import yaml_structure_problems

BCP47_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|\d{3}))?$")

#: Languages Material for MkDocs names differently from BCP 47.
MATERIAL_LANGUAGE = {"zh-Hans": "zh", "zh-Hant": "zh-Hant", "pt-BR": "pt-BR", "nb": "nb"}


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in its own language, e.g. "Español"
    english_name: str
    direction: str  # "ltr" or "rtl"

    @property
    def babel_code(self) -> str:
        return self.code.replace("-", "_")

    @property
    def material_code(self) -> str:
        return MATERIAL_LANGUAGE.get(self.code, self.code)

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"


@lru_cache(maxsize=4096)
def language_name(code: str, in_lang: str) -> str:
    """The name of language ``code`` in language ``in_lang`` ("Englisch" in German)."""
    try:
        loc = Locale.parse(code.replace("-", "_"))
        name = loc.get_display_name(Locale.parse(in_lang.replace("-", "_")))
    except (UnknownLocaleError, ValueError):
        return code
    return name or code


def make_language(code: str) -> Language:
    """A Language with names and direction from CLDR (via Babel). Raises ValueError."""
    if not BCP47_RE.match(code):
        raise ValueError(f"'{code}' is not a BCP 47 language code like es, pt-BR or zh-Hans")
    try:
        loc = Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError) as exc:
        raise ValueError(f"'{code}' is not a language Babel (CLDR) knows") from exc
    name = loc.get_display_name(loc) or code
    if loc.language == "zh":
        name = loc.get_language_name(loc) or name
    english = loc.get_display_name("en") or code
    name = name[:1].upper() + name[1:] if loc.language not in ("zh", "ja", "ko") else name
    return Language(code, name, english, loc.text_direction)


@dataclass(frozen=True)
class LibraryConfig:
    root: Path
    languages: tuple[Language, ...]
    site_url: str = "http://127.0.0.1:8000/"
    site_name: str = "IPT Library"
    docs_dir: str = "docs"
    resources_dir: str = "resources"
    bibliography: str = "bibliography.bib"
    locales_dir: str = "locales"
    repo_url: str = ""
    pdf: bool = True
    site_dir: str = "site"
    config_path: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def default_language(self) -> Language:
        return self.languages[0]

    @cached_property
    def by_code(self) -> dict[str, Language]:
        return {lang.code: lang for lang in self.languages}

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.languages)

    @property
    def resources_path(self) -> Path:
        return self.root / self.resources_dir

    @property
    def docs_path(self) -> Path:
        return self.root / self.docs_dir

    @property
    def bibliography_path(self) -> Path:
        return self.root / self.bibliography

    @property
    def locales_path(self) -> Path:
        return self.root / self.locales_dir

    def base_url(self, lang: str) -> str:
        """The absolute URL of a language's home page."""
        base = self.site_url if self.site_url.endswith("/") else self.site_url + "/"
        return base if lang == self.default_language.code else f"{base}{lang}/"

    @staticmethod
    def from_options(
        root: Path,
        options: dict[str, Any],
        diags: Diagnostics,
        *,
        config_path: Path | None = None,
        site_url: str | None = None,
        site_name: str | None = None,
        docs_dir: str | None = None,
        repo_url: str | None = None,
        site_dir: str | None = None,
        line: int = 1,
        option_lines: dict[tuple[str | int, ...], int] | None = None,
    ) -> LibraryConfig:
        where = config_path or root / "mkdocs.yml"
        at = option_lines or {}
        raw_langs = options.get("languages") or ["en"]
        languages: list[Language] = []
        if not isinstance(raw_langs, list):
            diags.error(
                where,
                at.get(("languages",), line),
                "config-languages",
                "'languages' must be a list of codes",
            )
            raw_langs = ["en"]
        for index, item in enumerate(raw_langs):
            item_line = at.get(("languages", index), line)
            code = item.get("code") if isinstance(item, dict) else item
            try:
                lang = make_language(str(code))
            except ValueError as exc:
                diags.error(
                    where,
                    item_line,
                    "config-language",
                    str(exc),
                    "use codes such as en, es, fr, ar, zh-Hans, hi, pt-BR",
                )
                continue
            if lang.code in (x.code for x in languages):
                diags.error(where, item_line, "config-language", f"'{code}' is listed twice")
                continue
            languages.append(lang)
        if not languages:
            languages = [make_language("en")]
        unknown = set(options) - {
            "languages",
            "resources_dir",
            "bibliography",
            "locales_dir",
            "pdf",
            "enabled",
        }
        for key in sorted(unknown):
            diags.error(
                where,
                at.get((key,), line),
                "config-unknown-option",
                f"the ipt-library plugin has no option '{key}'",
                "options: languages, resources_dir, bibliography, locales_dir, pdf",
            )
        env_url = os.environ.get("IPT_LIBRARY_SITE_URL")
        return LibraryConfig(
            root=root,
            languages=tuple(languages),
            site_url=env_url or site_url or "http://127.0.0.1:8000/",
            site_name=site_name or "IPT Library",
            docs_dir=docs_dir or "docs",
            resources_dir=str(options.get("resources_dir", "resources")),
            bibliography=str(options.get("bibliography", "bibliography.bib")),
            locales_dir=str(options.get("locales_dir", "locales")),
            repo_url=repo_url or "",
            pdf=bool(options.get("pdf", True)),
            site_dir=site_dir or "site",
            config_path=config_path,
        )


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: ``!ENV`` gives its default, other tags None."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(str(node.value))
    assert isinstance(node, yaml.SequenceNode)
    items = [loader.construct_object(n) for n in node.value]
    for name in items[:-1]:
        if isinstance(name, str) and name in os.environ:
            return os.environ[name]
    return items[-1] if items else None


def _other_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    return None


_TolerantLoader.add_constructor("!ENV", _env_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _other_tag)
_TolerantLoader.add_multi_constructor("!", _other_tag)


def load_config(config_file: Path, diags: Diagnostics) -> LibraryConfig:
    """Read the library's settings from mkdocs.yml (without MkDocs)."""
    root = config_file.parent
    try:
        text = config_file.read_text(encoding="utf-8")
        too_deep = [
            p for p in yaml_structure_problems(text, _TolerantLoader) if p[1] == "yaml-too-deep"
        ]
        for line, code, message, hint in too_deep:
            diags.error(config_file, line + 1, code, message, hint)
        data = None if too_deep else yaml.load(text, Loader=_TolerantLoader)
    except OSError as exc:
        diags.error(config_file, 1, "config-missing", f"cannot read {config_file.name}: {exc}")
        return LibraryConfig(root=root, languages=(make_language("en"),))
    except UnicodeDecodeError as exc:
        diags.error(
            config_file,
            1,
            "not-utf8",
            f"{config_file.name} is not valid UTF-8 ({exc.reason} at byte {exc.start})",
            "save the file with UTF-8 encoding",
        )
        return LibraryConfig(root=root, languages=(make_language("en"),))
    except yaml.MarkedYAMLError as exc:
        line = (exc.problem_mark.line + 1) if exc.problem_mark else 1
        problem = f"YAML syntax error: {exc.problem}"
        if exc.context_mark is not None and exc.context_mark.line + 1 < line:
            problem += f" (in what starts on line {exc.context_mark.line + 1})"
        diags.error(config_file, line, "yaml-syntax", problem)
        return LibraryConfig(root=root, languages=(make_language("en"),))
    if not isinstance(data, dict):
        if not too_deep:  # already reported
            diags.error(config_file, 1, "config-invalid", "mkdocs.yml must be a mapping of options")
        return LibraryConfig(root=root, languages=(make_language("en"),))
    options: Any = None
    plugins = data.get("plugins") or []
    if isinstance(plugins, dict):  # MkDocs also accepts a mapping of name: options
        plugins = [{name: value} for name, value in plugins.items()]
    if not isinstance(plugins, list):
        plugins = []
    for entry in plugins:
        if isinstance(entry, dict) and "ipt-library" in entry:
            options = entry["ipt-library"] or {}
        elif entry == "ipt-library":
            options = {}
    line = _line_of(text, "ipt-library")
    if options is not None and not isinstance(options, dict):
        diags.error(
            config_file,
            line,
            "config-invalid",
            "the ipt-library plugin's options must be 'option: value' lines",
            "indent 'languages:' under '- ipt-library:'",
        )
        options = {}
    if options is None:
        diags.error(
            config_file,
            1,
            "config-no-plugin",
            "mkdocs.yml does not enable the ipt-library plugin",
            "add under 'plugins:' the entry '- ipt-library:' with its 'languages:' list",
        )
        options = {}
    text_or_none = {k: data.get(k) for k in ("site_url", "site_name", "docs_dir", "repo_url")}
    for key, value in text_or_none.items():
        if value is not None and not isinstance(value, str):
            diags.error(
                config_file,
                _line_of(text, f"{key}:"),
                "config-invalid",
                f"'{key}' must be text",
            )
            text_or_none[key] = None
    return LibraryConfig.from_options(
        root,
        options,
        diags,
        config_path=config_file,
        site_url=text_or_none["site_url"],
        site_name=text_or_none["site_name"],
        docs_dir=text_or_none["docs_dir"],
        repo_url=text_or_none["repo_url"],
        site_dir=data.get("site_dir") if isinstance(data.get("site_dir"), str) else None,
        line=line,
        option_lines=_option_lines(text),
    )


def _option_lines(text: str) -> dict[tuple[str | int, ...], int]:
    """1-based lines of the ipt-library plugin's options and language items in mkdocs.yml."""
    try:
        root = yaml.compose(text, Loader=_TolerantLoader)
    except yaml.YAMLError:
        return {}
    found: dict[tuple[str | int, ...], int] = {}
    plugins = _child(root, "plugins")
    items = plugins.value if isinstance(plugins, yaml.SequenceNode) else [plugins]
    for item in items:
        options = _child(item, "ipt-library")
        if not isinstance(options, yaml.MappingNode):
            continue
        for key, value in options.value:
            found[(str(key.value),)] = key.start_mark.line + 1
            if str(key.value) == "languages" and isinstance(value, yaml.SequenceNode):
                for index, lang in enumerate(value.value):
                    found[("languages", index)] = lang.start_mark.line + 1
    return found


def _child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return v if isinstance(v, yaml.Node) else None
    return None


def _line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    return 1

"""``ipt-library new-language``: one more entry in mkdocs.yml, and its catalog.

mkdocs.yml is edited as text at the position PyYAML reports for the ``languages:`` list,
so its comments, quoting and layout survive; a YAML round trip would lose them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from babel import Locale, UnknownLocaleError

from ..config import BCP47_RE, Language, load_config, make_language
from ..diagnostics import Diagnostics, Severity
from ..i18n import CatalogStats, catalog_stats, po_path, read_catalog
from .errors import EditingError

EXAMPLE = "plugins:\n  - ipt-library:\n      languages:\n        - en\n        - {code}"


@dataclass(frozen=True)
class NewLanguage:
    language: Language
    config_file: Path
    catalog: Path | None  # the catalog, new or already there
    catalog_created: bool
    catalog_stats: CatalogStats | None
    template_missing: bool  # locales/messages.pot does not exist


def normalise_code(code: str) -> str:
    """The BCP 47 spelling of a code typed loosely: pt_br -> pt-BR, zh-hans -> zh-Hans."""
    parts = re.split(r"[-_]", code.strip())
    if not parts or not parts[0]:
        return code
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif len(part) in (2, 3):
            out.append(part.upper())
        else:
            out.append(part)
    return "-".join(out)


def check_code(code: str) -> Language:
    """A Language for a valid code Babel knows; EditingError with a suggestion otherwise."""
    suggestion = normalise_code(code)
    if not BCP47_RE.match(code):
        hint = "BCP 47 codes look like es, pt-BR, zh-Hans or sr-Latn"
        if suggestion != code and BCP47_RE.match(suggestion):
            hint = f"did you mean '{suggestion}'? " + hint
        raise EditingError(f"'{code}' is not a BCP 47 language code", hint)
    try:
        Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise EditingError(
            f"'{code}' is not a language Babel (CLDR) knows",
            "check the code against the IANA language subtag registry; Babel must know it "
            "so dates, numbers and plural forms come out right",
        ) from None
    return make_language(code)


def add_language(config_file: Path, code: str) -> NewLanguage:
    """Add ``code`` to mkdocs.yml and start its catalog. Raises EditingError."""
    language = check_code(code)
    diags = Diagnostics(config_file.parent)
    config = load_config(config_file, diags)
    if language.code in config.codes:
        raise EditingError(
            f"'{language.code}' is already a language of this library",
            f"see what is left to translate with 'ipt-library status --lang {language.code}'",
        )
    before = config_file.read_text(encoding="utf-8")
    after = insert_language(before, language.code)
    config_file.write_text(after, encoding="utf-8")
    check = Diagnostics(config_file.parent)
    reloaded = load_config(config_file, check)
    new_errors = [d for d in check.items if d.severity is Severity.ERROR]
    if language.code not in reloaded.codes or len(new_errors) > len(diags.errors):
        config_file.write_text(before, encoding="utf-8")
        raise EditingError(
            f"could not add '{language.code}' to {config_file.name} safely; it is unchanged",
            "add it by hand under the ipt-library plugin:\n" + EXAMPLE.format(code=language.code),
        )
    return _start_catalog(config_file, reloaded.locales_path, language)


def _start_catalog(config_file: Path, locales: Path, language: Language) -> NewLanguage:
    target = po_path(locales, language.code)
    template = locales / "messages.pot"
    created = False
    if not target.exists() and template.exists():
        from ..commands.i18n import init_catalog

        target = init_catalog(config_file, language.code)
        created = True
    stats = None
    if target.exists():
        catalog = read_catalog(target, language.code, Diagnostics(config_file.parent))
        stats = catalog_stats(catalog, language.code) if catalog is not None else None
    return NewLanguage(
        language,
        config_file,
        target if target.exists() else None,
        created,
        stats,
        not template.exists(),
    )


def insert_language(text: str, code: str) -> str:
    """``text`` (mkdocs.yml) with ``code`` appended to the ipt-library languages list."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise EditingError(f"mkdocs.yml is not valid YAML: {exc}") from None
    langs = _languages_node(root, code)
    item = code if yaml.safe_load(code) == code else f'"{code}"'  # e.g. 'no' would be false
    if langs.flow_style:
        if langs.value:
            at = langs.value[-1].end_mark.index
            return text[:at] + f", {item}" + text[at:]
        at = langs.start_mark.index + 1
        return text[:at] + item + text[at:]
    last = langs.value[-1]
    lines = text.splitlines(keepends=True)
    first_line = lines[last.start_mark.line]
    prefix = first_line[: last.start_mark.column]
    if not prefix.strip().startswith("-"):
        raise EditingError(
            "the languages list in mkdocs.yml has an unusual layout",
            "add the language by hand:\n" + EXAMPLE.format(code=code),
        )
    entry = f"code: {item}" if isinstance(last, yaml.MappingNode) else item
    end_line = last.end_mark.line - (1 if last.end_mark.column == 0 else 0)
    eol = "\r\n" if first_line.endswith("\r\n") else "\n"
    if not lines[end_line].endswith("\n"):
        lines[end_line] += eol
    lines.insert(end_line + 1, f"{prefix}{entry}{eol}")
    return "".join(lines)


def _languages_node(root: yaml.Node | None, code: str) -> yaml.SequenceNode:
    how = "add the language by hand:\n" + EXAMPLE.format(code=code)
    plugins = _get(root, "plugins")
    if not isinstance(plugins, yaml.SequenceNode):
        raise EditingError("mkdocs.yml has no 'plugins:' list with the ipt-library plugin", how)
    options: yaml.Node | None = None
    for entry in plugins.value:
        if isinstance(entry, yaml.ScalarNode) and entry.value == "ipt-library":
            raise EditingError("the ipt-library plugin in mkdocs.yml has no 'languages:'", how)
        found = _get(entry, "ipt-library")
        if found is not None:
            options = found
    if options is None:
        raise EditingError("mkdocs.yml does not enable the ipt-library plugin", how)
    langs = _get(options, "languages")
    if not isinstance(langs, yaml.SequenceNode) or (not langs.value and not langs.flow_style):
        raise EditingError("the ipt-library plugin in mkdocs.yml has no 'languages:' list", how)
    return langs


def _get(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            found: yaml.Node = value_node
            return found
    return None

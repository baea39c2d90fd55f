"""The editors' documentation cannot drift from the code: the field reference is generated,
and every diagnostic code the package can emit is explained in the guide."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

from ipt_library.fieldref import WORKSHEET_KEYS, WORKSHEET_KINDS, describe, field_reference
from ipt_library.schema import ResourceMeta, TextFrontMatter, TranslationInfo
from ipt_library.taxonomy import ALL_FACETS, LICENCES
from ipt_library.worksheets.model import KINDS
from ipt_library.worksheets.spec import SPECS

from .conftest import ROOT, run_cli

PACKAGE = ROOT / "ipt_library"
CONTRIBUTING = ROOT / "docs" / "contributing"


# --- the field reference --------------------------------------------------------------------


def test_committed_field_reference_is_current() -> None:
    committed = (CONTRIBUTING / "fields.md").read_text(encoding="utf-8")
    assert committed == field_reference(), (
        "docs/contributing/fields.md is out of date: run 'ipt-library fields --write'"
    )


def test_field_reference_lists_every_field_value_and_kind() -> None:
    text = field_reference()
    for name in ResourceMeta.model_fields:
        assert f"| `{name}` |" in text, name
    for name in ("review.status", "video.url", "video.duration", "attachments[].file"):
        assert f"| `{name}` |" in text, name
    for name in TextFrontMatter.model_fields:
        assert f"| `{name}` |" in text, name
    for name in TranslationInfo.model_fields:
        assert f"| `translation.{name}` |" in text, name
    for facet in ALL_FACETS:
        for term in facet.terms:
            assert f"| `{term.id}` | {term.label} |" in text, term.id
    for key in LICENCES:
        assert f"| `{key}` |" in text, key
    for kind in KINDS:
        assert f"### `{kind}`" in text, kind
    # Each description comes from the schema, so a changed description shows up here.
    description = ResourceMeta.model_fields["related"].description or ""
    assert description in text


def test_every_worksheet_key_and_kind_is_explained() -> None:
    keys = {name for spec in SPECS.values() for name in spec.model_fields}
    assert keys <= set(WORKSHEET_KEYS), keys - set(WORKSHEET_KEYS)
    assert set(KINDS) == set(WORKSHEET_KINDS)


def test_describe_types() -> None:
    from typing import Annotated, Literal

    from pydantic import Field

    assert describe(Annotated[str, Field(min_length=1, max_length=9)]) == "text, 1 to 9 characters"
    assert describe(list[int]) == "a list; each a whole number"
    assert describe(Literal["a", "b"]) == "one of `a`, `b`"
    assert describe(bool | None) == "`true` or `false`"


def test_fields_command_writes_and_checks(basic_site: Path) -> None:
    target = basic_site / "docs" / "contributing" / "fields.md"
    stale = run_cli(basic_site, "fields", "--check")
    assert stale.returncode == 1 and "out of date" in stale.stderr
    assert run_cli(basic_site, "fields", "--write").returncode == 0
    assert target.read_text(encoding="utf-8") == field_reference()
    assert run_cli(basic_site, "fields", "--check").returncode == 0
    printed = run_cli(basic_site, "fields")
    assert printed.stdout == field_reference()


# --- the check messages page -----------------------------------------------------------------

CODE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$")
#: Where each kind of call takes its diagnostic code (0-based positional index).
CODE_ARGUMENT = {"error": 2, "warning": 2, "info": 2, "Diagnostic": 2, "RawProblem": 1}


class CodeFinder:
    """Every diagnostic code in the package's source, found by reading its syntax tree.

    Codes are string literals in the code position of ``diags.error/warning/info/add``,
    ``Diagnostic`` and ``RawProblem`` calls, or values reaching that position through a
    local or module-level name (``code = _CODES.get(kind, "bad-value")``, ``kind = "a" if
    x else "b"``). Problem scanners return ``(line, "code", message, hint)`` tuples; an
    f-string prefix in the code position (``f"field-{code}"``) is applied to those codes.
    """

    def __init__(self) -> None:
        self.found: dict[str, set[str]] = defaultdict(set)
        self.unresolved: list[str] = []
        self.tuple_codes: set[str] = set()
        self.prefixes: set[str] = set()

    def scan(self, root: Path) -> dict[str, set[str]]:
        for path in sorted(root.rglob("*.py")):
            if path.name == "diagnostics.py":
                continue  # the API itself passes codes through
            self._scan_file(path)
        for prefix in self.prefixes:
            for code in self.tuple_codes:
                self.found[prefix + code].add(f"{prefix}{{code}}")
        return self.found

    def _scan_file(self, path: Path) -> None:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(ROOT).as_posix()
        module_names: dict[str, list[ast.expr]] = defaultdict(list)
        for node in tree.body:
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        module_names[target.id].append(node.value)
            elif (
                isinstance(node, ast.AnnAssign)
                and isinstance(node.target, ast.Name)
                and node.value is not None
            ):
                module_names[node.target.id].append(node.value)
        functions = [
            n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
        ]
        for node in ast.walk(tree):
            if isinstance(node, ast.Tuple) and len(node.elts) == 4:
                second = node.elts[1]
                if (
                    isinstance(second, ast.Constant)
                    and isinstance(second.value, str)
                    and CODE.match(second.value)
                ):
                    self.tuple_codes.add(second.value)
                    self.found[second.value].add(f"{where}:{node.lineno}")
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name == "add" and isinstance(func, ast.Attribute):
                receiver = ast.unparse(func.value)
                if "diag" not in receiver:
                    continue  # a set's or catalog's add
                index = 2
            elif name in CODE_ARGUMENT:
                index = CODE_ARGUMENT[name]
            else:
                continue
            keywords = {k.arg: k.value for k in node.keywords}
            expr = keywords.get("code") or (node.args[index] if len(node.args) > index else None)
            if expr is None:
                continue
            scope = _innermost(functions, node.lineno)
            codes = self._resolve(expr, scope, module_names, 0)
            if codes is None:
                if not isinstance(expr, ast.Attribute):  # problem.code: RawProblem has it
                    self.unresolved.append(f"{where}:{node.lineno}: {ast.unparse(expr)}")
                continue
            for code in codes:
                if CODE.match(code):
                    self.found[code].add(f"{where}:{node.lineno}")

    def _resolve(
        self,
        expr: ast.expr,
        scope: ast.AST | None,
        module_names: dict[str, list[ast.expr]],
        depth: int,
    ) -> set[str] | None:
        if depth > 6:
            return None
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            return {expr.value}
        parts: list[ast.expr] = []
        if isinstance(expr, ast.IfExp):
            parts = [expr.body, expr.orelse]
        elif isinstance(expr, ast.Dict):
            parts = [v for v in expr.values if v is not None]
        elif (
            isinstance(expr, ast.Call)
            and isinstance(expr.func, ast.Attribute)
            and expr.func.attr == "get"
            and len(expr.args) == 2
        ):
            parts = [expr.func.value, expr.args[1]]
        elif isinstance(expr, ast.JoinedStr):
            head = expr.values[0] if expr.values else None
            if len(expr.values) == 2 and isinstance(head, ast.Constant):
                self.prefixes.add(str(head.value))
                return set()
            return None
        elif isinstance(expr, ast.Name):
            if scope is not None:
                for node in ast.walk(scope):
                    if isinstance(node, ast.Assign) and any(
                        isinstance(t, ast.Name) and t.id == expr.id for t in node.targets
                    ):
                        parts.append(node.value)
                    elif isinstance(node, (ast.For, ast.comprehension)):
                        names = {t.id for t in ast.walk(node.target) if isinstance(t, ast.Name)}
                        if expr.id in names:
                            return set()  # unpacked from a scanner's 4-tuples
            parts += module_names.get(expr.id, [])
            if not parts:
                return None
        else:
            return None
        out: set[str] = set()
        for part in parts:
            resolved = self._resolve(part, scope, module_names, depth + 1)
            if resolved is None:
                return None
            out |= resolved
        return out


def _innermost(functions: list[ast.AST], line: int) -> ast.AST | None:
    best: ast.AST | None = None
    for f in functions:
        start = getattr(f, "lineno", 0)
        end = getattr(f, "end_lineno", start)
        if start <= line <= end and (best is None or start > getattr(best, "lineno", 0)):
            best = f
    return best


def test_every_diagnostic_code_is_explained() -> None:
    finder = CodeFinder()
    codes = finder.scan(PACKAGE)
    assert not finder.unresolved, (
        "a diagnostic code the test cannot follow; teach CodeFinder the pattern: "
        + "; ".join(finder.unresolved)
    )
    assert len(codes) > 60  # the finder is finding them
    for known in ("broken-link", "unknown-value", "bib-duplicate-key", "field-yaml-alias"):
        assert known in codes, known
    page = (CONTRIBUTING / "check-messages.md").read_text(encoding="utf-8")
    explained = set(re.findall(r"^### ([a-z0-9-]+) \{#\1\}$", page, re.MULTILINE))
    missing = {code: sorted(where)[0] for code, where in codes.items() if code not in explained}
    assert not missing, "explain these codes in docs/contributing/check-messages.md: " + repr(
        missing
    )
    stale = explained - set(codes)
    assert not stale, f"check-messages.md explains codes nothing emits any more: {stale}"


def test_check_messages_are_all_explained_with_a_fix() -> None:
    page = (CONTRIBUTING / "check-messages.md").read_text(encoding="utf-8")
    sections = re.split(r"^### ", page, flags=re.MULTILINE)[1:]
    for section in sections:
        heading, _, body = section.partition("\n")
        assert len(body.split()) >= 8, heading  # a sentence at least, not a bare heading


def test_contributing_pages_have_titles_and_descriptions() -> None:
    for page in sorted(CONTRIBUTING.glob("*.md")):
        text = page.read_text(encoding="utf-8")
        front = text.split("---\n")[1]
        assert re.search(r"^title: .+$", front, re.MULTILINE), page.name
        assert re.search(r"^description: .{20,}$", front, re.MULTILINE), page.name
    names = {p.name for p in CONTRIBUTING.glob("*.md")}
    assert {
        "index.md",
        "add-a-resource.md",
        "fields.md",
        "check-messages.md",
        "style.md",
        "review.md",
        "translate.md",
        "maintainers.md",
    } <= names


def test_links_between_guide_pages_resolve() -> None:
    link = re.compile(r"\]\(([a-z0-9-]+\.md)(?:#([a-z0-9-]+))?\)")
    for page in sorted(CONTRIBUTING.glob("*.md")):
        for target, anchor in link.findall(page.read_text(encoding="utf-8")):
            path = CONTRIBUTING / target
            assert path.is_file(), (page.name, target)
            if anchor:
                text = path.read_text(encoding="utf-8")
                slugs = {
                    re.sub(r"[^\w\s-]", "", h).strip().lower().replace(" ", "-")
                    for h in re.findall(r"^#+ (.+?)(?: \{#[^}]+\})?$", text, re.MULTILINE)
                }
                ids = set(re.findall(r"\{#([a-z0-9-]+)\}", text))
                assert anchor in slugs | ids, (page.name, target, anchor)

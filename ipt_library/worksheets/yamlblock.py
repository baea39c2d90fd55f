"""Read the YAML inside one ```field block into plain data with the line of every key.

Every scalar stays a string (YAML's base schema): a translated label such as ``No`` or
``Yes`` must not turn into a boolean, and pydantic converts ``lines: "5"`` to a number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import Diagnostics
from ..sources import yaml_structure_problems

KeyPath = tuple[str, ...]


@dataclass
class BlockData:
    data: Any
    key_lines: dict[KeyPath, int] = field(default_factory=dict)
    first_line: int = 1

    def line(self, *keypath: str) -> int:
        """The file line of the deepest known key on ``keypath`` (the block's first line)."""
        path = tuple(keypath)
        while path:
            if path in self.key_lines:
                return self.key_lines[path]
            path = path[:-1]
        return self.first_line


#: The C loader (libyaml) is several times faster; every value stays text either way.
_BASE_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


def _compose(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_BASE_LOADER)
    except yaml.YAMLError:
        # The pure-Python parser points at the line where the problem starts.
        return yaml.compose(text, Loader=yaml.BaseLoader)


def read_block(text: str, path: Path, first_line: int, diags: Diagnostics) -> BlockData | None:
    """Parse ``text`` whose first line is file line ``first_line``; None on a syntax error."""
    block = BlockData(None, first_line=first_line)
    # Aliases and deep nesting are refused before a tree is built (building one recurses).
    problems = yaml_structure_problems(text)
    for line, code, message, hint in problems:
        diags.error(path, first_line + line, f"field-{code}", message, hint)
    if problems:
        return None
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        diags.error(
            path,
            first_line + (mark.line if mark else 0),
            "field-yaml-syntax",
            f"this field is not valid YAML: {exc.problem or exc}",
            "each line is 'key: value'; indent options by two spaces; put text with ': ' "
            "or a leading '#' in quotes",
        )
        return None
    except yaml.YAMLError as exc:
        diags.error(path, first_line, "field-yaml-syntax", f"this field is not valid YAML: {exc}")
        return None
    if node is not None:
        block.data = _plain(node, (), path, diags, block)
    return block


def _plain(
    node: yaml.Node, keypath: KeyPath, path: Path, diags: Diagnostics, block: BlockData
) -> Any:
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line = block.first_line + key_node.start_mark.line
            if not isinstance(key_node, yaml.ScalarNode):
                diags.error(path, line, "field-yaml-syntax", "a key must be a plain word")
                continue
            key = str(key_node.value)
            if key in result:
                diags.error(
                    path,
                    line,
                    "field-duplicate-key",
                    f"'{key}' is given twice in this field",
                    f"keep one '{key}:' line and delete the other",
                )
                continue
            block.key_lines[(*keypath, key)] = line
            result[key] = _plain(value_node, (*keypath, key), path, diags, block)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item, keypath, path, diags, block) for item in node.value]
    return str(node.value)

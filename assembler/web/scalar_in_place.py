"""The common edit, a new value for a scalar already in the text, made on the text itself (PyYAML's node marks say
where the value's characters are): nothing else of the file changes, and no round trip is needed.
"""
from __future__ import annotations

import json

import yaml as pyyaml

from assembler.web.yaml_style import FAST, NULL


def set_in_place(text: str, path: list, value) -> str | None:
    """The common edit, a new value for a scalar already there, made on the text itself: only the value's characters
    change (no round trip at all). None when that is not possible; the round trip then does it."""
    if not isinstance(value, str) or not path:
        return None
    try:
        node = _node_at(pyyaml.compose(text, Loader=FAST), path)
    except pyyaml.YAMLError:
        return None
    if not isinstance(node, pyyaml.ScalarNode) or node.style in ("|", ">"):
        return None
    start, end = node.start_mark.index, node.end_mark.index
    gap = " " if start == end else ""  # `key:` with nothing after it
    for candidate in _forms(value, node.style):
        patched = text[:start] + gap + candidate + text[end:]
        try:
            again = _node_at(pyyaml.compose(patched, Loader=FAST), path)
        except pyyaml.YAMLError:
            continue
        if isinstance(again, pyyaml.ScalarNode) and again.value == value and not (again.tag == NULL and again.style is None):
            return patched
    return None


def _forms(value: str, style) -> list[str]:
    double = json.dumps(value, ensure_ascii=False)
    if style == "'" and "\n" not in value:
        return ["'" + value.replace("'", "''") + "'", double]
    return [double] if style == '"' else [value, double]


def _node_at(node, path: list):
    for part in path:
        if isinstance(node, pyyaml.MappingNode) and not isinstance(part, int):
            node = next((v for k, v in node.value if isinstance(k, pyyaml.ScalarNode) and k.value == str(part)), None)
        elif isinstance(node, pyyaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
        else:
            return None
    return node

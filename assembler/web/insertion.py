"""Where a new key or list item goes in a round-trip YAML mapping or list: a key where the model puts it (or in sorted
order in a free mapping), and at the end of a block, the blank lines and comments that followed the old last entry
moved after the new one, so that they stay before whatever comes next.
"""
from __future__ import annotations

from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken

from assembler.web.yaml_style import Plain


def insert(mapping: CommentedMap, key, value, mapping_schema: dict) -> None:
    """Add `key` where the model puts it: after the keys that come before it in the model's order; in a free mapping
    (date: price) in sorted order when the keys are sorted."""
    order = list(mapping_schema.get("properties", {}))
    keys = [str(k) for k in mapping]
    if key in order:
        rank = order.index(key)
        position = sum(1 for k in mapping if k in order and order.index(k) < rank)
    elif keys == sorted(keys):
        position = sum(1 for k in keys if k < str(key))
    else:
        position = len(mapping)
    append(mapping, position, value, Plain(key) if isinstance(key, str) else key)


def append(container, position: int, value, key=None) -> None:
    """Insert into a mapping (with `key`) or a list; at the end, the blank lines and comments that followed the old
    last entry move after the new one, so that they stay where they were: before whatever comes next."""
    at_end = position >= len(container)
    carried = _take_trailing(container) if at_end else None
    if isinstance(container, dict):
        container.insert(position, key, value)
    else:
        container.insert(position, value)
    if carried:
        _give_trailing(container, carried)


def _deepest(node):
    """(container, key) of the last scalar inside `node`: ruamel keeps the comment that follows `node` there."""
    while isinstance(node, (dict, list)) and node:
        key = list(node)[-1] if isinstance(node, dict) else len(node) - 1
        if isinstance(node[key], (dict, list)) and node[key]:
            node = node[key]
            continue
        return node, key
    return None


def _slot(container) -> int:
    return 2 if isinstance(container, dict) else 0


def _take_trailing(container) -> str:
    found = _deepest(container)
    if not found:
        return ""
    node, key = found
    entry = node.ca.items.get(key)
    token = entry[_slot(node)] if entry and len(entry) > _slot(node) else None
    if token is None or "\n" not in token.value:
        return ""
    head, _, rest = token.value.partition("\n")
    token.value = head + "\n"
    return rest


def _give_trailing(container, text: str) -> None:
    found = _deepest(container)
    if not found:
        return
    node, key = found
    entry = node.ca.items.setdefault(key, [None, None, None, None])
    token = entry[_slot(node)]
    if token is None:
        entry[_slot(node)] = CommentToken("\n" + text, CommentMark(0), None)
    else:
        token.value = token.value.rstrip("\n") + "\n" + text

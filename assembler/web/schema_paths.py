"""The JSON Schema of the value at a path into the term sheet (`["investors", 1, "amount"]`): through $ref, Optional,
list items, free mappings and one-or-many (a warrant series, or a list of them). The form's edits ask it which keys a
mapping has and in what order, and what one new item looks like.
"""
from __future__ import annotations

from assembler.termsheet.schema import resolve


def schema_at(schema: dict, path: list) -> dict:
    """The schema of the value at `path` (through $ref, Optional, list items and free mappings); {} if unknown."""
    defs = schema.get("$defs", {})
    node = _pick(resolve(schema, defs), defs)
    for depth, key in enumerate(path):
        if isinstance(key, int):
            node = node.get("items", {})
        elif key in node.get("properties", {}):
            node = node["properties"][key]
        else:
            node = node.get("additionalProperties") or {}
        node = _pick(resolve(node, defs), defs, path[depth + 1] if depth + 1 < len(path) else None)
    return node


def one_or_many(schema: dict, path: list) -> bool:
    """Whether the model takes the value at `path` as one mapping or a list of them (a warrant series)."""
    defs = schema.get("$defs", {})
    prop = resolve(schema_at(schema, path[:-1]).get("properties", {}).get(path[-1], {}), defs) if path else {}
    kinds = [resolve(v, defs).get("type") for v in prop.get("anyOf", [])]
    return sorted(kinds) == ["array", "object"]


def _pick(node: dict, defs: dict, key=None) -> dict:
    """Optional[X] as X; one-or-many (a mapping or a list of them) as the list when `key` is an index, else as the
    mapping."""
    variants = [v for v in node.get("anyOf", []) if v.get("type") != "null"]
    lists = [resolve(v, defs).get("type") == "array" for v in variants]
    if "type" not in node and len(variants) == 2 and sum(lists) == 1:
        variants = [v for v, listed in zip(variants, lists) if listed == isinstance(key, int)]
    if len(variants) == 1 and "type" not in node:
        return {**resolve(variants[0], defs), **{k: v for k, v in node.items() if k != "anyOf"}}
    return node

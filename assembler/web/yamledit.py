"""Edits made through the form, applied to the term sheet's text with round-trip YAML (ruamel.yaml): comments, key
order, quoting and indentation of everything the edit does not touch stay as they were.

An edit is one operation on a path into the data (`["investors", 1, "amount"]`):
  set     a scalar (the text as typed), creating missing mappings on the way; a new key goes where the model has it
  remove  a key or a list item
  add     a new list item: the model's skeleton of one item (TBD placeholders, with their comments)
  fill    a mapping the model wants there: its skeleton (TBD placeholders, with their comments)
  rename  a key of a free mapping (a closing-price date)
  wrap    a mapping that may also be a list (one warrant series) into a list of one; `unwrap` the other way
  structure  the securities in another structure (termsheet/structures.py says which edits that takes)
Values are written as plain YAML whenever YAML reads them back as the same text (`1394400.00`, `1999-11-24`): the
term-sheet loader keeps every scalar as the text typed, so no value passes through float or a date type here.
"""
from __future__ import annotations

import io
import json

import yaml as pyyaml

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString
from ruamel.yaml.tokens import CommentToken
from ruamel.yaml.util import load_yaml_guess_indent

from assembler.errors import AssemblerError
from assembler.termsheet.schema import resolve
from assembler.termsheet.skeleton import item_skeleton

NULL = "tag:yaml.org,2002:null"
_FAST = getattr(pyyaml, "CSafeLoader", pyyaml.SafeLoader)  # libyaml when PyYAML has it: 2 ms instead of 25
STR = "tag:yaml.org,2002:str"


class EditRefused(AssemblerError):
    """An edit that cannot be applied (a path that does not exist, text that is not YAML)."""


class Plain(str):
    """A value as typed: written without quotes when YAML reads the plain form back as the same text."""


def _represent_plain(representer, data):
    tag = representer.dumper.resolver.resolve(ScalarNode, str(data), (True, False))
    tag = getattr(tag, "value", tag)
    if tag in (NULL, STR) or not str(data).strip() or str(data) != str(data).strip():
        return representer.represent_str(str(data))
    return representer.represent_scalar(tag, str(data))


RoundTripRepresenter.add_representer(Plain, _represent_plain)


def _yaml(text: str) -> YAML:
    """A round-trip YAML that writes `text` back as it was: its indentation and line width."""
    try:
        _, sequence, offset = load_yaml_guess_indent(text)
    except YAMLError:
        sequence, offset = 4, 2
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = max([80] + [len(line) for line in text.splitlines()])
    yaml.indent(mapping=_mapping_indent(text), sequence=sequence or 4, offset=2 if offset is None else offset)
    return yaml


def _mapping_indent(text: str) -> int:
    """How far a nested mapping is indented in `text` (2 unless the file says otherwise)."""
    previous = None
    for line in text.splitlines():
        content = line.split(" #")[0].rstrip()
        if not content.strip() or content.lstrip().startswith("#"):
            continue
        if previous is not None and previous.endswith(":") and not content.lstrip().startswith("- "):
            step = (len(content) - len(content.lstrip())) - (len(previous) - len(previous.lstrip()))
            if step > 0:
                return step
        previous = content
    return 2


def apply(text: str, ops: list[dict], schema: dict) -> str:
    """`text` with each operation applied in turn; raise EditRefused when one cannot be."""
    for op in ops:
        if op.get("op") == "structure":
            text = apply(text, _structure_ops(text, op), schema)
            continue
        patched = set_in_place(text, list(op.get("path") or []), op.get("value")) if op.get("op") == "set" else None
        text = patched if patched is not None else _round_trip(text, op, schema)
    return text


def _round_trip(text: str, op: dict, schema: dict) -> str:
    yaml = _yaml(text)
    try:
        doc = yaml.load(text)
    except YAMLError as exc:
        raise EditRefused(f"the YAML text has an error; fix it in the text first ({exc.__class__.__name__})") from None
    if doc is None:
        doc = CommentedMap()
    _apply(doc, op, schema)
    out = io.StringIO()
    yaml.dump(doc, out)
    written = "\n".join(line.rstrip() for line in out.getvalue().splitlines()) + "\n"
    before = set(text.splitlines())
    spaced = "\n".join(line if line in before else _comment_gap(line) for line in written.splitlines()) + "\n"
    same = pyyaml.load(spaced, Loader=_FAST) == pyyaml.load(written, Loader=_FAST)  # (never a value changed)
    return spaced if same else written


def _comment_gap(line: str) -> str:
    """A new line's comment two spaces after its value, as the skeleton writes it (ruamel puts one where the value
    reaches the comment's old column). Only where nothing is quoted: there the first ` #` starts the comment."""
    head, sep, tail = line.partition(" # ")
    if not sep or "'" in head or '"' in head or not head.strip() or head.endswith(" "):
        return line
    return f"{head}  # {tail}"


def _structure_ops(text: str, op: dict) -> list[dict]:
    from assembler.termsheet.source import parse_source
    from assembler.termsheet.structures import restructure

    if list(op.get("path") or []) != ["securities"]:
        raise EditRefused("a structure is chosen for the securities")
    try:
        data = parse_source(text, "term sheet").data
        count = op.get("series")
        return restructure(data, str(op.get("value")), count if isinstance(count, int) else None)
    except KeyError as exc:
        raise EditRefused(str(exc.args[0])) from None
    except AssemblerError:
        raise EditRefused("the YAML text has an error; fix it in the text first") from None


def set_in_place(text: str, path: list, value) -> str | None:
    """The common edit, a new value for a scalar already there, made on the text itself: only the value's characters
    change (no round trip at all). None when that is not possible; the round trip then does it."""
    if not isinstance(value, str) or not path:
        return None
    try:
        node = _node_at(pyyaml.compose(text, Loader=_FAST), path)
    except pyyaml.YAMLError:
        return None
    if not isinstance(node, pyyaml.ScalarNode) or node.style in ("|", ">"):
        return None
    start, end = node.start_mark.index, node.end_mark.index
    gap = " " if start == end else ""  # `key:` with nothing after it
    for candidate in _forms(value, node.style):
        patched = text[:start] + gap + candidate + text[end:]
        try:
            again = _node_at(pyyaml.compose(patched, Loader=_FAST), path)
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


def _apply(doc, op: dict, schema: dict) -> None:
    kind, path = op.get("op"), list(op.get("path") or [])
    if not path:
        raise EditRefused("an edit needs a path")
    if kind == "set":
        parent = _walk(doc, path[:-1], schema, create=True)
        _set(parent, path[-1], op.get("value"), schema_at(schema, path[:-1]))
    elif kind == "remove":
        parent = _walk(doc, path[:-1], schema, create=False)
        try:
            del parent[_key(parent, path[-1])]
        except (KeyError, IndexError, TypeError):
            pass  # already gone
        if isinstance(parent, (CommentedMap, CommentedSeq)) and not parent:
            parent.fa.set_flow_style()  # `key: {}` on its line (a block with nothing in it is not YAML)
    elif kind == "add":
        items = _walk(doc, path, schema, create=True, leaf=CommentedSeq)
        if not isinstance(items, list):
            raise EditRefused(f"{_fmt(path)} is not a list")
        item = item_skeleton(schema_at(schema, path + [0]), schema.get("$defs", {}))
        loaded = _yaml(item).load(item)
        _append(items, len(items), loaded if loaded is not None else Plain("TBD"))
    elif kind == "fill":  # a mapping the model requires (or an optional one being added): its skeleton
        parent = _walk(doc, path[:-1], schema, create=True)
        text = item_skeleton(schema_at(schema, path), schema.get("$defs", {}))
        _put(parent, path[-1], _yaml(text).load(text), schema_at(schema, path[:-1]))
    elif kind in ("wrap", "unwrap"):
        if not _one_or_many(schema, path):
            raise EditRefused(f"cannot {kind} {_fmt(path)}: it is not one item or a list of them")
        parent = _walk(doc, path[:-1], schema, create=False)
        key = _key(parent, path[-1]) if isinstance(parent, dict) else None
        value = parent.get(key) if key is not None else None
        if kind == "wrap" and isinstance(value, dict):
            parent[key] = CommentedSeq([value])
        elif kind == "unwrap" and isinstance(value, list) and len(value) == 1 and isinstance(value[0], dict):
            parent[key] = value[0]
        elif not (kind == "wrap" and isinstance(value, list) or kind == "unwrap" and isinstance(value, dict)):
            raise EditRefused(f"cannot {kind} {_fmt(path)}")
    elif kind == "rename":
        parent = _walk(doc, path[:-1], schema, create=False)
        new = str(op.get("to") or "").strip()
        old = _key(parent, path[-1]) if isinstance(parent, dict) else None
        if old not in parent or not new:
            raise EditRefused(f"cannot rename {_fmt(path)}")
        if _key(parent, new) in parent:
            raise EditRefused(f"'{new}' is already there")
        position = list(parent).index(old)
        value = parent.pop(old)
        parent.insert(position, Plain(new), value)
    else:
        raise EditRefused(f"unknown edit '{kind}'")


def _walk(doc, path: list, schema: dict, create: bool, leaf=None):
    node = doc
    for depth, key in enumerate(path):
        if isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            node = node[key]
            continue
        if isinstance(node, dict) and not isinstance(key, int):
            key = _key(node, key)
            if key not in node or node[key] is None:
                if not create:
                    raise EditRefused(f"{_fmt(path[:depth + 1])} is not in the term sheet")
                last = depth == len(path) - 1
                fresh = (leaf or CommentedMap)() if last else (
                    CommentedSeq() if isinstance(path[depth + 1], int) else CommentedMap())
                _insert(node, key, fresh, schema_at(schema, path[:depth]))
            node = node[key]
            continue
        raise EditRefused(f"{_fmt(path[:depth + 1])} is not in the term sheet")
    return node


def _set(parent, key, value, parent_schema: dict) -> None:
    if value is not None and not isinstance(value, str):
        raise EditRefused("a value is sent as text")
    if isinstance(parent, list):
        if not isinstance(key, int) or not 0 <= key < len(parent):
            raise EditRefused(f"no item {key}")
        parent[key] = _scalar(value, parent[key])
    else:
        _put(parent, key, _scalar(value, parent.get(_key(parent, key)) if isinstance(parent, dict) else None),
             parent_schema)


def _put(parent, key, value, parent_schema: dict) -> None:
    if not isinstance(parent, dict):
        raise EditRefused(f"cannot set '{key}' inside a single value")
    key = _key(parent, key)
    if key in parent:
        parent[key] = value
    else:
        _insert(parent, key, value, parent_schema)


def _key(mapping, key):
    """The key of `mapping` written as `key` (YAML reads a date key as a date; the form names it by its text)."""
    if key in mapping:
        return key
    return next((k for k in mapping if str(k) == str(key)), key)


def _scalar(value: str | None, old):
    if value is None:
        return None
    if isinstance(old, (DoubleQuotedScalarString, SingleQuotedScalarString)):
        return type(old)(value)  # keep the quotes the author chose
    return Plain(value)


def _insert(mapping: CommentedMap, key, value, mapping_schema: dict) -> None:
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
    _append(mapping, position, value, Plain(key) if isinstance(key, str) else key)


def _append(container, position: int, value, key=None) -> None:
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


def _one_or_many(schema: dict, path: list) -> bool:
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


def _fmt(path: list) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")



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
Here: the operations. Beside it: yaml_style.py (round-trip YAML that writes the file back as it was written, values
as typed), scalar_in_place.py (a new value for a scalar, made on the text itself), insertion.py (where a new key or
item goes, comments kept in place), schema_paths.py (the schema of the value at a path).
"""
from __future__ import annotations

import io

import yaml as pyyaml

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from assembler.errors import AssemblerError
from assembler.termsheet.skeleton import item_skeleton
from assembler.web.insertion import append, insert
from assembler.web.scalar_in_place import set_in_place
from assembler.web.schema_paths import one_or_many, schema_at
from assembler.web.yaml_style import FAST, Plain, comment_gap, round_trip_yaml


class EditRefused(AssemblerError):
    """An edit that cannot be applied (a path that does not exist, text that is not YAML)."""


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
    yaml = round_trip_yaml(text)
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
    spaced = "\n".join(line if line in before else comment_gap(line) for line in written.splitlines()) + "\n"
    same = pyyaml.load(spaced, Loader=FAST) == pyyaml.load(written, Loader=FAST)  # (never a value changed)
    return spaced if same else written


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
        loaded = round_trip_yaml(item).load(item)
        append(items, len(items), loaded if loaded is not None else Plain("TBD"))
    elif kind == "fill":  # a mapping the model requires (or an optional one being added): its skeleton
        parent = _walk(doc, path[:-1], schema, create=True)
        text = item_skeleton(schema_at(schema, path), schema.get("$defs", {}))
        _put(parent, path[-1], round_trip_yaml(text).load(text), schema_at(schema, path[:-1]))
    elif kind in ("wrap", "unwrap"):
        if not one_or_many(schema, path):
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
                insert(node, key, fresh, schema_at(schema, path[:depth]))
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
        insert(parent, key, value, parent_schema)


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


def _fmt(path: list) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")

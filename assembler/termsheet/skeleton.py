"""A new term sheet: every field of the model written out, drawn from its JSON Schema (`assemble new`, the web form).

Each deal fact is the placeholder TBD, which validation refuses at its line until it is filled in; a field with a
default carries that default; optional fields are named in a comment on their parent, not written, except one the
deal needs in some cases (the schema's x-needed-when: example_closing_price when damages are measured by market
value), written as TBD with a comment saying when to delete it. Comments say the
type and the meaning of each field, so that the file can be completed in any editor. The securities are written in
one of the structures of securities.STRUCTURES (shares only unless asked): a unit offering's series give their size
per Unit, several series are a list each with its name.
"""
from __future__ import annotations

import re

from assembler.errors import AssemblerError
from assembler.termsheet.schema import resolve, term_sheet_schema
from assembler.termsheet.securities import STRUCTURES

PLACEHOLDER = "TBD"
MODELINE = "# yaml-language-server: $schema=term-sheet.schema.json"


def skeleton(deal_id: str, structure: str = "shares") -> str:
    """The text of a new term sheet whose deal id is `deal_id`, its securities in `structure` (a key of
    securities.STRUCTURES), and whose every other deal fact is TBD."""
    chosen = next((s for s in STRUCTURES if s.key == structure), None)
    if chosen is None:
        raise AssemblerError(f"no structure '{structure}': choose one of {', '.join(s.key for s in STRUCTURES)}")
    schema = term_sheet_schema()
    defs = schema.get("$defs", {})
    pattern = resolve(schema["properties"]["deal"], defs).get("properties", {}).get("id", {}).get("pattern")
    if pattern and not re.match(pattern, deal_id):
        raise AssemblerError(f"'{deal_id}' cannot be a deal id: use lower-case letters, digits, _ and - "
                             "(it names the term sheet and its closing-set folder)")
    head = [MODELINE,
            f"# A term sheet written by `assemble new`. Every {PLACEHOLDER} is a deal fact still to fill in:",
            "# `assemble validate` lists each one at its line until it is filled. Values already given are defaults;",
            "# change them where the deal differs. Dates are YYYY-MM-DD; amounts and prices are plain numbers."]
    given = {"deal.id": deal_id, "securities.units": _scalar(chosen.units),
             "edition": "current"}  # a new deal is signed under today's law (law.py: the editions of the form)
    if chosen.series:
        given["securities.warrants"] = chosen.series  # 1: one series (a mapping); 2: a list of two, named
    prefer = ("per_unit",) if chosen.units else ()
    return "\n".join(head + _mapping(schema, defs, 0, "", given, prefer)) + "\n"


def choice_groups(node: dict) -> list[list[list[str]]]:
    """The groups of alternatives of a model that wants exactly one field of each group (its schema's oneOf of
    `required` lists, or an allOf of several: a warrant series' size and its term)."""
    groups = []
    for part in [node, *node.get("allOf", [])]:
        alternatives = [alt["required"] for alt in part.get("oneOf", []) if set(alt) == {"required"}]
        if alternatives:
            groups.append(alternatives)
    return groups


def _chosen(group: list[list[str]], prefer: tuple[str, ...]) -> list[str]:
    """The alternative written of a one-of group: the first that names a preferred field, else the first."""
    return next((alt for alt in group if set(alt) & set(prefer)), group[0])


def required_fields(node: dict, prefer: tuple[str, ...] = ()) -> set[str]:
    """The fields to write: the required ones, and those of the chosen alternative of each choice (`_chosen`)."""
    return set(node.get("required", [])) | {name for group in choice_groups(node) for name in _chosen(group, prefer)}


def _mapping(node: dict, defs: dict, indent: int, path: str, given: dict, prefer: tuple[str, ...] = ()) -> list[str]:
    lines: list[str] = []
    required = required_fields(node, prefer)
    groups = choice_groups(node)
    for name, prop in node.get("properties", {}).items():
        child = f"{path}.{name}" if path else name
        field = _required_variant(resolve(prop, defs), defs)
        if (name not in required and child not in given and not prop.get("x-needed-when")
                and ("default" not in prop or prop["default"] in (None, [], {}))):
            continue  # optional: named in the parent's comment (one the deal may need is written: see `needed_when`)
        pad = " " * indent
        kind = field.get("type")
        group = next((g for g in groups if name in _chosen(g, prefer)), None)
        if group:
            refused = set(node.get("x-not-offered", []))
            others = " or ".join(", ".join(alt) for alt in group
                                 if alt != _chosen(group, prefer) and not set(alt) & refused)
            field = {**field, "description": f"or instead: {others}"}
        if child == "securities.warrants" and given.get(child, 0) > 1:
            lines.append(f"{pad}{name}:{_comment(' '.join((prop.get('description') or '').split()))}")
            lines += _series_list(field, defs, indent, child, given, prefer)
            continue
        if kind == "object" and "properties" in field:
            if prop.get("x-not-offered"):
                field = {**field, "x-not-offered": prop["x-not-offered"]}
            inner = _mapping(field, defs, indent + 2, child, given, prefer)
            written = {n for n in field.get("properties", {}) if f"{child}.{n}" in given}
            lines.append(f"{pad}{name}:{' {}' if not inner else ''}{_comment(_optional_note(field, prop, written))}")
            lines += inner
        elif kind == "object":  # a mapping of free keys, e.g. date: price
            lines.append(f"{pad}{name}:{_comment(_describe(prop, field))}")
            value = _required_variant(resolve(field.get("additionalProperties") or {}, defs), defs)
            lines.append(f"{pad}  {PLACEHOLDER}: {PLACEHOLDER}{_comment(_key_type(field) + ': ' + _type(value, defs))}")
        elif kind == "array":
            item = _required_variant(resolve(field.get("items", {}), defs), defs)
            lines.append(f"{pad}{name}:{_comment(_describe(prop, field))}")
            if item.get("type") == "object":
                body = _mapping(item, defs, indent + 4, f"{child}[]", given)
                first = next(i for i, line in enumerate(body) if not line.lstrip().startswith("#"))
                body[first] = f"{pad}  - {body[first][indent + 4:]}"
                lines.append(f"{pad}  # {_optional_note(item, {}) or 'one entry each; add more below'}")
                lines += body
            else:
                lines.append(f"{pad}  - {PLACEHOLDER}{_comment(_type(item, defs))}")
        else:
            default = prop.get("default")
            value = given.get(child, PLACEHOLDER if default is None else _scalar(default))
            note = "; ".join(p for p in (_describe(prop, field, defs), needed_when(prop)) if p)
            lines.append(f"{pad}{name}: {value}{_comment(note)}")
    return lines


def _series_list(series: dict, defs: dict, indent: int, path: str, given: dict, prefer: tuple[str, ...]) -> list[str]:
    """Several warrant series: a list of `given[path]` series (Series A, Series B ...), each written in full."""
    lines = []
    for index in range(given[path]):
        child = f"{path}[{index}]"
        named = {**given, f"{child}.name": f"Series {chr(ord('A') + index)}"}
        body = _mapping(series, defs, indent + 4, child, named, prefer)
        body[0] = f"{' ' * indent}  - {body[0][indent + 4:]}"
        lines += body
    return lines


def _required_variant(node: dict, defs: dict) -> dict:
    """Optional[X] is written as X; a union of several shapes as its first (the comment names the others)."""
    variants = [resolve(v, defs) for v in node.get("anyOf", []) + node.get("oneOf", []) if v.get("type") != "null"]
    if variants and "type" not in node:
        merged = {**variants[0], **{k: v for k, v in node.items() if k not in ("anyOf", "oneOf")}}
        if len(variants) > 1 and not all(v.get("type") in ("number", "string") for v in variants):
            merged["x-choices"] = [v.get("title", v.get("type", "")) for v in variants]
        return merged
    return node


def _describe(prop: dict, field: dict, defs: dict | None = None) -> str:
    parts = [_type(field, defs or {})] if defs is not None else []
    if field.get("x-choices"):
        parts.append("or one of " + ", ".join(field["x-choices"][1:]))
    text = field.get("description") if str(field.get("description", "")).startswith("or instead") else ""
    text = text or prop.get("description") or field.get("description") or ""
    if "enum" in field and all(str(v) in text for v in field["enum"]):
        parts = []  # the meaning already names every choice
    if text:
        parts.append(" ".join(text.split()))
    return "; ".join(p for p in parts if p)


def _optional_note(field: dict, prop: dict, written: set[str] = frozenset()) -> str:
    required = required_fields(field) | written
    chosen = {n for group in choice_groups(field) for alt in group for n in alt}
    optional = [n for n, p in field.get("properties", {}).items()
                if n not in required | chosen and not p.get("x-needed-when")
                and ("default" not in p or p["default"] in (None, [], {}))]
    described = " ".join((prop.get("description") or "").split())
    note = f" optional: {', '.join(optional)}" if optional else ""
    return "; ".join(p for p in (described, note.strip()) if p)


def needed_when(prop: dict) -> str:
    """When an optional field is a deal fact after all (the schema's x-needed-when: the worked example of damages
    measured by market value needs a closing price): the skeleton writes it as TBD, and says when to leave it out."""
    when = prop.get("x-needed-when") or {}
    if not when:
        return ""
    condition = " and ".join(f"{key} is {value}" for key, value in when.items())
    return f"only when {condition}; otherwise delete the line"


def _type(field: dict, defs: dict) -> str:
    if "enum" in field:
        return "one of " + ", ".join(str(v) for v in field["enum"])
    kinds = {v.get("type") for v in field.get("anyOf", [])} | {field.get("type")}
    if "number" in kinds:
        return "number"
    if field.get("format") == "date":
        return "date YYYY-MM-DD"
    return {"integer": "whole number", "boolean": "true or false", "string": "text"}.get(field.get("type"), "value")


def _key_type(field: dict) -> str:
    return "date YYYY-MM-DD" if field.get("propertyNames", {}).get("format") == "date" else "key"


def _scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _comment(text: str) -> str:
    return f"  # {text}" if text else ""


def item_skeleton(item: dict, defs: dict) -> str:
    """The text of one new list item (an investor, an address line): TBD placeholders with their comments."""
    item = _required_variant(resolve(item, defs), defs)
    if item.get("type") == "object" and "properties" in item:
        return "\n".join(_mapping(item, defs, 0, "", {}) or ["{}"]) + "\n"
    return f"{PLACEHOLDER}\n"

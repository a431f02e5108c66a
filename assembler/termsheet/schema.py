"""The term sheet's JSON Schema, generated from the model (never written by hand): what `assemble schema` prints, what
an editor running the YAML language server completes and checks against, and what the web form is drawn from.

pydantic writes the bounds of an annotated Decimal as its own `gt`/`le` keywords; they are renamed to the standard
ones here, and each field gets the meaning the term-sheet reference gives it.
"""
from __future__ import annotations

import json

from assembler import __version__
from assembler.termsheet.model import TermSheet
from assembler.termsheet.reference import MEANING

BOUNDS = {"gt": "exclusiveMinimum", "ge": "minimum", "lt": "exclusiveMaximum", "le": "maximum"}


def term_sheet_schema() -> dict:
    schema = TermSheet.model_json_schema(mode="validation")
    defs = schema.get("$defs", {})
    _standard(schema)
    _describe(schema, "", defs)
    head = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "assembler term sheet",
            "description": f"A PIPE term sheet for assembler {__version__}: every field, its type and whether it is "
                           "required, generated from the model."}
    return {**head, **{k: v for k, v in schema.items() if k not in head}}


def schema_json() -> str:
    return json.dumps(term_sheet_schema(), indent=2, ensure_ascii=False) + "\n"


def resolve(node: dict, defs: dict) -> dict:
    """`node` with a `$ref` replaced by its definition (siblings such as `default` kept)."""
    if "$ref" in node:
        target = defs[node["$ref"].rsplit("/", 1)[-1]]
        return {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _standard(node) -> None:
    if isinstance(node, dict):
        for short, standard in BOUNDS.items():
            if short in node:
                node[standard] = node.pop(short)
        for value in node.values():
            _standard(value)
    elif isinstance(node, list):
        for value in node:
            _standard(value)


def _describe(node: dict, path: str, defs: dict) -> None:
    """Give each property the meaning MEANING has for its path (beside a `$ref`, so that a shared definition such as
    Person reads "officer who signs for the company" only where it is the company's signatory)."""
    node = resolve(node, defs)
    for variant in node.get("anyOf", []) + node.get("oneOf", []):
        _describe(variant, path, defs)
    if node.get("type") == "array" and isinstance(node.get("items"), dict):
        _describe(node["items"], f"{path}[]", defs)
    for name, prop in node.get("properties", {}).items():
        child = f"{path}.{name}" if path else name
        if child in MEANING:
            prop.setdefault("description", MEANING[child])
        _describe(prop, child, defs)

"""Round-trip YAML (ruamel.yaml) that writes a term sheet back as its file writes it: the file's indentation and
line width, comments two spaces after a value as the skeleton writes them, and a value as typed (`Plain`) without quotes
whenever YAML reads the plain form back as the same text (`1394400.00`, `1999-11-24`): the term-sheet loader keeps every
scalar as the text typed, so no value passes through float or a date type here.
"""
from __future__ import annotations

import yaml as pyyaml

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.util import load_yaml_guess_indent

NULL = "tag:yaml.org,2002:null"
STR = "tag:yaml.org,2002:str"
FAST = getattr(pyyaml, "CSafeLoader", pyyaml.SafeLoader)  # libyaml when PyYAML has it: 2 ms instead of 25


class Plain(str):
    """A value as typed: written without quotes when YAML reads the plain form back as the same text."""


def _represent_plain(representer, data):
    tag = representer.dumper.resolver.resolve(ScalarNode, str(data), (True, False))
    tag = getattr(tag, "value", tag)
    if tag in (NULL, STR) or not str(data).strip() or str(data) != str(data).strip():
        return representer.represent_str(str(data))
    return representer.represent_scalar(tag, str(data))


RoundTripRepresenter.add_representer(Plain, _represent_plain)


def round_trip_yaml(text: str) -> YAML:
    """A round-trip YAML that writes `text` back as it was: its indentation and line width."""
    try:
        _, sequence, offset = load_yaml_guess_indent(text)
    except YAMLError:
        sequence, offset = 4, 2
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = max([80] + [len(_content(line)) for line in text.splitlines()])  # comments do not set the width
    yaml.indent(mapping=_mapping_indent(text), sequence=sequence or 4, offset=2 if offset is None else offset)
    return yaml


def _content(line: str) -> str:
    """A line without its comment (a comment line is empty): a long comment is not how wide the file wraps values."""
    return "" if line.lstrip().startswith("#") else line.split(" #")[0].rstrip()


def _mapping_indent(text: str) -> int:
    """How far a nested mapping is indented in `text` (2 unless the file says otherwise)."""
    previous = None
    for line in text.splitlines():
        content = _content(line)
        if not content.strip():
            continue
        if previous is not None and previous.endswith(":") and not content.lstrip().startswith("- "):
            step = (len(content) - len(content.lstrip())) - (len(previous) - len(previous.lstrip()))
            if step > 0:
                return step
        previous = content
    return 2


def comment_gap(line: str) -> str:
    """A new line's comment two spaces after its value, as the skeleton writes it (ruamel puts one where the value
    reaches the comment's old column). Only where nothing is quoted: there the first ` #` starts the comment."""
    head, sep, tail = line.partition(" # ")
    if not sep or "'" in head or '"' in head or not head.strip() or head.endswith(" "):
        return line
    return f"{head}  # {tail}"

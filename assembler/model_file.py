"""A small YAML file read into a pydantic model, every problem located at FILE:LINE: a template's manifest.yaml
(document/registry.py), the reasons recorded beside it (variance/reasons.py) and a form's description
(variance/form.py) are read the same way, here. (A term sheet has its own reader, termsheet/source.py: every value
with its position, every problem at once.)"""
from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from assembler.errors import AssemblerError


def read_model(path: Path, model: type[BaseModel], unreadable: str, whole: str = "file",
               shown: str | None = None) -> tuple[BaseModel, yaml.Node | None]:
    """The file's model and its composed YAML node (for the line of an entry); an AssemblerError otherwise, at the
    line of the fault: "{shown}:{line}: {unreadable}: {YAML's message}" for a file that cannot be read or parsed,
    "{shown}:{line}: {field}: {problem}; ..." for values the model refuses (the line of the first; `whole` names a
    problem of the file as a whole)."""
    shown = shown or str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
        node, data = _parse(text)
    except (OSError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        raise AssemblerError(f"{_at(shown, mark.line + 1 if mark else None)}: {unreadable}: {exc}") from None
    try:
        return model.model_validate(data), node
    except ValidationError as exc:
        errors = exc.errors()
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or whole}: {e['msg']}" for e in errors)
        raise AssemblerError(f"{_at(shown, line_of(node, errors[0]['loc']) if errors else None)}: {problems}") \
            from None


def _parse(text: str) -> tuple[yaml.Node | None, object]:
    """(composed node, data) of a YAML text, with libyaml where PyYAML has it (a build reads some sixty of these
    files: 0.4 s of CPU in pure Python, 0.02 s with libyaml); a text libyaml refuses is parsed again in Python, so
    that the message and its line are the same on every machine."""
    try:
        loader = _FAST(text)
        try:
            node = loader.get_single_node()
            return node, loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError:
        pass
    return yaml.compose(text, Loader=yaml.SafeLoader), yaml.safe_load(text)


_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def line_of(node: yaml.Node | None, loc: tuple) -> int | None:
    """The line of the value at `loc` (keys and list indexes), else of the nearest entry that holds it."""
    if node is None:
        return None
    line = node.start_mark.line + 1
    for step in loc:
        if isinstance(node, yaml.MappingNode):
            found = next(((k, v) for k, v in node.value if k.value == str(step)), None)
            if found is None:
                break
            line, node = found[0].start_mark.line + 1, found[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _at(shown: str, line: int | None) -> str:
    return f"{shown}:{line}" if line else shown

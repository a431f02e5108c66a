"""Read a YAML term sheet into plain data while remembering where every value came from.

YAML 1.1 traps are neutralised by never letting PyYAML construct values: the file is *composed* into nodes and every
scalar is kept as the exact text the paralegal typed (`NO` stays "NO", `01887` stays "01887", `1394400.00` never passes
through float). Only an explicit null (`~`, `null` or nothing) becomes None. Typing is left to the pydantic model.
Duplicate keys, merge keys and multi-document files are refused with their line and column.

A term sheet may come from the other side of a deal, so reading it is bounded (docs/limits.md): the file's size is
checked before it is read, and while it is composed the number of values (aliases counted as the values they repeat:
no "billion laughs"), the nesting depth and the keys of each mapping are counted, so that a hostile file ends in one
located error after a fraction of a second, never in a MemoryError or a RecursionError.
"""
from __future__ import annotations

import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from assembler.errors import Problem, TermSheetInvalid

NULL_TAG = "tag:yaml.org,2002:null"
MAX_BYTES = 256 * 1024  # the examples are 5 to 7 KB
MAX_VALUES = 5_000  # values in the file, each alias counted as every value it repeats (the examples have ~210)
MAX_DEPTH = 16  # levels of nesting (the examples have 6)
MAX_KEYS = 500  # keys in one mapping (the largest mapping of the model has about 20 fields)
Loc = tuple  # a path into the data: ("investors", 0, "amount")


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class Source:
    """The data of one YAML file and the position of each of its nodes."""

    file: str
    data: Any
    positions: dict[Loc, Position]  # where each value starts
    key_positions: dict[Loc, Position]  # where each mapping key is written

    def locate(self, loc: Loc) -> Position:
        """The position of the node at `loc`, or of its nearest existing parent (for a missing key)."""
        loc = tuple(loc)
        while loc and loc not in self.positions:
            loc = loc[:-1]
        return self.positions.get(loc, Position(1, 1))

    def problem(self, loc: Loc, message: str, hint: str = "", severity: str = "error", at_key: bool = False) -> Problem:
        """A problem located at the node of `loc` (or at its key, for a key that should not be there)."""
        pos = self.key_positions[tuple(loc)] if at_key and tuple(loc) in self.key_positions else self.locate(loc)
        return Problem(self.file, pos.line, pos.column, format_loc(loc), message, hint, severity)


def format_loc(loc: Loc) -> str:
    """("investors", 0, "amount") -> "investors[0].amount"."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


def _pos(mark: yaml.Mark) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def load_source(path: str | Path) -> Source:
    """Read and compose `path`; raise TermSheetInvalid with one located problem per defect."""
    return parse_source(_read(Path(path), str(path)), str(path))


def parse_source(text: str, name: str) -> Source:
    """Compose YAML `text` (the contents of the file `name`, or of a page's editor) under the same bounds as a file;
    raise TermSheetInvalid with one located problem per defect."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise TermSheetInvalid([Problem(name, 1, 1, "", f"the text is over {MAX_BYTES:,} bytes; a term sheet is at "
                                        f"most {MAX_BYTES:,} bytes", "see docs/limits.md")])
    loader = None
    try:
        loader = _BoundedLoader(text, name)  # PyYAML's reader checks every character here
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = _pos(mark) if mark else Position(1, 1)
        message = f"malformed YAML: {exc.problem or exc.context}"
        if isinstance(exc, _Limit):
            message = exc.problem
        elif exc.context and exc.problem:
            message = f"malformed YAML: {exc.problem} ({exc.context})"
        hint = "" if isinstance(exc, _Limit) else layout_hint(text, pos.line)
        raise TermSheetInvalid([Problem(name, pos.line, pos.column, "", message, hint)]) from None
    except yaml.reader.ReaderError as exc:  # a character YAML refuses (NUL, other controls), by its offset
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - text.rfind("\n", 0, exc.position)
        char = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise TermSheetInvalid([Problem(name, line, column, "", f"a character YAML does not allow: U+{char:04X} "
                                        f"({unicodedata.name(chr(char), 'a control character')})",
                                        "delete it")]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML raises marked errors for text input
        raise TermSheetInvalid([Problem(name, 1, 1, "", f"malformed YAML: {exc}")]) from None
    finally:
        if loader is not None:
            loader.dispose()
    if root is None:
        raise TermSheetInvalid([Problem(name, 1, 1, "", "the file is empty", "start from term_sheets/focus_1999.yaml")])
    problems: list[Problem] = []
    positions: dict[Loc, Position] = {}
    key_positions: dict[Loc, Position] = {}
    data = _build(root, (), positions, key_positions, problems, name)
    if problems:
        raise TermSheetInvalid(problems)
    if not isinstance(data, dict):
        pos = _pos(root.start_mark)
        raise TermSheetInvalid(
            [Problem(name, pos.line, pos.column, "", f"expected a mapping of term-sheet fields, found a {_kind(root)}")]
        )
    return Source(name, data, positions, key_positions)


def _read(path: Path, name: str) -> str:
    """The text of a regular file of at most MAX_BYTES, checked before it is read (never /dev/zero or a FIFO)."""
    def fail(message: str, hint: str = "") -> TermSheetInvalid:
        return TermSheetInvalid([Problem(name, 1, 1, "", message, hint)])

    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise fail("is a directory, not a term sheet file")
        if not stat.S_ISREG(info.st_mode):
            raise fail("is not a regular file", "save the term sheet as a .yaml file and give its path")
        if info.st_size > MAX_BYTES:
            raise fail(f"the file is {info.st_size:,} bytes; a term sheet is at most {MAX_BYTES:,} bytes",
                       "see docs/limits.md")
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise fail("file not found", "check the path") from None
    except PermissionError:
        raise fail("cannot be read (permission denied)") from None
    except OSError as exc:
        raise fail(f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > MAX_BYTES:  # grew while we looked
        raise fail(f"the file is over {MAX_BYTES:,} bytes; a term sheet is at most {MAX_BYTES:,} bytes",
                   "see docs/limits.md")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise fail(f"not UTF-8 text ({exc.reason})", "save the file as UTF-8") from None


class _Limit(yaml.MarkedYAMLError):
    """A bound of docs/limits.md exceeded while composing, at the node that exceeded it."""

    def __init__(self, message: str, mark: yaml.Mark) -> None:
        super().__init__(problem=message, problem_mark=mark)


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe composer, counting values (aliases expanded), nesting depth and keys as it composes."""

    def __init__(self, text: str, name: str) -> None:
        super().__init__(text)
        self.name = name
        self.depth = 0
        self.values = 0
        self.sizes: dict[int, int] = {}  # id(node) -> values in it, aliases expanded

    def _count(self, n: int, mark: yaml.Mark) -> None:
        self.values += n
        if self.values > MAX_VALUES:
            raise _Limit(f"more than {MAX_VALUES:,} values (aliases count as the values they repeat); a term "
                         "sheet is far smaller: see docs/limits.md", mark)

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            node = self.anchors.get(event.anchor)
            if node is not None and id(node) not in self.sizes:  # still being composed: *a inside &a
                raise _Limit(f"the alias *{event.anchor} is inside the value &{event.anchor} it repeats (a value "
                             "cannot contain itself)", event.start_mark)
            if node is not None:
                self._count(self.sizes[id(node)], event.start_mark)
            return super().compose_node(parent, index)
        mark = self.peek_event().start_mark
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Limit(f"nested more than {MAX_DEPTH} levels deep; see docs/limits.md", mark)
        before = self.values
        self._count(1, mark)
        node = super().compose_node(parent, index)
        self.sizes[id(node)] = self.values - before
        self.depth -= 1
        return node

    def compose_mapping_node(self, anchor):
        node = super().compose_mapping_node(anchor)
        if len(node.value) > MAX_KEYS:
            raise _Limit(f"a mapping with {len(node.value):,} keys; at most {MAX_KEYS} are allowed "
                         "(see docs/limits.md)", node.value[MAX_KEYS][0].start_mark)
        return node


def layout_hint(text: str, line: int) -> str:
    """For a YAML syntax error at `line`: a hint when that line (or the one before) is indented with a tab, or to a
    column that lines up with nothing above it (the usual cause of 'mapping values are not allowed here')."""
    lines = text.splitlines()
    for number in (line, line - 1):
        if 1 <= number <= len(lines) and "\t" in re.match(r"[ \t]*", lines[number - 1]).group():
            return f"line {number} is indented with a tab; YAML indents with spaces only"
    levels: list[int] = [0]  # the indentation of every open block above the line, outermost first
    opens_block = True
    for number, raw in enumerate(lines[:line], start=1):
        content = raw.split(" #")[0].rstrip()
        if not content.strip() or content.lstrip().startswith("#"):
            continue
        indent = len(content) - len(content.lstrip(" "))
        if number >= line - 1:
            if indent > levels[-1] and not opens_block:
                return (f"line {number} is indented {_spaces(indent)}, deeper than the line above it, which opens no "
                        f"block: line it up with the key above it ({_spaces(levels[-1])})")
            if indent < levels[-1] and indent not in levels:
                options = " or ".join(str(n) for n in levels if n < indent + 4)
                return f"line {number} is indented {_spaces(indent)}, which lines up with no key above it: use {options}"
        while levels[-1] > indent:
            levels.pop()
        if levels[-1] != indent:
            levels.append(indent)
        if content.lstrip(" ").startswith("- "):  # a list item: its keys line up two columns further in
            levels.append(indent + 2)
        opens_block = content.endswith(":") or content.endswith("-")
    return ""


def _spaces(n: int) -> str:
    return f"{n} space" if n == 1 else f"{n} spaces"


def _kind(node: yaml.Node) -> str:
    return {yaml.MappingNode: "mapping", yaml.SequenceNode: "list"}.get(type(node), "single value")


def _build(node: yaml.Node, loc: Loc, positions: dict, key_positions: dict, problems: list, name: str) -> Any:
    positions[loc] = _pos(node.start_mark)
    if isinstance(node, yaml.ScalarNode):
        if node.tag == NULL_TAG and node.style is None:
            return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, loc + (i,), positions, key_positions, problems, name) for i, item in enumerate(node.value)]
    result: dict[str, Any] = {}
    first_seen: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key_pos = _pos(key_node.start_mark)
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(Problem(name, key_pos.line, key_pos.column, _fmt(loc), "a key must be a plain name"))
            continue
        key = key_node.value
        if key == "<<":
            problems.append(
                Problem(name, key_pos.line, key_pos.column, _fmt(loc), "merge keys (<<) are not supported",
                        "write the fields out in full")
            )
            continue
        if key in first_seen:
            first = _pos(first_seen[key].start_mark)
            problems.append(
                Problem(name, key_pos.line, key_pos.column, _fmt(loc + (key,)),
                        f"duplicate key '{key}' (first given at line {first.line})", "keep one of them")
            )
            continue
        first_seen[key] = key_node
        key_positions[loc + (key,)] = key_pos
        result[key] = _build(value_node, loc + (key,), positions, key_positions, problems, name)
    return result


def _fmt(loc: Loc) -> str:
    return format_loc(loc)

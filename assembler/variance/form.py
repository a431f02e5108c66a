"""The user's form as the variance report reads it: its text (form.txt, as filed), split into the documents the
templates are taken from, and each document into paragraphs, with the form deal's own facts and dates (form.yaml).

Forms live in templates/_forms/<form>/ so that they ship in the wheel with the templates (and count among a set's
inputs). The filing's text is hard-wrapped, indented and broken into pages: a paragraph is a run of non-blank lines;
a paragraph a page break cut in two (it ends without a full stop, a colon or a semicolon, three or more blank lines
or a page number follow, and the rest begins in lower case or form.yaml lists it under `joins`) is joined again; lines holding only a page number, and the lines form.yaml omits (signature blocks, the
notice addresses, captions), are dropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from assembler.errors import AssemblerError
from assembler.model_file import read_model

FORMS = "_forms"
FORM_FILE = "form.yaml"


class Omit(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    lines: tuple[int, int]
    why: str = Field(min_length=1)


class FormSpec(BaseModel):
    """form.yaml: how to read a form's text."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=1)
    text: str = Field(pattern=r"^[^/\\]+$")
    editions: dict[str, str] = Field(min_length=1)
    documents: dict[str, tuple[int, int]] = Field(min_length=1)
    exhibits: dict[str, str] = {}  # the form's Exhibit letters -> the template id of the document each one is
    omit: list[Omit] = []
    joins: list[int] = []  # first lines of paragraphs that continue the one before (a page break, a title's line)
    facts: list[str] = []
    dates: dict[str, list[str]] = {}


@dataclass(frozen=True)
class FormParagraph:
    text: str  # the words, one space between them
    line: int  # the line of form.txt it starts on


@dataclass
class Form:
    id: str
    folder: Path
    spec: FormSpec
    lines: list[str] = field(repr=False)

    @property
    def default_edition(self) -> str:
        return next(iter(self.spec.editions))

    def paragraphs(self, document: str) -> list[FormParagraph]:
        if document not in self.spec.documents:
            raise AssemblerError(f"{self.folder / FORM_FILE}: the form has no document '{document}' (it has: "
                                 f"{', '.join(self.spec.documents)})")
        first, last = self.spec.documents[document]
        return _paragraphs(self.lines, first, last, self._omitted(), frozenset(self.spec.joins))

    def _omitted(self) -> set[int]:
        return {n for o in self.spec.omit for n in range(o.lines[0], o.lines[1] + 1)}


_PAGE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
_ENDS = (".", ":", ";", ".)", '."', ':"')
PAGE_GAP = 3  # blank lines that make a page break in the filing (paragraphs are one blank line apart)


def _paragraphs(lines: list[str], first: int, last: int, omitted: set[int],
                joins: frozenset[int] = frozenset()) -> list[FormParagraph]:
    found: list[tuple[list[str], int, bool]] = []  # (lines, first line, after a page break)
    current: list[str] = []
    start, gap, page = 0, 0, False
    for number in range(first, min(last, len(lines)) + 1):
        text = lines[number - 1]
        if _PAGE_NUMBER.match(text):
            page = True
        if number in omitted or _PAGE_NUMBER.match(text):
            text = ""
        if text.strip():
            if not current:
                start, broken = number, page or gap >= PAGE_GAP
            current.append(text.strip())
            gap, page = 0, False
        else:
            gap += 1
            if current:
                found.append((current, start, broken))
                current = []
    if current:
        found.append((current, start, broken))
    out: list[FormParagraph] = []
    for words, line, broken in found:
        text = " ".join(" ".join(words).split())
        if out and (broken and _cut(out[-1].text, text) or line in joins):
            out[-1] = FormParagraph(f"{out[-1].text} {text}", out[-1].line)  # one paragraph on two
        else:
            out.append(FormParagraph(text, line))
    return out


def _cut(before: str, after: str) -> bool:
    """Whether a page break cut one paragraph in two: the first part does not end a sentence and the second begins in
    lower case (other cuts are listed in form.yaml under `joins`)."""
    return not before.endswith(_ENDS) and after[:1].islower()


def forms_dir(template_dir: Path) -> Path:
    return Path(template_dir) / FORMS


def find_form(name: str, template_dirs: list[Path]) -> Form:
    """The form `name` from the last templates directory that has it (a firm's folder overrides the built-in one)."""
    for directory in reversed([Path(d) for d in template_dirs]):
        folder = forms_dir(directory) / name
        if (folder / FORM_FILE).is_file():
            return load_form(folder)
    raise AssemblerError(f"form '{name}' not found: expected {FORMS}/{name}/{FORM_FILE} in a templates directory")


def load_form(folder: Path) -> Form:
    """The form in `folder`, read once while its files stay unchanged (a long-running server sees an edit)."""
    folder = Path(folder).resolve()
    stamps = tuple(p.stat().st_mtime_ns if p.is_file() else 0 for p in sorted(folder.iterdir()))
    return _load(str(folder), stamps)


@lru_cache(maxsize=8)
def _load(folder: str, _stamps: tuple = ()) -> Form:
    path = Path(folder) / FORM_FILE
    spec, _ = read_model(path, FormSpec, "cannot read the form's description", whole="form")
    text = Path(folder) / spec.text
    try:
        lines = text.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise AssemblerError(f"{text}: cannot read the form's text ({exc.strerror})") from None
    return Form(Path(folder).name, Path(folder), spec, lines)

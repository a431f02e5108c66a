"""The reasons recorded beside a template for each way it deviates from the form: <template>/variance.yaml.

    form: focus_1999                 # templates/_forms/focus_1999/
    document: purchase_agreement     # the form's document this template is taken from
    deviations:
      - where: "6.7"                 # the form's section ("2.1(b)(ii)", "Article IV", "Preamble", "Execution",
                                     # "Notice of Exercise"), or a list of them; none: anywhere in the document
        form: (a "Consolidation Event")   # the form's words as the report quotes them ({fact}: a masked deal fact;
        ours: ""                     # *: any words); none: any words. "" is nothing (an addition, a deletion)
        category: form error fixed   # form error fixed | clarification | current law | current practice |
                                     # deal term | house style ("current law": a statute or rule changed since
                                     # the form; "current practice": how closings are done today)
        reason: >-                   # what the cover memo says: written for the client and the other side
          The form defined "Consolidation Event" and never used it; the definition is dropped.
                                     # {{ expression }}: words of this deal (a template expression over ts, fig, w,
                                     # and section("1.12"): the draft's number of the form's Section 1.12;
                                     # section("1.17", "purchase_agreement"): of another document of the form)
        when: w.single               # optional: the deals it applies to (a template expression over ts, fig, w)
        editions: [current]          # optional: the editions of the form it applies to (all when none)
        optional: true               # a change only some deals make, their terms choosing the words (a deal
                                     # without it does not make the reason stale; a change may say it too)
      - category: form error fixed   # one reason for several changes
        reason: Typographical and grammatical errors of the form are corrected.
        changes:
          - {where: "4.1", form: that, ours: than}
          - {where: "4.4", form: "on,", ours: "on"}

The form can first be adapted to the deal's structure (one investor, no warrants, Units): an adaptation lists words
of the form and what the deal makes of them, with its reason; the form is compared as adapted.

    adaptations:
      - when: w.single
        category: deal term
        reason: There is one Investor; the form's plural references to the Investors are made singular.
        replace: {"Each Investor, severally and not jointly,": "The Investor", "Investors": "Investor"}

A reason explains every deviation it matches. A deviation no reason matches is a finding (form-variance, an error:
nothing changes silently); a reason that applies to the deal and matches nothing is stale (stale-variance-reason, a
warning: the file no longer describes the template), unless it is optional.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal, Optional, Union

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from assembler.model_file import read_model

REASONS_FILE = "variance.yaml"
CATEGORIES = ("form error fixed", "clarification", "current law", "current practice", "deal term", "house style")
Category = Literal["form error fixed", "clarification", "current law", "current practice", "deal term", "house style"]


Where = Optional[Union[str, list[str]]]


class Change(BaseModel):
    """One change from the form: where, the form's words and ours (as the report quotes them)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    where: Where = None
    form: Optional[str] = None
    ours: Optional[str] = None
    when: Optional[str] = Field(default=None, max_length=500)  # besides the reason's own `when`
    optional: bool = False  # a change only some deals make (their terms choose the words): never stale


class Entry(BaseModel):
    """A reason and the changes it explains: one (where/form/ours given here) or several (`changes`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    where: Where = None
    form: Optional[str] = None
    ours: Optional[str] = None
    changes: Optional[list[Change]] = Field(default=None, min_length=1)
    category: Category
    reason: str = Field(min_length=10, max_length=2000)
    when: Optional[str] = Field(default=None, max_length=500)
    editions: Optional[list[str]] = None
    optional: bool = False

    @model_validator(mode="after")
    def _one_way(self):
        if self.changes is not None and (self.form, self.ours) != (None, None):
            raise ValueError("give the change (form, ours) or a list of `changes`, not both (a `where` beside "
                             "`changes` is the section of those that name none)")
        return self


class Adaptation(BaseModel):
    """The form's words adapted to the deal's structure before it is compared (one investor, no warrants, Units):
    each key of `replace`, wherever the form has it (as whole words), is read as its value."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    where: Where = None
    except_: list[str] = Field(default=[], alias="except")  # sections it leaves as they are
    replace: dict[str, str] = Field(min_length=1)
    category: Category
    reason: str = Field(min_length=10, max_length=2000)
    when: Optional[str] = Field(default=None, max_length=500)
    editions: Optional[list[str]] = None


class ReasonsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    form: str = Field(pattern=r"^[a-z0-9][a-z0-9_\-]*$")
    document: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    adaptations: list[Adaptation] = []
    deviations: list[Entry] = []


EXPRESSION = re.compile(r"\{\{(.*?)\}\}", re.S)  # an expression in a reason's text

@dataclass(frozen=True)
class Reason:
    """One recorded change (or adaptation) and its reason: where it is written (file, line)."""

    entry: Entry | Adaptation
    change: Change | None  # None for an adaptation
    file: str
    line: int
    index: int  # its place among the file's changes and adaptations (1-based)
    rendered: str | None = None  # its reason in this deal's words (report.py renders the expressions in it)

    @property
    def recorded(self) -> str:
        """"purchase_agreement/variance.yaml:41": where it is written, the same on every machine (the reports)."""
        return f"{Path(self.file).parent.name}/{Path(self.file).name}:{self.line}"

    @property
    def adaptation(self) -> bool:
        return self.change is None

    @property
    def category(self) -> str:
        return self.entry.category

    @property
    def text(self) -> str:
        """The reason as the memo and the report give it: in the deal's words once rendered (`rendered`)."""
        return self.rendered if self.rendered is not None else self.source

    @property
    def source(self) -> str:
        """The reason as written in variance.yaml, its {{ expressions }} unrendered."""
        return " ".join(self.entry.reason.split())

    @property
    def optional(self) -> bool:
        """A change only some deals make: a deal without it does not make the reason stale (the test suite checks
        that some deal of the corpus makes it)."""
        return bool(self.change is not None and (self.change.optional or self.entry.optional))

    @property
    def where(self):
        return self.entry.where if self.change is None else self.change.where

    def wanted(self, where: str) -> bool:
        """Whether it speaks of this section of the form (every section when it names none, but those it excepts)."""
        w = self.where
        if self.change is None and where in self.entry.except_:
            return False
        return w is None or where in ([w] if isinstance(w, str) else w)

    @property
    def label(self) -> str:
        """How a finding names it: "variance.yaml:41 (where 6.7, form "...")"."""
        parts = [f"where {self.where}" if self.where else "anywhere"]
        if self.change is None:
            parts.append("adapting " + ", ".join(f'"{k}"' for k in list(self.entry.replace)[:3]))
        else:
            if self.change.form is not None:
                parts.append(f'form "{self.change.form}"')
            if self.change.ours is not None:
                parts.append(f'ours "{self.change.ours}"')
        return f"{self.file}:{self.line} ({', '.join(parts)})"

    @property
    def whens(self) -> list[str]:
        """Its conditions: the entry's `when` and its change's."""
        return [w for w in (self.entry.when, self.change and self.change.when) if w]

    @property
    def expressions(self) -> list[str]:
        """The template expressions it holds: its `when` conditions and each {{ expression }} of its reason (the
        report evaluates them; assembler/precompile.py compiles them when the tool is installed)."""
        return self.whens + [m.strip() for m in EXPRESSION.findall(self.source)]

    def applies(self, edition: str, condition) -> bool:
        """Whether it speaks of this deal: its edition, and its `when` (evaluated by `condition`)."""
        e = self.entry
        if e.editions is not None and edition not in e.editions:
            return False
        return all(bool(condition(when, self)) for when in self.whens)

    def matches(self, deviation) -> bool:
        if self.change is None or not self.wanted(deviation.form_where):
            return False
        return _fits(self.change.form, deviation.form_match) and _fits(self.change.ours, deviation.ours_match)


@dataclass
class Reasons:
    form: str
    document: str
    file: Path
    reasons: list[Reason] = field(default_factory=list)


def _norm(text: str) -> str:
    return " ".join(text.replace("“", '"').replace("”", '"').replace("’", "'").split())


@lru_cache(maxsize=512)
def _pattern(text: str) -> re.Pattern:
    return re.compile("^" + ".*".join(re.escape(part) for part in _norm(text).split("*")) + "$", re.S)


def _fits(pattern: str | None, text: str) -> bool:
    return pattern is None or bool(_pattern(pattern).match(_norm(text)))


def reasons_file(folder: Path) -> Path:
    return Path(folder) / REASONS_FILE


def load_reasons(folder: Path) -> Reasons | None:
    """The reasons beside a template (None when its folder has no variance.yaml: not taken from a form)."""
    path = reasons_file(folder)
    if not path.is_file():
        return None
    return _load(str(path.resolve()), path.stat().st_mtime_ns, str(path))


@lru_cache(maxsize=32)
def _load(path: str, _mtime: int, shown: str) -> Reasons:
    parsed, node = read_model(Path(path), ReasonsFile, "cannot read the recorded reasons", shown=shown)
    reasons: list[Reason] = []
    for adaptation, (line, _) in zip(parsed.adaptations, _entry_lines(node, "adaptations")):
        reasons.append(Reason(adaptation, None, shown, line, len(reasons) + 1))
    for entry, (line, change_lines) in zip(parsed.deviations, _entry_lines(node, "deviations")):
        if entry.changes is None:
            reasons.append(Reason(entry, Change(where=entry.where, form=entry.form, ours=entry.ours), shown, line,
                                  len(reasons) + 1))
        for change, at in zip(entry.changes or [], change_lines):
            if change.where is None and entry.where is not None:
                change = change.model_copy(update={"where": entry.where})
            reasons.append(Reason(entry, change, shown, at, len(reasons) + 1))
    return Reasons(parsed.form, parsed.document, Path(shown), reasons)


def _entry_lines(node, section: str) -> list[tuple[int, list[int]]]:
    """For each entry of `section`: its line, and the line of each of its `changes`."""
    if not isinstance(node, yaml.MappingNode):
        return []
    for key, value in node.value:
        if key.value == section and isinstance(value, yaml.SequenceNode):
            out = []
            for item in value.value:
                changes = next((v for k, v in getattr(item, "value", []) if getattr(k, "value", None) == "changes"
                                and isinstance(v, yaml.SequenceNode)), None)
                out.append((item.start_mark.line + 1, [c.start_mark.line + 1 for c in changes.value]
                            if changes is not None else []))
            return out
    return []

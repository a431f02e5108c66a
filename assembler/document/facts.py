"""What the term sheet fills into a document, marked in its text: for the form variance report, which compares a
document's wording with the form's and must not count a deal's names, amounts and dates as changed wording.

A marked rendering (document/assemble.py `render(..., marked=...)`, for the templates taken from a form) renders a
template as usual, except that what the term
sheet and the figures fill in is printed in the one mark of the rendering (document/provenance.py), flagged as a deal
fact (and with its figure's name when it has one); the tree keeps a fact's mark in its text:
- every output of a house filter (money, price, shares, wf, long_date, percent, jurisdiction, ...): every figure and
  date reaches a document through one of them (the environment's `finalize` refuses a raw one);
- every text of the term sheet (names, titles, addresses, states, the registration form) and the names the figures
  carry (investors, certificate holders, certificate numbers): these are `Fact` strings, a `str` subclass that
  compares and hashes as the plain text, so that a template's tests and look-ups behave exactly as in the real
  rendering; upper(), lower(), strip(), split() and slices keep the mark.
Wording the templates choose (`w.the_investors`, a rule's clause, a template's own `{{ "Shares" if ... }}`) is not
marked: it is wording, compared with the form's. The marks never reach a closing set: the term sheet refuses
private-use characters, and the set's document is the same rendered text with the facts' marks taken off
(provenance.unmark_text; tests/closing_set/test_one_rendering.py compares it with a rendering that marks nothing,
for every deal of the corpus).
"""
from __future__ import annotations

import dataclasses
from enum import Enum

from jinja2 import nodes
from jinja2.visitor import NodeTransformer
from pydantic import BaseModel

from assembler.document.provenance import mark
from assembler.law import Market



class Fact(str):
    """A text the term sheet or the figures give (a name, an address line, a formatted figure)."""

    __slots__ = ()

    def upper(self) -> "Fact":  # noqa: D102
        return Fact(str.upper(self))

    def lower(self) -> "Fact":  # noqa: D102
        return Fact(str.lower(self))

    def strip(self, chars=None) -> "Fact":  # noqa: D102
        return Fact(str.strip(self, chars))

    def split(self, sep=None, maxsplit=-1) -> list:  # noqa: D102 - "New York, New York".split(",")[0]
        return [Fact(part) for part in str.split(self, sep, maxsplit)]

    def __getitem__(self, index) -> "Fact":  # a slice of a name is still the name's text
        return Fact(str.__getitem__(self, index))


class NamedFact(Fact):
    """A filter's text of a named figure, as a deal fact (its mark carries both)."""

    figure: str


LITERAL_PREFIX = "_literal_"  # `{{ 12 | wf }}` compiles to `{{ 12 | _literal_wf }}`: the unmarked filter


class LiteralFilters(NodeTransformer):
    """A filter applied to a constant the template writes (`{{ 12 | wf }}`) gives wording, not a deal fact: it is
    renamed to the filter's unmarked twin, which every environment registers (so compiled code is the same in both)."""

    def visit_Filter(self, node: nodes.Filter) -> nodes.Filter:
        node = self.generic_visit(node)
        if isinstance(node.node, nodes.Const) and not node.name.startswith("_"):
            node.name = LITERAL_PREFIX + node.name
        return node


def mark_enum_name(owner, value):
    """A market's name as the marked rendering prints it: "the " + the name marked as a fact (an enumeration is not
    marked by _mark: its other attributes are wording, such as the_name's article)."""
    if isinstance(owner, Market) and isinstance(value, str) and owner.value in value:
        return value.replace(owner.value, mark(owner.value, fact=True))
    return value


def mark_filter(function):
    """A house filter whose output is a fact (its input may be marked: the marks are taken off first)."""

    def marking(value, *args, **kwargs):
        out = function(value, *args, **kwargs)
        if isinstance(out, list):
            return [Fact(line) for line in out]
        name = getattr(out, "figure", None)  # the figure it prints (provenance.carry): the mark keeps its name
        if name:
            out = NamedFact(out)
            out.figure = name
            return out
        return Fact(out)

    marking.__name__ = getattr(function, "__name__", "filter")
    return marking


def _mark(value):
    if isinstance(value, Enum) or isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        return Fact(value)
    if isinstance(value, BaseModel):
        update = {name: _mark(getattr(value, name)) for name in type(value).model_fields}
        return value.model_copy(update=update)
    if isinstance(value, list):
        return [_mark(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_mark(v) for v in value)
    return value


def mark_term_sheet(ts):
    """The term sheet with every text a Fact (enumerations, numbers and dates as they are: filters mark those)."""
    return _mark(ts)


def mark_figures(fig):
    """The figures with the names they carry as Facts (a series' label and name are wording: "Series A Warrants")."""
    replace = dataclasses.replace

    def certificate(c):
        return replace(c, number=Fact(c.number), holder=Fact(c.holder)) if c is not None else None

    investors = [replace(p, name=Fact(p.name), warrants=[certificate(c) for c in p.warrants],
                         certificate_number=Fact(p.certificate_number) if p.certificate_number else None)
                 for p in fig.investors]
    series = [replace(s, termination_time=Fact(s.termination_time)) if s.termination_time else s for s in fig.series]
    agent = replace(fig.agent, name=Fact(fig.agent.name), certificate=certificate(fig.agent.certificate)) \
        if fig.agent is not None else None
    return replace(fig, investors=investors, series=series, agent=agent,
                   certificates=[certificate(c) for c in fig.certificates])

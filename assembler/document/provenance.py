"""Which figure each printed number came from: the provenance of figures in a rendered document.

Templates print figures through the house-style filters (`{{ series.exercise_price | price }}`). While an XML
template renders, every number or date it reads from the computed figures (`fig`, `series`, `warrant`, `position`,
and the term sheet's own dates) is a `Named` value that carries the name of the figure it is
(`series/B/exercise_price`, `certificate/B-1/warrant_shares`); a filter's text carries the name on (`NamedText`),
and the environment's `finalize` prints that text between two marks. `elements.parse` turns the marks into
`<fig of="NAME">$4.68</fig>`, and the document tree keeps the name on the run (`blocks.Run.figure`). So the document
checks know that "$4.68" in the Series B Warrant is Series B's Exercise Price, not a number that happens to match.

The Company's name is named too (`company/name`): the checks compare it wherever a document states it. A value a
template computes (`x * 2`) or joins into a string (`"up to " ~ (n | shares)`), any other name and a label carry no
name; so does a figure printed inside an attribute (its marks are dropped there) or by a native Word template. Every
figure a build's checks compare carries its name in the corpus (tests/check/test_provenance_coverage.py). Nothing
here changes a printed character.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from markupsafe import Markup, escape

from assembler.figures.model import Agent, Capitalization, Dates, Figures, Position, Series, Totals, WarrantCertificate
from assembler.termsheet.model import Company, TermSheet

MARKED = "_figures_marked"  # the render context flag: print named figures marked (XML templates only)
OPEN, SEP, CLOSE = "\ue000", "\ue001", "\ue002"  # private-use characters: never in a document's text
_MARKS = re.compile(f"[{OPEN}{SEP}{CLOSE}]")
_FIGURE = re.compile(f"{OPEN}([^{OPEN}{SEP}{CLOSE}]*){SEP}([^{OPEN}{SEP}{CLOSE}]*){CLOSE}")
_TAG = re.compile(r"<[^<>]*>")


def scope(owner) -> str | None:
    """The part of the figures `owner` is ("series/B", "certificate/B-1", "deal"), or None for anything else."""
    kind = type(owner)
    if kind is Series:
        return f"series/{owner.prefix}"
    if kind is WarrantCertificate:
        return f"certificate/{owner.number}"
    if kind is Position:
        return f"investor/{owner.name}"
    if kind is Figures:
        return "deal"
    if kind is TermSheet:
        return "term_sheet"
    return _PARTS.get(kind)


_PARTS = {Totals: "totals", Agent: "agent", Dates: "dates", Capitalization: "capitalization", Company: "company"}
_NAMED_TEXTS = {(Company, "name")}  # texts of the term sheet the checks compare: the Company's name


def figure_name(owner, attribute: str) -> str:
    """The name of the figure `owner.attribute`: `series/B/exercise_price`, `deal/purchase_price`."""
    return f"{scope(owner)}/{attribute}"


class Named:
    """A figure read by a template, with its name (`figure`)."""

    figure: str


class NamedDecimal(Decimal, Named):
    pass


class NamedInt(int, Named):
    pass


class NamedDate(dt.date, Named):
    pass


class NamedText(str):
    """A filter's text of a named figure ("$4.68"), with the figure's name."""

    figure: str


def named(owner, attribute: str, value):
    """`value` (owner.attribute, as a template reads it) with its figure name when it is a number or a date of the
    figures; anything else unchanged. Arithmetic on a named value gives a plain one."""
    if type(owner) not in _NAMED_OWNERS or isinstance(value, bool) or value is None:
        return value
    if type(value) is str:  # a Fact of the marked rendering (document/facts.py) is its own subclass: left as it is
        if (type(owner), attribute) not in _NAMED_TEXTS:
            return value
        out = NamedText(value)
        out.figure = figure_name(owner, attribute)
        return out
    if isinstance(value, Decimal):
        out = NamedDecimal(value)
    elif isinstance(value, int):
        out = NamedInt(value)
    elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        out = NamedDate(value.year, value.month, value.day)
    else:
        return value
    out.figure = figure_name(owner, attribute)
    return out


_NAMED_OWNERS = {Series, WarrantCertificate, Position, Figures, TermSheet, *_PARTS}


def carry(filter_):
    """A house-style filter whose text keeps the name of the figure it formats."""
    def named_filter(value, *args, **kwargs):
        out = filter_(value, *args, **kwargs)
        name = getattr(value, "figure", None)  # a date computed from a named one has its type but no name
        if name and isinstance(out, str):
            out = NamedText(out)
            out.figure = name
        return out

    named_filter.__name__ = named_filter.__qualname__ = filter_.__name__
    named_filter.__doc__ = filter_.__doc__
    return named_filter


def marked(text: NamedText) -> Markup:
    """The figure's text between its marks, escaped: OPEN name SEP text CLOSE."""
    return Markup(f"{OPEN}{escape(text.figure)}{SEP}{escape(str(text))}{CLOSE}")


def unmarked(text: str) -> str:
    """Any other printed text, with the marks taken out (a term sheet's text cannot forge a figure's name)."""
    return _MARKS.sub("", text) if _MARKS.search(text) else text


def to_elements(xml_text: str) -> str:
    """The rendered XML with each marked figure as `<fig of="NAME">TEXT</fig>`; inside a tag (an attribute value) the
    marks are dropped and the text kept."""
    if OPEN not in xml_text:
        return xml_text
    xml_text = _TAG.sub(lambda m: _FIGURE.sub(r"\2", m.group(0)), xml_text)
    return _MARKS.sub("", _FIGURE.sub(r'<fig of="\1">\2</fig>', xml_text))

"""The one mark a rendering puts on what it prints from the deal: which figure a printed number is (provenance, read
by the document checks) and whether the text is a deal fact (read by the form variance report, document/facts.py).

A mark is OPEN HEAD SEP TEXT CLOSE, four private-use characters that no document's text holds (the term sheet refuses
them): HEAD is the figure's name, after FACT when the text is a deal fact (`\ue003series/B/exercise_price`); either
part may be empty.

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
figure a build's checks compare carries its name in the corpus (tests/check/test_provenance_coverage.py).

The documents taken from a form render with every deal fact in the same mark, flagged FACT (a figure's with its name
too: document/facts.py); `to_elements` leaves a fact's mark in the text and in attributes, where the variance report
reads it (`FACT_MARK`, `fact_spans`, `unmark_facts`). The same rendered text with the facts' marks taken off
(`unmark_text`: a figure's mark stays, with its name) is the set's document, so a build renders each template once.
Nothing here changes a printed character of a closing set.
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
FACT = "\ue003"  # first in a mark's head: the text is a deal fact (only the variance report's rendering marks facts)
_MARKS = re.compile(f"[{OPEN}{SEP}{CLOSE}{FACT}]")
_FIGURE = re.compile(f"{OPEN}([^{OPEN}{SEP}{CLOSE}{FACT}]*){SEP}([^{OPEN}{SEP}{CLOSE}]*){CLOSE}")  # not a fact
FACT_MARK = re.compile(f"{OPEN}{FACT}[^{OPEN}{SEP}{CLOSE}]*{SEP}(.*?){CLOSE}", re.S)  # group 1: the fact's text
_KEEP_FACTS = re.compile(f"({FACT_MARK.pattern})|{_MARKS.pattern}", re.S)
_MARKED_TAG = re.compile(f"<[^<>{OPEN}]*{OPEN}[^<>]*>")  # a tag (`<[^<>]*>`) with a mark inside


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
_TEXT_NAMES = {f"{_PARTS[owner]}/{attribute}" for owner, attribute in _NAMED_TEXTS}


def is_named_text(name: str | None) -> bool:
    """Is `name` a text's (the Company's name), not a number's or a date's? The tree keeps such a name on the run
    around it (document/tree.py), so that naming it changes no run a writer draws."""
    return name in _TEXT_NAMES


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
    if type(value) is str and (type(owner), attribute) in _NAMED_TEXTS:  # a Fact (document/facts.py) is left as it is
        out = NamedText(value)
        out.figure = figure_name(owner, attribute)
        return out
    if type(owner) not in _NAMED_OWNERS or isinstance(value, bool) or value is None:
        return value
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


_NAMED_OWNERS = {Series, WarrantCertificate, Position, Figures, TermSheet, *_PARTS} - {Company}  # its name only


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


def mark(text: str, figure: str | None = None, fact: bool = False) -> str:
    """The mark around `text` (as it is: a caller that prints it escapes it): OPEN [FACT]figure SEP text CLOSE."""
    return f"{OPEN}{FACT if fact else ''}{figure or ''}{SEP}{text}{CLOSE}"


def marked(text: str, fact: bool = False) -> Markup:
    """A printed text in its mark, escaped: a named figure's (`NamedText`) with its name, a deal fact's flagged."""
    return Markup(mark(escape(str(text)), escape(getattr(text, "figure", "") or ""), fact))


def unmarked(text: str) -> str:
    """Any other printed text, with the marks taken out (a term sheet's text cannot forge a figure's name)."""
    return _MARKS.sub("", text) if _MARKS.search(text) else text


def to_elements(xml_text: str) -> str:
    """The rendered XML with each marked figure as `<fig of="NAME">TEXT</fig>`; inside a tag (an attribute value) the
    marks are dropped and the text kept. A deal fact's mark stays where it is, in the text and in attributes (the
    variance report reads it: `fact_spans`)."""
    if OPEN not in xml_text:
        return xml_text
    xml_text = _MARKED_TAG.sub(lambda m: _FIGURE.sub(r"\2", m.group(0)), xml_text)  # (only tags holding a mark)
    xml_text = _FIGURE.sub(r'<fig of="\1">\2</fig>', xml_text)
    return _KEEP_FACTS.sub(lambda m: m.group(1) or "", xml_text) if _MARKS.search(xml_text) else xml_text


_FACT_HEAD = re.compile(f"{OPEN}{FACT}([^{OPEN}{SEP}{CLOSE}]*){SEP}(.*?){CLOSE}", re.S)


def unmark_text(xml_text: str) -> str:
    """A marked rendering's text as the plain rendering prints it: each deal fact's mark taken off, a figure's mark
    kept with its name (document/assemble.py renders a template once and reads it both ways)."""
    if OPEN not in xml_text:
        return xml_text
    return _FACT_HEAD.sub(lambda m: f"{OPEN}{m.group(1)}{SEP}{m.group(2)}{CLOSE}" if m.group(1) else m.group(2),
                          xml_text)


def text_figure(owner, attribute: str) -> str | None:
    """The name of a text of the term sheet the checks compare (the Company's name), else None."""
    return figure_name(owner, attribute) if (type(owner), attribute) in _NAMED_TEXTS else None


def fact_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each deal fact's mark in `text`, the marks included."""
    return [m.span() for m in FACT_MARK.finditer(text)]


def unmark_facts(text: str) -> str:
    """The text as the real rendering has it: each deal fact's mark replaced by its text."""
    return FACT_MARK.sub(r"\1", text) if OPEN in text else text

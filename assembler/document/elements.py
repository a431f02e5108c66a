"""The template language: its elements and the attributes each takes (ELEMENTS), and the rendered XML parsed into a
checked tree. Every element written in a template carries the template file and line it was written on
(`_at="FILE:LINE"`, stamped by document/environment.py before Jinja compiles the template), so each error names
FILE:LINE: an unknown element, an attribute the element does not take or a value it cannot have, and (for XML that
is not well-formed) the last element opened before the fault. docs/template-language.md describes the elements."""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

from assembler.document.provenance import to_elements
from assembler.errors import TemplateError

SCHEMES = ("articles", "sections", "numbered")
BLANK_SIZES = {"short": 10, "medium": 20, "long": 40}
SIG_RULE = "_" * 32
# where a signature block's line stands besides its column: across the page (a certificate's text above a
# countersignature) or centred (a heading)
SIGNATURE_PLACES = ("page", "center")
AT = "_at"  # the template FILE:LINE stamp (document/environment.py LINE_ATTRIBUTE)

_ALIGN = ("left", "center", "right", "justify")
_PARAGRAPH = {"align": _ALIGN, "indent": ("0", "1", "2", "3"), "keep": ("next",)}
_NUMBERED = {"label": None, "title": None}
# Each element of the template language and the attributes it takes: a tuple lists the allowed values, None allows
# any text, a callable checks the value. docs/template-language.md describes them.
ELEMENTS: dict[str, dict] = {
    "document": {"scheme": SCHEMES},
    "title": _PARAGRAPH, "subtitle": _PARAGRAPH, "p": _PARAGRAPH, "legend": _PARAGRAPH,
    "article": _NUMBERED, "section": _NUMBERED, "clause": _NUMBERED,
    "notices": {}, "party": {"heading": None},
    # in a signature block: indented under the line above (a tier of the signer's chain), or set across the page
    "line": {"indent": ("1", "2", "3"), "place": SIGNATURE_PLACES},
    "lines": {"align": _ALIGN, "keep": ("next",)},
    "signatures": {}, "signature-block": {"signer": None, "party": None},
    "table": {"widths": lambda v: all(w.strip().isdigit() and 0 < int(w) < 1000 for w in v.split(","))},
    "row": {"header": ("true", "false")}, "cell": {"align": _ALIGN},
    "form": {}, "pagebreak": {}, "toc": {},
    "b": {}, "i": {}, "u": {}, "sig": {}, "blank": {"size": tuple(BLANK_SIZES)},
    "ref": {"to": None, "src": None, "show": ("title",)},
    "fig": {"of": None},  # a figure's text and name, written by the filters only (document/provenance.py)
}


def where(el: ET.Element, template: str) -> tuple[str, int | None]:
    """The template file and line `el` was written on (the template alone, for an element made by an expression)."""
    name, _, line = (el.get(AT) or "").rpartition(":")
    return (name, int(line)) if name and line.isdigit() else (template, None)


def fail(el: ET.Element, template: str, message: str) -> TemplateError:
    return TemplateError(*where(el, template), message)


_STAMP = re.compile(r'\b_at="([^"]*):(\d+)"')


def parse(xml_text: str, template: str) -> ET.Element:
    """The rendered XML as a tree of known elements with valid attributes; else a TemplateError at FILE:LINE."""
    xml_text = to_elements(xml_text)  # each marked figure as <fig of="NAME">
    if "<!DOCTYPE" in xml_text or "<!ENTITY" in xml_text:
        at = xml_text.find("<!")
        stamps = _STAMP.findall(xml_text, 0, at)
        name, line = stamps[-1] if stamps else (template, None)
        raise TemplateError(name, int(line) if line else None, "a DOCTYPE or ENTITY declaration is not allowed")
    try:
        root = ET.fromstring(xml_text)
    except ET.ParseError as exc:
        line, column = exc.position
        lines = xml_text.splitlines()
        near = lines[line - 1].strip()[:80] if 0 < line <= len(lines) else ""
        offset = sum(len(text) + 1 for text in lines[:line - 1]) + column
        stamps = _STAMP.findall(xml_text, 0, offset)  # the last element opened before the fault
        name, at = (stamps[-1][0], int(stamps[-1][1])) if stamps else (template, None)
        near = _STAMP.sub("", near).replace("  ", " ")
        message = str(exc).split(":")[0]
        raise TemplateError(html.unescape(name), at, f"the rendered text is not well-formed XML ({message}), at or "
                            f"after this line; near: {near!r}") from None
    if root.tag != "document" or root.get("scheme") not in SCHEMES:
        raise fail(root, template, f"the root must be <document scheme=\"{'|'.join(SCHEMES)}\">")
    for el in root.iter():
        check_element(el, template)
    return root


def check_element(el: ET.Element, template: str) -> None:
    """An element of the template language with attributes it takes and values it can have."""
    allowed = ELEMENTS.get(el.tag)
    if el.tag == "fig" and el.get(AT):
        raise fail(el, template, "<fig> is written by the figure filters, never by hand: print the figure with a "
                   "filter ({{ series.exercise_price | price }})")
    if allowed is None:
        listed = ", ".join(f"<{t}>" for t in ELEMENTS if t not in ("ref", "fig"))  # those two are made, not written
        raise fail(el, template, f"unknown element <{el.tag}>; the template language has {listed} "
                   "(docs/template-language.md)")
    for name, value in el.attrib.items():
        if name == AT:
            continue
        if name not in allowed:
            takes = ", ".join(allowed) or "no attributes"
            raise fail(el, template, f"<{el.tag}> does not take the attribute {name}=\"{value[:40]}\" "
                       f"(it takes {takes})")
        rule = allowed[name]
        ok = rule is None or (value in rule if isinstance(rule, tuple) else rule(value))
        if not ok:
            expected = "|".join(rule) if isinstance(rule, tuple) else "comma-separated whole numbers"
            raise fail(el, template, f"<{el.tag} {name}=\"{value[:40]}\">: {name} must be {expected}")

"""Word list numbering for the three numbering schemes, linked to the house-style heading styles; and the reader
that turns a DOCX's list numbering back into the labels Word shows (text extraction sees no number otherwise).

ARTICLE I / Section 1.1. / (a) / (i) / (A) is one multilevel list: each level names its paragraph style (w:pStyle) and
each style names its level (w:numPr), so a paragraph given the style "Section" in Word is numbered, and inserting one
renumbers what follows. Section numbers under roman articles are decimal ("Section 9.1", w:isLgl).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from assembler.words import roman

TWIPS_PER_INCH = 1440
BOLD = {True: "<w:b/>", False: '<w:b w:val="0"/>'}


@dataclass(frozen=True)
class Level:
    fmt: str  # w:numFmt
    text: str  # w:lvlText: %1 is level 0's number
    style: str | None  # the paragraph style linked to the level
    indent: float = 0.0  # inches, as the style's left indent
    legal: bool = False  # w:isLgl: earlier levels shown as decimal
    bold: bool = False
    suffix: str = "space"  # what follows the number: space, nothing, tab
    caps: bool = False  # shown in capitals ("ARTICLE IX"); a reference reads the text ("Article IX")


_CLAUSES = [("lowerLetter", "Clause 1", 0.5), ("lowerRoman", "Clause 2", 1.0), ("upperLetter", "Clause 3", 1.5)]


def levels(scheme: str) -> list[Level]:
    """The list levels of a numbering scheme (as tree.number() numbers it)."""
    if scheme == "articles":
        top = [Level("upperRoman", "Article %1", "Article", bold=True, suffix="nothing", caps=True),
               Level("decimal", "Section %1.%2.", "Section", legal=True, bold=True)]
    elif scheme == "sections":
        top = [Level("decimal", "Section %1.", "Section", bold=True)]
    else:
        top = [Level("decimal", "%1.", "Section", bold=True)]
    clauses = [Level(fmt, f"(%{len(top) + i + 1})", style, indent) for i, (fmt, style, indent) in enumerate(_CLAUSES)]
    deeper = [Level("upperLetter", f"(%{len(top) + 4 + i})", None, 1.5) for i in range(9 - len(top) - 3)]
    return top + clauses + deeper


def style_levels(scheme: str) -> dict[str, int]:
    return {lvl.style: i for i, lvl in enumerate(levels(scheme)) if lvl.style}


def _next_id(numbering, tag: str, attribute: str) -> int:
    return 1 + max((int(el.get(qn(attribute))) for el in numbering.findall(qn(tag))), default=0)


def install(document, scheme: str) -> tuple[int, dict[str, int]]:
    """Add the scheme's list to a python-docx document and link its styles to it: (numId, style name -> level)."""
    w = nsdecls("w")
    numbering = document.part.numbering_part.element
    abstract_id = _next_id(numbering, "w:abstractNum", "w:abstractNumId")
    num_id = _next_id(numbering, "w:num", "w:numId")
    xml = [f'<w:abstractNum {w} w:abstractNumId="{abstract_id}"><w:multiLevelType w:val="multilevel"/>']
    for i, lvl in enumerate(levels(scheme)):
        style = document.styles[lvl.style] if lvl.style else None
        xml.append(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{lvl.fmt}"/>'
                   + (f'<w:pStyle w:val="{style.style_id}"/>' if style is not None else "")
                   + ("<w:isLgl/>" if lvl.legal else "")
                   + f'<w:suff w:val="{lvl.suffix}"/><w:lvlText w:val="{lvl.text}"/><w:lvlJc w:val="left"/>'
                   + f'<w:pPr><w:ind w:left="{int(lvl.indent * TWIPS_PER_INCH)}" w:firstLine="0"/></w:pPr>'
                   + f'<w:rPr>{BOLD[lvl.bold]}{"<w:caps/>" if lvl.caps else ""}<w:u w:val="none"/></w:rPr></w:lvl>')
    xml.append("</w:abstractNum>")
    first_num = next(iter(numbering.findall(qn("w:num"))), None)
    abstract = parse_xml("".join(xml))
    if first_num is not None:
        first_num.addprevious(abstract)  # every abstractNum comes before the first num
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {w} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'))
    linked = style_levels(scheme)
    for name, level in linked.items():
        ppr = document.styles[name].element.get_or_add_pPr()
        for old in ppr.findall(qn("w:numPr")):
            ppr.remove(old)
        ppr.insert(0, parse_xml(f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return num_id, linked


def paragraph_numbering(paragraph, num_id: int, level: int | None) -> None:
    """Give a paragraph its own list level (one its style does not carry), or none at all (level None)."""
    w = nsdecls("w")
    ppr = paragraph._p.get_or_add_pPr()
    xml = (f'<w:numPr {w}><w:numId w:val="0"/></w:numPr>' if level is None else
           f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    style = ppr.find(qn("w:pStyle"))
    (style.addnext if style is not None else lambda el: ppr.insert(0, el))(parse_xml(xml))


# ---------------------------------------------------------------- reading the labels back

def _letters(n: int) -> str:  # Word: a..z, then aa..zz
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


FORMATS = {"decimal": str, "upperRoman": roman, "lowerRoman": lambda n: roman(n).lower(),
           "lowerLetter": _letters, "upperLetter": lambda n: _letters(n).upper(), "none": lambda n: ""}
SUFFIX = {"space": " ", "tab": "\t", "nothing": ""}


def list_labels(document) -> dict:
    """For each numbered body paragraph (lxml element) of a python-docx document, the label Word shows before its
    text, with the separator that follows it ("Section 1.1. ", "(a) ", "ARTICLE I")."""
    part = document.part
    try:
        numbering = part.numbering_part.element
    except (KeyError, NotImplementedError):
        return {}
    abstract = {a.get(qn("w:abstractNumId")): a for a in numbering.findall(qn("w:abstractNum"))}
    nums = {n.get(qn("w:numId")): abstract.get(n.find(qn("w:abstractNumId")).get(qn("w:val")))
            for n in numbering.findall(qn("w:num"))}
    style_num = {}
    for style in document.styles.element.findall(qn("w:style")):
        num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num_pr is not None:
            style_num[style.get(qn("w:styleId"))] = num_pr
    counters: dict[str, list[int]] = {}
    labels = {}
    for p in document.element.body.iter(qn("w:p")):
        ppr = p.find(qn("w:pPr"))
        num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
        style = ppr.find(qn("w:pStyle")) if ppr is not None else None
        inherited = style_num.get(style.get(qn("w:val"))) if style is not None else None
        num_id = _val(num_pr, "w:numId") or _val(inherited, "w:numId")
        level = _val(num_pr, "w:ilvl") or _val(inherited, "w:ilvl") or "0"
        definition = nums.get(num_id)
        if num_id in (None, "0") or definition is None:
            continue
        ilvl = int(level)
        lvls = {int(l.get(qn("w:ilvl"))): l for l in definition.findall(qn("w:lvl"))}
        count = counters.setdefault(id(definition), [0] * 9)
        count[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            count[deeper] = 0
        lvl = lvls[ilvl]
        legal = lvl.find(qn("w:isLgl")) is not None

        def number(match, lvls=lvls, count=count, ilvl=ilvl, legal=legal) -> str:
            k = int(match.group(1)) - 1
            fmt = _val(lvls.get(k), "w:numFmt") or "decimal"
            start = int(_val(lvls.get(k), "w:start") or 1)
            return FORMATS.get("decimal" if legal and k < ilvl else fmt, str)(count[k] + start - 1)

        text = re.sub(r"%(\d)", number, _val(lvl, "w:lvlText") or "")
        if lvl.find(f"{qn('w:rPr')}/{qn('w:caps')}") is not None:
            text = text.upper()
        labels[p] = text + SUFFIX.get(_val(lvl, "w:suff") or "tab", "\t")
    return labels


def _val(el, tag: str) -> str | None:
    if el is None:
        return None
    child = el.find(qn(tag))
    return child.get(qn("w:val")) if child is not None else None

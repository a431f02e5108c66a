"""The document tree: parse a rendered template (XML, checked by document/elements.py), number it, resolve
cross-references, and flatten it into the blocks both renderers draw (document/blocks.py). Numbers and reference
texts are computed here and nowhere else. Errors name the template FILE:LINE each element carries (an element in the
wrong place, a label defined twice)."""
from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from assembler.document.elements import BLANK_SIZES, SCHEMES, SIG_RULE, fail, parse  # noqa: F401 - parse: the API
from assembler.document.blocks import Block, Run, tidy
from assembler.document.provenance import is_named_text
from assembler.errors import TemplateError
from assembler.words import roman


@dataclass
class Document:
    """One rendered document: its blocks and the texts its labels resolve to."""

    key: str  # unique in the set (warrants: warrant#W-1)
    doc_id: str  # the template id
    title: str
    root: ET.Element | None  # None for a native .docx template (its blocks are read back from the DOCX)
    template: str
    exhibit: str | None = None
    certificate: str | None = None  # per-investor documents: the certificate number and the holder
    holder: str | None = None
    series: str | None = None  # per-series documents of a deal with several series: the series ("Series A")
    signatory: str | None = None  # per-signatory documents (signature packets): whose packet
    signs_for: tuple[str, ...] = ()  # a signature packet for one party's pages only (an investor): that party
    labels: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)  # label -> the title of its article, section or clause
    # label -> its reference text in parts: (text, bookmark, REF switches); the parts with a bookmark are numbers a
    # DOCX writes as REF fields ("Section " + "9.1" + "(b)"); joined they are exactly labels[label]
    ref_parts: dict[str, list[tuple[str, str | None, str]]] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    outputs: tuple[str, ...] = ("docx", "pdf")
    native_docx: bytes | None = None  # the rendered DOCX of a native .docx template
    signed_at: str = "closing"  # the timetable step its pages are signed at (manifest signed_at)
    packet: str = "signature_pages"  # what a signer's packet takes of it (manifest packet)

    def signature_blocks(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "signature"]

    @property
    def ref_text(self) -> str:
        return f"Exhibit {self.exhibit}" if self.exhibit else f"the {self.title}"


def _clause_mark(depth: int, n: int) -> str:
    if depth == 1:
        return chr(ord("a") + n - 1) if n <= 26 else f"a{n}"
    if depth == 2:
        return roman(n).lower()
    return chr(ord("A") + n - 1)


def bookmark_name(label: str) -> str:
    """A Word bookmark for a label: hidden (leading "_"), letters, digits and "_", at most 40 characters."""
    name = "_Ref_" + re.sub(r"[^A-Za-z0-9]", "_", label)
    return name if len(name) <= 40 else "_Ref_" + hashlib.sha256(label.encode()).hexdigest()[:20]


# REF field switches: the paragraph's whole number ("Section 9.1", "Article IX": Word and LibreOffice both drop the
# trailing period); a clause's own level only ("(b)", after the section's number).
WHOLE_NUMBER, OWN_LEVEL = r"\r \h", r"\n \h"


def number(doc: Document) -> None:
    """Set `num` (what is printed), `refname` (what a reference says) and, for labelled ones, `bookmark` on every
    article, section and clause."""
    scheme = doc.root.get("scheme")
    labels: dict[str, str] = {}
    parts: dict[str, list[tuple[str, str | None, str]]] = {}

    def label(el: ET.Element, ref: list[tuple[str, str | None, str]]) -> None:
        el.set("refname", "".join(text for text, _, _ in ref))
        name = el.get("label")
        if name:
            if name in labels:
                raise fail(el, doc.template, f"label '{name}' is defined twice")
            labels[name], parts[name] = el.get("refname"), ref
            doc.titles[name] = " ".join((el.get("title") or "").split())
            el.set("bookmark", bookmark_name(name))

    def mine(el: ET.Element) -> str | None:
        return bookmark_name(el.get("label")) if el.get("label") else None

    def clauses(parent: ET.Element, base: list, depth: int) -> None:
        n = 0
        for el in parent:
            if el.tag == "clause":
                n += 1
                mark = _clause_mark(depth, n)
                el.set("num", f"({mark})")
                ref = base + [(f"({mark})", mine(el), OWN_LEVEL)]
                label(el, ref)
                clauses(el, ref, depth + 1)
            elif el.tag not in ("section", "article"):
                clauses(el, base, depth)

    def sections(parent: ET.Element, prefix: str) -> None:
        n = 0
        for el in parent.iter("section"):
            n += 1
            ident = f"{prefix}{n}"
            el.set("num", {"articles": f"Section {ident}.", "sections": f"Section {ident}.",
                           "numbered": f"{ident}."}[scheme])
            ref = [("Section ", None, ""), (ident, mine(el), WHOLE_NUMBER)] if scheme == "numbered" else \
                [(f"Section {ident}", mine(el), WHOLE_NUMBER)]
            label(el, ref)
            clauses(el, ref, 1)

    if scheme == "articles":
        for i, art in enumerate(doc.root.iter("article"), start=1):
            art.set("num", f"ARTICLE {roman(i)}")
            label(art, [(f"Article {roman(i)}", mine(art), WHOLE_NUMBER)])
            sections(art, f"{i}.")
    else:
        sections(doc.root, "")
    doc.labels, doc.ref_parts = labels, parts


def resolve(doc: Document, documents: dict[str, Document]) -> None:
    """Replace every <ref> with its text; an unknown label fails with the template file and line."""
    for parent in doc.root.iter():
        for el in list(parent):
            if el.tag != "ref":
                continue
            target = el.get("to", "")
            text = lookup(target, doc, documents)
            if text is not None and el.get("show") == "title":  # the heading's title, not its number
                text = lookup_title(target, doc, documents)
            if text is None:
                src = el.get("src", doc.template)
                name, _, line = src.rpartition(":")
                raise TemplateError(name or src, int(line) if line.isdigit() else None,
                                    f"unknown cross-reference label '{target}'")
            el.tag, el.attrib, el.text = "span", {}, text
            ref_parts = lookup_parts(target, doc)
            if ref_parts:  # a reference inside this document: its numbers become REF fields in Word
                el.text = None
                for part_text, bookmark, switches in ref_parts:
                    piece = ET.SubElement(el, "span", ({"ref": bookmark, "switches": switches} if bookmark else {}))
                    piece.text = part_text


def lookup_parts(target: str, doc: Document) -> list[tuple[str, str | None, str]] | None:
    """The parts of a reference to a label of `doc` itself (None for another document: no field across files)."""
    if ":" in target or target not in doc.ref_parts:
        return None
    parts = doc.ref_parts[target]
    return parts if "".join(text for text, _, _ in parts) == doc.labels[target] else None


def lookup_title(target: str, doc: Document, documents: dict[str, Document]) -> str | None:
    doc_id, _, label = target.rpartition(":")
    owner = next((d for d in documents.values() if d.doc_id == doc_id and label in d.titles), doc) if doc_id else doc
    return owner.titles.get(label) or None


def lookup(target: str, doc: Document, documents: dict[str, Document]) -> str | None:
    if ":" in target:
        doc_id, _, label = target.partition(":")
        for other in documents.values():
            if other.doc_id == doc_id and label in other.labels:
                return other.labels[label]
        return None
    if target in doc.labels:
        return doc.labels[target]
    for other in documents.values():  # a document by its key ("warrant_form#2": one of its series) or its id (the first)
        if other.key == target or other.doc_id == target:
            return other.ref_text
    return None


# ---------------------------------------------------------------- flatten to blocks

def _runs(el: ET.Element, bold=False, italic=False, underline=False, in_form=False, template="") -> list[Run]:
    runs: list[Run] = []
    flowing = None  # the run of this element's own text that a named text and the text after it continue
    if el.text:
        ref = (el.get("ref"), el.get("switches", "")) if el.tag == "span" and el.get("ref") else None
        runs.append(Run(el.text, bold, italic, underline, ref, el.get("of") if el.tag == "fig" else None))
        flowing = runs[-1] if ref is None and el.tag != "fig" else None
    for child in el:
        tag = child.tag
        if tag == "fig" and is_named_text(child.get("of")) and len(child) == 0:
            # a named text (the Company's name) stays part of the text around it: the name is kept on the run
            if flowing is None:
                runs.append(Run("", bold, italic, underline))
                flowing = runs[-1]
            flowing.text += child.text or ""
            flowing.named += ((child.get("of"), child.text or ""),)
            if child.tail:
                flowing.text += child.tail
            continue
        flowing = None
        if tag == "blank":
            if not in_form:
                raise fail(child, template, "a <blank/> is only allowed inside <form>")
            runs.append(Run("_" * BLANK_SIZES.get(child.get("size", "medium"), 20), bold, italic, underline))
        elif tag == "sig":
            runs.append(Run(SIG_RULE, bold, italic, underline))
        elif tag in ("b", "i", "u", "span", "fig"):
            runs += _runs(child, bold or tag == "b", italic or tag == "i", underline or tag == "u", in_form, template)
        else:
            raise fail(child, template, f"<{tag}> cannot appear inside a paragraph")
        if child.tail:
            runs.append(Run(child.tail, bold, italic, underline))
            flowing = runs[-1]
    return runs


def _cell_runs(cell: ET.Element, template: str) -> list[Run]:
    """A table cell: inline text, or several <line>s set on separate lines of the cell."""
    lines = list(cell.iter("line"))
    if not lines:
        return tidy(_runs(cell, template=template))
    runs: list[Run] = []
    for i, line in enumerate(lines):
        runs += ([Run("\n")] if i else []) + tidy(_runs(line, template=template))
    return runs


def _heading_runs(num: str, title: str | None, bold_num: bool) -> list[Run]:
    runs = [Run(num, bold=bold_num), Run(" ")]
    if title:
        title = title.strip()
        runs += [Run(title, underline=True), Run(". " if title[-1] not in ".?!" else " ")]
    return runs


def flatten(doc: Document) -> list[Block]:
    blocks: list[Block] = []
    template = doc.template
    scheme = doc.root.get("scheme")
    if doc.exhibit:
        blocks.append(Block("exhibit", [Run(f"EXHIBIT {doc.exhibit}", bold=True)], "Exhibit Heading", align="right",
                            bookmark=(1, f"Exhibit {doc.exhibit}: {doc.title}")))
    pending: list[Run] = []
    marks: list[tuple[int, str | None]] = []  # the list level and bookmark of each number in `pending`
    base = 1 if scheme == "articles" else 0  # the list level of a section
    titled = [False]

    def own_line(runs: list[Run], style: str, indent: int = 0, keep_next: bool = False) -> None:
        nonlocal pending, marks
        blocks.append(Block("p", tidy(runs), style, indent=indent, keep_next=keep_next, numbering=marks))
        pending, marks = [], []

    def para(kind, el, style, indent=0, in_form=False, **kw) -> Block:
        nonlocal pending, marks
        runs = tidy(pending + _runs(el, in_form=in_form, template=template)) if pending else \
            tidy(_runs(el, in_form=in_form, template=template))
        block = Block(kind, runs, style, align=el.get("align", kw.pop("align", None)),
                      indent=int(el.get("indent", indent)), keep_next=el.get("keep") == "next", in_form=in_form,
                      numbering=marks if pending else [], **kw)
        pending, marks = [], []
        blocks.append(block)
        return block

    def walk(el: ET.Element, depth: int, in_form: bool) -> None:
        nonlocal pending, marks
        for child in el:
            tag = child.tag
            if tag == "title":
                b = para("title", child, "Title", align="center", in_form=in_form)
                if not titled[0] and not doc.exhibit:
                    b.bookmark = (1, doc.title)
                titled[0] = True
            elif tag == "subtitle":
                para("subtitle", child, "Subtitle", align="center", in_form=in_form)
            elif tag == "p":
                para("p", child, "Clause" if depth else "Body", indent=depth, in_form=in_form)
            elif tag == "legend":
                para("legend", child, "Legend")
            elif tag == "pagebreak":
                blocks.append(Block("pagebreak", style="Body"))
            elif tag == "toc":  # the table of contents: drawn by the layout from the headings that follow
                blocks.append(Block("toc", style="TOC Heading"))
            elif tag == "article":
                title = (child.get("title") or "").strip()
                blocks.append(Block("article", [Run(child.get("num"), bold=True)], "Article", align="center",
                                    keep_next=True, bookmark=(2, f"{child.get('refname')}. {title}"),
                                    numbering=[(0, child.get("bookmark"))]))
                if title:
                    blocks.append(Block("article_title", [Run(title, bold=True)], "Article Title", align="center",
                                        keep_next=True))
                walk(child, 0, in_form)
            elif tag == "section":
                start = len(blocks)
                pending = _heading_runs(child.get("num"), child.get("title"), bold_num=True)
                marks = [(base, child.get("bookmark"))]
                first = next(iter(child), None)
                if first is not None and first.tag == "clause":  # "Section 2.1. Investment." on a line of its own
                    own_line(pending, "Section", keep_next=True)
                walk(child, 0, in_form)
                if pending:
                    own_line(pending, "Section", keep_next=True)
                if start < len(blocks):
                    blocks[start].style = "Section" if blocks[start].style == "Body" else blocks[start].style
                    name = (child.get("title") or "").strip().rstrip(".")
                    if scheme != "articles" or name:  # in the outline under its article, with its title
                        blocks[start].bookmark = (3 if scheme == "articles" else 2,
                                                  f"{child.get('refname')}. {name}".strip())
            elif tag == "clause":
                pending = pending + _heading_runs(child.get("num"), child.get("title"), bold_num=False)
                marks = marks + [(base + depth + 1, child.get("bookmark"))]
                walk(child, depth + 1, in_form)
                if pending:
                    own_line(pending, "Clause", indent=depth + 1)
            elif tag == "form":
                walk(child, depth, True)
            elif tag == "notices":
                rows = []
                for party in child.iter("party"):
                    heading = tidy([Run(party.get("heading", ""))])
                    rows.append((heading, [tidy(_runs(line, template=template)) for line in party.iter("line")]))
                blocks.append(Block("notices", style="Notice", rows=rows))
            elif tag == "lines":
                lines = [tidy(_runs(line, in_form=in_form, template=template)) for line in child.iter("line")]
                blocks.append(Block("lines", style="Body", align=child.get("align"), lines=[ln for ln in lines if ln],
                                    keep_next=child.get("keep") == "next", in_form=in_form))
            elif tag == "signatures":
                for sb in child.iter("signature-block"):
                    lines = [(tidy(_runs(line, template=template)), line.get("place") or line.get("indent") or "")
                             for line in sb.iter("line")]
                    signer, party = sb.get("signer"), sb.get("party")
                    if not signer or not party:
                        raise fail(sb, template, "a <signature-block> needs signer=\"...\" and party=\"...\" "
                                            "(who signs, and for whom: signature packets are built from them)")
                    kept = [(ln, place) for ln, place in lines if ln]
                    blocks.append(Block("signature", style="Signature", lines=[ln for ln, _ in kept],
                                        places=[place for _, place in kept],
                                        signer=" ".join(signer.split()), party=" ".join(party.split())))
            elif tag == "table":
                rows = []
                for row in child.iter("row"):
                    cells = [(_cell_runs(c, template), c.get("align")) for c in row.iter("cell")]
                    rows.append((row.get("header") == "true", cells))
                widths = [int(w) for w in child.get("widths", "").split(",") if w.strip()]
                blocks.append(Block("table", style="Table", rows=rows, widths=widths))
            else:
                raise fail(child, template, f"<{tag}> cannot appear here (inside <{el.tag}>)")

    walk(doc.root, 0, False)
    return [b for b in blocks if b.kind not in ("p", "title", "subtitle", "legend") or b.runs]

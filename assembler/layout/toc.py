"""A table of contents (the template's `<toc/>`): the articles and titled sections that follow it, with the page each
starts on, on pages of its own numbered i, ii, ... before the document's page 1.

PDF: each entry links to its heading and WeasyPrint fills in the page (`target-counter()`, print.css). DOCX: a real
Word TOC field over the outline levels of the headings (`TOC \\o "2-3" \\h \\z \\u`), whose cached result is the same
entries with the same page numbers, taken from the PDF (`page_numbers`), so the document reads right before Word
updates its fields; the contents are a section of their own, numbered in lower-case roman, and the body restarts at 1.

The contents are not part of the document's text (tree.block_lines gives none): they repeat the headings, with page
numbers only the layout knows. Golden snapshots, diffs and checks read the words without them, and the readers of
DOCX and PDF files leave them out (`is_toc_style`, `TOC_HEADING`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from assembler.document.blocks import Block
from assembler.layout.styles import TOC_LEVELS
from assembler.layout.typography import typeset

TOC_HEADING = "TABLE OF CONTENTS"
MAIN = "main"  # the HTML id of the body after the contents: its first page is page 1
# the HTML around the contents and the body (layout/html.py); layout/pdf.py lays each out on its own (split_html)
CONTENTS_OPEN, CONTENTS_CLOSE = '<div class="contents">', "</div>"
MAIN_OPEN, MAIN_CLOSE = f'<div class="main" id="{MAIN}">', "</div>"
HIDDEN_LINK = "\\h"  # a field switch: the result is a link
FIELD = f' TOC \\o "{TOC_LEVELS[0]}-{TOC_LEVELS[-1]}" \\h \\z \\u '


@dataclass(frozen=True)
class Entry:
    level: int  # the heading's outline (bookmark) level
    text: str
    index: int  # the heading's block


def toc_index(blocks: list[Block]) -> int | None:
    return next((i for i, b in enumerate(blocks) if b.kind == "toc"), None)


def entries(blocks: list[Block]) -> list[Entry]:
    """The headings after the table of contents at the levels it lists."""
    start = toc_index(blocks)
    if start is None:
        return []
    return [Entry(b.bookmark[0], b.bookmark[1], i) for i, b in enumerate(blocks)
            if i > start and b.bookmark and b.bookmark[0] in TOC_LEVELS]


def style(entry: Entry) -> str:
    return f"toc {entry.level}"  # Word's own style for that level


def anchor(index: int) -> str:
    """The HTML id of a heading (the same scheme as a signature block's: html.signature_anchor)."""
    return f"block-{index}"


def page_numbers(blocks: list[Block], anchors: dict[str, int]) -> dict[int, int]:
    """{heading block: the page number printed on the page it starts on}, from a PDF's anchors."""
    if MAIN not in anchors:
        return {}
    return {e.index: anchors[anchor(e.index)] - anchors[MAIN] + 1 for e in entries(blocks) if anchor(e.index) in anchors}


def toc_html(blocks: list[Block]) -> str:
    from assembler.layout.styles import css_class

    lines = [f'<p class="{css_class("TOC Heading")}">{TOC_HEADING}</p>']
    lines += [f'<p class="{css_class(style(e))}"><a href="#{anchor(e.index)}">{escape(typeset(e.text))}</a></p>'
              for e in entries(blocks)]
    return "\n".join(lines)


def split_html(html: str) -> tuple[str, str] | None:
    """(the contents alone, the body alone) of a document's HTML with a table of contents (layout/html.py), None
    without one: the PDF lays the body out once, then the contents with the body's page numbers (`numbered`)."""
    start = html.find(CONTENTS_OPEN)
    middle = html.find(CONTENTS_CLOSE + MAIN_OPEN, start)
    if start < 0 or middle < 0:
        return None
    head, body_start = html[:start], middle + len(CONTENTS_CLOSE)
    return html[:middle + len(CONTENTS_CLOSE)] + "\n</body></html>\n", head + html[body_start:]


def numbered(contents_html: str, body_anchors: dict[str, int]) -> str:
    """The contents with each entry's page number written in (`data-page`, print.css), from the body's anchors
    ({id: page index}): the body, laid out alone, starts at page 1."""
    return re.sub(r'<a href="#([^"]+)">',
                  lambda m: f'<a href="#{m[1]}" data-page="{body_anchors[m[1]] + 1}">' if m[1] in body_anchors
                  else m[0], contents_html)


def is_toc_style(style_id: str | None) -> bool:
    """A DOCX paragraph of a table of contents (Word's styles TOC Heading, TOC 1 ... TOC 9)."""
    return bool(style_id) and (style_id == "TOCHeading" or (style_id[:3] == "TOC" and style_id[3:].isdigit()))


def bookmark(index: int) -> str:
    """The Word bookmark of a heading the contents link to (Word names its own _Toc and nine digits)."""
    return f"_Toc{100000000 + index}"


def _field_runs(instruction: str, result: str) -> str:
    """A complex field as Word writes one: begin, instruction, separate, the cached result, end."""
    return (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">{escape(instruction)}'
            f'</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f'<w:r><w:t xml:space="preserve">{escape(result)}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')


def write_docx(doc, blocks: list[Block], pages: dict[int, int] | None) -> None:
    """The contents at the end of a python-docx document being written: a heading, the TOC field with one paragraph
    per entry (its text, a dot-leader tab and the page from `pages`, a PAGEREF field, all a link to the heading), and
    a section break after them: the contents are numbered i, ii, ... and the body starts again at page 1."""
    import copy

    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    w = nsdecls("w")
    doc.add_paragraph(TOC_HEADING, style="TOC Heading")
    items = entries(blocks)
    begin = (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">{escape(FIELD)}'
             f'</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>')
    end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    paragraphs = []
    for k, e in enumerate(items):
        page = str((pages or {}).get(e.index, ""))
        pageref = _field_runs(f" PAGEREF {bookmark(e.index)} {HIDDEN_LINK} ", page)
        link = (f'<w:hyperlink w:anchor="{bookmark(e.index)}" w:history="1"><w:r><w:t xml:space="preserve">'
                f'{escape(typeset(e.text))}</w:t></w:r><w:r><w:tab/></w:r>'
                f'{pageref}</w:hyperlink>')
        style_id = doc.styles[style(e)].style_id
        paragraphs.append(f'<w:p {w}><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>{begin if k == 0 else ""}{link}'
                          f'{end if k == len(items) - 1 else ""}</w:p>')
    if not paragraphs:  # nothing to list yet: the field alone, for Word to fill
        paragraphs.append(f'<w:p {w}><w:pPr><w:pStyle w:val="{doc.styles["Body"].style_id}"/></w:pPr>{begin}{end}'
                          f'</w:p>')
    body = doc.element.body
    for xml in paragraphs:
        body.sectPr.addprevious(parse_xml(xml))
    last = body.sectPr.getprevious()
    section = copy.deepcopy(body.sectPr)  # the contents' section: same page and margins
    _page_numbers(section, fmt="lowerRoman")
    _contents_footer(doc, section)
    last.get_or_add_pPr().append(section)
    _page_numbers(body.sectPr, start=1)
    for el in section.iter(qn("w:type")):
        section.remove(el)


def _contents_footer(doc, section) -> None:
    """The contents' section gets a footer of its own: the body's (page number, label) with the page number alone,
    "Page i", "Page ii" (PAGE in the section's lower-roman format), without the body's " of " SECTIONPAGES: front
    matter is not counted against the body's pages, nor the body against it ("Page iii of 3" before)."""
    import copy

    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import qn
    from docx.parts.hdrftr import FooterPart

    for reference in section.findall(qn("w:footerReference")):
        body_footer = doc.part.rels[reference.get(qn("r:id"))].target_part  # as docxtpl rendered it
        part = FooterPart.new(doc.part.package)
        part._element = copy.deepcopy(body_footer._element)
        first = part._element.find(qn("w:p"))
        runs = first.findall(qn("w:r")) if first is not None else []
        at = next((i for i, r in enumerate(runs) if (r.findtext(qn("w:instrText")) or "").strip() == "PAGE"), None)
        if at is not None:
            for run in runs[at + 1:]:  # " of " and the SECTIONPAGES field
                first.remove(run)
            for t in runs[at].iter(qn("w:t")):
                t.text = "i"  # the cached result (Word and LibreOffice work the page out)
        reference.set(qn("r:id"), doc.part.relate_to(part, RT.FOOTER))


def _page_numbers(section, fmt: str | None = None, start: int | None = None) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for old in section.findall(qn("w:pgNumType")):
        section.remove(old)
    el = OxmlElement("w:pgNumType")
    if fmt:
        el.set(qn("w:fmt"), fmt)
    el.set(qn("w:start"), str(start or 1))
    cols = section.find(qn("w:cols"))
    (cols.addprevious if cols is not None else section.append)(el)


_ROMAN = re.compile(r"[ivxlc]{1,6}")


def contents_pages(pages: list[tuple[str, str]]) -> set[int]:
    """Which pages of a PDF are a table of contents, from each page's (first line, page number as printed): a page
    that opens with TABLE OF CONTENTS, and the pages after it numbered in roman numerals like it."""
    found: set[int] = set()
    for index, (first, number) in enumerate(pages):
        if " ".join(first.split()).upper() == TOC_HEADING or (index - 1 in found and _ROMAN.fullmatch(number.strip())):
            found.add(index)
    return found

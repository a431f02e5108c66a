"""Read the text back out of a rendered DOCX or PDF (tests, and checks on documents this tool did not write)."""
from __future__ import annotations

import io
import re

from docx import Document as open_docx
from docx.oxml.ns import qn
from pypdf import PdfReader

from assembler.document.signature_pages import parse_mark
from assembler.layout.footer import is_footer, page_number
from assembler.layout.toc import contents_pages
from assembler.layout.typography import plain


def docx_lines(data: bytes) -> list[str]:
    """Body paragraphs and table cells in document order (footer, header and a table of contents left out), each
    numbered paragraph with the label Word's list numbering shows before it ("Section 1.1. ")."""
    from assembler.layout.numbering import list_labels
    from assembler.layout.toc import is_toc_style

    doc = open_docx(io.BytesIO(data))
    labels = list_labels(doc)
    lines: list[str] = []
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            style = child.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            if style is not None and is_toc_style(style.get(qn("w:val"))):
                continue
            lines += (labels.get(child, "") + _paragraph_text(child)).split("\n")
        elif child.tag == qn("w:tbl"):
            for cell in child.iter(qn("w:tc")):
                for p in cell.iter(qn("w:p")):
                    lines += _paragraph_text(p).split("\n")
    return [line for line in lines if line.strip()]


def _paragraph_text(p) -> str:
    out = []
    for el in p.iter():
        if el.tag == qn("w:t"):
            out.append(plain(el.text or ""))
        elif el.tag in (qn("w:br"), qn("w:cr")):
            out.append("\n")
        elif el.tag == qn("w:tab"):
            out.append("\t")
    return "".join(out)


def pdf_pages(data: bytes) -> list[str]:
    """Text of each page without its footer (page number and label) and a signature page's mark (furniture, not
    words); the pages of a table of contents empty."""
    pages, firsts = [], []
    for page in PdfReader(io.BytesIO(data)).pages:
        lines = [line for line in plain(page.extract_text()).splitlines() if not parse_mark(line) and not is_footer(line)]
        number = page_number(lines[-1]) if lines else None
        if number:
            lines = lines[:-1]
        firsts.append((lines[0] if lines else "", number or ""))
        # WeasyPrint does not hyphenate: a line that ends in "-" or "/" broke after a real hyphen or slash.
        pages.append(re.sub(r"([-/])\n", r"\1", "\n".join(lines)))
    contents = contents_pages(firsts)  # a table of contents repeats the headings: not the document's text
    return ["" if i in contents else text for i, text in enumerate(pages)]


def words(text: str) -> list[str]:
    """Whitespace-separated words: what a reader compares when layout differs."""
    return re.sub(r"\s+", " ", text).strip().split(" ")

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
    seen = {line for text in pages[:-1] for line in text.splitlines()}
    if any(first in seen for first, _ in firsts[1:]):  # maybe a table's header row repeated on the next page
        pages = _without_repeated_headers(data, pages)
    return ["" if i in contents else text for i, text in enumerate(pages)]


def _without_repeated_headers(data: bytes, pages: list[str]) -> list[str]:
    """The pages with the header row a table repeats at the top of a page it runs onto left out (read once, as the
    DOCX holds it): the lines that open the page and hold exactly the header's words (checks/pdf_text.py finds which
    pages repeat which header by the table's drawn rules)."""
    from assembler.checks.pdf_text import repeated_headers

    out = list(pages)
    for number, cells in repeated_headers(data).items():
        want = sorted(" ".join(cells).split())
        lines = out[number - 1].split("\n")
        taken: list[str] = []
        for k, line in enumerate(lines):
            taken += line.split()
            if len(taken) >= len(want):
                if sorted(taken) == want:
                    out[number - 1] = "\n".join(lines[k + 1:])
                break
    return out


def words(text: str) -> list[str]:
    """Whitespace-separated words: what a reader compares when layout differs."""
    return re.sub(r"\s+", " ", text).strip().split(" ")

"""A table that runs onto another page repeats its header row there (issue 12: a reviewer read the closing checklist,
the issuance instruction letter and the Form D data sheet with bare rows on the next page): `<row header="true">`
rows at the top of a table are the PDF's <thead> and Word's repeated header rows (w:tblHeader), and the PDF still
reads back as the DOCX (the repeats are left out)."""
from __future__ import annotations

import io
import re
import zipfile

from pypdf import PdfReader

from assembler.checks.pdf_text import pdf_paragraphs
from assembler.document.blocks import Block, Run
from assembler.layout.html import document_html
from assembler.layout.pdf import render_pdf

LABEL = "Letter | deal/11_letter | v. 1a2b3c4d"  # the footer label a reader leaves out (layout/footer.py)
HEADER = ("Registered holder", "Address of the registered holder", "Shares")


def _long_table() -> list[Block]:
    rows = [(True, [([Run(h)], None) for h in HEADER])]
    rows += [(False, [([Run(f"Investor {i:03d} Capital Partners L.P.")], None),
                      ([Run(f"{i} Harbor Street, Suite {100 + i}\nBoston, MA 02110")], None),
                      ([Run(f"{1000 + i:,}")], "right")]) for i in range(1, 101)]
    return [Block("p", [Run("The Investors and the Shares each is to receive:")]),
            Block("table", rows=rows, widths=[3, 4, 1]), Block("p", [Run("Very truly yours,")])]


def test_a_table_of_100_investors_repeats_its_header_row_on_each_page():
    data = render_pdf(document_html("Letter", _long_table(), "2026-01-02", "Company", LABEL), "seed").data
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages]
    assert len(pages) >= 3
    assert pages[0].startswith("The Investors and the Shares each is to receive: " + " ".join(HEADER))
    for n, text in enumerate(pages[1:], start=2):
        assert text.startswith(" ".join(HEADER) + " Investor "), (n, text[:120])
    # read back, the header is one paragraph per cell, once, as the DOCX has it
    cells = [" ".join(t for _, t in pieces) for pieces in pdf_paragraphs(data)]
    assert [cells.count(h) for h in HEADER] == [1, 1, 1]
    assert cells[1:4] == list(HEADER) and cells[4] == "Investor 001 Capital Partners L.P."


def test_the_docx_marks_the_header_row_to_repeat(built_sets):
    """Every table of the FOCUS closing checklist opens with its header row, marked w:tblHeader (and only that row)."""
    [docx] = built_sets["focus_1999"].glob("*_closing_checklist.docx")
    xml = zipfile.ZipFile(docx).read("word/document.xml").decode()
    tables = re.findall(r"<w:tbl>.*?</w:tbl>", xml, re.S)
    assert len(tables) >= 4
    for table in tables:
        rows = re.findall(r"<w:tr\b.*?</w:tr>", table, re.S)
        marked = ["<w:tblHeader/>" in row for row in rows]
        assert marked[0] and not any(marked[1:]), marked


def test_the_closing_checklist_pages_open_with_the_header_of_the_table_they_continue(built_sets):
    """The FOCUS checklist's tables run over three pages: each such page opens with "No." and the table's headings,
    never with a bare numbered row ("10 Stock Purchase Warrant No. W-3 ...")."""
    [pdf] = built_sets["focus_1999"].glob("*_closing_checklist.pdf")
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages]
    continued = [text for text in pages[1:] if text.startswith("No. ")]
    assert len(continued) >= 2, [t[:60] for t in pages]
    assert not [t[:60] for t in pages if re.match(r"\d+ [A-Z]", t)]
    for text in continued:
        assert re.match(r"No\. (Document Signatories|Delivery|Step Date) ", text), text[:80]

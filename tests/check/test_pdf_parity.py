"""`assemble check` on the built PDFs finds exactly what it finds on the DOCX of the same set (issue 9): the PDF is
read back by where its characters are drawn, into the same paragraphs as the DOCX."""
from __future__ import annotations

import pytest

from assembler.checks.documents import load_paths
from assembler.checks.pdf_text import pdf_paragraphs
from assembler.checks.run import check_docs

DEALS = ("focus_1999", "northwind_2026")


@pytest.fixture(scope="module")
def loaded(built_sets):
    """{deal: (documents read from the PDFs, documents read from the DOCX files)}, each file read once."""
    return {deal: (load_paths(sorted(folder.glob("*.pdf"))), load_paths(sorted(folder.glob("*.docx"))))
            for deal, folder in built_sets.items()}


def _comparable(finding) -> tuple:
    """A finding without where it is (a page of the PDF, a paragraph of the DOCX)."""
    message = finding.message.replace(str(finding.related), "<there>") if finding.related else finding.message
    return finding.check, finding.severity, finding.document, message, finding.excerpt


@pytest.mark.parametrize("deal", DEALS)
def test_pdf_paragraphs_are_the_docx_paragraphs(loaded, deal):
    """Wrapped lines joined, forced line breaks kept (addresses, signature lines, table cells), table cells in row
    order, paragraphs cut by a page break joined, page numbers left out: paragraph for paragraph the DOCX text."""
    pdfs, docxs = loaded[deal]
    text = lambda docs, stem: [t for d in docs if d.name.startswith(stem) for _, t in d.paragraphs]  # noqa: E731
    stems = {d.name.rsplit(".", 1)[0] for d in docxs}
    assert len(stems) >= 10
    for stem in sorted(stems):
        assert text(pdfs, stem + ".pdf") == text(docxs, stem + ".docx"), stem


@pytest.mark.parametrize("deal", DEALS)
def test_check_finds_the_same_on_the_pdfs_as_on_the_docx(loaded, deal):
    pdfs, docxs = loaded[deal]
    from_pdf, from_docx = check_docs(pdfs), check_docs(docxs)
    assert [_comparable(f) for f in from_pdf] == [_comparable(f) for f in from_docx]
    assert all(f.place.page and f.place.file.endswith(".pdf") for f in from_pdf)
    # the set is clean but for the finding the FOCUS term sheet accepts (each Warrant's New York law), so the
    # comparison is not between two empty lists there
    assert len(from_docx) == (4 if deal == "focus_1999" else 0)  # three Warrants and the form of Warrant
    assert {f.document for f in from_docx} <= {"warrant#W-1", "warrant#W-2", "warrant#W-3", "warrant_form"}


def test_a_term_split_across_pdf_lines_is_one_term(built_sets):
    """"the Purchase / Agreement" wraps in a table cell of the Form D data sheet: not an undefined term "Purchase"."""
    for deal in DEALS:
        [pdf] = built_sets[deal].glob("*_form_d_data_sheet.pdf")
        paragraphs = [" ".join(t for _, t in pieces) for pieces in pdf_paragraphs(pdf.read_bytes())]
        assert any("(the date of the Purchase Agreement, when the" in p for p in paragraphs)
        assert check_docs(load_paths([pdf])) == []


def test_pdf_paragraphs_of_a_small_document():
    """Each way a line can end, in one small PDF: a justified paragraph that wraps (joined), address lines and
    signature lines (kept apart, also where the next word would not have fitted: a label follows), a table whose
    cells wrap (read row by row), a paragraph cut by a page break (joined), page numbers (left out)."""
    from assembler.document.blocks import Block, Run
    from assembler.document.elements import SIG_RULE
    from assembler.layout.html import document_html
    from assembler.layout.pdf import render_pdf

    long = " ".join(f"word{n}" for n in range(90))
    blocks = [Block("p", [Run("The Purchase Agreement between the parties, as amended and restated from time to time, "
                              "governs the sale of the Shares and the Warrants to the Investors named below.")]),
              Block("lines", lines=[[Run("One Kendall Square")], [Run("Attention: Priya Raman, Chief Financial "
                                                                         "Officer of the Company, and its counsel")],
                                    [Run("Telephone: (617) 555-0142")]]),
              Block("table", rows=[(True, [([Run("Item")], None), ([Run("Information")], None)]),
                                   (False, [([Run("Date of first sale")], None),
                                            ([Run("November 20, 2026 (the date of the Purchase Agreement, when the "
                                                  "Investor became irrevocably committed to purchase)")], None)])],
                    widths=[1, 1]),
              Block("signature", lines=[[Run("NORTHWIND BIOSCIENCES, INC.", bold=True)], [Run("By: " + SIG_RULE)],
                                        [Run("Name: Elena Vasquez")]], signer="x", party="y")]
    blocks += [Block("p", [Run(f"Paragraph {n}. {long}")]) for n in range(12)]
    pdf = render_pdf(document_html("t", blocks, "2026-11-27", "x"), "t")
    assert pdf.pages >= 2
    got = [" ".join(t for _, t in pieces) for pieces in pdf_paragraphs(pdf.data)]
    expected = ([blocks[0].text, "One Kendall Square",
                 "Attention: Priya Raman, Chief Financial Officer of the Company, and its counsel",
                 "Telephone: (617) 555-0142", "Item", "Information", "Date of first sale",
                 "November 20, 2026 (the date of the Purchase Agreement, when the Investor became irrevocably "
                 "committed to purchase)", "NORTHWIND BIOSCIENCES, INC.", "By: " + SIG_RULE, "Name: Elena Vasquez"]
                + [f"Paragraph {n}. {long}" for n in range(12)])
    assert got == expected
    cut = [pieces for pieces in pdf_paragraphs(pdf.data) if len({page for page, _ in pieces}) > 1]
    assert cut  # paragraphs run over page breaks, and read as one (above)

"""What the files say about themselves: DOCX properties and footer from the term sheet, a dated DRAFT header on
request, table column widths; tagged PDFs and the PDF/A-2b option (XMP identification, output intent, structure
tree: what a validator such as veraPDF looks at first)."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn
from pypdf import PdfReader

from assembler.closing_set.render import render_files
from assembler.document.assemble import render_set
from assembler.layout.html import document_html
from assembler.layout.pdf import render_pdf
from assembler.figures.load import load

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def focus():
    return load(ROOT / "term_sheets" / "focus_1999.yaml")


@pytest.fixture(scope="module")
def draft_files(focus):
    return render_files(focus, draft=dt.date(1999, 11, 30))


def test_docx_properties_come_from_the_term_sheet_with_no_generator_leftovers(draft_files):
    data = draft_files["03_purchase_agreement.docx"].data
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        app = z.read("docProps/app.xml").decode()
        core = z.read("docProps/core.xml").decode()
    assert not any("thumbnail" in n for n in names)
    assert "python-docx" not in core and "Microsoft Macintosh Word" not in app
    assert "<Company>FOCUS Enhancements, Inc.</Company>" in app and "<Application>assembler " in app
    props = open_docx(io.BytesIO(data)).core_properties
    assert (props.title, props.author, props.subject) == (
        "Common Stock and Warrants Purchase Agreement", "FOCUS Enhancements, Inc.",
        "FOCUS Enhancements, Inc. - Common Stock and Warrants Private Placement")
    assert props.created.date() == dt.date(1999, 12, 1) and props.comments == ""


def test_footer_names_the_document_its_id_and_version_and_draft_sets_a_dated_header(focus, draft_files):
    doc = open_docx(io.BytesIO(draft_files["03_purchase_agreement.docx"].data))
    footer = " ".join(p.text for p in doc.sections[0].footer.paragraphs)
    assert re.search(r"Common Stock and Warrants Purchase Agreement \| focus_1999/03_purchase_agreement \| "
                     r"v\. [0-9a-f]{8}$", footer)
    assert "focus_1999 |" not in footer
    assert [p.text for p in doc.sections[0].header.paragraphs] == ["DRAFT of November 30, 1999"]
    final = open_docx(io.BytesIO(render_files(focus)["03_purchase_agreement.docx"].data))
    assert not any("DRAFT" in p.text for p in final.sections[0].header.paragraphs)


def test_table_columns_have_the_widths_the_template_gives(draft_files):
    doc = open_docx(io.BytesIO(draft_files["15_schedule_of_investors.docx"].data))
    grid = [int(c.get(qn("w:w"))) for c in doc.tables[0]._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert len(set(grid)) > 1 and abs(sum(grid) - 6.5 * 1440) < len(grid)  # not equal columns; the text width


def test_pdfs_are_tagged_and_pdfa_is_an_option(focus):
    doc = next(d for d in render_set(focus.term_sheet, focus.figures) if d.key == "officers_certificate")
    html = document_html(doc.title, doc.blocks, "1999-12-01", "FOCUS Enhancements, Inc.")
    plain = PdfReader(io.BytesIO(render_pdf(html, "t").data)).trailer["/Root"]
    assert "/StructTreeRoot" in plain and plain["/MarkInfo"]["/Marked"] and "/OutputIntents" not in plain
    archival = render_pdf(html, "t", pdfa=True).data
    root = PdfReader(io.BytesIO(archival)).trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="2"' in xmp and 'pdfaid:conformance="B"' in xmp
    intent = root["/OutputIntents"][0].get_object()
    assert intent["/S"] == "/GTS_PDFA1" and "sRGB" in intent["/OutputConditionIdentifier"]
    assert intent["/DestOutputProfile"].get_object().get_data()[36:40] == b"acsp"  # an embedded ICC profile
    kids = root["/StructTreeRoot"]["/K"]
    assert kids  # a structure tree with content
    assert render_pdf(html, "t", pdfa=True).data == archival  # still reproducible


def test_a_signature_packet_of_pdfa_pages_is_pdfa_too(focus):
    from assembler.layout.pdf import pick_pages

    doc = next(d for d in render_set(focus.term_sheet, focus.figures) if d.key == "officers_certificate")
    html = document_html(doc.title, doc.blocks, "1999-12-01", "FOCUS Enhancements, Inc.")
    archival = render_pdf(html, "t", pdfa=True)
    parts = [(archival.data, [0]), (archival.data, list(range(archival.pages)))]
    packet = PdfReader(io.BytesIO(pick_pages(parts, "p", pdfa=True)[0]))
    root = packet.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="2"' in xmp and 'pdfaid:conformance="B"' in xmp
    assert f'pdf:Producer="{packet.metadata["/Producer"]}"' in xmp  # the document information agrees with the XMP
    intent = root["/OutputIntents"][0].get_object()
    assert intent["/S"] == "/GTS_PDFA1" and intent["/DestOutputProfile"].get_object().get_data()[36:40] == b"acsp"
    plain = PdfReader(io.BytesIO(pick_pages(parts, "p")[0])).trailer["/Root"]
    assert "/OutputIntents" not in plain and "/Metadata" not in plain  # without the option: as before
    assert pick_pages(parts, "p", pdfa=True) == pick_pages(parts, "p", pdfa=True)  # reproducible


def test_packets_read_only_the_objects_they_take_and_are_the_bytes_pypdf_makes(focus):
    """layout/pdf_reader.py parses an object of an object stream when it is asked for (pypdf parses the whole stream):
    the packet is the same bytes as with pypdf's own reader, pdfa or not, and far fewer objects are parsed."""
    from pypdf import PdfWriter

    from assembler.layout.pdf import pick_pages
    from assembler.layout.pdf_reader import OwnPdfReader

    doc = next(d for d in render_set(focus.term_sheet, focus.figures) if d.key == "purchase_agreement")
    pdf = render_pdf(document_html(doc.title, doc.blocks, "1999-12-01", "FOCUS Enhancements, Inc."), "t", pdfa=True)
    for pdfa in (False, True):
        for reader in (PdfReader, lambda data: OwnPdfReader(data.getvalue())):
            parts = [(reader(io.BytesIO(pdf.data)), [0, pdf.pages - 1]), (reader(io.BytesIO(pdf.data)), [3])]
            packet = pick_pages(parts, "p", pdfa=pdfa)
            if reader is PdfReader:
                stock = packet
        assert packet == stock and packet[1] == 3
    own, whole = OwnPdfReader(pdf.data), PdfReader(io.BytesIO(pdf.data))
    for reader in (own, whole):
        PdfWriter().add_page(reader.pages[pdf.pages - 1])
    parsed = [sum(1 for o in r.resolved_objects.values() if o is not None) for r in (own, whole)]
    assert parsed[0] * 5 < parsed[1], parsed

"""One style table (assembler/layout/styles.py) for both renderers: the Word shell and the PDF's stylesheet in git are
what the generator writes from it, each block gets the same style in both, and table columns have the same widths."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document as open_docx
from docx.shared import Pt
from pypdf import PdfReader

from assembler.document.blocks import Block, Run
from assembler.layout.shell import CSS, SHELL, build_shell
from assembler.layout.styles import SIGNATURE_HANG, STYLES, house_css
from assembler.layout.tables import column_widths, text_width

from conftest import line_starts

PARTS = ("word/styles.xml", "word/document.xml", "word/footer1.xml", "word/settings.xml", "word/numbering.xml")


def test_the_shell_and_the_stylesheet_in_git_are_generated_from_the_style_table(tmp_path: Path):
    assert CSS.read_text(encoding="utf-8") == house_css(), "run `python -m assembler.layout.shell`"
    fresh = build_shell(tmp_path / "shell.docx")
    with zipfile.ZipFile(SHELL) as ours, zipfile.ZipFile(fresh) as theirs:
        for part in PARTS:
            assert ours.read(part) == theirs.read(part), f"{part}: run `python -m assembler.layout.shell`"


def test_every_word_style_has_the_table_s_size_spacing_and_line_height():
    doc = open_docx(str(SHELL))
    for name, spec in STYLES.items():
        fmt = doc.styles[name].paragraph_format
        assert (doc.styles[name].font.size, fmt.space_before, fmt.space_after, fmt.line_spacing) == (
            Pt(spec.size), Pt(spec.before), Pt(spec.after), Pt(spec.line_height)), name
    css = house_css()
    assert ".clause-2 { font-size: 12pt; font-weight: normal; text-align: justify; line-height: 15pt; " \
           "margin: 0pt 0 10pt 1in; }" in css
    assert ".article { font-size: 12pt; font-weight: bold; text-align: center; line-height: 15pt; " \
           "margin: 14pt 0 10pt 0in; break-after: avoid; }" in css


def test_a_column_is_widened_to_its_longest_word_and_the_others_give_way():
    rows = [(True, [([Run("No.")], None), ([Run("Document")], None)]),
            (False, [([Run("1")], None), ([Run("Purchase Agreement")], None)])]
    widths = column_widths(Block("table", rows=rows, widths=[1, 19]))
    assert abs(sum(widths) - 468) < 1e-6
    assert widths[0] >= text_width("No.", 11, bold=True) + 2 * 5.4  # 1/20 of the width (23 pt) was too narrow
    assert widths[0] < 35 and widths[1] == 468 - widths[0]
    roomy = column_widths(Block("table", rows=rows, widths=[1, 1]))
    assert roomy == [234, 234]  # nothing to widen: the template's proportions


def test_a_boxed_legend_is_never_cut_by_a_page_break():
    """The issuance letter of a one-investor deal had its legend's box cut in two by the page foot (seven lines on
    page 1, three on page 2): the Legend style keeps its lines together, in the PDF and in Word."""
    from pypdf import PdfReader

    from assembler.document.assemble import render_set
    from assembler.figures.load import load
    from assembler.layout.html import document_html
    from assembler.layout.pdf import render_pdf
    from assembler.layout.typography import plain

    assert STYLES["Legend"].together and "break-inside: avoid" in house_css().split(".legend {")[1].split("}")[0]
    assert open_docx(str(SHELL)).styles["Legend"].paragraph_format.keep_together
    loaded = load(Path(__file__).resolve().parents[1] / "deals" / "single_investor_units.yaml")
    doc = next(d for d in render_set(loaded.term_sheet, loaded.figures) if d.key == "issuance_instruction_letter")
    html = document_html(doc.title, doc.blocks, loaded.term_sheet.closing_date.isoformat(), "test")
    pages = [" ".join(plain(p.extract_text()).split()) for p in PdfReader(io.BytesIO(render_pdf(html, "t").data)).pages]
    first = [i for i, text in enumerate(pages) if "THE SECURITIES REPRESENTED HEREBY" in text]
    last = [i for i, text in enumerate(pages) if "EXEMPT FROM SUCH REGISTRATION." in text]
    assert first and first == last, (first, last)


def test_signature_pages_follow_marker_never_stands_alone_on_a_page():
    """A full first page pushed "[Signature page follows]" of a shares-only deal's pricing certificate onto a page of
    its own: the body's last paragraph is kept with the marker (Word: keep with next; PDF: break-after: avoid)."""
    from pypdf import PdfReader

    from assembler.document.assemble import render_set
    from assembler.document.signature_pages import FOLLOW_MANY, FOLLOW_ONE
    from assembler.figures.load import load
    from assembler.layout.footer import is_footer, page_number
    from assembler.layout.html import document_html
    from assembler.layout.pdf import render_pdf
    from assembler.layout.typography import plain

    loaded = load(Path(__file__).resolve().parents[1] / "deals" / "shares_only_three_investors.yaml")
    doc = next(d for d in render_set(loaded.term_sheet, loaded.figures) if d.key == "pricing_certificate")
    at = next(i for i, b in enumerate(doc.blocks) if b.text in (FOLLOW_ONE, FOLLOW_MANY))
    assert doc.blocks[at - 1].keep_next
    html = document_html(doc.title, doc.blocks, loaded.term_sheet.closing_date.isoformat(), "test")
    for page in PdfReader(io.BytesIO(render_pdf(html, "t").data)).pages:
        lines = [line.strip() for line in plain(page.extract_text()).splitlines() if line.strip()]
        body = [line for line in lines if not is_footer(line) and page_number(line) is None]
        if FOLLOW_ONE in body:
            assert len(body) > 1, "the marker is alone on its page"


def test_a_signature_blocks_wrapped_line_hangs(built_sets):
    """A signing-chain line that wraps ("By: Tudor Investment Corporation, as investment adviser") hangs its second
    line under the words after "By: " in the DOCX style and in the PDF."""
    for name in ("Signature", "Signature Line", "Signature 1", "Signature Line 2"):
        assert STYLES[name].hanging == SIGNATURE_HANG > 0
        fmt = open_docx(str(SHELL)).styles[name].paragraph_format
        assert fmt.first_line_indent is not None and round(fmt.first_line_indent.inches, 2) == -SIGNATURE_HANG
        assert round(fmt.left_indent.inches, 2) == STYLES[name].indent + SIGNATURE_HANG
    # FOCUS: "By: Tudor Investment Corporation, as investment adviser" wraps; its second line starts to the right
    (pdf,) = built_sets["focus_1999"].glob("*_signature_packet_*_Raptor_Global_Portfolio_Ltd.pdf")
    page = PdfReader(io.BytesIO(pdf.read_bytes())).pages[1]
    starts = line_starts(page)
    by = next(x for t, x in starts.items() if t.startswith("By: Tudor Investment Corporation"))
    wrapped = next(x for t, x in starts.items() if t.startswith("investment adviser"))
    assert wrapped - by == pytest.approx(SIGNATURE_HANG * 72, abs=1.5)

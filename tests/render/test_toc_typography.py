"""The table of contents sets its entries as the headings are set: "Investors’ Compliance" with the curly
apostrophe of the heading on its page, in the PDF's contents and in the DOCX's TOC field result (a reviewer: the
contents page had a straight one)."""
from __future__ import annotations

from assembler.document.assemble import render_set
from assembler.figures.load import load
from assembler.layout import toc

from conftest import FOCUS


def test_contents_entries_are_typeset_like_their_headings():
    loaded = load(FOCUS)
    pa = next(d for d in render_set(loaded.term_sheet, loaded.figures) if d.key == "purchase_agreement")
    html = toc.toc_html(pa.blocks)
    assert "Investors\u2019 Compliance" in html and "Investors' Compliance" not in html

    from docx import Document
    doc = Document()
    for name in ("toc 2", "toc 3", "TOC Heading"):
        if name not in [s.name for s in doc.styles]:
            doc.styles.add_style(name, 1)
    toc.write_docx(doc, pa.blocks, {})
    xml = doc.element.body.xml
    assert "Investors\u2019 Compliance" in xml and "Investors' Compliance" not in xml

"""Signature pages laid out from the templates' <signatures> regions: one party per page, the legend, the note before
them, and the mark each page carries (stable across rebuilds, changed by any change of the document's text)."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from assembler.document.assemble import render_set
from assembler.document.signature_pages import (FOLLOW_MANY, FOLLOW_ONE, LEGEND, Mark, find_marks, paginate,
                                                parse_mark)
from assembler.document.blocks import block_lines
from assembler.document.tree import Document, flatten
from assembler.figures.load import load
from conftest import FOCUS, variant


def _doc(body: str, title: str = "Side Letter") -> Document:
    root = ET.fromstring(f'<document scheme="numbered">{body}</document>')
    return Document("side_letter", "side_letter", title, root, "side_letter.xml.j2")


def _lines(blocks) -> list[str]:
    return [f"{b.kind}: {line}" if b.kind != "pagebreak" else "pagebreak" for b in blocks
            for line in (block_lines(b) or [""])]


TWO_PARTIES = """<p>1. The Company shall pay.</p>
<p keep="next">IN WITNESS WHEREOF, the parties have signed.</p>
<signatures>
<signature-block signer="Ann Lee" party="Acme, Inc."><line>ACME, INC.</line><line>By: <sig/></line></signature-block>
<signature-block signer="Bo Chan" party="Fund L.P."><line>FUND L.P.</line><line>By: <sig/></line></signature-block>
</signatures>
<lines><line>cc: Counsel</line></lines>
<pagebreak/>
<p>ANNEX A</p>"""


def test_each_party_signs_on_a_page_of_its_own_after_the_note():
    doc = _doc(TWO_PARTIES)
    blocks = paginate(flatten(doc), doc)
    assert _lines(blocks) == [
        "p: 1. The Company shall pay.",
        f"p: {FOLLOW_MANY}",
        "pagebreak",
        "p: IN WITNESS WHEREOF, the parties have signed.",  # the lead-in opens the first signature page
        "signature: ACME, INC.", "signature: By: ________________________________",
        f"{LEGEND}: [Signature Page to Side Letter]",
        "pagebreak",
        "signature: FUND L.P.", "signature: By: ________________________________",
        "lines: cc: Counsel",  # what follows the signatures before the next page break closes the last page
        f"{LEGEND}: [Signature Page to Side Letter]",
        "pagebreak",
        "p: ANNEX A",
    ]
    assert [b.signer for b in blocks if b.kind == LEGEND] == ["Ann Lee", "Bo Chan"]


def test_one_signature_page_is_announced_in_the_singular_and_a_bare_page_has_no_note():
    one = _doc('<p>Body.</p><signatures><signature-block signer="A" party="B"><line>By: <sig/></line>'
               '</signature-block></signatures>')
    assert f"p: {FOLLOW_ONE}" in _lines(paginate(flatten(one), one))
    bare = _doc('<p keep="next">Agreed:</p><signatures><signature-block signer="A" party="B"><line>By: <sig/></line>'
                '</signature-block></signatures>')
    assert _lines(paginate(flatten(bare), bare))[:2] == ["p: Agreed:", "signature: By: ________________________________"]


def test_the_mark_names_deal_document_page_signatory_and_draft():
    mark = Mark("focus_1999", "warrant#W-2", 1, 1, "Thomas_L_Massie", "0123abcd")
    assert mark.text == "ASM1 focus_1999 warrant#W-2 1/1 Thomas_L_Massie 0123abcd"
    assert parse_mark(mark.text) == mark
    assert parse_mark("ASM1 focus_1999 warrant#W-2 2/1 Thomas_L_Massie 0123abcd") is None  # page 2 of 1
    assert parse_mark("https://example.com/qr") is None
    wrapped = mark.text.replace(" 1/1 ", "\n1/1 ")  # the printed id, wrapped at a space
    assert find_marks("[Signature Page to X]\n" + wrapped) == [mark]


def _marks(path) -> dict[str, list[Mark]]:
    loaded = load(path)
    out = {}
    for doc in render_set(loaded.term_sheet, loaded.figures):
        marks = [parse_mark(b.mark) for b in doc.blocks if b.kind == LEGEND]
        if marks:
            out[doc.key] = marks
    return out


def test_every_signature_page_of_the_set_is_marked_stably_and_a_text_change_makes_a_new_draft(tmp_path):
    first, again = _marks(FOCUS), _marks(FOCUS)
    assert first == again  # a rebuild of the same term sheet: the same marks
    pa = first["purchase_agreement"]
    assert [(m.page, m.pages, m.signatory) for m in pa] == [
        (1, 4, "Thomas_L_Massie"), (2, 4, "William_T_Flaherty"), (3, 4, "William_T_Flaherty"), (4, 4, "Hans_Gassner")]
    assert {m.deal for marks in first.values() for m in marks} == {"focus_1999"}
    assert len({m.draft for m in pa}) == 1
    # Roseworth's notice address appears in the purchase agreement and the registration rights agreement, and its
    # address as registered holder in the issuance instruction letter to the transfer agent, only
    changed, _ = variant(tmp_path, ("Aeulestrasse 74", "Aeulestrasse 76"))
    later = _marks(changed)
    for key in first:
        moved = {m.draft for m in later[key]} != {m.draft for m in first[key]}
        assert moved == (key in ("purchase_agreement", "registration_rights", "issuance_instruction_letter")), key
        assert [m.slot for m in later[key]] == [m.slot for m in first[key]]


def test_in_the_docx_too_each_signature_page_starts_a_new_page():
    import io

    from docx import Document as open_docx
    from docx.oxml.ns import qn

    from assembler.document.environment import environment
    from assembler.document.registry import DEFAULT_DIR
    from assembler.layout.docx import render_docx

    loaded = load(FOCUS)
    doc = next(d for d in render_set(loaded.term_sheet, loaded.figures) if d.key == "purchase_agreement")
    data = render_docx(doc.blocks, title=doc.title, footer_label="x", author="x", when=loaded.term_sheet.closing_date,
                       env=environment([DEFAULT_DIR]))
    events = []
    for p in open_docx(io.BytesIO(data)).paragraphs:
        if p.paragraph_format.page_break_before:  # how layout/docx.py breaks before a paragraph
            events.append("break")
        if any(br.get(qn("w:type")) == "page" for br in p._p.iter(qn("w:br"))):
            events.append("break")
        elif p.text == FOLLOW_MANY:
            events.append("follow")
        elif p.text.startswith("[Signature Page to "):
            events.append("legend")
    assert events[events.index("follow"):] == ["follow"] + ["break", "legend"] * 4

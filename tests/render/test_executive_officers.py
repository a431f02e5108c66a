"""Executive officers other than the signing officer and the Secretary (company.executive_officers: the 2026 example's
CFO, named in the notices): each completes a Rule 506(d) bad-actor questionnaire on a page of his or her own, is a
signatory of the questionnaire on the checklist, and has a signature packet. Read from the rendered PDF text."""
from __future__ import annotations

from assembler.checks.extract import pdf_pages
from assembler.document.blocks import document_text
from assembler.document.assemble import covered_persons, render_set
from assembler.figures.load import load
from conftest import NORTHWIND, variant


def _pages(folder, stem) -> list[str]:
    (pdf,) = folder.glob(f"*_{stem}.pdf")
    return pdf_pages(pdf.read_bytes())


def test_the_2026_cfo_named_in_the_notices_completes_a_questionnaire_and_has_a_packet(built_sets):
    ts = load(NORTHWIND).term_sheet
    (cfo,) = ts.company.executive_officers
    assert cfo.name in ts.company.notice.attention  # the officer the notices name
    folder = built_sets["northwind_2026"]
    pages = _pages(folder, "bad_actor_questionnaire")
    own = [p for p in pages if f"Name: {cfo.name}" in p]
    assert len(own) == 1 and f"Title: {cfo.title}, {ts.company.name}" in " ".join(own[0].split())
    assert "[Signature Page to Rule 506(d) Bad Actor Questionnaire and Certification]" in own[0]
    checklist = " ".join("\n".join(_pages(folder, "closing_checklist")).split())
    assert "questionnaires and certifications of the directors and executive officers (document" in checklist
    assert cfo.name in checklist
    (packet,) = folder.glob("*_signature_packet_*_Priya_Raman.pdf")
    packet_pages = pdf_pages(packet.read_bytes())
    # the cover, then the whole questionnaire with the CFO's own signature page alone (tests/render/
    # test_signature_packets.py reads the parts)
    assert len(packet_pages) == len(pages) - len(covered_persons(ts)) + 2
    assert "You sign in your own name." in packet_pages[0]
    assert f"Name: {cfo.name}" in packet_pages[-1] and "Disqualifying Events" in " ".join(packet_pages[1:-1])


def test_without_executive_officers_the_questionnaire_covers_the_directors_and_signing_officers(tmp_path):
    old = "  executive_officers:\n    - name: Priya Raman\n      title: Chief Financial Officer\n"
    path, _ = variant(tmp_path, (old, ""), base=NORTHWIND)
    loaded = load(path)
    assert "Priya Raman" not in covered_persons(loaded.term_sheet)
    documents = {d.key: d for d in render_set(loaded.term_sheet, loaded.figures)}
    signers = {b.signer for b in documents["bad_actor_questionnaire"].signature_blocks()}
    assert "Priya Raman" not in signers and loaded.term_sheet.company.secretary.name in signers
    checklist = " ".join(document_text(documents["closing_checklist"].blocks).split())
    assert ("certifications of the directors and officers who sign document 03 below, and of any other Issuer Covered "
            "Person (each other executive officer, officer participating in the offering and 20% beneficial owner)"
            ) in checklist
    full = load(NORTHWIND)
    signers = {b.signer for b in {d.key: d for d in render_set(full.term_sheet, full.figures)}[
        "bad_actor_questionnaire"].signature_blocks()}
    assert "Priya Raman" in signers


def test_an_officer_who_is_also_a_director_completes_one_questionnaire(tmp_path):
    old = "    - name: Priya Raman\n      title: Chief Financial Officer\n"
    path, _ = variant(tmp_path, (old, old + "    - name: Kenji Watanabe\n      title: Chief Operating Officer\n"),
                      base=NORTHWIND)
    loaded = load(path)
    blocks = [b for d in render_set(loaded.term_sheet, loaded.figures) if d.doc_id == "bad_actor_questionnaire"
              for b in d.signature_blocks()]
    kenji = [b for b in blocks if b.signer == "Kenji Watanabe"]
    assert len(kenji) == 1
    lines = ["".join(r.text for r in line) for line in kenji[0].lines]
    at = next(i for i, line in enumerate(lines) if line.startswith("Title:"))
    assert lines[at:at + 2] == ["Title: Director, Chief Operating Officer,", "Northwind Biosciences, Inc."]

"""A covered person's packet holds the whole Rule 506(d) questionnaire (its manifest: `packet: whole`), and the person
sends the whole packet back, scanned. collect used to file the questionnaire's pages other than the signature page as
unrecognised (only signature pages carried a mark); each now carries a page mark (a QR code in the lower right
margin: document, page, signatory, draft) set when the packet is composed, and is filed as an accompanying page of the
questionnaire, neither unknown nor outstanding."""
from __future__ import annotations

import shutil

from pypdf import PdfReader
from returns import by_line, image_pdf, page_image, signed

from assembler.signing import collect, status


def test_a_returned_whole_packet_files_every_questionnaire_page(built_sets, tmp_path):
    set_dir = tmp_path / "northwind_2026"
    shutil.copytree(built_sets["northwind_2026"], set_dir)  # collect keeps its store beside the set
    (packet,) = set_dir.glob("*_signature_packet_*_Harold_Brennan.pdf")
    (questionnaire,) = set_dir.glob("*_bad_actor_questionnaire.pdf")
    count = len(PdfReader(packet).pages)
    texts = [" ".join(p.extract_text().split()) for p in PdfReader(packet).pages]
    body = [n for n, t in enumerate(texts, start=1) if t.startswith("RULE 506(d) BAD ACTOR QUESTIONNAIRE")]
    assert body, texts  # the questionnaire opens on a page of the packet
    images = []
    for n in range(1, count + 1):
        image = page_image(packet, n, 150)
        if "Name: Harold Brennan" in texts[n - 1]:
            image = signed(image, 150, by_line(packet, n))
        images.append(image.rotate(-1.5, expand=True, fillcolor=255))
    returned = tmp_path / "brennan_returned.pdf"
    returned.write_bytes(image_pdf(images, 150))

    result = collect(set_dir, [returned])
    outcomes = {p.page: p for p in result.pages}
    questionnaire_pages = len(PdfReader(questionnaire).pages)
    signature_pages = [n for n, t in enumerate(texts, start=1) if "[Signature Page to" in t]
    accompanying = [n for n, p in outcomes.items() if p.outcome == "accompanying"]
    assert accompanying and accompanying[0] == body[0], [(p.page, p.outcome, p.detail) for p in result.pages]
    for n in accompanying:
        assert n not in signature_pages
        assert outcomes[n].detail == (f"Rule 506(d) Bad Actor Questionnaire and Certification, page {n - body[0] + 1} "
                                      f"of {questionnaire_pages} (not a signature page), returned by Harold_Brennan")
    # every page of the packet but its cover is filed: the signature pages matched, the questionnaire's others with it
    assert all(outcomes[n].outcome == "matched" for n in signature_pages)
    unknown = [n for n, p in outcomes.items() if p.outcome == "unrecognised"]
    assert unknown and all(texts[n - 1].startswith("SIGNATURE PACKET") for n in unknown), unknown  # its cover only
    assert result.counts["accompanying"] == len(accompanying) >= 2
    # nothing of the questionnaire is left unfiled, and Brennan's questionnaire page is signed
    now = status(set_dir)
    assert not [u for u in now.unfiled if "questionnaire" in u.detail.lower()]
    doc = next(d for d in now.documents if d.key == "bad_actor_questionnaire")
    assert [p.signed for p in doc.pages if p.signatory == "Harold Brennan"] == [True]

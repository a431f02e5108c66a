"""After signing, as it happens: signature pages come back printed, signed, scanned a little askew at 150-300 dpi as
image-only PDFs, shuffled, several signatories to a file, one page missing, one signed on an earlier draft, one from
another deal, one that is no signature page at all. collect must file each page, status must name the missing page,
executed documents must carry the signed scans at the right pages, and the closing book must wait for the last page."""
from __future__ import annotations

import hashlib
import io
import json
import random
import zipfile

import pytest
from conftest import FOCUS, NORTHWIND, variant
from pypdf import PdfReader, PdfWriter
from returns import by_line, image_pdf, page_image, signed

from assembler.closing_set.build import build
from assembler.closing_set.signature_index import read_signature_index
from assembler.cli import main
from assembler.document.assemble import render_set
from assembler.document.signature_pages import LEGEND, parse_mark
from assembler.errors import AssemblerError
from assembler.layout.html import document_html
from assembler.layout.pdf import render_pdf
from assembler.signing import book, collect, status
from assembler.signing.decode import read_returned
from assembler.signing.store import read_log, store_dir
from assembler.figures.load import load


def _document_pdf(term_sheet, key: str) -> tuple[bytes, list[str]]:
    """One document of a set as PDF, and its signature pages' marks (without building the whole set)."""
    loaded = load(term_sheet)
    doc = next(d for d in render_set(loaded.term_sheet, loaded.figures) if d.key == key)
    html = document_html(doc.title, doc.blocks, loaded.term_sheet.closing_date.isoformat(), "test")
    return render_pdf(html, key).data, [b.mark for b in doc.blocks if b.kind == LEGEND]


def _page_with(pdf: bytes, mark: str) -> int:
    """The 1-based page of `pdf` that carries `mark` (read back as a returned file would be)."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.pdf"
        path.write_bytes(pdf)
        return next(p.page for p in read_returned(path) if mark in {m.text for m in p.marks})


@pytest.fixture(scope="module")
def closing(tmp_path_factory):
    """A built set and the files its signatories sent back."""
    root = tmp_path_factory.mktemp("signing")
    result = build(str(FOCUS), str(root / "out"))
    set_dir = result.destination
    index = read_signature_index(set_dir)
    rng = random.Random(16)
    pages = [(doc, page) for doc in index.documents for page in doc.signature_pages]
    gassner_pa = next((d, p) for d, p in pages if d.key == "purchase_agreement" and p.signatory == "Hans Gassner")
    returned = [dp for dp in pages if dp != gassner_pa]
    rng.shuffle(returned)
    scans, expected = {}, {}  # file name -> images; (file, page) -> mark or outcome

    def scan(name, image, outcome):
        scans.setdefault(name, []).append(image)
        expected[(name, len(scans[name]))] = outcome

    for n, (doc, page) in enumerate(returned):
        dpi = (150, 200, 300)[n % 3]
        angle = 90 + 2 if n == 4 else (-3, 2, 4, -1.5)[n % 4]  # one sheet fed sideways
        image = signed(page_image(set_dir / doc.file, page.page, dpi), dpi, by_line(set_dir / doc.file, page.page),
                       angle)
        file = {"Thomas L. Massie": "company.pdf"}.get(page.signatory, "investors_and_agent.pdf")
        scan(file, image, page.mark)
    # Hans Gassner signed the purchase agreement as it stood before Roseworth's address was corrected
    earlier, _ = variant(root, ("Aeulestrasse 74", "Aeulestrasse 76"), name="earlier.yaml")
    old_pdf, old_marks = _document_pdf(earlier, "purchase_agreement")
    old_mark = next(m for m in old_marks if "Hans_Gassner" in m)
    scan("investors_and_agent.pdf", signed(page_image(old_pdf, _page_with(old_pdf, old_mark), 200), 200,
                                           by_line(old_pdf, _page_with(old_pdf, old_mark)), 1), "stale")
    # a page of another deal's agreement, sent to the wrong counsel
    other_pdf, other_marks = _document_pdf(NORTHWIND, "purchase_agreement")
    scan("investors_and_agent.pdf", signed(page_image(other_pdf, _page_with(other_pdf, other_marks[1]), 150), 150,
                                           by_line(other_pdf, _page_with(other_pdf, other_marks[1])), -2), "foreign")
    # a page of the agreement's body that came back with the signature pages
    scan("company.pdf", page_image(set_dir / "03_purchase_agreement.pdf", 3, 150).rotate(1, expand=True,
                                                                                          fillcolor=255),
         "unrecognised")
    files = []
    for name, images in scans.items():
        path = root / "returned" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(image_pdf(images, 200))
        files.append(path)
    # the secretary also e-mailed back his page from the packet, unsigned, as it went out
    (packet,) = set_dir.glob("*signature_packet_*_Gary_M_Cebula.pdf")
    writer = PdfWriter()
    writer.add_page(PdfReader(packet).pages[1])
    files.append(root / "returned" / "cebula_unsigned.pdf")
    writer.write(files[-1])
    expected[("cebula_unsigned.pdf", 1)] = "unsigned"
    first = collect(set_dir, files)
    return {"set": set_dir, "index": index, "files": files, "expected": expected, "first": first,
            "missing": gassner_pa, "old_mark": parse_mark(old_mark), "root": root, "old_pdf": old_pdf}


def test_collect_files_every_page_correctly(closing):
    result = closing["first"]
    assert len(result.pages) == len(closing["expected"])
    for page in result.pages:
        want = closing["expected"][(page.source.rsplit("/", 1)[1], page.page)]
        if want in ("stale", "foreign", "unrecognised", "unsigned"):
            assert page.outcome == want, page
        else:
            doc, sig = next((d, p) for d in closing["index"].documents for p in d.signature_pages if p.mark == want)
            assert page.outcome == "matched", page
            assert page.detail == f"{doc.title}, page {sig.page}: {sig.signatory} for {sig.party}"
    assert result.counts == {"matched": len(closing["expected"]) - 4, "accompanying": 0, "stale": 1, "foreign": 1,
                             "unrecognised": 1, "unsigned": 1}
    unsigned = next(p for p in result.pages if p.outcome == "unsigned")
    assert "returned unsigned" in unsigned.detail and "Gary M. Cebula" in unsigned.detail
    stale = next(p for p in result.pages if p.outcome == "stale")
    assert f"draft {closing['old_mark'].draft}" in stale.detail and "earlier draft" in stale.detail
    foreign = next(p for p in result.pages if p.outcome == "foreign")
    assert "another deal, northwind_2026" in foreign.detail
    unrecognised = next(p for p in result.pages if p.outcome == "unrecognised")
    assert unrecognised.source.endswith("company.pdf") and unrecognised.page == len(
        [k for k in closing["expected"] if k[0] == "company.pdf"])


def test_status_names_the_missing_page_and_the_stale_copy(closing):
    current = status(closing["set"])
    doc, page = closing["missing"]
    assert [(d.key, p.signatory, p.page) for d, p in current.outstanding()] == [
        ("purchase_agreement", "Hans Gassner", page.page)]
    (missing,) = [p for _, p in current.outstanding()]
    assert len(missing.stale_copies) == 1 and closing["old_mark"].draft in missing.stale_copies[0]
    states = {d.key: d.state for d in current.documents}
    assert states["purchase_agreement"] == "partly signed" and states["closing_checklist"] == "not signed"
    assert {k: v for k, v in states.items() if v not in ("complete", "not signed")} == {
        "purchase_agreement": "partly signed"}
    body = json.loads(current.as_json())
    assert body["complete"] is False
    assert {u["outcome"] for u in body["unfiled"]} == {"stale", "foreign", "unrecognised", "unsigned"}


def test_executed_documents_carry_the_signed_scans_at_the_signature_pages(closing):
    result = closing["first"].executed
    assert [d.title for d in result.partly_signed] == ["Common Stock and Warrants Purchase Agreement"]
    assert not list(result.folder.glob("03_purchase_agreement*"))  # partly signed: never produced
    index = closing["index"]
    written = {d.key: d for d in result.written}
    assert set(written) == {d.key for d in index.documents if d.signature_pages} - {"purchase_agreement"}
    for key in ("registration_rights", "warrant#W-2", "transfer_agent_instructions"):
        doc = index.document(key)
        unsigned = PdfReader(closing["set"] / doc.file)
        executed = PdfReader(written[key].path)
        assert written[key].path.name == doc.file.replace(".pdf", " (executed).pdf")
        assert len(executed.pages) == len(unsigned.pages)
        signature = {p.page: p.mark for p in doc.signature_pages}
        for number, (old, new) in enumerate(zip(unsigned.pages, executed.pages), start=1):
            if number in signature:
                assert not old.images and len(new.images) == 1, (key, number)  # the scan is there
                assert float(new.mediabox.height) == float(old.mediabox.height) == 792  # upright, Letter
            else:
                assert new.get_contents().get_data() == old.get_contents().get_data(), (key, number)
                assert not new.images
    # the scans at the signature pages are the right ones: each executed page reads back as its own mark
    rra = index.document("registration_rights")
    marks = {p.page: {m.text for m in p.marks} for p in read_returned(written["registration_rights"].path)}
    assert {n: marks[n] for n in marks if marks[n]} == {p.page: {p.mark} for p in rra.signature_pages}


def test_collecting_again_overwrites_nothing_and_logs_nothing_twice(closing):
    store = store_dir(closing["set"])
    before = {p.name: p.read_bytes() for p in (store / "pages").iterdir()}
    log = read_log(store)
    again = collect(closing["set"], closing["files"])
    assert all(p.already_collected for p in again.pages)
    assert read_log(store) == log
    assert {p.name: p.read_bytes() for p in (store / "pages").iterdir()} == before
    assert len(before) == len(closing["expected"])


def test_the_book_waits_for_the_last_page_then_is_deterministic(closing, tmp_path):
    with pytest.raises(AssemblerError, match="outstanding: Common Stock and Warrants Purchase Agreement: Hans Gassner"):
        book(closing["set"])
    doc, page = closing["missing"]
    late = tmp_path / "gassner.pdf"
    late.write_bytes(image_pdf([signed(page_image(closing["set"] / doc.file, page.page, 300), 300,
                                       by_line(closing["set"] / doc.file, page.page), -2.5)], 300))
    assert collect(closing["set"], [late]).status.complete
    first = book(closing["set"])
    data, archive = first.book.read_bytes(), first.archive.read_bytes()
    second = book(closing["set"])
    assert second.book.read_bytes() == data and second.archive.read_bytes() == archive  # deterministic bytes

    reader = PdfReader(io.BytesIO(data))
    index = closing["index"]
    listed = [d for d in index.documents if d.key != "closing_checklist"]
    assert [e.title.split(" (Exhibit")[0] for e in first.entries] == [d.title for d in listed]  # checklist order
    assert len(reader.pages) == first.pages == 2 + sum(e.pages for e in first.entries)
    top = [item for item in reader.outline if not isinstance(item, list)]
    assert [t.title for t in top] == ["Index"] + [e.title for e in first.entries]
    assert [reader.get_destination_page_number(t) + 1 for t in top[1:]] == [e.first_page for e in first.entries]
    assert any(t.title.endswith("(Exhibit A)") for t in top)
    targets = [reader.get_page_number(a.get_object()["/A"]["/D"][0].get_object()) + 1
               for a in reader.pages[1]["/Annots"]]  # a title set on two lines is a link on each line
    assert [t for n, t in enumerate(targets) if n == 0 or t != targets[n - 1]] == [e.first_page for e in first.entries]
    index_text = reader.pages[1].extract_text()
    for entry in first.entries:
        assert f"{entry.first_page}" in index_text
    pa = next(e for e in first.entries if e.file.startswith("03_purchase_agreement"))
    signed_pages = [p.page for p in index.document("purchase_agreement").signature_pages]
    assert all(reader.pages[pa.first_page - 2 + n].images for n in signed_pages)

    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        manifest = json.loads(zipped.read("manifest.json"))
        assert [f["name"] for f in manifest["files"]] == [e.file for e in first.entries]
        for entry in manifest["files"]:
            assert hashlib.sha256(zipped.read(entry["name"])).hexdigest() == entry["sha256"]
        assert {i.date_time for i in zipped.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_the_command_line(closing, tmp_path, capsys):
    assert main(["status", str(closing["set"]), "--json", "--term-sheet", str(FOCUS)]) in (0, 1)
    body = json.loads(capsys.readouterr().out)
    assert body["deal"] == "focus_1999"
    checklist = store_dir(closing["set"]) / "01_closing_checklist (status).pdf"
    # the index's status column (after the timetable, whose open pre-signing items push it past page 2)
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(checklist).pages[1:])
    assert "Signed" in text
    bad = tmp_path / "not.pdf"
    bad.write_bytes(b"this is not a PDF")
    assert main(["collect", str(closing["set"]), str(bad)]) == 2
    assert "not a readable PDF" in capsys.readouterr().err
    assert main(["collect", str(closing["set"]), str(closing["files"][0])]) == 1  # it holds an unrecognised page


def test_each_packet_holds_only_its_investors_pages_and_figures(closing):
    """A packet per investor, even when one person signs for several (Mr. Flaherty for both Tudor funds)."""
    from assembler.checks.extract import pdf_pages

    amounts = {"Raptor Global Portfolio Ltd.": "$1,394,400.00", "Altar Rock Fund L.P.": "$5,600.00",
               "Roseworth Group, Ltd.": "$600,000.00"}
    packets = {"Hans_Gassner_Roseworth_Group_Ltd": "Roseworth Group, Ltd.",
               "William_T_Flaherty_Raptor_Global_Portfolio_Ltd": "Raptor Global Portfolio Ltd.",
               "William_T_Flaherty_Altar_Rock_Fund_L_P": "Altar Rock Fund L.P."}
    assert not list(closing["set"].glob("*signature_packet_*_William_T_Flaherty.pdf"))
    for name, party in packets.items():
        (packet,) = closing["set"].glob(f"*signature_packet_*_{name}.pdf")
        # the purchase agreement's (signing part) and the registration rights agreement's (closing part), each
        # after its part's page of the cover
        cover, pa, closing_part, rra = pdf_pages(packet.read_bytes())
        assert "CLOSING PAGES" in closing_part and not [a for p, a in amounts.items() if p != party and a in cover]
        pages = [pa, rra]
        for page in pages:
            shown = {p for p in amounts if p.upper() in page}
            assert shown == {party}, page  # one party per page, and only the packet's own
            assert not [a for p, a in amounts.items() if p != party and a in page]
            assert "[Signature Page to " in page

"""Issue 12's leftovers in the closing documents, read in the rendered text: the checklist numbers each document as
its files are numbered (one ordering, document/order.py); the funds flow memo is dated when it goes out and goes to
those who may see every wire; the pricing certificate names the source of the prices it measures Nasdaq's Minimum
Price from; FOCUS's Disclosure Schedule says what the term sheet knows, to be confirmed by the Company."""
from __future__ import annotations

import json
import re

import docx


def _plain(text: str) -> str:
    return text.replace("\xa0", " ").replace("\u2019", "'")


def _checklist_rows(folder) -> list[tuple[str, str]]:
    """(No., Document) of every row of the checklist's document tables (the DOCX's tables, as Word reads them)."""
    [path] = folder.glob("*_closing_checklist.docx")
    rows = []
    for table in docx.Document(path).tables:
        cells = [c.text for c in table.rows[0].cells]
        if cells[:2] == ["No.", "Document"]:
            rows += [(r.cells[0].text, _plain(r.cells[1].text)) for r in table.rows[1:]]
    return rows


def test_the_checklist_numbers_each_document_as_its_files_are_numbered(built_sets):
    for deal, folder in built_sets.items():
        files = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["files"]
        by_title = {}
        for f in files:
            if f["name"].endswith(".pdf") and "document" in f:
                by_title[_plain(f["title"])] = f["name"]
        rows = _checklist_rows(folder)
        assert len(rows) >= 15, deal
        numbers = [number for number, _ in rows]
        assert numbers == sorted(numbers), deal  # the groups follow the set's order
        for number, title in rows:
            name = re.sub(r" \((Exhibit [A-Z]|attached) to .*\)$", "", title)
            assert by_title[name].startswith(f"{number}_"), (deal, number, title, by_title.get(name))
        listed = {by_title[re.sub(r" \((Exhibit [A-Z]|attached) to .*\)$", "", t)] for _, t in rows}
        # every document's PDF but the checklist's own and the signature packets is listed
        assert {n for n in by_title.values() if "_closing_checklist" not in n and "_signature_packet_" not in n} \
            == listed, deal
        [own] = folder.glob("*_closing_checklist.pdf")
        text = _plain(" ".join(p.text for p in docx.Document(next(folder.glob("*_closing_checklist.docx"))).paragraphs))
        assert f"(the names of this checklist's files begin with {own.name[:2]})" in text
        consent = next(n for n, t in rows if t == "Unanimous Written Consent of the Board of Directors")
        assert f"signed by each director (document {consent} below)" in _plain("\n".join(
            c.text for t in docx.Document(next(folder.glob("*_closing_checklist.docx"))).tables
            for r in t.rows for c in r.cells))

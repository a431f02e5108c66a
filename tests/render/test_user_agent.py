"""The PDFs are laid out with a user-agent stylesheet cut to the elements layout/html.py writes
(layout/user_agent.py): the files must be the same to the byte as with WeasyPrint's whole HTML5 one, and the HTML
must hold no element the cut stylesheet has no rules for."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from assembler.document.assemble import render_set
from assembler.figures.load import load
from assembler.layout import pdf
from assembler.layout.html import document_html
from assembler.layout.user_agent import ELEMENTS

ROOT = Path(__file__).resolve().parents[2]
CORPUS = sorted((ROOT / "tests" / "deals").glob("*.yaml")) + sorted((ROOT / "term_sheets").glob("*.yaml"))


def html_of(term_sheet: Path) -> dict[str, str]:
    loaded = load(term_sheet)
    return {d.key: document_html(d.title, d.blocks, "2026-01-02", "Company", "label")
            for d in render_set(loaded.term_sheet, loaded.figures)}


def test_the_html_of_every_corpus_document_holds_only_elements_the_stylesheet_knows():
    seen: set[str] = set()
    for term_sheet in CORPUS:
        for html in html_of(term_sheet).values():
            seen |= {t.lower() for t in re.findall(r"<([A-Za-z][A-Za-z0-9]*)", html)}
    assert seen <= ELEMENTS, f"elements without user-agent rules: {sorted(seen - ELEMENTS)}"
    assert {"table", "th", "td", "svg", "a", "br", "u", "b"} <= seen  # the sample below covers what matters


def _lay_out(html: str, full: bool, monkeypatch) -> bytes:
    if full:
        from weasyprint import HTML

        monkeypatch.setattr("assembler.layout.user_agent.html_class", lambda: HTML)
    else:
        monkeypatch.undo()
    return pdf.render_pdf(html, "seed").data


@pytest.mark.parametrize("term_sheet, keys", [
    ("term_sheets/focus_1999.yaml", ["purchase_agreement", "closing_checklist", "warrant#W-1"]),  # contents, tables
    ("term_sheets/northwind_2026.yaml", ["schedule_of_investors", "signature_packet#1"]),  # header cells, QR code
])
def test_the_cut_stylesheet_lays_out_the_same_bytes_as_weasyprints_own(term_sheet, keys, monkeypatch):
    html = html_of(ROOT / term_sheet)
    for key in keys:
        assert key in html, sorted(html)
        lean = _lay_out(html[key], False, monkeypatch)
        full = _lay_out(html[key], True, monkeypatch)
        assert lean == full, key

"""Signature packets: for one signer, the packet's cover followed by every page that person signs, in two parts: the
pages signed before or at signing, then, behind the cover's page for the closing part, the pages released at the
Closing (each document's manifest `signed_at`, a step of the closing timetable: figures/timetable.py SIGNED_AT). A
person signing for an investor has a packet per investor: that investor's pages only. A document whose manifest says
`packet: whole` (a questionnaire) comes whole, less the other signers' signature pages.

Each source PDF is parsed once per build, however many packets take pages from it (a packet per investor used to
re-read the whole Purchase Agreement, which made the build quadratic in investors); a packet whose cover and source
pages are unchanged comes from the layout cache.
"""
from __future__ import annotations

import hashlib

from assembler.closing_set import cache as layout_cache
from assembler.document.signature_pages import LEGEND, PageMark, parse_mark
from assembler.document.tree import Document
from assembler.format import slug
from assembler.figures.timetable import signing_part
from assembler.layout.html import signature_anchor
from assembler.layout.pdf import Pdf, pick_pages


def signed_pages(signer: str, documents: list[Document], pdfs: dict[str, Pdf],
                 index: dict[str, list[tuple[str, list[tuple[int, str | None]]]]] | None = None,
                 signs_for: tuple[str, ...] = ()) -> list[tuple[str, list[int]]]:
    """For each document `signer` signs (in set order): (its key, the pages holding that person's signature blocks),
    for the parties `signs_for` only when given (a packet for one investor). `index`: signature_blocks(documents),
    when the caller has it. A document whose manifest says `packet: whole` gives every page but the other signers'
    signature pages (and the other parties': a packet for one investor)."""
    parts = []
    whole = {d.key for d in documents if d.packet == "whole"}
    for key, blocks in (index if index is not None else signature_blocks(documents)).get(signer, []):
        if key in pdfs:
            pdf = pdfs[key]
            pages = sorted({pdf.anchors[signature_anchor(i)] for i, party in blocks
                            if not signs_for or party in signs_for})
            if pages and key in whole:
                doc = next(d for d in documents if d.key == key)
                theirs = {pdf.anchors[signature_anchor(i)] for i, b in enumerate(doc.blocks)
                          if b.kind == "signature"} - set(pages)
                pages = [p for p in range(pdf.pages) if p not in theirs]
            if pages:
                parts.append((key, pages))
    return parts


def in_parts(parts: list[tuple[str, list[int]]], documents: list[Document]) -> tuple[list, list]:
    """`parts` (signed_pages) split into the signing part and the closing part, each in set order."""
    signed_at = {d.key: d.signed_at for d in documents}
    signing = [p for p in parts if signing_part(signed_at[p[0]])]
    return signing, [p for p in parts if not signing_part(signed_at[p[0]])]


def closing_part_page(cover_doc: Document, cover: Pdf) -> int:
    """The first page of the cover's closing part (the heading of its last section starts a page of its own when
    the packet has both parts: templates/signature_packet)."""
    heads = [i for i, b in enumerate(cover_doc.blocks) if b.bookmark]
    return cover.anchors[signature_anchor(heads[-1])]


def signature_blocks(documents: list[Document]) -> dict[str, list[tuple[str, list[tuple[int, str | None]]]]]:
    """signer -> [(document key, [(the index of one of that person's signature blocks in it, the party it signs
    for)])], in set order (packets and the documents they take pages from are apart)."""
    index: dict[str, list[tuple[str, list[tuple[int, str | None]]]]] = {}
    for doc in documents:
        if doc.signatory:
            continue
        mine: dict[str, list[tuple[int, str | None]]] = {}
        for i, b in enumerate(doc.blocks):
            if b.kind == "signature":
                mine.setdefault(b.signer, []).append((i, b.party))
        for signer, blocks in mine.items():
            index.setdefault(signer, []).append((doc.key, blocks))
    return index


class Packets:
    """Composes packets from the PDFs of one build, reading each source PDF at most once."""

    def __init__(self, documents: list[Document], pdfs: dict[str, Pdf], cache: layout_cache.LayoutCache,
                 fingerprint: str, pdfa: bool = False) -> None:
        self.documents, self.pdfs, self.cache, self.fingerprint = documents, pdfs, cache, fingerprint
        self.pdfa = pdfa  # the packets PDF/A-2b like their sources
        self._readers: dict[str, object] = {}
        self._sha: dict[str, str] = {}
        self._index: dict[str, list[tuple[str, list[tuple[int, str | None]]]]] | None = None  # signature_blocks(documents)

    def _reader(self, key: str):
        if key not in self._readers:
            from assembler.layout.pdf_reader import OwnPdfReader

            self._readers[key] = OwnPdfReader(self.pdfs[key].data)
        return self._readers[key]

    def _digest(self, key: str) -> str:
        if key not in self._sha:
            self._sha[key] = hashlib.sha256(self.pdfs[key].data).hexdigest()
        return self._sha[key]

    def _page_marks(self, key: str, pages: list[int], signatory: str) -> dict[int, str]:
        """{page index: its page mark} for the pages of a document taken whole that are not signature pages (a
        questionnaire's questions): each is marked with the document, its page, the signatory and the draft, as its
        signature page is (document/signature_pages.py PageMark), so that collect knows it when it comes back."""
        doc = next(d for d in self.documents if d.key == key)
        if doc.packet != "whole":
            return {}
        pdf = self.pdfs[key]
        signature = {pdf.anchors[signature_anchor(i)] for i, b in enumerate(doc.blocks) if b.kind == "signature"}
        stamped = next((parse_mark(b.mark) for b in doc.blocks if b.kind == LEGEND and b.mark), None)
        if stamped is None:
            return {}
        return {p: PageMark(stamped.deal, key, p + 1, pdf.pages, slug(signatory), stamped.draft).text
                for p in pages if p not in signature}

    def packet(self, doc: Document, cover: Pdf, seed: str) -> tuple[bytes, int]:
        """(the packet's bytes, its page count) for signature packet `doc`."""
        if self._index is None:
            self._index = signature_blocks(self.documents)
        signing, closing = in_parts(signed_pages(doc.signatory, self.documents, self.pdfs, self._index,
                                                 doc.signs_for), self.documents)
        split = closing_part_page(doc, cover) if signing and closing else cover.pages
        marks = {src: self._page_marks(src, pages, doc.signatory) for src, pages in signing + closing}
        k = layout_cache.key({"kind": "packet", "tool": self.fingerprint, "seed": seed, "pdfa": self.pdfa,
                              "cover": hashlib.sha256(cover.data).hexdigest(), "split": split,
                              "parts": [[self._digest(src), pages] for src, pages in signing + closing],
                              "marks": sorted((src, sorted(m.items())) for src, m in marks.items() if m)})
        entry = self.cache.get(k)
        if entry is not None and isinstance(entry.meta.get("pages"), int) and "pdf" in entry.parts:
            return entry.parts["pdf"], entry.meta["pages"]
        from assembler.layout.pdf_reader import OwnPdfReader

        reader = OwnPdfReader(cover.data)
        parts: list = [(reader, list(range(split)))]
        stamps: dict[tuple[int, int], str] = {}
        for section in (signing, closing):
            for src, pages in section:
                stamps.update({(len(parts), page): text for page, text in marks[src].items()})
                parts.append((self._reader(src), pages))
            if section is signing:
                parts.append((reader, list(range(split, cover.pages))))
        data, pages = pick_pages(parts, seed, self.pdfa, stamps)
        self.cache.put(k, {"pages": pages}, {"pdf": data})
        return data, pages

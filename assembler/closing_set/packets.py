"""Signature packets: for one signer, the packet's cover followed by every page that person signs, in closing order (a
person signing for an investor has a packet per investor: that investor's pages only).

Each source PDF is parsed once per build, however many packets take pages from it (a packet per investor used to
re-read the whole Purchase Agreement, which made the build quadratic in investors); a packet whose cover and source
pages are unchanged comes from the layout cache.
"""
from __future__ import annotations

import hashlib

from assembler.closing_set import cache as layout_cache
from assembler.document.tree import Document
from assembler.layout.html import signature_anchor
from assembler.layout.pdf import Pdf, pick_pages


def signed_pages(signer: str, documents: list[Document], pdfs: dict[str, Pdf],
                 index: dict[str, list[tuple[str, list[tuple[int, str | None]]]]] | None = None,
                 signs_for: tuple[str, ...] = ()) -> list[tuple[str, list[int]]]:
    """For each document `signer` signs (in set order): (its key, the pages holding that person's signature blocks),
    for the parties `signs_for` only when given (a packet for one investor). `index`: signature_blocks(documents),
    when the caller has it."""
    parts = []
    for key, blocks in (index if index is not None else signature_blocks(documents)).get(signer, []):
        if key in pdfs:
            pages = sorted({pdfs[key].anchors[signature_anchor(i)] for i, party in blocks
                            if not signs_for or party in signs_for})
            if pages:
                parts.append((key, pages))
    return parts


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

    def packet(self, doc: Document, cover: Pdf, seed: str) -> tuple[bytes, int]:
        """(the packet's bytes, its page count) for signature packet `doc`."""
        if self._index is None:
            self._index = signature_blocks(self.documents)
        parts = signed_pages(doc.signatory, self.documents, self.pdfs, self._index, doc.signs_for)
        k = layout_cache.key({"kind": "packet", "tool": self.fingerprint, "seed": seed, "pdfa": self.pdfa,
                              "cover": hashlib.sha256(cover.data).hexdigest(),
                              "parts": [[self._digest(src), pages] for src, pages in parts]})
        entry = self.cache.get(k)
        if entry is not None and isinstance(entry.meta.get("pages"), int) and "pdf" in entry.parts:
            return entry.parts["pdf"], entry.meta["pages"]
        from assembler.layout.pdf_reader import OwnPdfReader

        data, pages = pick_pages([(OwnPdfReader(cover.data), list(range(cover.pages)))]
                                 + [(self._reader(src), pages) for src, pages in parts], seed, self.pdfa)
        self.cache.put(k, {"pages": pages}, {"pdf": data})
        return data, pages

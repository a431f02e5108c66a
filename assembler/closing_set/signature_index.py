"""signatures.json: where each signature page of a closing set is, and what its mark says (written here at build time,
read here when signed pages come back)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from assembler.document.signature_pages import LEGEND, draft_of
from assembler.document.tree import Document
from assembler.errors import AssemblerError

SIGNATURES = "signatures.json"


@dataclass(frozen=True)
class SignaturePage:
    mark: str  # the id its QR code carries
    page: int  # 1-based page of the document's PDF
    signatory: str
    party: str


@dataclass(frozen=True)
class IndexedDocument:
    """A document of the set (signature packets left out), in closing order."""

    key: str
    title: str
    file: str  # the PDF of the set
    pages: int
    draft: str
    exhibit: str | None
    signature_pages: tuple[SignaturePage, ...]


@dataclass(frozen=True)
class SignatureIndex:
    deal: str
    folder: Path
    documents: tuple[IndexedDocument, ...]
    title: str = ""  # the deal's title and closing date (the closing book's cover)
    closing_date: str = ""

    def document(self, key: str) -> IndexedDocument | None:
        return next((d for d in self.documents if d.key == key), None)


def signature_index_json(deal: str, entries: list[tuple[Document, str, str, int, dict[str, int]]],
                         deal_title: str = "", closing_date: str = "") -> bytes:
    """`entries`: (document, title, PDF file name, page count, HTML anchor -> 0-based page) in closing order."""
    from assembler.layout.html import signature_anchor

    documents = []
    for doc, title, file, pages, anchors in entries:
        sig_pages, last_block = [], None
        for i, block in enumerate(doc.blocks):
            if block.kind == "signature":
                last_block = i
            elif block.kind == LEGEND and last_block is not None:
                sig_pages.append({"mark": block.mark, "page": anchors[signature_anchor(last_block)] + 1,
                                  "signatory": block.signer, "party": block.party})
        documents.append({"key": doc.key, "title": title, "file": file, "pages": pages, "draft": draft_of(doc.blocks),
                          **({"exhibit": doc.exhibit} if doc.exhibit else {}), "signature_pages": sig_pages})
    body = {"deal": deal, "title": deal_title, "closing_date": closing_date, "documents": documents}
    return (json.dumps(body, indent=2, ensure_ascii=False) + "\n").encode()


def read_signature_index(folder: Path) -> SignatureIndex:
    """The signature pages a built closing set lists; an AssemblerError when `folder` has none."""
    folder = Path(folder)
    path = folder / SIGNATURES
    if not path.is_file():
        raise AssemblerError(f"{folder}: not a closing set with signature pages (no {SIGNATURES}); build it with "
                             "assemble build first")
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        documents = tuple(
            IndexedDocument(d["key"], d["title"], d["file"], int(d["pages"]), d["draft"], d.get("exhibit"),
                            tuple(SignaturePage(p["mark"], int(p["page"]), p["signatory"], p["party"])
                                  for p in d["signature_pages"]))
            for d in body["documents"])
        return SignatureIndex(body["deal"], folder, documents, body.get("title", ""), body.get("closing_date", ""))
    except (ValueError, KeyError, TypeError) as exc:
        raise AssemblerError(f"{path}: not a signature index ({exc})") from None

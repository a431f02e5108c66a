"""Signature pages, laid out from the `<signatures>` regions templates already have, and the mark on each of them.

Every `<signature-block>` becomes a page of its own: one party per page, so a packet holds only the pages (and the
figures) of the person who signs them, and a returned page belongs to exactly one signatory. The paragraphs that lead
into the signatures ("IN WITNESS WHEREOF ...", "Dated: ...", kept with the next block) open the first signature page;
what follows the signatures before the next page break (a letter's "cc:" list) closes the last one. The body ends with
"[Signature pages follow]" ("[Signature page follows]" for one page) and each page carries the legend
"[Signature Page to <document>]".

Each page also carries a mark (printed as a QR code with the same id in small text, PDF only): deal, document,
page k of n, signatory and the draft, a fingerprint of the document's text. The mark is not part of the text (it is
furniture, like a page number), so it is stable across rebuilds of the same term sheet and changes when any word of the
document changes: a page signed on an earlier draft is recognised as stale.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from assembler.document.blocks import Block, Run, document_text
from assembler.document.tree import Document
from assembler.format import slug

FOLLOW_ONE = "[Signature page follows]"
FOLLOW_MANY = "[Signature pages follow]"
LEGEND = "signature_legend"  # the block kind of a page's legend; it carries the page's mark
MARK_PREFIX = "ASM1"
_MARK = re.compile(rf"{MARK_PREFIX} ([a-z0-9][a-z0-9_\-]*) (\S+) (\d+)/(\d+) (\S+) ([0-9a-f]{{8}})")


@dataclass(frozen=True)
class Mark:
    """What a signature page's mark says: `ASM1 <deal> <document key> <page>/<pages> <signatory> <draft>`."""

    deal: str
    document: str  # the document key: purchase_agreement, warrant#W-1
    page: int  # this signature page's number among the document's signature pages (1-based)
    pages: int  # how many signature pages the document has
    signatory: str  # the signer's name as a file-name part (Hans_Gassner)
    draft: str  # 8 hex digits of the SHA-256 of the document's text

    @property
    def text(self) -> str:
        return f"{MARK_PREFIX} {self.deal} {self.document} {self.page}/{self.pages} {self.signatory} {self.draft}"

    @property
    def slot(self) -> tuple[str, str, int, str]:
        """The page's place, whatever the draft: deal, document, page, signatory."""
        return self.deal, self.document, self.page, self.signatory


def parse_mark(text: str) -> Mark | None:
    """The mark a decoded QR code (or its printed id) holds; None for any other text."""
    return _parse(_MARK, Mark, text)


def _parse(pattern: re.Pattern, kind: type, text: str):
    """`kind` (Mark or PageMark) from a text `pattern` matches in full, with a page within its count; else None."""
    match = pattern.fullmatch(" ".join(text.split()))
    if not match:
        return None
    deal, document, page, pages, signatory, draft = match.groups()
    if not 1 <= int(page) <= int(pages):
        return None
    return kind(deal, document, int(page), int(pages), signatory, draft)


def find_marks(text: str) -> list[Mark]:
    """Every mark printed in a page's text (the small id under the QR code)."""
    return [m for m in (parse_mark(hit.group()) for hit in _MARK.finditer(" ".join(text.split()))) if m]


_PAGE_MARK = re.compile(rf"{MARK_PREFIX} ([a-z0-9][a-z0-9_\-]*) (\S+) p(\d+)/(\d+) (\S+) ([0-9a-f]{{8}})")


@dataclass(frozen=True)
class PageMark:
    """The mark on a page of a document that a packet takes whole (a questionnaire each person reads and returns with
    his or her signature page), other than a signature page: `ASM1 <deal> <document key> p<page>/<pages> <signatory>
    <draft>`, the page and page count of the document's PDF, the signatory whose packet the page went out in. Set on
    the packet's page when the packet is composed (closing_set/packets.py), so that a returned page is recognised as
    that document's page (assemble collect), not as an unknown one; the set's own document carries none."""

    deal: str
    document: str
    page: int  # the page of the document's PDF (1-based)
    pages: int
    signatory: str
    draft: str

    @property
    def text(self) -> str:
        return f"{MARK_PREFIX} {self.deal} {self.document} p{self.page}/{self.pages} {self.signatory} {self.draft}"


def parse_page_mark(text: str) -> PageMark | None:
    """The page mark a decoded QR code holds; None for any other text (a signature page's mark among them)."""
    return _parse(_PAGE_MARK, PageMark, text)


def legend_text(doc: Document) -> str:
    return f"[Signature Page to {doc.title}{f' No. {doc.certificate}' if doc.certificate else ''}]"


def paginate(blocks: list[Block], doc: Document) -> list[Block]:
    """Lay each signature block of `blocks` out as a page of its own (see the module docstring)."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        if blocks[i].kind != "signature":
            out.append(blocks[i])
            i += 1
            continue
        end = i
        while end < len(blocks) and blocks[end].kind == "signature":
            end += 1
        region = blocks[i:end]
        start = len(out)
        while start > 0 and out[start - 1].kind == "p" and out[start - 1].keep_next:
            start -= 1
        lead, out[start:] = out[start:], []
        stop = end
        while stop < len(blocks) and blocks[stop].kind not in ("pagebreak", "signature"):
            stop += 1
        trailing = blocks[end:stop]
        if any(b.kind != "pagebreak" for b in out):
            if out[-1].kind == "p":  # the marker never stands alone on a page: the body's last lines come with it
                out[-1].keep_next = True
            out.append(Block("p", [Run(FOLLOW_ONE if len(region) == 1 else FOLLOW_MANY)], "Body", align="center"))
        for n, block in enumerate(region):
            if out and out[-1].kind != "pagebreak":
                out.append(Block("pagebreak", style="Body"))
            out += lead if n == 0 else []
            out.append(block)
            out += trailing if n == len(region) - 1 else []
            out.append(Block(LEGEND, [Run(legend_text(doc))], "Body", align="center", signer=block.signer,
                             party=block.party))
        i = stop
    return out


def draft_of(blocks: list[Block]) -> str:
    """The draft fingerprint: 8 hex digits of the SHA-256 of the document's text (marks are not text)."""
    return hashlib.sha256(document_text(blocks).encode("utf-8")).hexdigest()[:8]


def stamp(doc: Document, deal: str) -> None:
    """Set the mark of each signature page of `doc` (on its legend block)."""
    legends = [b for b in doc.blocks if b.kind == LEGEND]
    draft = draft_of(doc.blocks)
    for n, block in enumerate(legends, start=1):
        block.mark = Mark(deal, doc.key, n, len(legends), slug(block.signer or "") or "unnamed", draft).text

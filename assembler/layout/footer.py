"""The footer a reader files a document by, the same in the DOCX and the PDF: "Page X of Y", and under it in small
type the document's title, an id (deal/file) and a version that changes exactly when the document's words do.

The label is set on one line: in 8 point type, or smaller (down to 6 point) when it is long, its title shortened
only when even that is not enough. So a reader of the text (the checks, the parity tests) finds it as one line ending
in "| v. 1a2b3c4d" below the page's text, and leaves it out with the page number (`is_footer`)."""
from __future__ import annotations

import hashlib
import re

from assembler.document.blocks import Block, document_text
from assembler.layout.styles import TEXT_WIDTH
from assembler.layout.tables import text_width
from assembler.layout.typography import typeset

SIZES = (8, 7.5, 7, 6.5, 6)  # points, largest first
_FOOTER = re.compile(r".* \| \S+ \| v\. [0-9a-f]{8}")


def version(blocks: list[Block]) -> str:
    """The first 8 hex digits of the SHA-256 of the document's text."""
    return hashlib.sha256(document_text(blocks).encode()).hexdigest()[:8]


def footer_label(title: str, deal: str, stem: str, blocks: list[Block]) -> str:
    """The title typeset as the body is (curly apostrophe: "Secretary’s Certificate", as on its first page)."""
    return f"{typeset(title)} | {deal}/{stem} | v. {version(blocks)}"


def fitted(label: str, width: float = TEXT_WIDTH * 72) -> tuple[str, float]:
    """(the label as printed, its size in points): one line of the text's width."""
    for size in SIZES:
        if text_width(label, size) <= width:
            return label, size
    title, sep, rest = label.partition(" | ")
    while title and text_width(f"{title}\u2026{sep}{rest}", SIZES[-1]) > width:
        title = title[:-1]
    return f"{title.rstrip()}\u2026{sep}{rest}", SIZES[-1]


_PAGE = re.compile(r"Page ?(?:([0-9]{1,4}) ?of ?[0-9]{1,4}|([ivxlc]{1,6}))")


def page_number(text: str) -> str | None:
    """The page number X of a footer line "Page X of Y" (the body's, as the PDF and Word print it) or "Page x" (a
    table of contents' page, in roman numerals: layout/toc.py), or None."""
    found = _PAGE.fullmatch(" ".join(text.split()))
    return (found.group(1) or found.group(2)) if found else None


def is_footer(text: str) -> bool:
    """Is this line of a page the footer label ("Title | deal/file | v. 1a2b3c4d")?"""
    return bool(_FOOTER.fullmatch(" ".join(text.split())))

"""Signed pages as they come back, for the web tests, made from a built closing set: signature pages rasterized and
signed as a scanner would return them (tests/signing/returns.py), and pages that must not count as signed: one
signed on another draft (stale) or for another deal (foreign) (the page's own mark with its draft or deal changed),
a page of a document's body (unrecognised), and a signature page sent back exactly as it went out (unsigned)."""
from __future__ import annotations

import io
import json
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "signing"))  # the simulated returns of the signing tests
from returns import by_line, image_pdf, page_image, signed  # noqa: E402

from assembler.document.signature_pages import parse_mark  # noqa: E402

DPI = 150


def signature_pages(set_dir: Path) -> list[dict]:
    """Every signature page of the set: {"file", "page", "mark", "signatory", "document"}, in set order."""
    index = json.loads((set_dir / "signatures.json").read_text(encoding="utf-8"))
    return [{**page, "file": doc["file"], "document": doc["key"]} for doc in index["documents"]
            for page in doc["signature_pages"]]


def signed_pdf(set_dir: Path, pages: list[dict], angle: float = 1.5) -> bytes:
    """The `pages` signed and scanned, one image-only PDF."""
    return image_pdf([signed(page_image(set_dir / p["file"], p["page"], DPI), DPI,
                             by_line(set_dir / p["file"], p["page"]), angle) for p in pages], DPI)


def marked_page(text: str):
    """A scanned page that carries only a signature-page mark holding `text`."""
    import segno
    from PIL import Image

    image = Image.new("L", (int(8.5 * DPI), 11 * DPI), 255)
    code = io.BytesIO()
    segno.make(text, error="m", micro=False).save(code, kind="png", scale=4, border=4)
    image.paste(Image.open(code), (int(6.5 * DPI), int(9 * DPI)))
    return image


def stale_and_foreign(page: dict) -> bytes:
    """Two pages for the place of `page`: one signed on another draft, one of another deal."""
    mark = parse_mark(page["mark"])
    return image_pdf([marked_page(replace(mark, draft="0badd0c5").text),
                      marked_page(replace(mark, deal="another_deal").text)], DPI)


def body_page(set_dir: Path, file: str, page: int = 2) -> bytes:
    """A page of a document's body, scanned (no mark on it)."""
    return image_pdf([page_image(set_dir / file, page, DPI)], DPI)


def as_it_went_out(set_dir: Path, page: dict) -> bytes:
    """A signature page e-mailed back unsigned: the set's own PDF page."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.add_page(PdfReader(set_dir / page["file"]).pages[page["page"] - 1])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()

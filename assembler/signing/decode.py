"""Read returned PDFs page by page: each page rasterized (pypdfium2, no external program) and its QR codes decoded
(zxing-cpp), trying a finer resolution when the first pass finds nothing; a page that keeps its text (an e-signed PDF)
is also read for the printed id. Each page comes back as a one-page PDF, so it can be kept and spliced as it is."""
from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from assembler.document.signature_pages import MARK_PREFIX, Mark, PageMark, find_marks, parse_mark, parse_page_mark
from assembler.errors import AssemblerError

PASSES_DPI = (150, 300)  # a scan at 150-300 dpi keeps 3+ pixels per QR module at the first pass; 300 for the rest


@dataclass(frozen=True)
class ReturnedPage:
    source: Path
    page: int  # 1-based page of the returned file
    pdf: bytes  # the page alone, as a one-page PDF (fixed identifier: the same page gives the same bytes)
    marks: tuple[Mark | PageMark, ...]  # distinct marks found on the page (normally one): a signature page's, or the
    # page mark of a page of a document a packet takes whole (a questionnaire's)
    codes: tuple[str, ...]  # texts of other QR codes found (not ours), for the log
    quarter_turns: int  # 0-3: how far the page must turn clockwise to stand upright (from the QR code's orientation)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.pdf).hexdigest()


def read_returned(path: Path) -> list[ReturnedPage]:
    """Every page of one returned PDF with the marks found on it; an AssemblerError if it is not a readable PDF."""
    try:
        import pypdfium2 as pdfium
        import zxingcpp  # noqa: F401
    except ImportError as exc:
        raise AssemblerError(f"assemble collect needs pypdfium2 and zxing-cpp ({exc}); install them with "
                             "pip install pypdfium2 zxing-cpp (make setup does)") from None
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    path = Path(path)
    try:
        data = path.read_bytes()
        reader = PdfReader(io.BytesIO(data))
        count = len(reader.pages)
        raster = pdfium.PdfDocument(data)
    except (OSError, PdfReadError, pdfium.PdfiumError, ValueError) as exc:
        raise AssemblerError(f"{path}: not a readable PDF ({exc}); nothing was collected") from None
    pages = []
    try:
        for index in range(count):
            found, others, turns = _decode(raster[index])
            if not found:
                found = find_marks(_text(reader, index))
            pages.append(ReturnedPage(path, index + 1, _one_page(reader, index, data), tuple(dict.fromkeys(found)),
                                      tuple(others), turns))
    finally:
        raster.close()
    return pages


def _decode(page) -> tuple[list[Mark | PageMark], list[str], int]:
    import zxingcpp

    for dpi in PASSES_DPI:
        image = page.render(scale=dpi / 72, grayscale=True).to_pil()
        codes = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
        marks = [m for m in (parse_mark(c.text) or parse_page_mark(c.text) for c in codes) if m]
        if marks:
            ours = next(c for c in codes if parse_mark(c.text) or parse_page_mark(c.text))
            turns = round(-ours.orientation / 90) % 4  # zxing: the code's clockwise angle; undo it
            return marks, [c.text for c in codes if not c.text.startswith(MARK_PREFIX)], turns
        if codes:
            return [], [c.text for c in codes], 0
    return [], [], 0


def _text(reader, index: int) -> str:
    try:
        return reader.pages[index].extract_text() or ""
    except Exception:  # noqa: BLE001 - a damaged text layer is no text (the QR code is what counts)
        return ""


def _one_page(reader, index: int, source: bytes) -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject

    writer = PdfWriter()
    writer.add_page(reader.pages[index])
    ident = ByteStringObject(hashlib.sha256(source + index.to_bytes(4, "big")).digest()[:16])
    writer._ID = ArrayObject([ident, ident])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()

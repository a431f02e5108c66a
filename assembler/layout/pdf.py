"""HTML -> PDF with WeasyPrint: bundled fonts, fixed identifier and dates, so the bytes depend only on the input."""
from __future__ import annotations

import atexit
import hashlib
import io
import os
import shutil
import threading
from dataclasses import dataclass

from pypdf.generic import ArrayObject

from assembler.document.registry import DEFAULT_DIR

SHARED = DEFAULT_DIR / "_shared"


@dataclass(frozen=True)
class Pdf:
    data: bytes
    pages: int
    anchors: dict[str, int]  # HTML id -> 0-based page index where it starts


_PREPARED = threading.local()


def stylesheet():
    """(the print stylesheet, the font configuration holding its bundled fonts): parsed and loaded once per process
    and thread (Pango's font map is not shared between threads), not once per document. A build prepares them before
    its worker processes fork, so every worker starts with them."""
    if getattr(_PREPARED, "value", None) is None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        fonts = FontConfiguration()
        _PREPARED.value = (CSS(filename=str(SHARED / "print.css"), font_config=fonts), fonts)
        atexit.register(_remove_fonts, fonts)
    return _PREPARED.value


def _remove_fonts(fonts) -> None:
    """WeasyPrint copies the fonts into a temporary folder that it removes when the configuration is collected, which
    a process-long one is only at interpreter shutdown, too late to work: remove it at exit instead (forked workers
    leave it to the parent: they skip atexit)."""
    if fonts._folder:
        shutil.rmtree(fonts._folder, ignore_errors=True)
        fonts._folder = None


def render_pdf(html: str, identifier_seed: str) -> Pdf:
    """The PDF of `html` (from layout/html.py, which links no stylesheet: print.css is applied here)."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", "946684800")  # fontTools subsetting stamps no clock time
    from weasyprint import HTML

    css, fonts = stylesheet()
    document = HTML(string=html, base_url=str(SHARED) + "/").render(stylesheets=[css], font_config=fonts)
    pdf_id = hashlib.sha256(identifier_seed.encode()).hexdigest()[:32].encode()
    data = document.write_pdf(pdf_identifier=pdf_id, uncompressed_pdf=False)
    anchors: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            anchors.setdefault(name, index)
    return Pdf(data, len(document.pages), anchors)


def pick_pages(parts: list[tuple[bytes, list[int]]], identifier_seed: str) -> tuple[bytes, int]:
    """One PDF of the given pages of several PDFs, in order (signature packets), with a fixed identifier. A part's
    source is the PDF's bytes or a PdfReader already open on them (a build reads each source once)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ByteStringObject

    writer = PdfWriter()
    for source, pages in parts:
        reader = source if isinstance(source, PdfReader) else PdfReader(io.BytesIO(source))
        for index in pages:
            writer.add_page(reader.pages[index])
    ident = ByteStringObject(hashlib.sha256(identifier_seed.encode()).digest()[:16])
    writer._ID = ArrayObject([ident, ident])
    writer.add_metadata({"/Producer": "assembler"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), len(writer.pages)

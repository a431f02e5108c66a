"""HTML -> PDF with WeasyPrint: bundled fonts, fixed identifier and dates, so the bytes depend only on the input.

The renderer opens nothing but the bundled stylesheet and fonts (templates/_shared/) and `data:` images: every other
URL (http, https, ftp, a file anywhere else, a link out of _shared/) stops the build with an AssemblerError, and
nothing is fetched. SOURCE_DATE_EPOCH (read by fontTools when it subsets a font) is fixed while a PDF is made and the
caller's value is put back afterwards, so the bytes do not depend on the caller's environment either.
"""
from __future__ import annotations

import atexit
import contextlib
import hashlib
import io
import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pypdf.generic import ArrayObject

from assembler.document.registry import DEFAULT_DIR
from assembler.errors import AssemblerError

SHARED = DEFAULT_DIR / "_shared"
BUNDLED = {".css": "text/css", ".ttf": "font/ttf", ".otf": "font/otf", ".woff": "font/woff", ".woff2": "font/woff2"}
EPOCH = "946684800"  # 2000-01-01: what fontTools stamps into a subset font


class ResourceRefused(AssemblerError):
    """The PDF renderer was asked for something other than a bundled font or stylesheet."""


@contextlib.contextmanager
def fixed_epoch():
    """SOURCE_DATE_EPOCH fixed for the duration, whatever the caller had (and the caller's value restored)."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def bundled_path(url: str) -> Path | None:
    """The file a `file:` URL names when it is a bundled stylesheet or font (links resolved), else None."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost") or parts.query:
        return None
    path = Path(unquote(parts.path)).resolve()
    if not path.is_relative_to(SHARED.resolve()) or path.suffix.lower() not in BUNDLED or not path.is_file():
        return None
    return path


def url_fetcher():
    """A WeasyPrint URL fetcher that serves the bundled files and data: images, and refuses everything else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class BundledOnly(URLFetcher):
        def __init__(self) -> None:
            super().__init__(fail_on_errors=True, allow_redirects=False, allowed_protocols={"file", "data"})

        def fetch(self, url, headers=None):
            if url.startswith("data:image/"):
                return super().fetch(url, headers)  # decoded in memory by urllib's DataHandler
            path = bundled_path(url)
            if path is None:
                raise ResourceRefused(f"the PDF renderer was asked for {url[:200]!r}; only the bundled fonts and "
                                      f"stylesheet in {SHARED} are ever loaded, so nothing was fetched (a template "
                                      "or a term-sheet value tried to load another file or a web address)")
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": BUNDLED[path.suffix.lower()]})

    return BundledOnly()


@dataclass(frozen=True)
class Pdf:
    data: bytes
    pages: int
    anchors: dict[str, int]  # HTML id -> 0-based page index where it starts


_PREPARED = threading.local()


def stylesheet():
    """(the print stylesheet, the font configuration holding its bundled fonts): parsed and loaded once per process
    and thread (Pango's font map is not shared between threads), not once per document. A build prepares them before
    its worker processes fork, so every worker starts with them. The stylesheet's fonts come through the same
    confined fetcher as everything else."""
    if getattr(_PREPARED, "value", None) is None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        fonts = FontConfiguration()
        with fixed_epoch():
            css = CSS(filename=str(SHARED / "print.css"), font_config=fonts, url_fetcher=url_fetcher())
        _PREPARED.value = (css, fonts)
        atexit.register(_remove_fonts, fonts)
    return _PREPARED.value


def _remove_fonts(fonts) -> None:
    """WeasyPrint copies the fonts into a temporary folder that it removes when the configuration is collected, which
    a process-long one is only at interpreter shutdown, too late to work: remove it at exit instead (forked workers
    leave it to the parent: they skip atexit)."""
    if fonts._folder:
        shutil.rmtree(fonts._folder, ignore_errors=True)
        fonts._folder = None


PDFA = "pdf/a-2b"  # archival: XMP metadata with the PDF/A identification, an sRGB output intent, fonts embedded


def _lay_out(html: str, css, fonts):
    """The laid-out document. With a table of contents (layout/toc.py), "Page X of Y" counts the contents (i, ii,
    ...) and the body (1, 2, ...) apart, as Word's SECTIONPAGES: the body is laid out alone (its Y is its page
    count), then the contents alone with the body's page numbers written in, and the pages put together (the
    contents' links still lead to the body's headings). One layout of each page, not two."""
    from assembler.layout import toc
    from assembler.layout.user_agent import html_class

    HTML = html_class()

    def render(text: str):
        return HTML(string=text, base_url=SHARED.as_uri() + "/", url_fetcher=url_fetcher()).render(
            stylesheets=[css], font_config=fonts)

    split = toc.split_html(html)
    if split is None:
        return render(html)
    contents_html, body_html = split
    body = render(body_html)
    anchors = {name: index for index, page in reversed(list(enumerate(body.pages))) for name in page.anchors}
    contents = render(toc.numbered(contents_html, anchors))
    return contents.copy(contents.pages + body.pages)


def render_pdf(html: str, identifier_seed: str, pdfa: bool = False) -> Pdf:
    """A tagged PDF of `html` (from layout/html.py, which links no stylesheet: print.css is applied here; structure
    tree: headings, paragraphs, tables, for screen readers and reflow); with `pdfa`, PDF/A-2b."""
    from weasyprint.urls import FatalURLFetchingError

    pdf_id = hashlib.sha256(identifier_seed.encode()).hexdigest()[:32].encode()
    try:
        with fixed_epoch():
            css, fonts = stylesheet()
            document = _lay_out(html, css, fonts)
            data = document.write_pdf(pdf_identifier=pdf_id, uncompressed_pdf=False, pdf_tags=True,
                                      **({"pdf_variant": PDFA} if pdfa else {}))
    except FatalURLFetchingError as exc:
        cause = exc.__cause__
        raise (cause if isinstance(cause, ResourceRefused) else ResourceRefused(str(exc))) from None
    anchors: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            anchors.setdefault(name, index)
    return Pdf(data, len(document.pages), anchors)


def pick_pages(parts: list[tuple[bytes, list[int]]], identifier_seed: str, pdfa: bool = False,
               stamps: dict[tuple[int, int], str] | None = None) -> tuple[bytes, int]:
    """One PDF of the given pages of several PDFs, in order (signature packets), with a fixed identifier. A part's
    source is the PDF's bytes (this tool's: read by layout/pdf_reader.py) or a PdfReader already open on them (a build
    reads each source once). With `pdfa` (every part PDF/A-2b, as render_pdf writes them), the result keeps the first
    part's PDF/A identification (XMP metadata, with the document information it repeats) and output intent (sRGB
    profile). `stamps`: {(part number, page index): text} drawn as a QR code in the page's lower right margin (a page
    mark: document/signature_pages.py PageMark)."""
    from pypdf import PdfWriter
    from pypdf.generic import ByteStringObject, NameObject

    from assembler.layout.pdf_reader import OwnPdfReader

    writer = PdfWriter()
    for number, (source, pages) in enumerate(parts):
        reader = OwnPdfReader(source) if isinstance(source, (bytes, bytearray)) else source
        for index in pages:
            writer.add_page(reader.pages[index])
            text = (stamps or {}).get((number, index))
            if text:
                _stamp_qr(writer.pages[-1], text)
    ident = ByteStringObject(hashlib.sha256(identifier_seed.encode()).digest()[:16])
    writer._ID = ArrayObject([ident, ident])
    writer.add_metadata({"/Producer": "assembler"})
    if pdfa and parts:
        first = parts[0][0]
        reader = OwnPdfReader(first) if isinstance(first, (bytes, bytearray)) else first
        root = reader.trailer["/Root"]
        writer.add_metadata(dict(reader.metadata or {}))  # the document information as its XMP states it (PDF/A)
        for name in ("/Metadata", "/OutputIntents"):
            if name in root:
                writer._root_object[NameObject(name)] = root[name].clone(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), len(writer.pages)


QR_SIDE = 0.8 * 72  # points: a page mark's QR code (a signature page's is 0.9 in; this one sits in the margin)


def _stamp_qr(page, text: str) -> None:
    """Draw `text` as a QR code (black squares, vector: it scans at any resolution) in the page's lower right corner,
    in the margin beside the footer."""
    import segno
    from pypdf import PageObject
    from pypdf.generic import DecodedStreamObject, NameObject

    matrix = segno.make(text, error="m", micro=False).matrix
    module = QR_SIDE / len(matrix)
    box = page.mediabox
    left, bottom = float(box.right) - 0.5 * 72 - QR_SIDE, float(box.bottom) + 0.3 * 72
    squares = [f"{left + x * module:.3f} {bottom + (len(matrix) - 1 - y) * module:.3f} {module:.3f} {module:.3f} re"
               for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark]
    stream = DecodedStreamObject()
    stream.set_data(("0 0 0 rg\n" + "\n".join(squares) + "\nf\n").encode("ascii"))
    stamp = PageObject.create_blank_page(width=box.width, height=box.height)
    stamp[NameObject("/Contents")] = stream
    page.merge_page(stamp)  # the page's own content wrapped in q ... Q, the squares after it

"""Executed documents: the set's PDF with each signature page replaced by the page that came back signed.

Only a document whose every signature page is in is produced; a partly signed one is reported, never produced. The
other pages are the unsigned PDF's own page objects (same content streams and resources), the bookmarks are kept, and
a signed page is turned upright (from its QR code's orientation) and fitted to the document's page size. The folder
executed/ is replaced as a whole, so it always holds exactly the documents complete today.
"""
from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

from assembler.closing_set.write import write_set
from assembler.signing.status import DocumentStatus, SetStatus
from assembler.signing.store import EXECUTED, read_log


@dataclass(frozen=True)
class ExecutedDocument:
    key: str
    title: str
    path: Path
    signed_pages: tuple[int, ...]  # 1-based pages that were replaced


@dataclass
class ExecutedResult:
    folder: Path
    written: list[ExecutedDocument] = field(default_factory=list)
    partly_signed: list[DocumentStatus] = field(default_factory=list)  # reported, never produced


def executed_name(doc: DocumentStatus) -> str:
    return f"{Path(doc.file).stem} (executed).pdf"


def write_executed(current: SetStatus) -> ExecutedResult:
    """(Re)write OUTPUT/<deal>.signatures/executed/ from the status: one PDF per completely signed document."""
    folder = current.store / EXECUTED
    result = ExecutedResult(folder)
    turns = {e.stored: e.quarter_turns for e in read_log(current.store)}
    files: dict[str, bytes] = {}
    for doc in current.signed_documents:
        if doc.state != "complete":
            if doc.state == "partly signed":
                result.partly_signed.append(doc)
            continue
        signed = {p.page: (current.store / p.stored, turns.get(p.stored, 0)) for p in doc.pages}
        files[executed_name(doc)] = executed_pdf((current.set_dir / doc.file).read_bytes(), signed)
        result.written.append(ExecutedDocument(doc.key, doc.title, folder / executed_name(doc),
                                               tuple(sorted(signed))))
    if files or folder.exists():
        write_set(folder, files, force=True)
    return result


def executed_pdf(unsigned: bytes, signed: dict[int, tuple[Path, int]]) -> bytes:
    """`unsigned` with page n (1-based) replaced by the one-page PDF signed[n] = (path, quarter turns)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject

    reader = PdfReader(io.BytesIO(unsigned))
    writer = PdfWriter()
    digest = hashlib.sha256(unsigned)
    for number, page in enumerate(reader.pages, start=1):
        if number in signed:
            path, turns = signed[number]
            data = path.read_bytes()
            digest.update(data)
            add_fitted(writer, data, turns, page.mediabox)
        else:
            writer.add_page(page)
    copy_outline(reader, writer, reader.outline, None)
    info = reader.metadata or {}
    writer.add_metadata({k: v for k, v in info.items() if k in ("/Author", "/Creator", "/CreationDate", "/ModDate")})
    writer.add_metadata({"/Title": f"{info.get('/Title', '')} (executed)".strip(), "/Producer": "assembler"})
    ident = ByteStringObject(digest.digest()[:16])
    writer._ID = ArrayObject([ident, ident])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def add_fitted(writer, data: bytes, turns: int, box) -> None:
    """The one-page PDF `data` turned upright and scaled (keeping its proportions) and centred onto a page of `box`'s
    size, added to `writer`."""
    from pypdf import PdfWriter, Transformation

    page = PdfWriter(clone_from=io.BytesIO(data)).pages[0]
    if turns:
        page.rotate(90 * turns)
    page.transfer_rotation_to_content()
    width, height = float(box.width), float(box.height)
    left, bottom = float(page.mediabox.left), float(page.mediabox.bottom)
    w, h = float(page.mediabox.width), float(page.mediabox.height)
    if (round(w, 1), round(h, 1), left, bottom) == (round(width, 1), round(height, 1), 0.0, 0.0):
        writer.add_page(page)
        return
    scale = min(width / w, height / h)
    target = writer.add_blank_page(width=width, height=height)
    target.merge_transformed_page(page, Transformation().translate(-left, -bottom).scale(scale).translate(
        (width - w * scale) / 2, (height - h * scale) / 2))


def copy_outline(reader, writer, items, parent, offset: int = 0) -> None:
    """The bookmarks of `reader` added to `writer` (pages shifted by `offset`), nested as they were."""
    last = None
    for item in items:
        if isinstance(item, list):
            if last is not None:
                copy_outline(reader, writer, item, last, offset)
            continue
        number = reader.get_destination_page_number(item)
        if number is not None and number >= 0:
            last = writer.add_outline_item(title=item.title, page_number=number + offset, parent=parent)

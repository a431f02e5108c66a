"""The closing book: one PDF binder of the executed set (cover, index with page numbers and links, bookmarks per
document and exhibit, the documents in checklist order), and a zip of the executed set with a manifest of SHA-256
hashes. Both are made only when every signature page is in, and their bytes depend only on the set and the pages."""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from html import escape
from pathlib import Path

from assembler.closing_set.signature_index import IndexedDocument, read_signature_index
from assembler.errors import AssemblerError
from assembler.format import long_date
from assembler.signing.executed import copy_outline, executed_name, write_executed
from assembler.signing.status import status
from assembler.signing.store import write_atomic

WORKING_DOCUMENTS = {"closing_checklist"}  # superseded by the book's own index: its statuses are the open ones
LINK = "book:"  # index entries are laid out as links to book:<n>, then pointed at the n-th document's first page


@dataclass(frozen=True)
class BookEntry:
    title: str
    file: str  # the file in the zip (an executed PDF, or the set's PDF of a document nobody signs)
    first_page: int  # 1-based, in the book
    pages: int
    executed: bool


@dataclass(frozen=True)
class BookResult:
    book: Path
    archive: Path
    entries: tuple[BookEntry, ...]
    pages: int


def book(set_dir: Path) -> BookResult:
    """Write OUTPUT/<deal>.signatures/<deal> closing book.pdf and <deal> executed set.zip (replacing earlier ones)."""
    from pypdf import PdfReader

    set_dir = Path(set_dir)
    current = status(set_dir)
    if not current.complete:
        missing = [f"{d.title}: {p.signatory} for {p.party} (page {p.page})" for d, p in current.outstanding()]
        raise AssemblerError("the closing book needs every signature page; outstanding: " + "; ".join(missing))
    index = read_signature_index(set_dir)
    executed = {e.key: e.path for e in write_executed(current).written}
    parts: list[tuple[IndexedDocument, str, bytes]] = []
    for doc in index.documents:
        if doc.key in WORKING_DOCUMENTS:
            continue
        if doc.signature_pages:
            name = executed_name(next(d for d in current.documents if d.key == doc.key))
            parts.append((doc, name, executed[doc.key].read_bytes()))
        else:
            parts.append((doc, doc.file, (set_dir / doc.file).read_bytes()))
    readers = [PdfReader(io.BytesIO(data)) for _, _, data in parts]
    counts = [len(r.pages) for r in readers]
    front, front_pages = _front_matter(index, parts, counts)
    entries, page = [], front_pages + 1
    for (doc, name, _), count in zip(parts, counts):
        entries.append(BookEntry(_title(doc), name, page, count, bool(doc.signature_pages)))
        page += count
    data = _binder(index, front, entries, readers, [d for _, _, d in parts])
    book_path, zip_path = book_paths(current.store, index.deal)
    write_atomic(book_path, data)
    write_atomic(zip_path, _archive(index, parts))
    return BookResult(book_path, zip_path, tuple(entries), page - 1)


def book_paths(store: Path, deal: str) -> tuple[Path, Path]:
    """Where the closing book and the executed set's zip are kept."""
    return store / f"{deal} closing book.pdf", store / f"{deal} executed set.zip"


def _title(doc: IndexedDocument) -> str:
    return f"{doc.title} (Exhibit {doc.exhibit})" if doc.exhibit else doc.title


def _front_matter(index, parts, counts) -> tuple[bytes, int]:
    """Cover and index, laid out until the page numbers they print agree with the pages they take."""
    from assembler.layout.pdf import render_pdf

    front_pages = 2
    for _ in range(3):
        firsts, page = [], front_pages + 1
        for count in counts:
            firsts.append(page)
            page += count
        pdf = render_pdf(_front_html(index, [(_title(doc), n) for (doc, _, _), n in zip(parts, firsts)]),
                         f"{index.deal}/closing-book")
        if pdf.pages == front_pages:
            return pdf.data, front_pages
        front_pages = pdf.pages
    raise AssemblerError("the closing book's index does not settle on a page count")  # pragma: no cover


def _front_html(index, rows: list[tuple[str, int]]) -> str:
    closing = long_date(dt.date.fromisoformat(index.closing_date)) if index.closing_date else ""
    body = "".join(f'<tr><td>{n}</td><td><a href="{LINK}{n}">{escape(title)}</a></td><td class="right">{page}</td></tr>'
                   for n, (title, page) in enumerate(rows, start=1))
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(index.title)} - Closing Book'
            f'</title><link rel="stylesheet" href="print.css"><style>'
            f'.cover {{ margin-top: 2.5in; text-align: center; }} .cover p {{ text-align: center; }} '
            f'a {{ color: inherit; text-decoration: none; }} @page {{ @bottom-center {{ content: none; }} }}'
            f'</style></head><body><div class="cover"><p class="title">{escape(index.title)}</p>'
            f'<p class="subtitle">CLOSING BOOK</p><p class="subtitle">Closing Date: {escape(closing)}</p></div>'
            f'<div class="pagebreak"></div><p class="title">INDEX</p>'
            f'<table class="schedule" style="font-size: 11pt"><tr><th style="width: 6%">No.</th><th>Document</th>'
            f'<th class="right" style="width: 10%">Book page</th></tr>{body}</table></body></html>')


def _binder(index, front: bytes, entries: list[BookEntry], readers, datas: list[bytes]) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject, DictionaryObject, NameObject

    writer = PdfWriter()
    cover = PdfReader(io.BytesIO(front))
    for page in cover.pages:
        writer.add_page(page)
    for reader in readers:
        for page in reader.pages:
            writer.add_page(page)
    writer.add_outline_item(title="Index", page_number=1)
    for entry, reader in zip(entries, readers):
        parent = writer.add_outline_item(title=entry.title, page_number=entry.first_page - 1)
        items = reader.outline
        tops = [i for i in items if not isinstance(i, list)]
        nested = items[1] if len(tops) == 1 and len(items) > 1 and isinstance(items[1], list) else items
        copy_outline(reader, writer, nested, parent, entry.first_page - 1)
    for page in writer.pages[:len(cover.pages)]:
        for annot in page.get("/Annots", []):
            link = annot.get_object()
            uri = str(link.get("/A", {}).get("/URI", ""))
            if uri.startswith(LINK):
                target = writer.pages[entries[int(uri[len(LINK):]) - 1].first_page - 1]
                link[NameObject("/A")] = DictionaryObject({
                    NameObject("/S"): NameObject("/GoTo"),
                    NameObject("/D"): ArrayObject([target.indirect_reference, NameObject("/Fit")])})
    writer.add_metadata({"/Title": f"{index.title} - Closing Book", "/Producer": "assembler"})
    writer.page_mode = "/UseOutlines"
    digest = hashlib.sha256(front)
    for data in datas:
        digest.update(data)
    ident = ByteStringObject(digest.digest()[:16])
    writer._ID = ArrayObject([ident, ident])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _archive(index, parts) -> bytes:
    """The executed set as a zip: the documents in checklist order and manifest.json with each file's SHA-256."""
    files = [{"name": name, "title": doc.title, "executed": bool(doc.signature_pages),
              "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)} for doc, name, data in parts]
    manifest = {"deal": index.deal, "title": index.title, "closing_date": index.closing_date, "files": files}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        members = [(name, data) for _, name, data in parts]
        members.append(("manifest.json", (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode()))
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return out.getvalue()

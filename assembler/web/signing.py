"""After signing, from the page: signed PDFs dropped on the deal's signing page are filed by
`assembler.signing.collect`, one upload at a time; the page shows every page collected and how it was filed, the status
per document and signatory, the executed documents, and the closing book once every signature page is in.

Nothing here reads a mark or splices a PDF: the library does (docs/signing.md). An upload is kept as it came in
OUTPUT/.assemble-serve/returned/DEAL/ (its name made safe, never overwriting another), so that the collect log names a
file that exists; the pages, the log, the executed documents and the book are where `assemble collect` keeps them,
OUTPUT/DEAL.signatures/.
"""
from __future__ import annotations

import re
import threading
from pathlib import Path

from assembler.closing_set.signature_index import SIGNATURES
from assembler.errors import AssemblerError
from assembler.signing.store import EXECUTED, LOG
from assembler.web.deals import Deals, NotFound

SAFE = re.compile(r"[^A-Za-z0-9._ ()-]+")
OUTCOMES = ("matched", "accompanying", "stale", "foreign", "unrecognised", "unsigned")


class Signing:
    def __init__(self, deals: Deals, pdfium_lock: threading.Lock) -> None:
        self.deals = deals
        self.lock = threading.Lock()  # one collect or book at a time: they append to one log
        self.pdfium = pdfium_lock  # PDFium is not thread-safe: shared with the page thumbnails

    def set_dir(self, name: str) -> Path:
        """The built closing set of deal `name`; NotFound until it has been built with its signature pages."""
        deal_id = self.deals.status(name).deal_id
        if not deal_id:
            raise NotFound(f"{name} has no valid deal id yet: fix the term sheet, then build it")
        folder = self.deals.set_folder(deal_id)
        if not (folder / SIGNATURES).is_file():
            raise NotFound(f"{deal_id} has no built closing set with signature pages yet: build it first")
        return folder

    def upload(self, name: str, filename: str, data: bytes) -> dict:
        """Keep one returned PDF and file its every page; the filing of its pages and the state of the deal."""
        from assembler.signing import collect

        set_dir = self.set_dir(name)
        if not data.startswith(b"%PDF-"):
            raise AssemblerError(f"{filename or 'the file'} is not a PDF: drop the signed pages as PDF files")
        with self.lock:
            path = self._keep(set_dir.name, filename, data)
            with self.pdfium:
                result = collect(set_dir, [path])
        pages = [{"source": Path(f.source).name, "page": f.page, "outcome": f.outcome, "detail": f.detail,
                  "again": f.already_collected} for f in result.pages]
        return {"file": path.name, "pages": pages, "counts": result.counts, "state": self.view(name)}

    def _keep(self, deal_id: str, filename: str, data: bytes) -> Path:
        folder = self.deals.output / ".assemble-serve" / "returned" / deal_id
        folder.mkdir(parents=True, exist_ok=True)
        stem = SAFE.sub("_", Path(filename or "signed").stem).strip(" ._") or "signed"
        stem = stem[:80]
        for n in range(1, 10_000):
            path = folder / (f"{stem}.pdf" if n == 1 else f"{stem} ({n}).pdf")
            if path.exists() and path.read_bytes() == data:
                return path  # the same file again: collect says its pages are collected already
            if not path.exists():
                path.write_bytes(data)
                return path
        raise AssemblerError(f"too many files named {stem}.pdf")  # pragma: no cover

    def view(self, name: str) -> dict:
        """Every collected page as filed today, each document's signatories signed or outstanding, the executed
        documents, and the closing book (when made since the last page came in)."""
        from assembler.signing import filings, status
        from assembler.signing.executed import executed_name

        set_dir = self.set_dir(name)
        current = status(set_dir)
        filed = [{"source": Path(entry.source).name, "page": entry.source_page, "outcome": filing.outcome,
                  "detail": filing.detail, "at": entry.at} for entry, filing in filings(set_dir)]
        documents = [{"key": d.key, "title": d.title, "file": d.file, "state": d.state,
                      "pages": [{"signatory": p.signatory, "party": p.party, "page": p.page, "signed": p.signed,
                                 "source": _shown(p.source), "stale": [_shown(c) for c in p.stale_copies]}
                                for p in d.pages]} for d in current.signed_documents]
        executed = [{"title": d.title, "file": executed_name(d)} for d in current.signed_documents
                    if d.state == "complete" and (current.store / EXECUTED / executed_name(d)).is_file()]
        book = self._book(set_dir, current) if current.complete else None
        signed = sum(p.signed for d in current.signed_documents for p in d.pages)
        return {"deal": current.deal, "complete": current.complete, "documents": documents, "filings": filed,
                "counts": {o: sum(f["outcome"] == o for f in filed) for o in OUTCOMES},
                "signed": signed, "pages": sum(len(d.pages) for d in current.signed_documents),
                "executed": executed, "book": book}

    def summary(self, name: str) -> dict | None:
        """Signature pages in and in all, for the list of deals (None for a set without signature pages)."""
        from assembler.signing import status

        try:
            current = status(self.set_dir(name))
        except AssemblerError:
            return None
        pages = [p for d in current.signed_documents for p in d.pages]
        return {"signed": sum(p.signed for p in pages), "pages": len(pages), "complete": current.complete}

    def _book(self, set_dir: Path, current) -> dict | None:
        from assembler.signing.book import book_paths

        pdf, archive = book_paths(current.store, current.deal)
        if not (pdf.is_file() and archive.is_file()):
            return None
        newest = max((p.stat().st_mtime for p in (current.store / LOG, set_dir / SIGNATURES) if p.exists()),
                     default=0)
        if pdf.stat().st_mtime < newest:
            return None  # made before the last page came in, or before the set was rebuilt: make it again
        return {"pdf": pdf.name, "zip": archive.name}

    def make_book(self, name: str) -> dict:
        from assembler.signing import book

        set_dir = self.set_dir(name)
        with self.lock:
            result = book(set_dir)
        return {"pdf": result.book.name, "zip": result.archive.name, "pages": result.pages,
                "entries": [{"title": e.title, "first_page": e.first_page, "pages": e.pages, "executed": e.executed}
                            for e in result.entries], "state": self.view(name)}

    def file(self, name: str, file: str) -> Path:
        """A file the signing page offers: an executed document, the closing book or the executed set's zip."""
        from assembler.signing.store import store_dir

        state = self.view(name)
        store = store_dir(self.set_dir(name))
        offered = {e["file"]: store / EXECUTED / e["file"] for e in state["executed"]}
        if state["book"]:
            offered |= {state["book"][k]: store / state["book"][k] for k in ("pdf", "zip")}
        if file not in offered or not offered[file].is_file():
            raise NotFound(f"{file} is not an executed document or closing book of {state['deal']}")
        return offered[file]


def _shown(source: str | None) -> str | None:
    """"/…/returned/deal/signed.pdf, page 2: …" as "signed.pdf, page 2: …"."""
    if source is None:
        return None
    head, sep, rest = source.partition(", page ")
    return Path(head).name + sep + rest

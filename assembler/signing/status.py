"""What is signed and what is outstanding, per document and per signatory, worked out from the set as it is now and
every page the store has collected (a page matched against an earlier draft is stale today)."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from assembler.closing_set.signature_index import IndexedDocument, SignatureIndex, SignaturePage, read_signature_index
from assembler.document.signature_pages import Mark, PageMark, parse_mark, parse_page_mark
from assembler.signing.store import LogEntry, read_drafts, read_log, store_dir

MATCHED, STALE, FOREIGN, UNRECOGNISED = "matched", "stale", "foreign", "unrecognised"
ACCOMPANYING = "accompanying"  # a page of a document a packet takes whole, not its signature page (a questionnaire's)
UNSIGNED = "unsigned"  # a matched page that came back exactly as it went out (a digital return nobody signed)


@dataclass(frozen=True)
class Filing:
    """What one returned page is, against a set: matched (which signature page), stale (signed on which draft),
    foreign (which deal) or unrecognised (why)."""

    outcome: str
    detail: str
    mark: Mark | None = None
    document: IndexedDocument | None = None
    page: SignaturePage | None = None


def classify(marks: tuple[str, ...], codes: tuple[str, ...], index: SignatureIndex,
             drafts: dict[str, dict] | None = None) -> Filing:
    parsed = [m for m in (parse_mark(t) for t in marks) if m]
    if not parsed:
        pages = [m for m in (parse_page_mark(t) for t in marks) if m]
        if len(pages) == 1:
            return _accompanying(pages[0], index, drafts)
        others = f"; other QR codes on it: {', '.join(codes)}" if codes else ""
        return Filing(UNRECOGNISED, f"no signature-page mark could be read{others}")
    if len(parsed) > 1:
        return Filing(UNRECOGNISED, "several signature-page marks on one page: " + "; ".join(m.text for m in parsed))
    mark = parsed[0]
    where = f"{mark.document}, signature page {mark.page} of {mark.pages}, {mark.signatory}"
    if mark.deal != index.deal:
        return Filing(FOREIGN, f"a page of another deal, {mark.deal} ({where})", mark)
    doc = index.document(mark.document)
    if doc is None:
        return Filing(STALE, f"signed on draft {mark.draft} of {where}: the set no longer has that document", mark)
    if mark.draft != doc.draft:
        seen = (drafts or {}).get(mark.draft)
        when = f", the set's draft first seen {seen['first_seen'][:10]}" if seen else ", a draft not seen by collect"
        return Filing(STALE, f"signed on an earlier draft of {doc.title}: draft {mark.draft}{when}; the set is now "
                             f"at draft {doc.draft} (signature page {mark.page} of {mark.pages}, {mark.signatory})",
                      mark, doc)
    page = next((p for p in doc.signature_pages if p.mark == mark.text), None)
    if page is None:
        return Filing(UNRECOGNISED, f"a mark of this set that names no signature page of it: {mark.text}", mark, doc)
    return Filing(MATCHED, f"{doc.title}, page {page.page}: {page.signatory} for {page.party}", mark, doc, page)


def _accompanying(mark: PageMark, index: SignatureIndex, drafts: dict[str, dict] | None) -> Filing:
    """A page of a document the signatory's packet held whole (a questionnaire's questions), known by its page mark:
    filed with that document when it is of this set's draft, stale or foreign as a signature page would be. It fills no
    signature page (document=None: not a stale copy of one either)."""
    where = f"page {mark.page} of {mark.pages} of {mark.document}, returned by {mark.signatory}"
    if mark.deal != index.deal:
        return Filing(FOREIGN, f"a page of another deal, {mark.deal} ({where})")
    doc = index.document(mark.document)
    if doc is None:
        return Filing(STALE, f"draft {mark.draft} of {where}: the set no longer has that document")
    if mark.draft != doc.draft:
        seen = (drafts or {}).get(mark.draft)
        when = f", the set's draft first seen {seen['first_seen'][:10]}" if seen else ", a draft not seen by collect"
        return Filing(STALE, f"page {mark.page} of {mark.pages} of an earlier draft of {doc.title}: draft "
                             f"{mark.draft}{when}; the set is now at draft {doc.draft} (returned by {mark.signatory})")
    return Filing(ACCOMPANYING, f"{doc.title}, page {mark.page} of {mark.pages} (not a signature page), returned by "
                                f"{mark.signatory}")


@dataclass(frozen=True)
class PageStatus:
    signatory: str
    party: str
    page: int  # the page of the document's PDF
    mark: str
    signed: bool
    stored: str | None = None  # the collected page (relative to the store), the latest one when several came back
    source: str | None = None  # "file, page n" it came from
    stale_copies: tuple[str, ...] = ()  # "file, page n: detail" of pages for this place signed on earlier drafts


@dataclass(frozen=True)
class DocumentStatus:
    key: str
    title: str
    file: str
    pages: tuple[PageStatus, ...]

    @property
    def state(self) -> str:
        if not self.pages:
            return "not signed"
        signed = sum(p.signed for p in self.pages)
        return "complete" if signed == len(self.pages) else "outstanding" if not signed else "partly signed"

    @property
    def outstanding(self) -> list[PageStatus]:
        return [p for p in self.pages if not p.signed]


@dataclass(frozen=True)
class Unfiled:
    """A collected page that fills no signature page of the set today."""

    source: str
    outcome: str
    detail: str
    stored: str


@dataclass
class SetStatus:
    deal: str
    set_dir: Path
    store: Path
    documents: list[DocumentStatus]
    unfiled: list[Unfiled] = field(default_factory=list)

    @property
    def signed_documents(self) -> list[DocumentStatus]:
        return [d for d in self.documents if d.pages]

    @property
    def complete(self) -> bool:
        return all(d.state == "complete" for d in self.signed_documents)

    def outstanding(self) -> list[tuple[DocumentStatus, PageStatus]]:
        return [(d, p) for d in self.documents for p in d.outstanding]

    def as_json(self) -> str:
        body = {
            "deal": self.deal, "set": str(self.set_dir), "store": str(self.store), "complete": self.complete,
            "documents": [{"key": d.key, "title": d.title, "file": d.file, "state": d.state,
                           "signature_pages": [asdict(p) for p in d.pages]} for d in self.documents],
            "unfiled": [asdict(u) for u in self.unfiled],
        }
        return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def where(entry: LogEntry) -> str:
    return f"{entry.source}, page {entry.source_page}"


def filings(set_dir: Path, index: SignatureIndex | None = None) -> list[tuple[LogEntry, Filing]]:
    """Every page collected so far, in the order it was collected, filed against the set as it is now (a page matched
    against an earlier draft is stale today). Read only."""
    index = index or read_signature_index(set_dir)
    store = store_dir(set_dir)
    drafts = read_drafts(store)
    out = []
    for entry in read_log(store):
        filing = classify(entry.marks, entry.codes, index, drafts)
        if filing.outcome == MATCHED and entry.outcome == UNSIGNED:
            filing = Filing(UNSIGNED, f"returned unsigned: {filing.detail}", filing.mark, filing.document, filing.page)
        out.append((entry, filing))
    return out


def status(set_dir: Path) -> SetStatus:
    """The signing status of the closing set in `set_dir` (read only: nothing is written)."""
    index = read_signature_index(set_dir)
    store = store_dir(set_dir)
    latest: dict[str, LogEntry] = {}
    stale: dict[tuple, list[str]] = {}
    unfiled: list[Unfiled] = []
    for entry, filing in filings(set_dir, index):
        if filing.outcome == MATCHED:
            latest[filing.page.mark] = entry
            continue
        if filing.outcome == ACCOMPANYING:
            continue  # filed with its document: nothing outstanding, nothing unknown
        if filing.outcome == STALE and filing.document is not None:
            stale.setdefault((filing.mark.document, filing.mark.page, filing.mark.signatory), []).append(
                f"{where(entry)}: {filing.detail}")
        unfiled.append(Unfiled(where(entry), filing.outcome, filing.detail, entry.stored))
    documents = []
    for doc in index.documents:
        pages = []
        for n, page in enumerate(doc.signature_pages, start=1):
            entry = latest.get(page.mark)
            mark = parse_mark(page.mark)
            copies = tuple(stale.get((doc.key, n, mark.signatory if mark else ""), ()))
            pages.append(PageStatus(page.signatory, page.party, page.page, page.mark, entry is not None,
                                    entry.stored if entry else None, where(entry) if entry else None, copies))
        documents.append(DocumentStatus(doc.key, doc.title, doc.file, tuple(pages)))
    return SetStatus(index.deal, Path(set_dir), store, documents, unfiled)

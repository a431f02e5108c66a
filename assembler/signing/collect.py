"""`assemble collect SET_DIR SIGNED...`: read returned PDFs, file every page, keep it, log it.

Every page of every file is filed: matched (the signature page it signs), accompanying (a page of a document the
packet held whole, a questionnaire's, known by its page mark), stale (signed on an earlier draft: which), foreign
(another deal) or unrecognised (its file and page). All files are read before anything is written, so an
unreadable file stops the collection with nothing kept. Then each page is kept beside the set (never overwritten) and
logged, and the executed documents are brought up to date.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from assembler.closing_set.signature_index import read_signature_index
from assembler.errors import AssemblerError
from assembler.signing.decode import ReturnedPage, read_returned
from assembler.signing.executed import ExecutedResult, write_executed
from assembler.signing.status import ACCOMPANYING, MATCHED, UNSIGNED, Filing, SetStatus, classify, status
from assembler.signing.store import LogEntry, append_log, keep_page, now, read_log, remember_drafts, store_dir


@dataclass(frozen=True)
class FiledPage:
    source: str
    page: int
    outcome: str  # matched accompanying stale foreign unrecognised unsigned
    detail: str
    stored: str  # relative to the store
    already_collected: bool = False  # the very same page was collected before (not logged twice)


@dataclass
class CollectResult:
    store: Path
    pages: list[FiledPage]
    status: SetStatus
    executed: ExecutedResult
    counts: dict[str, int] = field(default_factory=dict)


def collect(set_dir: Path, signed: list[Path]) -> CollectResult:
    """File every page of the `signed` PDFs against the closing set in `set_dir`."""
    set_dir = Path(set_dir)
    index = read_signature_index(set_dir)
    if not signed:
        raise AssemblerError("collect needs at least one signed PDF: assemble collect SET_DIR SIGNED.pdf ...")
    missing = [str(p) for p in signed if not Path(p).is_file()]
    if missing:
        raise AssemblerError(f"no such file: {', '.join(missing)}; nothing was collected")
    returned: list[ReturnedPage] = [page for path in signed for page in read_returned(Path(path))]
    store = store_dir(set_dir)
    store.mkdir(exist_ok=True)
    when = now()
    drafts = remember_drafts(store, {d.draft: (d.key, d.title) for d in index.documents if d.signature_pages}, when)
    known = {e.sha256 for e in read_log(store)}
    filed, entries = [], []
    for page in returned:
        filing: Filing = classify(tuple(m.text for m in page.marks), page.codes, index, drafts)
        if filing.outcome == MATCHED and unchanged(page.pdf, set_dir / filing.document.file, filing.page.page):
            filing = Filing(UNSIGNED, f"returned unsigned (the page as it went out): {filing.detail}", filing.mark,
                            filing.document, filing.page)
        stored, _ = keep_page(store, page.sha256, page.pdf)
        again = page.sha256 in known
        filed.append(FiledPage(str(page.source), page.page, filing.outcome, filing.detail, stored, again))
        if not again:
            known.add(page.sha256)
            entries.append(LogEntry(when, str(page.source), page.page, page.sha256, stored,
                                    tuple(m.text for m in page.marks), page.codes, page.quarter_turns, filing.outcome))
    append_log(store, entries)
    current = status(set_dir)
    counts = {outcome: sum(f.outcome == outcome for f in filed) for outcome in
              (MATCHED, ACCOMPANYING, "stale", "foreign", "unrecognised", UNSIGNED)}
    return CollectResult(store, filed, current, write_executed(current), counts)


def unchanged(returned: bytes, unsigned_pdf: Path, page: int) -> bool:
    """Whether a returned page is the set's page exactly as it went out: the same content, nothing drawn or annotated
    on it (a scan never is; an e-signature adds content or an annotation)."""
    import io

    from pypdf import PdfReader

    mine = PdfReader(io.BytesIO(returned)).pages[0]
    theirs = PdfReader(unsigned_pdf).pages[page - 1]
    if any(a.get_object().get("/Subtype") != "/Link" for a in mine.get("/Annots", [])):
        return False
    a, b = mine.get_contents(), theirs.get_contents()
    return a is not None and b is not None and a.get_data() == b.get_data()

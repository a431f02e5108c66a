"""The closing checklist rebuilt with its status column filled from the signing status ("Signed", "3 of 4 signed",
"Open"), written beside the set as "<checklist> (status).pdf" and ".docx".

Rebuilding needs the term sheet the set was built from: given, or found by the name manifest.json records (in ./ or
./term_sheets/), and in both cases checked against the SHA-256 the manifest records, so a checklist is never rebuilt
from a term sheet that has changed since the build.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from assembler.closing_set.files import MANIFEST
from assembler.errors import AssemblerError
from assembler.signing.book import WORKING_DOCUMENTS
from assembler.signing.status import DocumentStatus, SetStatus
from assembler.signing.store import write_atomic


@dataclass(frozen=True)
class ChecklistResult:
    written: tuple[Path, ...]  # the PDF and DOCX, or nothing
    reason: str = ""  # why nothing was written


def status_text(doc: DocumentStatus) -> str:
    signed = sum(p.signed for p in doc.pages)
    if doc.state == "complete":
        return "Signed"
    return f"{signed} of {len(doc.pages)} signed" if signed else "Open"


def find_term_sheet(set_dir: Path, given: str | None) -> tuple[Path | None, str]:
    """The term sheet of the set (verified by hash), or None and why not."""
    manifest = Path(set_dir) / MANIFEST
    try:
        recorded = json.loads(manifest.read_text(encoding="utf-8"))["term_sheet"]
    except (OSError, ValueError, KeyError) as exc:
        raise AssemblerError(f"{manifest}: cannot read the term sheet's name and hash ({exc})") from None
    candidates = [Path(given)] if given else [Path(recorded["path"]), Path("term_sheets") / recorded["path"]]
    for path in candidates:
        if path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == recorded["sha256"]:
            return path, ""
    if given:
        raise AssemblerError(f"{given}: not the term sheet {set_dir} was built from (its SHA-256 differs from the "
                             f"manifest's); rebuild the set from it first, or pass the term sheet it was built from")
    return None, (f"closing checklist not rebuilt: {recorded['path']} with the set's SHA-256 is not in ./ or "
                  "./term_sheets/ (pass --term-sheet)")


def rebuild_checklist(current: SetStatus, term_sheet: str | None, template_dirs=None) -> ChecklistResult:
    from assembler.closing_set.files import document_title
    from assembler.variance.report import closing_set
    from assembler.document.environment import environment
    from assembler.document.registry import DEFAULT_DIR
    from assembler.layout.docx import render_docx
    from assembler.layout.html import document_html
    from assembler.layout.pdf import render_pdf
    from assembler.figures.load import load

    path, reason = find_term_sheet(current.set_dir, term_sheet)
    if path is None:
        return ChecklistResult((), reason)
    loaded = load(path)
    ts = loaded.term_sheet
    statuses = {d.title: status_text(d) for d in current.signed_documents}
    dirs = template_dirs or [DEFAULT_DIR]
    files = {d.key: d.file for d in current.documents}
    written = []
    for doc in closing_set(ts, loaded.figures, dirs, statuses)[0]:
        if doc.doc_id not in WORKING_DOCUMENTS or doc.key not in files:
            continue
        title = document_title(doc)
        stem = f"{Path(files[doc.key]).stem} (status)"
        pdf = render_pdf(document_html(title, doc.blocks, ts.closing_date.isoformat(), ts.company.name),
                         f"{ts.deal.id}/{stem}")
        docx = render_docx(doc.blocks, title=title, footer_label=f"{ts.deal.id} | {title}", author=ts.company.name,
                           when=ts.closing_date, env=environment(dirs))
        for name, data in ((f"{stem}.pdf", pdf.data), (f"{stem}.docx", docx)):
            write_atomic(current.store / name, data)
            written.append(current.store / name)
    return ChecklistResult(tuple(written), "" if written else "the set has no closing checklist")

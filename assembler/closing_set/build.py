"""Build a closing set: load -> compute -> check templates -> assemble -> check documents -> lay out -> write.

Nothing here prints: `build` returns a `BuildResult` (what was written, the warnings and accepted findings) and
raises an AssemblerError (ChecksFailed carries the findings) when the set cannot be written; the CLI shows either.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from assembler.closing_set.files import FIGURES, MANIFEST, SetFile, document_title, file_stem, manifest_json
from assembler.closing_set.signature_index import SIGNATURES, signature_index_json
from assembler.closing_set.write import check_output, refuse_existing, write_set
from assembler.document.assemble import render_set
from assembler.document.environment import environment
from assembler.document.manifest_check import ManifestFinding, check_all
from assembler.document.registry import DEFAULT_DIR, discover
from assembler.document.tree import Document
from assembler.errors import ChecksFailed, ManifestMismatch, Problem
from assembler.figures.audit import figures_json
from assembler.layout.docx import normalize_zip, render_docx
from assembler.layout.html import document_html, signature_anchor
from assembler.layout.pdf import Pdf, pick_pages, render_pdf
from assembler.figures.load import Loaded, load

Progress = Callable[[str], None]


@dataclass
class BuildResult:
    destination: Path
    files: list[SetFile]
    warnings: list[Problem] = field(default_factory=list)  # term-sheet warnings
    template_warnings: list[ManifestFinding] = field(default_factory=list)
    findings: list = field(default_factory=list)  # document-check warnings that did not stop the build
    accepted: list = field(default_factory=list)  # (finding, reason) the term sheet accepts


def footer_label(title: str, deal: str, stem: str, doc: Document) -> str:
    """The footer a reader files the document by: its title, an id (deal/file) and a version that changes exactly
    when the document's words do (the first 8 hex digits of the SHA-256 of its text)."""
    import hashlib

    from assembler.document.tree import document_text

    version = hashlib.sha256(document_text(doc.blocks).encode()).hexdigest()[:8]
    return f"{title} | {deal}/{stem} | v. {version}"


def render_files(loaded: Loaded, template_dirs: list[Path] | None = None, progress: Progress | None = None,
                 documents: list[Document] | None = None, draft=None, pdfa: bool = False) -> dict[str, SetFile]:
    """Every file of the set, in memory, by file name (figures.json included, manifest.json not); with `draft` (a
    date) each DOCX carries a dated DRAFT header."""
    ts, fig = loaded.term_sheet, loaded.figures
    dirs = template_dirs or [DEFAULT_DIR]
    documents = documents if documents is not None else render_set(ts, fig, dirs)
    env = environment(dirs)
    orders: dict[str, int] = {}
    files: dict[str, SetFile] = {}
    pdfs: dict[str, Pdf] = {}  # document key -> its PDF, for signature packets
    indexed = []  # (document, title, PDF name, pages, anchors) for signatures.json
    for doc in documents:
        order = orders.setdefault(doc.doc_id, len(orders) + 1)
        stem = file_stem(doc, order)
        title = document_title(doc)
        if progress:
            progress(title)
        pdf = render_pdf(document_html(title, doc.blocks, ts.closing_date.isoformat(), ts.company.name),
                         f"{ts.deal.id}/{stem}", pdfa)
        pdfs[doc.key] = pdf
        data, pages = pdf.data, pdf.pages
        if doc.signatory:  # a signature packet: its cover, then every page this person signs, in closing order
            data, pages = pick_pages([(pdf.data, list(range(pdf.pages)))] + signed_pages(doc.signatory, documents, pdfs),
                                     f"{ts.deal.id}/{stem}")
        if "pdf" in doc.outputs:
            files[f"{stem}.pdf"] = SetFile(f"{stem}.pdf", data, title, doc.key, pages)
            if not doc.signatory:
                indexed.append((doc, title, f"{stem}.pdf", pages, pdf.anchors))
        if "docx" in doc.outputs:
            if doc.native_docx:
                docx = normalize_zip(doc.native_docx)
            else:
                docx = render_docx(doc.blocks, title=title, footer_label=footer_label(title, ts.deal.id, stem, doc),
                                   author=ts.company.name, when=ts.closing_date, env=env, subject=ts.deal.title,
                                   keywords=f"{ts.deal.id}; {doc.doc_id}", draft=draft)
            files[f"{stem}.docx"] = SetFile(f"{stem}.docx", docx, title, doc.key, pages)
    files[FIGURES] = SetFile(FIGURES, figures_json(ts, fig).encode(), "Figures and their audit trail")
    files[SIGNATURES] = SetFile(SIGNATURES, signature_index_json(ts.deal.id, indexed, ts.deal.title,
                                                                 ts.closing_date.isoformat()),
                                "Signature pages and their marks")
    return files


def signed_pages(signer: str, documents: list[Document], pdfs: dict[str, Pdf]) -> list[tuple[bytes, list[int]]]:
    """For each document `signer` signs (in set order), the pages holding that person's signature blocks."""
    parts = []
    for doc in documents:
        if doc.signatory or doc.key not in pdfs:
            continue
        pages = sorted({pdfs[doc.key].anchors[signature_anchor(i)] for i, b in enumerate(doc.blocks)
                        if b.kind == "signature" and b.signer == signer})
        if pages:
            parts.append((pdfs[doc.key].data, pages))
    return parts


def check_templates(dirs: list[Path]) -> list[ManifestFinding]:
    """Refuse to build from a template that uses a variable its manifest does not declare; return the warnings."""
    findings = check_all(discover(dirs), environment(dirs))
    bad = [f for f in findings if f.severity == "error"]
    if bad:
        raise ManifestMismatch("\n".join(str(f) for f in bad))
    return findings


def run_checks(loaded: Loaded, documents: list[Document], strict: bool) -> tuple[list, list]:
    """The document checks on the rendered set, before anything is written: (open findings, accepted findings).
    Raises ChecksFailed when an error (or, with strict, a warning) is open."""
    from assembler.checks.findings import split_accepted
    from assembler.checks.run import check_documents

    findings, accepted = split_accepted(check_documents(documents), loaded.term_sheet.accepted_findings)
    if any(f.severity == "error" or strict for f in findings):
        raise ChecksFailed(findings, accepted)
    return findings, accepted


def build(term_sheet: str | Path, output: str | Path, force: bool = False,
          template_dirs: list[Path] | None = None, strict: bool = False,
          progress: Progress | None = None, draft=None, pdfa: bool = False) -> BuildResult:
    """Build the closing set of `term_sheet` into OUTPUT/<deal id>/ (atomically; see closing_set/write.py)."""
    dirs = template_dirs or [DEFAULT_DIR]
    loaded = load(term_sheet)
    template_warnings = check_templates(dirs)
    destination = Path(output) / loaded.term_sheet.deal.id
    refuse_existing(destination, force)
    check_output(destination)  # under a file, read-only, full: found before any rendering
    documents = render_set(loaded.term_sheet, loaded.figures, dirs)
    findings, accepted = run_checks(loaded, documents, strict)
    rendered = render_files(loaded, dirs, progress, documents, draft, pdfa)
    files = list(rendered.values())
    files.append(SetFile(MANIFEST, manifest_json(loaded.term_sheet.deal.id, Path(loaded.source.file), files),
                         "Manifest of the closing set"))
    write_set(destination, {f.name: f.data for f in files}, force)
    return BuildResult(destination, sorted(files, key=lambda f: f.name), loaded.warnings, template_warnings,
                       findings, accepted)

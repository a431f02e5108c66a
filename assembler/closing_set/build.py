"""Build a closing set: validate, compute, render every document to DOCX and PDF, write atomically.

Files go to a temporary folder beside the destination and are moved into place only when every document rendered;
an existing set is replaced only with force=True, and then only after the new one is complete.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from pathlib import Path

from assembler import __version__
from assembler.document.assemble import render_set, slug
from assembler.errors import ChecksFailed, ManifestMismatch, OutputExists
from assembler.document.registry import DEFAULT_DIR
from assembler.document.environment import environment
from assembler.layout.docx import render_docx
from assembler.layout.html import document_html, signature_anchor
from assembler.layout.pdf import Pdf, pick_pages, render_pdf
from assembler.figures.audit import figures_json
from assembler.document.tree import Document
from assembler.termsheet.validate import Loaded, load


def file_stem(doc: Document, order: int) -> str:
    """01_purchase_agreement; per-investor documents by certificate number and holder: 02_warrant_W-1_Raptor_..."""
    if doc.certificate:
        return f"{order:02d}_{doc.doc_id}_{doc.certificate}_{slug(doc.holder)}"
    if doc.signatory:
        return f"{order:02d}_{doc.doc_id}_{doc.key.split('#')[1]}_{slug(doc.signatory)}"
    return f"{order:02d}_{doc.doc_id}"


Rendered = tuple  # (bytes, pages, title, document id or None)


def render_files(loaded: Loaded, template_dirs: list[Path] | None = None, progress=None,
                 documents: list[Document] | None = None) -> dict[str, Rendered]:
    """{file name: (bytes, pages, title, document id)} for the whole set, in memory."""
    ts, fig = loaded.term_sheet, loaded.figures
    dirs = template_dirs or [DEFAULT_DIR]
    documents = documents if documents is not None else render_set(ts, fig, dirs)
    env = environment(dirs)
    orders: dict[str, int] = {}
    files: dict[str, Rendered] = {}
    pdfs: dict[str, Pdf] = {}  # document key -> its PDF, for signature packets
    for doc in documents:
        order = orders.setdefault(doc.doc_id, len(orders) + 1)
        stem = file_stem(doc, order)
        title = doc.title + (f" No. {doc.certificate} ({doc.holder})" if doc.certificate else "")
        title += f" ({doc.signatory})" if doc.signatory else ""
        if progress:
            progress(title)
        pdf = render_pdf(document_html(title, doc.blocks, ts.closing_date.isoformat(), ts.company.name),
                         f"{ts.deal.id}/{stem}")
        pdfs[doc.key] = pdf
        data, pages = pdf.data, pdf.pages
        if doc.signatory:  # a signature packet: its cover, then every page this person signs, in closing order
            data, pages = pick_pages([(pdf.data, list(range(pdf.pages)))] + signed_pages(doc.signatory, documents, pdfs),
                                     f"{ts.deal.id}/{stem}")
        if "pdf" in doc.outputs:
            files[f"{stem}.pdf"] = (data, pages, title, doc.key)
        if "docx" in doc.outputs:
            docx = doc.native_docx or render_docx(doc.blocks, title=title, footer_label=f"{ts.deal.id} | {title}",
                                                  author=ts.company.name, when=ts.closing_date, env=env)
            files[f"{stem}.docx"] = (docx, pages, title, doc.key)
    files["figures.json"] = (figures_json(ts, fig).encode(), 0, "Figures and their audit trail", None)
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


def manifest(loaded: Loaded, files: dict[str, Rendered]) -> bytes:
    body = {
        "deal": loaded.term_sheet.deal.id,
        "tool_version": __version__,
        "term_sheet": {"path": Path(loaded.source.file).name,
                       "sha256": hashlib.sha256(Path(loaded.source.file).read_bytes()).hexdigest()},
        "files": [{"name": name, "title": title, **({"document": key} if key else {}),
                   "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data), **({"pages": pages} if pages else {})}
                  for name, (data, pages, title, key) in sorted(files.items())],
    }
    return (json.dumps(body, indent=2, ensure_ascii=False) + "\n").encode()


def write_set(destination: Path, files: dict[str, bytes], force: bool) -> None:
    """Write all files into `destination` atomically: a complete new set or nothing."""
    destination = Path(destination)
    if destination.exists() and not force:
        raise OutputExists(f"{destination} already exists; nothing was written (use --force to replace it)")
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{destination.name}.", dir=destination.parent))
    try:
        for name, data in files.items():
            (staging / name).write_bytes(data)
        if destination.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{destination.name}.old.", dir=destination.parent))
            destination.rename(old / destination.name)
            staging.rename(destination)
            shutil.rmtree(old)
        else:
            staging.rename(destination)
    finally:
        if staging.exists():
            shutil.rmtree(staging)


def check_templates(dirs: list[Path], errors=None) -> None:
    """Refuse to build from a template that uses a variable its manifest does not declare."""
    from assembler.document.registry import discover
    from assembler.document.manifest_check import check_all

    findings = check_all(discover(dirs), environment(dirs))
    for f in findings:
        if f.severity != "error" and errors:
            errors.print(str(f), markup=False, soft_wrap=True)
    bad = [f for f in findings if f.severity == "error"]
    if bad:
        raise ManifestMismatch("\n".join(str(f) for f in bad))


def run_checks(loaded: Loaded, documents: list[Document], strict: bool, errors=None) -> None:
    """Every build runs the document checks on the rendered set before anything is written."""
    from assembler.checks.run import check_documents, split_accepted, summary

    findings, accepted = split_accepted(check_documents(documents), loaded.term_sheet.accepted_findings)
    if errors:
        for finding, reason in accepted:
            errors.print(f"accepted: {finding} (term sheet: {reason})", markup=False, soft_wrap=True)
        for finding in findings:
            errors.print(str(finding), markup=False, soft_wrap=True)
    failing = [f for f in findings if f.severity == "error" or strict]
    if failing:
        raise ChecksFailed(f"document checks: {summary(findings)}; nothing was written (fix the templates or the "
                           "term sheet, or accept a reviewed finding under accepted_findings)")


def build(term_sheet: str, output: str, force: bool = False, console=None, errors=None,
          template_dirs: list[Path] | None = None, strict: bool = False) -> int:
    from rich.table import Table

    loaded = load(term_sheet)
    for w in loaded.warnings:
        if errors:
            errors.print(str(w), markup=False, soft_wrap=True)
    check_templates(template_dirs or [DEFAULT_DIR], errors)
    destination = Path(output) / loaded.term_sheet.deal.id
    if destination.exists() and not force:
        raise OutputExists(f"{destination} already exists; nothing was written (use --force to replace it)")
    documents = render_set(loaded.term_sheet, loaded.figures, template_dirs or [DEFAULT_DIR])
    run_checks(loaded, documents, strict, errors)
    say = (lambda title: console.print(f"  rendering {title}", markup=False)) if console else None
    rendered = render_files(loaded, template_dirs, say, documents)
    files = {name: entry[0] for name, entry in rendered.items()}
    files["manifest.json"] = manifest(loaded, rendered)
    write_set(destination, files, force)
    if console:
        table = Table(title=f"Closing set written to {destination}", header_style="bold")
        for col in ("file", "pages", "bytes", "sha256"):
            table.add_column(col, justify="right" if col in ("pages", "bytes") else "left")
        for name, (data, pages, _, _) in sorted(rendered.items()):
            table.add_row(name, str(pages or ""), f"{len(data):,}", hashlib.sha256(data).hexdigest()[:12])
        console.print(table)
    return 0

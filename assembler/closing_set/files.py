"""The files of a closing set: their names, and manifest.json (written here, and read here for check and diff)."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from assembler import __version__
from assembler.document.order import file_number
from assembler.errors import AssemblerError

if TYPE_CHECKING:
    from assembler.document.tree import Document

MANIFEST = "manifest.json"
NAME_PART = 80  # characters of a holder's or signatory's name in a file name (file names stay far below 255 bytes)
INPUTS_KEY = "inputs_sha256"  # manifest.json: the hash of everything the set was built from (inputs.py)
FIGURES = "figures.json"
VARIANCE_JSON, VARIANCE_HTML = "form_variance.json", "form_variance.html"  # assembler/variance/: the set against the form


@dataclass(frozen=True)
class SetFile:
    """One file of a closing set, in memory: its bytes and what it is."""

    name: str
    data: bytes
    title: str
    document: str | None = None  # the document key (warrant#W-1), None for figures.json
    pages: int = 0

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class ManifestEntry:
    name: str
    title: str
    document: str | None
    sha256: str
    bytes: int
    pages: int


def file_stem(doc: Document, order: int) -> str:
    """01_purchase_agreement; per-investor documents by certificate number and holder: 02_warrant_W-1_Raptor_...;
    per-series documents of a deal with several series by series: 05_warrant_form_Series_A"""
    if doc.certificate:
        return f"{file_number(order)}_{doc.doc_id}_{doc.certificate}_{_part(doc.holder)}"
    if doc.series:
        return f"{file_number(order)}_{doc.doc_id}_{_part(doc.series)}"
    if doc.signatory:
        party = "".join(f"_{_part(p)}" for p in doc.signs_for)
        return f"{file_number(order)}_{doc.doc_id}_{doc.key.split('#')[1]}_{_part(doc.signatory)}{party}"
    return f"{file_number(order)}_{doc.doc_id}"


def _part(name: str) -> str:
    from assembler.format import slug  # lazily: the up-to-date check imports this module before anything heavy

    return slug(name)[:NAME_PART].rstrip("_")


def document_title(doc: Document) -> str:
    """The title a file of the set carries: per-investor and per-signatory documents name their holder."""
    title = doc.title + (f" No. {doc.certificate} ({doc.holder})" if doc.certificate else "")
    title += f" ({doc.series})" if doc.series else ""
    return title + (f" ({doc.signatory}{''.join(f' for {p}' for p in doc.signs_for)})" if doc.signatory else "")


def manifest_json(deal: str, term_sheet: Path, files: list[SetFile], inputs: str | None = None) -> bytes:
    """manifest.json: the deal, the tool version, the term sheet's hash, the hash of all the set's inputs (term
    sheet, templates, tool: see inputs.py; a rebuild from the same inputs is "up to date"), and each file's hash,
    size and pages."""
    body = {
        "deal": deal,
        "tool_version": __version__,
        "term_sheet": {"path": term_sheet.name, "sha256": hashlib.sha256(term_sheet.read_bytes()).hexdigest()},
        **({INPUTS_KEY: inputs} if inputs else {}),
        "files": [{"name": f.name, "title": f.title, **({"document": f.document} if f.document else {}),
                   "sha256": f.sha256, "bytes": len(f.data), **({"pages": f.pages} if f.pages else {})}
                  for f in sorted(files, key=lambda f: f.name)],
    }
    return (json.dumps(body, indent=2, ensure_ascii=False) + "\n").encode()


def read_manifest(folder: Path) -> list[ManifestEntry]:
    """The files a built closing set lists; an AssemblerError when `folder` is not a closing set."""
    path = Path(folder) / MANIFEST
    if not path.is_file():
        raise AssemblerError(f"{folder}: not a closing set (no {MANIFEST} found); build one with assemble build, "
                             "or pass the .txt, .docx or .pdf files instead")
    try:
        listing = json.loads(path.read_text(encoding="utf-8"))
        return [ManifestEntry(f["name"], f.get("title", ""), f.get("document"), f.get("sha256", ""),
                              f.get("bytes", 0), f.get("pages", 0)) for f in listing["files"]]
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise AssemblerError(f"{path}: not a closing-set manifest ({exc})") from None

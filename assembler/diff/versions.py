"""The versions `assemble diff` compares: each document's paragraphs plus the flattened figures.

A version is read from a built closing set (its DOCX files, listed in manifest.json), from an approved snapshot
(`assemble snapshot`: each document's normalized text plus figures.json), or straight from a term sheet (templates
rendered to text, no PDF layout). All three give the same lines for the same document.
"""
from __future__ import annotations

import json
from pathlib import Path

from assembler.diff.version import Version
from assembler.errors import AssemblerError

SNAPSHOT_INDEX = "snapshot.json"
__all__ = ["Version", "SNAPSHOT_INDEX", "flatten_figures", "file_key", "from_closing_set", "from_snapshot",
           "from_term_sheet", "write_snapshot"]


def flatten_figures(data: dict) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, entry in data.get("figures", {}).items():
        value = entry.get("value") if isinstance(entry, dict) else entry
        if isinstance(value, dict):
            for sub, v in value.items():
                out[f"{key}.{sub}"] = str(v)
        else:
            out[key] = str(value)
    return out


def file_key(doc_key: str) -> str:
    return doc_key.replace("#", "_")


def from_closing_set(folder: Path) -> Version:
    from assembler.checks.extract import docx_lines
    from assembler.closing_set.files import read_manifest

    folder = Path(folder)
    documents, docx = {}, {}
    for entry in read_manifest(folder):
        if entry.name.endswith(".docx") and entry.document:
            path = folder / entry.name
            documents[entry.document] = docx_lines(path.read_bytes())
            docx[entry.document] = path
    figures = json.loads((folder / "figures.json").read_text(encoding="utf-8"))
    return Version(str(folder), documents, flatten_figures(figures), docx)


def from_snapshot(folder: Path) -> Version:
    folder = Path(folder)
    index_path = folder / SNAPSHOT_INDEX
    if not index_path.is_file():
        raise AssemblerError(f"{folder}: not a snapshot (no {SNAPSHOT_INDEX}); make one with assemble snapshot")
    index = json.loads(index_path.read_text(encoding="utf-8"))
    texts = {key: folder / f"{file_key(key)}.txt" for key in index["documents"]}
    documents = {key: path.read_text(encoding="utf-8").splitlines() for key, path in texts.items()}
    figures = json.loads((folder / "figures.json").read_text(encoding="utf-8"))
    return Version(str(folder), documents, flatten_figures(figures), texts=texts)


def from_term_sheet(path: Path, template_dirs=None) -> Version:
    from assembler.document.blocks import document_text
    from assembler.figures.audit import figures_document
    from assembler.figures.load import load
    from assembler.variance.report import closing_set

    loaded = load(path)
    docs, _ = closing_set(loaded.term_sheet, loaded.figures, template_dirs)
    documents = {d.key: document_text(d.blocks).splitlines() for d in docs}
    return Version(str(path), documents, flatten_figures(figures_document(loaded.term_sheet, loaded.figures)))


def write_snapshot(path: Path, into: Path, template_dirs=None) -> list[Path]:
    """Each document's normalized text plus figures.json and an index: small, reviewable in a pull request."""
    from assembler.document.blocks import document_text
    from assembler.figures.audit import figures_json
    from assembler.figures.load import load
    from assembler.variance.report import closing_set

    loaded = load(path)
    docs, _ = closing_set(loaded.term_sheet, loaded.figures, template_dirs)
    into = Path(into)
    into.mkdir(parents=True, exist_ok=True)
    for stale in into.glob("*.txt"):
        stale.unlink()
    written = []
    for doc in docs:
        target = into / f"{file_key(doc.key)}.txt"
        target.write_text(document_text(doc.blocks), encoding="utf-8")
        written.append(target)
    (into / "figures.json").write_text(figures_json(loaded.term_sheet, loaded.figures), encoding="utf-8")
    index = {"deal": loaded.term_sheet.deal.id, "term_sheet": Path(path).name, "documents": [d.key for d in docs]}
    (into / SNAPSHOT_INDEX).write_text(json.dumps(index, indent=2) + "\n", encoding="utf-8")
    return written + [into / "figures.json", into / SNAPSHOT_INDEX]

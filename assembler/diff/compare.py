"""Compare two versions of a closing set: documents paired by id, paragraphs aligned, then words.

A version is read from a built closing set (its DOCX files, listed in manifest.json), from an approved snapshot
(`assemble snapshot`: each document's normalized text plus figures.json), or straight from a term sheet (templates
rendered to text, no PDF layout). All three give the same lines for the same document.
"""
from __future__ import annotations

import difflib
import html
import json
from dataclasses import dataclass, field
from pathlib import Path

from assembler.errors import AssemblerError

SNAPSHOT_INDEX = "snapshot.json"


@dataclass
class Version:
    label: str
    documents: dict[str, list[str]]  # document id -> paragraphs
    figures: dict[str, str]  # flattened figure path -> value
    docx: dict[str, Path] = field(default_factory=dict)  # document id -> DOCX file (closing sets only)


# ---------------------------------------------------------------- reading versions

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

    folder = Path(folder)
    manifest_path = folder / "manifest.json"
    if not manifest_path.is_file():
        raise AssemblerError(f"{folder}: not a closing set (no manifest.json)")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    documents, docx = {}, {}
    for entry in manifest["files"]:
        if entry["name"].endswith(".docx") and "document" in entry:
            path = folder / entry["name"]
            documents[entry["document"]] = docx_lines(path.read_bytes())
            docx[entry["document"]] = path
    figures = json.loads((folder / "figures.json").read_text(encoding="utf-8"))
    return Version(str(folder), documents, flatten_figures(figures), docx)


def from_snapshot(folder: Path) -> Version:
    folder = Path(folder)
    index_path = folder / SNAPSHOT_INDEX
    if not index_path.is_file():
        raise AssemblerError(f"{folder}: not a snapshot (no {SNAPSHOT_INDEX}); make one with assemble snapshot")
    index = json.loads(index_path.read_text(encoding="utf-8"))
    documents = {key: (folder / f"{file_key(key)}.txt").read_text(encoding="utf-8").splitlines()
                 for key in index["documents"]}
    figures = json.loads((folder / "figures.json").read_text(encoding="utf-8"))
    return Version(str(folder), documents, flatten_figures(figures))


def from_term_sheet(path: Path, template_dirs=None) -> Version:
    from assembler.document.assemble import render_set
    from assembler.figures.audit import figures_document
    from assembler.document.tree import document_text
    from assembler.figures.load import load

    loaded = load(path)
    docs = render_set(loaded.term_sheet, loaded.figures, template_dirs)
    documents = {d.key: document_text(d.blocks).splitlines() for d in docs}
    return Version(str(path), documents, flatten_figures(figures_document(loaded.term_sheet, loaded.figures)))


def write_snapshot(path: Path, into: Path, template_dirs=None) -> list[Path]:
    """Each document's normalized text plus figures.json and an index: small, reviewable in a pull request."""
    from assembler.document.assemble import render_set
    from assembler.figures.audit import figures_json
    from assembler.document.tree import document_text
    from assembler.figures.load import load

    loaded = load(path)
    docs = render_set(loaded.term_sheet, loaded.figures, template_dirs)
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


# ---------------------------------------------------------------- comparing

@dataclass
class DocumentDiff:
    key: str
    status: str  # unchanged changed added removed
    old: list[str]
    new: list[str]
    changed: int = 0
    inserted: int = 0
    deleted: int = 0
    words_inserted: int = 0
    words_deleted: int = 0


@dataclass
class SetDiff:
    old: Version
    new: Version
    documents: list[DocumentDiff]
    figures: list[tuple[str, str | None, str | None]]  # (figure, old, new)

    @property
    def identical(self) -> bool:
        return all(d.status == "unchanged" for d in self.documents) and not self.figures


def word_opcodes(a: str, b: str):
    wa, wb = a.split(), b.split()
    return wa, wb, difflib.SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes()


SIMILAR = 0.5  # two paragraphs at least this alike (difflib word ratio) are one paragraph changed, not two


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


def _pairs(old: list[str], new: list[str]):
    """Paragraph alignment: difflib opcodes; inside a replaced run, each old paragraph is paired (in order) with the
    most similar new one if they are alike enough; the rest are added or removed paragraphs."""
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag != "replace":
            yield tag, old[i1:i2], new[j1:j2]
            continue
        j = j1
        for i in range(i1, i2):
            scores = [(_similarity(old[i], new[k]), k) for k in range(j, j2)]
            best = max(scores, default=(0.0, None))
            if best[1] is None or best[0] < SIMILAR:
                yield "delete", [old[i]], []
                continue
            if best[1] > j:
                yield "insert", [], new[j:best[1]]
            yield "replace", [old[i]], [new[best[1]]]
            j = best[1] + 1
        if j < j2:
            yield "insert", [], new[j:j2]


def compare_documents(key: str, old: list[str] | None, new: list[str] | None) -> DocumentDiff:
    if old is None:
        return DocumentDiff(key, "added", [], new, inserted=len(new))
    if new is None:
        return DocumentDiff(key, "removed", old, [], deleted=len(old))
    d = DocumentDiff(key, "unchanged", old, new)
    for tag, a, b in _pairs(old, new):
        if tag == "replace":
            d.changed += 1
            wa, wb, ops = word_opcodes(a[0], b[0])
            for op, i1, i2, j1, j2 in ops:
                d.words_deleted += (i2 - i1) if op in ("replace", "delete") else 0
                d.words_inserted += (j2 - j1) if op in ("replace", "insert") else 0
        elif tag == "insert":
            d.inserted += len(b)
        elif tag == "delete":
            d.deleted += len(a)
    if d.changed or d.inserted or d.deleted:
        d.status = "changed"
    return d


def compare(old: Version, new: Version) -> SetDiff:
    keys = list(old.documents) + [k for k in new.documents if k not in old.documents]
    docs = [compare_documents(k, old.documents.get(k), new.documents.get(k)) for k in keys]
    figures = [(k, old.figures.get(k), new.figures.get(k)) for k in sorted(set(old.figures) | set(new.figures))
               if old.figures.get(k) != new.figures.get(k)]
    return SetDiff(old, new, docs, figures)


# ---------------------------------------------------------------- output

def unified(diff: SetDiff) -> str:
    out = []
    for d in diff.documents:
        if d.status != "unchanged":
            out += difflib.unified_diff(d.old, d.new, f"a/{d.key}", f"b/{d.key}", lineterm="", n=1)
    return "\n".join(out) + ("\n" if out else "")


CSS = """body{font-family:Georgia,serif;max-width:52em;margin:2em auto;line-height:1.45}
del{color:#b00;text-decoration:line-through}ins{color:#05c;text-decoration:underline}
p{margin:.6em 0}.skip{color:#777;font-style:italic;text-align:center}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}
p.added{border-left:3px solid #05c;padding-left:.5em}p.removed{border-left:3px solid #b00;padding-left:.5em}"""


def _word_html(a: str, b: str) -> str:
    wa, wb, ops = word_opcodes(a, b)
    out = []
    for op, i1, i2, j1, j2 in ops:
        if op == "equal":
            out.append(html.escape(" ".join(wa[i1:i2])))
        if op in ("replace", "delete"):
            out.append(f"<del>{html.escape(' '.join(wa[i1:i2]))}</del>")
        if op in ("replace", "insert"):
            out.append(f"<ins>{html.escape(' '.join(wb[j1:j2]))}</ins>")
    return " ".join(out)


def redline_html(diff: SetDiff, d: DocumentDiff, context: int = 1) -> str:
    parts = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Redline: {html.escape(d.key)}</title>"
             f"<style>{CSS}</style></head><body><h1>Redline: {html.escape(d.key)}</h1>",
             f"<p>Old: {html.escape(diff.old.label)}<br>New: {html.escape(diff.new.label)}<br>"
             f"{d.changed} paragraph(s) changed, {d.inserted} added, {d.deleted} removed; "
             f"{d.words_inserted} word(s) inserted, {d.words_deleted} deleted.</p>"]
    if diff.figures:
        parts.append("<h2>Changed figures</h2><table><tr><th>figure</th><th>old</th><th>new</th></tr>")
        for name, old, new in diff.figures:
            parts.append(f"<tr><td>{html.escape(name)}</td><td><del>{html.escape(str(old))}</del></td>"
                         f"<td><ins>{html.escape(str(new))}</ins></td></tr>")
        parts.append("</table>")
    parts.append("<h2>Text</h2>")
    for tag, a, b in _pairs(d.old, d.new):
        if tag == "equal":
            if len(a) > 2 * context:
                head, tail = a[:context], a[-context:] if context else []
                parts += [f"<p>{html.escape(x)}</p>" for x in head] if parts[-1] != "<h2>Text</h2>" else []
                parts.append(f"<p class='skip'>… {len(a) - len(head) - len(tail)} unchanged paragraph(s) …</p>")
                parts += [f"<p>{html.escape(x)}</p>" for x in tail]
            else:
                parts += [f"<p>{html.escape(x)}</p>" for x in a]
        elif tag == "replace":
            parts.append(f"<p>{_word_html(a[0], b[0])}</p>")
        elif tag == "insert":
            parts += [f"<p class='added'><ins>{html.escape(x)}</ins></p>" for x in b]
        else:
            parts += [f"<p class='removed'><del>{html.escape(x)}</del></p>" for x in a]
    parts.append("</body></html>\n")
    return "\n".join(parts)


def write_reports(diff: SetDiff, report_dir: Path, docx_redline: bool = False) -> list[Path]:
    report_dir = Path(report_dir)
    written = []
    for d in diff.documents:
        if d.status == "unchanged":
            continue
        report_dir.mkdir(parents=True, exist_ok=True)
        path = report_dir / f"{file_key(d.key)}.redline.html"
        path.write_text(redline_html(diff, d), encoding="utf-8")
        written.append(path)
        if docx_redline and d.status == "changed":
            if d.key not in diff.old.docx or d.key not in diff.new.docx:
                raise AssemblerError("--docx-redline needs two built closing sets (with DOCX files)")
            written.append(docx_redline_file(diff.old.docx[d.key], diff.new.docx[d.key],
                                             report_dir / f"{file_key(d.key)}.redline.docx"))
    return written


def docx_redline_file(old: Path, new: Path, target: Path) -> Path:
    """A DOCX with real Word tracked changes between two versions (python-redlines, Docxodus engine)."""
    try:
        from python_redlines.engines import DocxodusEngine
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise AssemblerError(f"--docx-redline needs python-redlines[docxodus]: {exc}") from None
    data, _, _ = DocxodusEngine().run_redline("assembler", old.read_bytes(), new.read_bytes())
    target.write_bytes(data)
    return target

"""Redlines a reviewer reads: an HTML page per changed document, and on request a DOCX with Word tracked changes.

DOCX tracked changes come from python-redlines (the optional extra `assembler[redline]`) when two built closing sets
are compared (it diffs the formatted DOCX files); against an approved snapshot, which holds text only, the tracked
changes are written here from the word diff, in the house-style shell (no extra needed). Reports are written to a
staging folder first and moved into place together, so a failure leaves no half-written report.
"""
from __future__ import annotations

import html
import io
import shutil
import tempfile
from pathlib import Path

from assembler.diff.compare import DocumentDiff, SetDiff, pairs, word_opcodes
from assembler.diff.versions import file_key
from assembler.errors import AssemblerError

REDLINE_EXTRA = "pip install 'assembler[redline]'"
AUTHOR = "assembler"

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


def redline_html(diff: SetDiff, d: DocumentDiff, context: int = 1, *, title: str | None = None,
                 figures: list | None = None, labels: tuple[str, str] | None = None) -> str:
    """The redline of document `d`; the web page gives the document's `title`, the changed `figures` as it names them
    (none: its own page lists them) and the two builds' `labels` in words."""
    name = html.escape(title or d.key)
    old_label, new_label = labels or (diff.old.label, diff.new.label)
    figures = diff.figures if figures is None else figures
    parts = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Redline: {name}</title>"
             f"<style>{CSS}</style></head><body><h1>Redline: {name}</h1>",
             f"<p>Old: {html.escape(old_label)}<br>New: {html.escape(new_label)}<br>"
             f"{d.changed} paragraph(s) changed, {d.inserted} added, {d.deleted} removed; "
             f"{d.words_inserted} word(s) inserted, {d.words_deleted} deleted.</p>"]
    if figures:
        parts.append("<h2>Changed figures</h2><table><tr><th>figure</th><th>old</th><th>new</th></tr>")
        for name, old, new in figures:
            parts.append(f"<tr><td>{html.escape(name)}</td><td><del>{html.escape(str(old))}</del></td>"
                         f"<td><ins>{html.escape(str(new))}</ins></td></tr>")
        parts.append("</table>")
    parts.append("<h2>Text</h2>")
    for tag, _, _, a, b in pairs(d.old, d.new):
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


# ---------------------------------------------------------------- DOCX with tracked changes

def redline_engine(diff: SetDiff):
    """What writes DOCX redlines for this diff: None (our own, from the text) against a snapshot; python-redlines'
    engine between two closing sets. Raises, before anything is written, when that extra is not installed."""
    if not (diff.old.docx and diff.new.docx):
        return None
    try:
        from python_redlines.engines import DocxodusEngine
    except ImportError:
        raise AssemblerError("--docx-redline between two closing sets needs the optional extra for Word tracked "
                             f"changes: {REDLINE_EXTRA} (against a snapshot, --against, it needs nothing more)") from None
    return DocxodusEngine()


def tracked_docx(d: DocumentDiff) -> bytes:
    """A DOCX of the new text with the changes as Word tracked changes (w:ins / w:del), one paragraph a line."""
    from docx import Document

    from assembler.layout.docx_package import normalize_zip
    from assembler.layout.shell import SHELL

    doc = Document(str(SHELL))
    body = doc.element.body
    for p in list(doc.paragraphs):
        body.remove(p._p)
    for footer in doc.sections[0].footer.paragraphs[1:]:  # the shell's label placeholder
        footer._p.getparent().remove(footer._p)
    revision = [0]
    for tag, _, _, a, b in pairs(d.old, d.new):
        if tag == "equal":
            for text in a:
                doc.add_paragraph(text, style="Body")
        elif tag == "replace":
            wa, wb, ops = word_opcodes(a[0], b[0])
            p = doc.add_paragraph(style="Body")
            first = True
            for op, i1, i2, j1, j2 in ops:
                for kind, words in (("", wa[i1:i2] if op == "equal" else []),
                                    ("del", wa[i1:i2] if op in ("replace", "delete") else []),
                                    ("ins", wb[j1:j2] if op in ("replace", "insert") else [])):
                    if not words:
                        continue
                    text = ("" if first else " ") + " ".join(words)
                    first = False
                    if kind:
                        _tracked(p, kind, text, revision)
                    else:
                        p.add_run(text)
        else:
            for text in (b if tag == "insert" else a):
                _tracked(doc.add_paragraph(style="Body"), "ins" if tag == "insert" else "del", text, revision)
    doc.core_properties.author = doc.core_properties.last_modified_by = AUTHOR
    doc.core_properties.title = f"Redline: {d.key}"
    out = io.BytesIO()
    doc.save(out)
    return normalize_zip(out.getvalue())


def _tracked(paragraph, kind: str, text: str, revision: list[int]) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    revision[0] += 1
    wrapper = OxmlElement(f"w:{kind}")
    wrapper.set(qn("w:id"), str(revision[0]))
    wrapper.set(qn("w:author"), AUTHOR)
    run = OxmlElement("w:r")
    t = OxmlElement("w:delText" if kind == "del" else "w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    run.append(t)
    wrapper.append(run)
    paragraph._p.append(wrapper)


# ---------------------------------------------------------------- writing the reports

def report_files(diff: SetDiff, docx_redline: bool = False) -> dict[str, bytes]:
    """Every report file by name: an HTML redline per changed document, and with docx_redline a DOCX too."""
    engine = redline_engine(diff) if docx_redline else None
    files: dict[str, bytes] = {}
    for d in diff.documents:
        if d.status == "unchanged":
            continue
        files[f"{file_key(d.key)}.redline.html"] = redline_html(diff, d).encode()
        if docx_redline and d.status == "changed":
            if engine is not None:
                data, _, _ = engine.run_redline(AUTHOR, diff.old.docx[d.key].read_bytes(),
                                                diff.new.docx[d.key].read_bytes())
            else:
                data = tracked_docx(d)
            files[f"{file_key(d.key)}.redline.docx"] = data
    return files


def write_reports(diff: SetDiff, report_dir: Path, docx_redline: bool = False) -> list[Path]:
    """Write the reports into `report_dir`, all or nothing (staged beside it, then moved in); earlier reports of the
    same documents are replaced."""
    files = report_files(diff, docx_redline)
    if not files:
        return []
    report_dir = Path(report_dir)
    try:
        report_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".redline.", dir=report_dir))
    except OSError as exc:
        raise AssemblerError(f"{report_dir}: cannot write the redlines there ({exc.strerror})") from None
    try:
        for name, data in files.items():
            (staging / name).write_bytes(data)
        for name in files:
            (staging / name).replace(report_dir / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [report_dir / name for name in files]

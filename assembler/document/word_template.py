"""Native Word templates: a .docx with Jinja tags, authored in Word, rendered by docxtpl.

What such a template gets: its DOCX is the firm's own file rendered with the same strict Jinja environment
(autoescape, StrictUndefined, the house filters, no raw numbers), then given fixed zip times and document
properties (byte-identical output). Its PDF is not a picture of Word's layout: the rendered DOCX is read back
(paragraphs with their bold/italic/underline, alignment, tables, page breaks) into the same blocks the XML templates
produce and laid out by WeasyPrint with the house print CSS. Its text therefore takes part in diffs, snapshots and
checks like any other document. Cross-references, automatic numbering and signature packets are features of the XML
templates only: a native template numbers its paragraphs itself, as Word does.
"""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import jinja2
from docx import Document as open_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docxtpl import DocxTemplate

from assembler.errors import TemplateError
from assembler.document.blocks import Block, Run, tidy

ALIGN = {WD_ALIGN_PARAGRAPH.CENTER: "center", WD_ALIGN_PARAGRAPH.RIGHT: "right", WD_ALIGN_PARAGRAPH.LEFT: "left",
         WD_ALIGN_PARAGRAPH.JUSTIFY: "justify"}
KINDS = {"Title": ("title", "Title"), "Subtitle": ("subtitle", "Subtitle"), "Heading 1": ("article", "Article"),
         "Heading 2": ("article_title", "Article Title")}


def render_native(path: Path, env: jinja2.Environment, context: dict) -> tuple[bytes, list[Block]]:
    tpl = DocxTemplate(str(path))
    try:
        tpl.render(context, jinja_env=env, autoescape=True)
    except Exception as exc:  # noqa: BLE001 - whatever the template's code raises is the template's error
        raise TemplateError(str(path), None, f"in the Word template: {exc or type(exc).__name__}") from None
    _refuse_external_links(tpl.docx, path)
    ts = context.get("ts")
    props = tpl.docx.core_properties
    if ts is not None:
        stamp = dt.datetime(ts.closing_date.year, ts.closing_date.month, ts.closing_date.day)
        props.created = props.modified = props.last_printed = stamp
        props.author = props.last_modified_by = ts.company.name
        props.revision = 1
    buffer = io.BytesIO()
    tpl.save(buffer)
    data = buffer.getvalue()  # zip entry times are fixed when the set is laid out (layout/docx.normalize_zip)
    return data, docx_blocks(data)


def _refuse_external_links(document, path: Path) -> None:
    """A Word file can point outside itself (an image or template loaded from a web address or a network share when
    Word opens it: a way to learn who opened the closing set, or to capture a Windows password hash). Hyperlinks are
    kept; every other outside link is refused."""
    for part in document.part.package.iter_parts():
        for rel in part.rels.values():
            if rel.is_external and not rel.reltype.endswith("/hyperlink"):
                raise TemplateError(str(path), None, f"in the Word template: {part.partname} links to an outside "
                                    f"address ({rel.reltype.rsplit('/', 1)[-1]}: {rel.target_ref[:120]}), which Word "
                                    "would open; embed the file instead")


def docx_blocks(data: bytes) -> list[Block]:
    """The blocks of a DOCX body: paragraphs (runs with emphasis, alignment, style), tables, page breaks."""
    doc = open_docx(io.BytesIO(data))
    blocks: list[Block] = []
    paragraphs = {p._p: p for p in doc.paragraphs}
    tables = {t._tbl: t for t in doc.tables}
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            p = paragraphs[child]
            if any(br.get(qn("w:type")) == "page" for br in child.iter(qn("w:br"))):
                blocks.append(Block("pagebreak"))
            runs = tidy([Run(r.text, bool(r.bold), bool(r.italic), bool(r.underline)) for r in p.runs])
            if runs:
                kind, style = KINDS.get(p.style.name, ("p", "Body"))
                blocks.append(Block(kind, runs, style, align=ALIGN.get(p.alignment)))
        elif child.tag == qn("w:tbl"):
            rows = []
            for i, row in enumerate(tables[child].rows):
                cells = [(tidy([Run(r.text, bool(r.bold), bool(r.italic), bool(r.underline))
                                for para in cell.paragraphs for r in para.runs]), None) for cell in row.cells]
                rows.append((i == 0, cells))
            blocks.append(Block("table", style="Table", rows=rows))
    return blocks

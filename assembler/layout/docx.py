"""Document blocks -> DOCX: the house-style shell rendered by docxtpl (autoescape, StrictUndefined), then the body
written paragraph by paragraph in the shell's named styles with python-docx. Zip entries get a fixed time so the
same input gives the same bytes."""
from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Inches
from docxtpl import DocxTemplate

from assembler.document.tree import SIG_RULE, Block, Run
from assembler.layout.shell import SHELL

ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
         "left": WD_ALIGN_PARAGRAPH.LEFT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}


def _add_runs(paragraph, runs: list[Run]) -> None:
    for r in runs:
        run = paragraph.add_run(r.text)
        run.bold = True if r.bold else None
        run.italic = True if r.italic else None
        run.underline = True if r.underline else None


_STYLE_IDS: dict[tuple, dict[tuple[str, int], str | None]] = {}


class _Styles:
    """Style ids by name, looked up once per shell file rather than on every paragraph: python-docx resolves a name by
    scanning all of the shell's styles on each call, which was most of the time a DOCX took. Sets exactly what
    `paragraph.style = name` and `table.style = name` set (no style id for the default style)."""

    def __init__(self, doc) -> None:
        self.doc = doc
        stat = SHELL.stat()
        self.ids = _STYLE_IDS.setdefault((str(SHELL), stat.st_mtime_ns, stat.st_size), {})

    def _id(self, name: str, kind) -> str | None:
        if (name, kind) not in self.ids:
            self.ids[(name, kind)] = self.doc.part.get_style_id(name, kind)
        return self.ids[(name, kind)]

    def set(self, paragraph, name: str):
        paragraph._p.style = self._id(name, WD_STYLE_TYPE.PARAGRAPH)
        return paragraph

    def paragraph(self, name: str):
        return self.set(self.doc.add_paragraph(), name)

    def table(self, table, name: str) -> None:
        table._tbl.tblStyle_val = self._id(name, WD_STYLE_TYPE.TABLE)


def _style(block: Block) -> str:
    if block.style == "Clause" or (block.style in ("Body", "Section") and block.indent):
        return f"Clause {min(max(block.indent, 1), 3)}"
    return block.style


def _paragraph(styles: _Styles, block: Block):
    p = styles.paragraph(_style(block))
    if block.align and block.align in ALIGN and block.style in ("Body", "Section", "Clause"):
        p.alignment = ALIGN[block.align]
    if block.keep_next:
        p.paragraph_format.keep_with_next = True
    _add_runs(p, block.runs)
    return p


def _cant_split():
    from docx.oxml import OxmlElement

    return OxmlElement("w:cantSplit")


def _table(styles: _Styles, rows, widths, style: str | None, header_bold: bool):
    doc = styles.doc
    ncols = max(len(cells) for _, cells in rows)
    table = doc.add_table(rows=0, cols=ncols)
    if style:
        styles.table(table, style)
    total = sum(widths) or ncols
    for index, (header, cells) in enumerate(rows):
        row = table.add_row()
        row._tr.get_or_add_trPr().append(_cant_split())
        for i, (runs, align) in enumerate(cells):
            cell = row.cells[i]
            p = cell.paragraphs[0]
            styles.set(p, "Table Text")
            if align in ALIGN:
                p.alignment = ALIGN[align]
            p.paragraph_format.keep_with_next = index < len(rows) - 1  # the table stays on one page
            _add_runs(p, [Run(r.text, r.bold or (header and header_bold), r.italic, r.underline) for r in runs])
    for i, column in enumerate(table.columns):
        width = Inches(6.5 * (widths[i] if i < len(widths) else 1) / total)
        for cell in column.cells:
            cell.width = width
    return table


def render_docx(blocks: list[Block], *, title: str, footer_label: str, author: str, when: dt.date,
                env) -> bytes:
    tpl = DocxTemplate(str(SHELL))
    tpl.render({"footer_label": footer_label, "document_title": title}, jinja_env=env, autoescape=True)
    doc = tpl.docx
    body = doc.element.body
    for p in list(doc.paragraphs):  # the shell's placeholder paragraph
        body.remove(p._p)
    styles = _Styles(doc)
    for block in blocks:
        if block.kind == "pagebreak":
            styles.paragraph("Body").add_run().add_break(WD_BREAK.PAGE)
        elif block.kind == "notices":
            rows = []
            for heading, lines in block.rows:
                address: list[Run] = []
                for i, line in enumerate(lines):
                    address += ([Run("\n")] if i else []) + line
                rows.append((False, [(heading, None), (address, None)]))
            _table(styles, rows, [2, 3], None, False)
            styles.paragraph("Body")
        elif block.kind == "table":
            _table(styles, block.rows, block.widths, "Table Grid", True)
            styles.paragraph("Body")
        elif block.kind == "lines":
            runs: list[Run] = []
            for i, line in enumerate(block.lines):
                runs += ([Run("\n")] if i else []) + line
            _paragraph(styles, Block("p", runs, "Body", align=block.align or "left", keep_next=block.keep_next))
        elif block.kind == "signature":
            for i, line in enumerate(block.lines):
                signs = any(SIG_RULE in r.text for r in line)
                p = styles.paragraph("Signature Line" if signs else "Signature")
                p.paragraph_format.keep_with_next = i < len(block.lines) - 1
                p.paragraph_format.keep_together = True
                _add_runs(p, line)
            styles.paragraph("Signature").paragraph_format.keep_with_next = False
        else:
            _paragraph(styles, block)
    props = doc.core_properties
    stamp = dt.datetime(when.year, when.month, when.day)
    props.title, props.author, props.last_modified_by = title, author, author
    props.created = props.modified = stamp
    props.last_printed = stamp
    props.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalize_zip(buffer.getvalue())


def normalize_zip(data: bytes) -> bytes:
    """Rewrite a DOCX zip with a fixed entry time, keeping member order: bytes depend only on the content."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()

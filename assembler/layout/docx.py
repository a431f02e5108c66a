"""Document blocks -> DOCX: the house-style shell rendered by docxtpl (autoescape, StrictUndefined), then the body
written paragraph by paragraph in the shell's named styles with python-docx. Zip entries get a fixed time so the
same input gives the same bytes."""
from __future__ import annotations

import datetime as dt

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Pt
from docxtpl import DocxTemplate

from assembler.document.blocks import Block, Run
from assembler.layout import numbering, properties, toc
from assembler.layout.docx_package import package_members, zip_members
from assembler.layout.footer import fitted
from assembler.layout.shell import SHELL
from assembler.layout.styles import COVER_GAP, STYLES, TEXT_WIDTH, last_cover_line, signature_style, style_of
from assembler.layout.tables import column_widths, leading_headers
from assembler.layout.typography import typeset

ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
         "left": WD_ALIGN_PARAGRAPH.LEFT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}


def _format(run, r: Run) -> None:
    run.bold = True if r.bold else None
    run.italic = True if r.italic else None
    run.underline = True if r.underline else None


def _add_runs(paragraph, runs: list[Run]) -> None:
    before = ""
    for r in runs:
        if r.ref:
            _ref_field(paragraph, r)  # the field's result: what Word writes when it updates the field
        else:
            _format(paragraph.add_run(typeset(r.text, before)), r)
        before = r.text[-1:] or before


def _ref_field(paragraph, r: Run) -> None:
    """A cross-reference as Word makes one: a REF field to the target's bookmark, its result (what shows before
    fields are updated, and what the PDF prints) our own text for the number."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    bookmark, switches = r.ref
    for kind, text in (("begin", None), (None, f" REF {bookmark} {switches} "), ("separate", None), ("result", r.text),
                       ("end", None)):
        run = paragraph.add_run()
        _format(run, r)
        if kind == "result":
            run.text = text
        elif kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
            run._r.append(el)


TOC_BOOKMARK_IDS = 100000  # bookmark ids of the _Toc bookmarks, apart from the labels' (1, 2, ...)


def _bookmark(paragraph, name: str, ident: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), str(ident))
    start.set(qn("w:name"), name)
    end.set(qn("w:id"), str(ident))
    ppr = paragraph._p.pPr
    (ppr.addnext if ppr is not None else lambda el: paragraph._p.insert(0, el))(start)
    paragraph._p.append(end)


_STYLE_IDS: dict[tuple, dict[tuple[str, object], str | None]] = {}


def _cache_style_ids(doc) -> None:
    """Style ids by name, looked up once per shell file rather than on every paragraph: python-docx resolves a name by
    scanning all of the shell's styles on each call (`add_paragraph(style=...)`, `p.style = ...`), which was most of
    the time a DOCX took. The same ids are set, so the bytes do not change."""
    part, stat = doc.part, SHELL.stat()
    ids = _STYLE_IDS.setdefault((str(SHELL), stat.st_mtime_ns, stat.st_size), {})
    look_up = part.get_style_id

    def get_style_id(style, kind):
        if not isinstance(style, str):
            return look_up(style, kind)
        if (style, kind) not in ids:
            ids[(style, kind)] = look_up(style, kind)
        return ids[(style, kind)]

    part.get_style_id = get_style_id


class _Lists:
    """The document's list numbering: which styles carry which level, and the bookmarks written so far."""

    def __init__(self, doc, blocks: list[Block]) -> None:
        scheme = _scheme(blocks)
        self.num_id, self.linked = numbering.install(doc, scheme) if scheme else (0, {})
        self.by_level = {level: style for style, level in self.linked.items()}
        self.bookmarks = 0

    def numbered(self, block: Block) -> bool:
        """One number at the start of the block's runs, which Word's list can show instead."""
        return bool(self.linked) and len(block.numbering) == 1 and len(block.runs) > 1 \
            and block.runs[1].text.startswith(" ") and not block.runs[0].ref

    def paragraph(self, doc, block: Block, runs_after_number: list[Run] | None = None):
        style = style_of(block)
        runs = block.runs
        level = block.numbering[0][0] if block.numbering else None
        if self.numbered(block):
            style = self.by_level.get(level, style)
            first = Run(block.runs[1].text[1:], block.runs[1].bold, block.runs[1].italic, block.runs[1].underline)
            runs = ([first] if first.text else []) + block.runs[2:]
        p = doc.add_paragraph(style=style)
        if self.numbered(block) and style != self.by_level.get(level):
            numbering.paragraph_numbering(p, self.num_id, level)  # deeper than the styles linked to the list
        elif style in self.linked and not self.numbered(block):
            numbering.paragraph_numbering(p, self.num_id, None)  # a numbered style, here without a number
        _add_runs(p, runs + (runs_after_number or []))
        _outline(p, block, style)
        bookmark = block.numbering[0][1] if block.numbering else None
        if bookmark:
            self.bookmarks += 1
            _bookmark(p, bookmark, self.bookmarks)
        return p


def _scheme(blocks: list[Block]) -> str | None:
    if any(b.kind == "article" for b in blocks):
        return "articles"
    top = next((b for b in blocks if b.numbering and b.numbering[0][0] == 0 and b.runs), None)
    if top is None:
        return None
    return "sections" if top.runs[0].text.startswith("Section") else "numbered"


def _paragraph(doc, block: Block, lists: _Lists | None = None):
    p = lists.paragraph(doc, block) if lists else doc.add_paragraph(style=style_of(block))
    if not lists:
        _add_runs(p, block.runs)
    if block.align in ALIGN and block.align != STYLES[style_of(block)].align:
        p.alignment = ALIGN[block.align]
    if block.keep_next:  # LibreOffice never splits such a paragraph, so neither do Word and the PDF (.keep)
        p.paragraph_format.keep_with_next = p.paragraph_format.keep_together = True
    return p


def _cant_split():
    from docx.oxml import OxmlElement

    return OxmlElement("w:cantSplit")


def _repeat_header():
    """Word's "Repeat as header row at the top of each page" (the PDF's <thead>)."""
    from docx.oxml import OxmlElement

    return OxmlElement("w:tblHeader")


def _cell_margins(table, left: float, right: float) -> None:
    """The table's own cell margins in points (a table of notices: flush with the text on the left, as in the PDF)."""
    from docx.oxml import OxmlElement

    margins = OxmlElement("w:tblCellMar")
    for edge, value in (("top", 0), ("left", left), ("bottom", 0), ("right", right)):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(round(value * 20)))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    table._tbl.tblPr.append(margins)


def _table(doc, rows, widths: list[float], style: str | None, header_bold: bool, cell_style: str = "Table Text"):
    """A table that breaks between rows, never inside one, its header row kept with the next and repeated on each page
    the table runs onto (print.css: the same);
    `widths` in points, one per column."""
    ncols = max(len(cells) for _, cells in rows)
    table = doc.add_table(rows=0, cols=ncols)
    if style:
        table.style = doc.styles[style]
    repeat = leading_headers(rows)
    for index, (header, cells) in enumerate(rows):
        row = table.add_row()
        row._tr.get_or_add_trPr().append(_cant_split())
        if index < repeat:
            row._tr.trPr.append(_repeat_header())  # repeated at the top of each page the table runs onto
        for i, (runs, align) in enumerate(cells):
            cell = row.cells[i]
            p = cell.paragraphs[0]
            p.style = cell_style  # by name: the cached look-up (_cache_style_ids), not a scan of every style
            if align in ALIGN:
                p.alignment = ALIGN[align]
            if header:
                p.paragraph_format.keep_with_next = True
            _add_runs(p, [Run(r.text, r.bold or (header and header_bold), r.italic, r.underline) for r in runs])
    table.autofit = False
    grid = table._tbl.tblGrid.findall(qn("w:gridCol"))
    for i, column in enumerate(table.columns):
        width = Pt(widths[i])
        grid[i].set(qn("w:w"), str(round(widths[i] * 20)))  # Word and LibreOffice lay a table out from its grid
        for cell in column.cells:
            cell.width = width
    doc.add_paragraph(style="Spacer")  # a table's margin below it; also keeps two tables apart
    return table


def _outline(paragraph, block: Block, style: str) -> None:
    """The paragraph's outline level (navigation pane, TOC field) as the PDF's bookmarks have it: a heading at its
    bookmark's level, a paragraph in a heading style without one (an untitled section) as body text."""
    from docx.oxml import OxmlElement

    level = block.bookmark[0] - 1 if block.bookmark else None
    if level == STYLES[style].outline or (level is None and STYLES[style].outline is None):
        return
    el = OxmlElement("w:outlineLvl")
    el.set(qn("w:val"), str(9 if level is None else level))
    paragraph._p.get_or_add_pPr().insert_element_before(el, "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
                                                        "w:pPrChange")


def _break_before(doc, element) -> None:
    """A page break before `element`: the paragraph's "page break before", as the PDF's break. (A paragraph holding
    a break would itself go to the next page when the page before is full, and the break then leaves it blank.)
    Before a table, whose paragraphs Word does not break before, a paragraph with the break."""
    from docx.text.paragraph import Paragraph

    if element.tag == qn("w:p"):
        Paragraph(element, doc._body).paragraph_format.page_break_before = True
        return
    holder = doc.add_paragraph(style="Page Break")
    holder.add_run().add_break(WD_BREAK.PAGE)
    element.addprevious(holder._p)


def _footer_parts(doc):
    """The footers' XML. docxtpl puts the rendered footer in a plain XmlPart, so it is reached through the
    document's relationships, not python-docx's section.footer."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    return [rel.target_part._element for rel in doc.part.rels.values() if rel.reltype == RT.FOOTER]


def _section_pages(doc, pages: int) -> None:
    """ "Page X of Y" counting the body's pages only (a table of contents before it is a section of its own): the
    shell's NUMPAGES becomes SECTIONPAGES, its cached result the body's pages in the PDF (LibreOffice shows the
    cached result; Word recalculates it for each section)."""
    for footer in _footer_parts(doc):
        for run in footer.iter(qn("w:r")):  # the shell writes a field in one run: begin, instruction, separate, result
            instr = run.find(qn("w:instrText"))
            if instr is not None and instr.text.strip() == "NUMPAGES":
                instr.text = "SECTIONPAGES"
                for t in run.iter(qn("w:t")):
                    t.text = str(pages)


def _label_size(doc, size: float) -> None:
    """The footer label's type size (one line, as in the PDF)."""
    for footer in _footer_parts(doc):
        for half_points in footer.findall(f"{qn('w:p')}/{qn('w:r')}/{qn('w:rPr')}/{qn('w:sz')}"):
            half_points.set(qn("w:val"), str(round(size * 2)))


def render_docx(blocks: list[Block], *, title: str, footer_label: str, author: str, when: dt.date,
                env, subject: str = "", keywords: str = "", draft: dt.date | None = None,
                toc_pages: dict[int, int] | None = None, body_pages: int | None = None) -> bytes:
    """The DOCX of a document: `footer_label` in the footer, core and app properties from the term sheet (author is
    the company), and with `draft` a dated DRAFT header. `toc_pages`: the page each heading its table of contents
    lists starts on, as the PDF has them (toc.page_numbers), for the TOC field's cached result;
    `body_pages`: the pages of the body after the contents, for the footers' "of Y" (SECTIONPAGES)."""
    label, size = fitted(footer_label)
    tpl = DocxTemplate(str(SHELL))
    tpl.render({"footer_label": label, "document_title": title}, jinja_env=env, autoescape=True)
    doc = tpl.docx
    _label_size(doc, size)
    if body_pages:
        _section_pages(doc, body_pages)
    _cache_style_ids(doc)
    body = doc.element.body
    for p in list(doc.paragraphs):  # the shell's placeholder paragraph
        body.remove(p._p)
    lists = _Lists(doc, blocks)
    listed = {e.index for e in toc.entries(blocks)}  # headings the contents link to (a _Toc bookmark each)
    broken = None  # after a page break: the body position of the next block's first element
    for index, block in enumerate(blocks):
        p = None
        if block.kind == "article_title" and index and blocks[index - 1].kind == "article":
            continue  # set in the article's paragraph, after a line break
        if block.kind == "article":
            named = blocks[index + 1].runs if index + 1 < len(blocks) and blocks[index + 1].kind == "article_title" \
                else []
            # one heading paragraph "ARTICLE I<br>Certain Definitions": its title shows in the navigation pane
            after = [Run("\n")] + named if named else []
            if lists.numbered(Block("p", block.runs + [Run(" ")], numbering=block.numbering)):
                p = lists.paragraph(doc, Block("p", block.runs + [Run(" ")], "Article", numbering=block.numbering,
                                               bookmark=block.bookmark), after)
            else:
                p = lists.paragraph(doc, Block("p", block.runs, "Article", numbering=block.numbering,
                                               bookmark=block.bookmark), after)
            p.paragraph_format.keep_with_next = True
        elif block.kind == "pagebreak":
            broken = broken if broken is not None else len(body) - 1  # where the next block's elements will start
            continue
        elif block.kind == "toc":
            toc.write_docx(doc, blocks, toc_pages)
        elif block.kind == "notices":
            rows = []
            for heading, lines in block.rows:
                address: list[Run] = []
                for i, line in enumerate(lines):
                    address += ([Run("\n")] if i else []) + line
                rows.append((False, [(heading, None), (address, None)]))
            _cell_margins(_table(doc, rows, [0.4 * TEXT_WIDTH * 72, 0.6 * TEXT_WIDTH * 72], None, False, "Notice"),
                          0, 6)
        elif block.kind == "table":
            _table(doc, block.rows, column_widths(block), "Table Grid", True)
        elif block.kind == "lines":
            runs: list[Run] = []
            for i, line in enumerate(block.lines):
                runs += ([Run("\n")] if i else []) + line
            p = _paragraph(doc, Block("p", runs, "Body", align=block.align or "left", keep_next=block.keep_next))
            p.paragraph_format.keep_together = True
        elif block.kind == "signature":
            places = block.places or [""] * len(block.lines)
            for i, (line, place) in enumerate(zip(block.lines, places)):
                p = doc.add_paragraph(style=signature_style(line, place))
                p.paragraph_format.keep_with_next = i < len(block.lines) - 1
                p.paragraph_format.keep_together = True
                _add_runs(p, line)
            doc.add_paragraph(style="Signature").paragraph_format.keep_with_next = False
        else:
            p = _paragraph(doc, block, lists)
            if last_cover_line(blocks, index):
                p.paragraph_format.space_after = Pt(COVER_GAP)
        if p is not None and index in listed:
            _bookmark(p, toc.bookmark(index), TOC_BOOKMARK_IDS + index)
        if broken is not None and broken < len(body) - 1:
            _break_before(doc, body[broken])
            broken = None
    if draft:
        properties.draft_header(doc, draft)
    properties.set_core(doc, title=title, author=author, when=when, subject=subject, keywords=keywords,
                        category="Draft" if draft else "Execution version")
    properties.drop_thumbnail(doc)
    return zip_members(package_members(doc), {"docProps/app.xml": properties.app_xml(author)})

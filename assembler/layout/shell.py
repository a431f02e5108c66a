"""Create templates/_shared/house_style.docx, the Word shell every DOCX is rendered into, and house_style.css, the
same styles for the PDF: both from the one style table in layout/styles.py.

The shell carries the named Word styles the renderer uses (Title, Subtitle, Exhibit Heading, Article, Article Title,
Body, Section, Clause 1-3, Legend, Signature, Signature Line, Notice, Table Text, the table of contents' levels...)
and a footer "Page {PAGE} of {NUMPAGES}" and a docxtpl tag for the document label. A firm may restyle the shell in Word: every
paragraph of every document refers to these styles, so changing a style changes the documents. Regenerate the
default with `python -m assembler.layout.shell` (a test checks that the files in git are what it writes).
"""
from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt

from assembler.document.registry import DEFAULT_DIR
from assembler.layout.styles import STYLES, TEXT_WIDTH, Style, house_css

SHARED = DEFAULT_DIR / "_shared"
SHELL = SHARED / "house_style.docx"
CSS = SHARED / "house_style.css"
FONT = "Times New Roman"
ALIGN = {"justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "left": WD_ALIGN_PARAGRAPH.LEFT}
TWIPS = 20  # per point


def _field(paragraph, instruction: str) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = instruction
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def _border(style) -> None:
    ppr = style.element.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{side}")
        for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "4"), ("w:color", "000000")):
            el.set(qn(k), v)
        borders.append(el)
    ppr.append(borders)


def _paragraph_style(doc, name: str, spec: Style):
    if name in [s.name for s in doc.styles]:  # a built-in style (Title, Subtitle, TOC Heading): drop its theme
        style = doc.styles[name]                # fonts, colours, borders and spacing, so only ours apply
        for tag in ("w:rPr", "w:pPr"):
            for el in style.element.findall(qn(tag)):
                style.element.remove(el)
    else:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        if name.startswith("toc "):  # Word's built-in "TOC 2", "TOC 3": Word fills them when it updates the TOC
            style.element.set(qn("w:styleId"), name.upper().replace(" ", ""))
            del style.element.attrib[qn("w:customStyle")]
    style.base_style = doc.styles["Normal"]
    style.font.name, style.font.size, style.font.bold = FONT, Pt(spec.size), spec.bold
    style.font.italic = False
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    style.font.color.rgb = None
    fmt = style.paragraph_format
    fmt.alignment, fmt.left_indent = ALIGN[spec.align], Inches(spec.indent + spec.hanging)
    if spec.hanging:
        fmt.first_line_indent = Inches(-spec.hanging)
    fmt.space_before, fmt.space_after = Pt(spec.before), Pt(spec.after)
    fmt.keep_with_next, fmt.widow_control = spec.keep, True
    if spec.together:
        fmt.keep_together = True
    fmt.line_spacing = Pt(spec.line_height)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY if spec.line is not None else WD_LINE_SPACING.AT_LEAST
    if spec.tab:
        fmt.tab_stops.add_tab_stop(Inches(TEXT_WIDTH), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    if spec.outline is not None:
        el = OxmlElement("w:outlineLvl")
        el.set(qn("w:val"), str(spec.outline))
        style.element.get_or_add_pPr().append(el)
    if name == "Legend":
        _border(style)
    style.quick_style = True
    return style


def _cell_margins(table_style, top: float, side: float) -> None:
    """A table style's cell margins (points): the PDF pads its cells the same (print.css)."""
    tbl_pr = table_style.element.find(qn("w:tblPr"))
    for old in tbl_pr.findall(qn("w:tblCellMar")):
        tbl_pr.remove(old)
    margins = OxmlElement("w:tblCellMar")
    for edge, value in (("top", top), ("left", side), ("bottom", top), ("right", side)):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(round(value * TWIPS)))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tbl_pr.append(margins)


def build_shell(path: Path = SHELL) -> Path:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(1))
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(12)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(0)  # the blank template's defaults (10 pt after, 1.15 lines) go
    normal.paragraph_format.line_spacing = 1.0
    for name, spec in STYLES.items():
        _paragraph_style(doc, name, spec)
    _cell_margins(doc.styles["Table Grid"], 3, 5.4)
    footer_style = doc.styles["Footer"]
    footer_style.font.size = Pt(10)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")  # SECTIONPAGES after a table of contents, a section of its own (layout/docx.py)
    label = section.footer.add_paragraph("{{ footer_label }}", style=footer_style)
    label.alignment = WD_ALIGN_PARAGRAPH.LEFT
    label.runs[0].font.size = Pt(8)
    body = doc.paragraphs[0] if doc.paragraphs else doc.add_paragraph()
    body.text = "{{ document_title }}"
    body.style = doc.styles["Body"]
    doc.core_properties.author = "assembler"
    doc.save(path)
    return path


def write_css(path: Path = CSS) -> Path:
    path.write_text(house_css(), encoding="utf-8")
    return path


if __name__ == "__main__":  # pragma: no cover
    print(build_shell(Path(sys.argv[1]) if len(sys.argv) > 1 else SHELL))
    print(write_css(Path(sys.argv[2]) if len(sys.argv) > 2 else CSS))

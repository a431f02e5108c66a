"""Create templates/_shared/house_style.docx, the Word shell every DOCX is rendered into.

The shell carries the named Word styles the renderer uses (Title, Subtitle, Exhibit Heading, Article, Article Title,
Body, Section, Clause 1-3, Legend, Signature, Signature Line, Notice, Table Text) and a footer with a PAGE field and a docxtpl tag
for the document label. A firm may restyle the shell in Word: every paragraph of every document refers to these styles,
so changing a style changes the documents. Regenerate the default with `python -m assembler.layout.shell`.
"""
from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt

from assembler.document.registry import DEFAULT_DIR

SHELL = DEFAULT_DIR / "_shared" / "house_style.docx"
FONT = "Times New Roman"

# name: (alignment, bold, size, left indent (in), space after (pt), keep with next, outline level)
STYLES = {
    "Body": ("justify", False, 12, 0, 10, False, None),
    "Title": ("center", True, 14, 0, 6, True, 0),
    "Subtitle": ("center", False, 12, 0, 6, True, None),
    "Exhibit Heading": ("right", True, 12, 0, 10, True, 0),
    "Article": ("center", True, 12, 0, 2, True, 1),
    "Article Title": ("center", True, 12, 0, 10, True, None),
    "Section": ("justify", False, 12, 0, 10, False, 1),
    "Clause 1": ("justify", False, 12, 0.5, 10, False, None),
    "Clause 2": ("justify", False, 12, 1.0, 10, False, None),
    "Clause 3": ("justify", False, 12, 1.5, 10, False, None),
    "Body 1": ("justify", False, 12, 0.5, 10, False, None),
    "Body 2": ("justify", False, 12, 1.0, 10, False, None),
    "Body 3": ("justify", False, 12, 1.5, 10, False, None),
    "Legend": ("justify", True, 12, 0, 10, False, None),
    "Signature": ("left", False, 12, 3.25, 0, True, None),
    "Signature Line": ("left", False, 12, 3.25, 0, True, None),
    "Notice": ("left", False, 12, 0, 0, False, None),
    "Table Text": ("left", False, 11, 0, 0, False, None),
}
ALIGN = {"justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "left": WD_ALIGN_PARAGRAPH.LEFT}


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


def build_shell(path: Path = SHELL) -> Path:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(1))
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(12)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    for name, (align, bold, size, indent, after, keep, outline) in STYLES.items():
        if name in [s.name for s in doc.styles]:  # a built-in style (Title, Subtitle): drop its theme fonts,
            style = doc.styles[name]                # colours, borders and spacing, so only ours apply
            for tag in ("w:rPr", "w:pPr"):
                for el in style.element.findall(qn(tag)):
                    style.element.remove(el)
        else:
            style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.name, style.font.size, style.font.bold = FONT, Pt(size), bold
        style.font.italic = False
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
        style.font.color.rgb = None
        fmt = style.paragraph_format
        fmt.alignment, fmt.left_indent, fmt.space_after = ALIGN[align], Inches(indent), Pt(after)
        fmt.space_before, fmt.keep_with_next, fmt.widow_control = Pt(0), keep, True
        if outline is not None:
            el = OxmlElement("w:outlineLvl")
            el.set(qn("w:val"), str(outline))
            style.element.get_or_add_pPr().append(el)
        if name == "Legend":
            _border(style)
        if name == "Signature Line":
            fmt.space_before = Pt(22)  # room to sign above the rule
        style.quick_style = True
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(footer, "PAGE")
    label = section.footer.add_paragraph("{{ footer_label }}")
    label.alignment = WD_ALIGN_PARAGRAPH.LEFT
    label.runs[0].font.size = Pt(8)
    body = doc.paragraphs[0] if doc.paragraphs else doc.add_paragraph()
    body.text = "{{ document_title }}"
    body.style = doc.styles["Body"]
    doc.core_properties.author = "assembler"
    doc.save(path)
    return path


if __name__ == "__main__":  # pragma: no cover
    print(build_shell(Path(sys.argv[1]) if len(sys.argv) > 1 else SHELL))

"""The house style as one table: every paragraph style both renderers use, with its font size, weight, alignment,
indent, spacing, line height and keep-with-next. The Word shell (layout/shell.py -> house_style.docx) and the PDF's
stylesheet (templates/_shared/house_style.css, imported by print.css) are both generated from it, and both writers
pick a block's style with `style_of`, so a DOCX and its PDF set each paragraph alike and paginate alike.

Two rules make Word (and LibreOffice) and WeasyPrint agree on where lines and pages fall:
- Line height is fixed at 1.25 times the font size ("at least" in Word: a larger character still fits). Word's
  "single" or "multiple" spacing would take the font's own line gap (1.15 x 1.149 em for Times New Roman), which
  CSS cannot express.
- Space between paragraphs is the larger of one's space after and the next one's space before: CSS collapses margins
  that way, and LibreOffice lays out a DOCX that way.
"""
from __future__ import annotations

from dataclasses import dataclass

from assembler.document.blocks import Block, Run
from assembler.document.elements import SIG_RULE

LINE = 1.25  # line height as a multiple of the font size
TEXT_WIDTH = 6.5  # inches: US Letter less two 1-inch margins
SIGNATURE_STEP = 0.25  # inches: a tier of a signature block's chain under the one above
SIGNATURE_HANG = 0.25  # inches: a signature block's wrapped line under the first line's text


@dataclass(frozen=True)
class Style:
    align: str = "justify"  # left | center | right | justify
    bold: bool = False
    size: float = 12  # points
    indent: float = 0  # left indent, inches
    before: float = 0  # space before, points
    after: float = 10  # space after, points
    keep: bool = False  # keep with the next paragraph
    together: bool = False  # keep the paragraph's lines on one page (a boxed legend is never cut by a page break)
    outline: int | None = None  # Word outline level (0 = Level 1), the navigation pane and TOC
    line: float | None = None  # an exact line height in points (spacers), else LINE x size at least
    tab: bool = False  # a right tab at the text's right edge with a dot leader (table of contents entries)
    hanging: float = 0  # inches: a wrapped line's further indent (the first line stays at `indent`)

    @property
    def line_height(self) -> float:
        return self.line if self.line is not None else LINE * self.size


STYLES: dict[str, Style] = {
    "Body": Style(),
    "Title": Style("center", True, 14, after=6, keep=True, outline=0),
    "Subtitle": Style("center", after=6, keep=True),
    "Exhibit Heading": Style("right", True, keep=True, outline=0),
    "Article": Style("center", True, before=14, keep=True, outline=1),
    "Article Title": Style("center", True, keep=True),
    "Section": Style(outline=2),
    "Clause 1": Style(indent=0.5), "Clause 2": Style(indent=1.0), "Clause 3": Style(indent=1.5),
    "Body 1": Style(indent=0.5), "Body 2": Style(indent=1.0), "Body 3": Style(indent=1.5),
    "Legend": Style(bold=True, together=True),
    # a signature block's line that wraps ("By: Tudor Investment Corporation, its general partner") hangs its second
    # line under the words after "By: ", not under the "By:"
    "Signature": Style("left", indent=3.25, after=2, keep=True, hanging=SIGNATURE_HANG),
    "Signature Line": Style("left", indent=3.25, before=22, after=2, keep=True, hanging=SIGNATURE_HANG),
    # a signer's chain: each entity's line indented under the one above, the person's lines under the last
    **{f"Signature {n}": Style("left", indent=3.25 + SIGNATURE_STEP * n, after=2, keep=True, hanging=SIGNATURE_HANG)
       for n in (1, 2, 3)},
    **{f"Signature Line {n}": Style("left", indent=3.25 + SIGNATURE_STEP * n, before=22, after=2, keep=True,
                                    hanging=SIGNATURE_HANG) for n in (1, 2, 3)},
    # a signature page's own text across the page (a certificate above a countersignature) and its headings
    "Signature Text": Style(before=6, after=6, keep=True),
    "Signature Heading": Style("center", True, before=18, after=6, keep=True),
    "Signature Legend": Style("center", before=36),
    "Notice": Style("left", after=8),
    "Table Text": Style("left", size=11, after=0),
    "TOC Heading": Style("center", True, after=10, keep=True),
    "toc 2": Style("left", before=6, after=2, tab=True),  # Word's own names for its table-of-contents levels
    "toc 3": Style("left", indent=0.5, after=2, tab=True),
    "Spacer": Style("left", after=9, line=1),  # after a table: 10 points, as a table's margin in the PDF
    "Page Break": Style("left", after=0, line=1),  # holds a page break and takes (almost) no room on either page
}

# Space after the last cover line (a title's subtitles) before the body: the Word paragraph's space after, the PDF's
# margin above the next paragraph.
COVER_GAP = 18

# The outline levels a table of contents lists: articles and titled sections (PDF bookmark levels 2 and 3).
TOC_LEVELS = (2, 3)


def last_cover_line(blocks: list[Block], index: int) -> bool:
    """Is blocks[index] a subtitle with something other than a subtitle after it (COVER_GAP follows)?"""
    return blocks[index].kind == "subtitle" and index + 1 < len(blocks) and blocks[index + 1].kind != "subtitle"


def css_class(style: str) -> str:
    """The HTML class of a Word style: "Clause 1" -> "clause-1"."""
    return style.lower().replace(" ", "-")


def style_of(block: Block) -> str:
    """The style a block's paragraph has in both renderers."""
    if block.kind == "signature_legend":
        return "Signature Legend"
    if block.kind == "exhibit":
        return "Exhibit Heading"
    if block.style == "Clause" or (block.style in ("Body", "Section") and block.indent):
        return f"{'Clause' if block.numbering else 'Body'} {min(max(block.indent, 1), 3)}"
    return block.style if block.style in STYLES else "Body"


def signature_style(line: list[Run], place: str = "") -> str:
    """A signature block's line: one with a signature rule ("By: ____") leaves room above it to sign; `place` (the
    line's place, Block.places) indents it under the line above or sets it across the page or centred."""
    if place == "page":
        return "Signature Text"
    if place == "center":
        return "Signature Heading"
    style = "Signature Line" if any(SIG_RULE in r.text for r in line) else "Signature"
    return f"{style} {place}" if place else style


def _pt(value: float) -> str:
    return f"{value:g}pt"


def house_css() -> str:
    """templates/_shared/house_style.css: one rule per style (`python -m assembler.layout.shell` writes it)."""
    out = ["/* Generated from assembler/layout/styles.py by `python -m assembler.layout.shell`: do not edit. Each Word "
           "style of\n   house_style.docx is a class here, with the same size, spacing and line height. */"]
    for name, s in STYLES.items():
        rules = [f"font-size: {_pt(s.size)}", f"font-weight: {'bold' if s.bold else 'normal'}",
                 f"text-align: {s.align}", f"line-height: {_pt(s.line_height)}",
                 f"margin: {_pt(s.before)} 0 {_pt(s.after)} {s.indent + s.hanging:g}in"]
        if s.hanging:
            rules.append(f"text-indent: -{s.hanging:g}in")
        if s.keep:
            rules.append("break-after: avoid")
        if s.together:
            rules.append("break-inside: avoid")
        out.append(f".{css_class(name)} {{ {'; '.join(rules)}; }}")
    out.append(f".subtitle + :not(.subtitle) {{ margin-top: {_pt(COVER_GAP)}; }}")
    return "\n".join(out) + "\n"

"""Table column widths, the same for the DOCX grid and the PDF: the template's proportions (`widths="1,6,7"`), each
column widened where its longest word would not fit ("No." broken into "No" / "." in Word), the others narrowed in
proportion. Both renderers then lay the table out at exactly these widths (Word's fixed layout, CSS
`table-layout: fixed`), so a cell wraps on the same words in both."""
from __future__ import annotations

from functools import lru_cache

from assembler.document.registry import DEFAULT_DIR
from assembler.document.blocks import Block
from assembler.layout.styles import STYLES, TEXT_WIDTH

FONTS = DEFAULT_DIR / "_shared" / "fonts"
CELL_PADDING = 5.4  # points left and right of a cell's text (Word's default cell margin; print.css the same)


@lru_cache(maxsize=2)
def _metrics(bold: bool) -> tuple[dict[int, str], dict[str, int], int]:
    from fontTools.ttLib import TTFont

    font = TTFont(FONTS / f"LiberationSerif-{'Bold' if bold else 'Regular'}.ttf", lazy=True)
    return font.getBestCmap(), {name: adv for name, (adv, _) in font["hmtx"].metrics.items()}, font["head"].unitsPerEm


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The advance width of `text` in points (no kerning: neither renderer kerns)."""
    cmap, advances, units = _metrics(bold)
    fallback = advances.get(cmap.get(ord("M"), ""), units)
    return sum(advances.get(cmap.get(ord(c), ""), fallback) for c in text) * size / units


def _longest_word(cells: list[tuple[list, bool]], size: float) -> float:
    widest = 0.0
    for runs, header in cells:
        for run in runs:
            for word in run.text.split():
                widest = max(widest, text_width(word, size, run.bold or header))
    return widest


def column_widths(block: Block, total: float = TEXT_WIDTH * 72, padding: float = CELL_PADDING) -> list[float]:
    """The widths in points of a table block's columns, summing to `total`."""
    ncols = max((len(cells) for _, cells in block.rows), default=0)
    shares = [block.widths[i] if i < len(block.widths) else 1 for i in range(ncols)]
    size = STYLES["Table Text"].size
    least = [_longest_word([(cells[i][0], header) for header, cells in block.rows if i < len(cells)], size)
             + 2 * padding + 1 for i in range(ncols)]
    fixed: dict[int, float] = {}
    while True:
        free = [i for i in range(ncols) if i not in fixed]
        room = total - sum(fixed.values())
        share = sum(shares[i] for i in free) or 1
        widths = {i: room * shares[i] / share for i in free}
        short = [i for i in free if widths[i] < least[i]]
        if not short or room <= 0:
            break
        for i in short:
            fixed[i] = least[i]
    out = [fixed.get(i, widths.get(i, 0.0)) for i in range(ncols)]
    scale = total / (sum(out) or 1)
    return [w * scale for w in out]


def leading_headers(rows) -> int:
    """How many of a table's rows, from its first, are header rows (`<row header="true">`): those repeat at the top of
    each page the table runs onto (HTML's <thead>, Word's "repeat as header row"); a header row further down is a
    heading inside the table, set once."""
    n = 0
    while n < len(rows) and rows[n][0]:
        n += 1
    return n if n < len(rows) else 0  # a table of header rows alone has no body to repeat them over

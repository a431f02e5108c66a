"""Paragraphs of a PDF, rebuilt from where each character is drawn (pdfminer.six), so that a PDF reads back into the
same paragraphs as the DOCX of the same document.

A PDF holds drawn lines, not paragraphs. Per page: characters on one baseline make a visual line; a line is cut into
segments at a drawn vertical rule (a table border) or a wide gap (a borderless column); segments one line-height
apart that overlap horizontally make a block (a paragraph with its wrapped lines, or a table cell). A block is split
where a line ended early although the next line's first word would have fitted: a forced line break (address lines,
signature lines, the lines of a table cell). Blocks are read top to bottom, left to right (table rows cell by cell,
as a DOCX lists them). A paragraph cut by a page break is joined again when the last line of the page is full and
the next page goes on at the same left edge. The footer ("Page X of Y", and under it this tool's
label "Title | deal/file | v. 1a2b3c4d") is left out, and so are the pages of a table of contents (layout/toc.py)
and a table's header row repeated at the top of each page the table runs onto (the DOCX holds it once).
"""
from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field, replace

from assembler.document.signature_pages import parse_mark
from assembler.layout.footer import is_footer, page_number
from assembler.layout.toc import contents_pages
from assembler.layout.typography import NBSP, plain

_NUMBERED = re.compile(r"(Section \d+\.\d+\.|ARTICLE [IVXLC]+\b) ")  # a numbered section opens a paragraph
_CLAUSE = re.compile(r"\([a-z0-9]{1,4}\) ")  # "(c) register ...": a lettered clause opens a paragraph ...
_CLAUSE_ENDS = (";", ".", ":", "; and", "; or")  # ... when the page's last line ended the clause before it
# ... or ended it with the parenthesized citation after its last sentence ("... the Securities Act. (Section 2,
# Section 5(e))": the cover memo's reasons)
_CITATION_END = re.compile(r"\.\s*\([^()]*(?:\([^()]*\)[^()]*)*\)$")
_LABEL = re.compile(r"[A-Z][A-Za-z.' ]{0,24}: ")


@dataclass
class _Segment:
    x0: float
    x1: float
    y: float  # bottom of the characters (the same for every character of one font size on a line)
    size: float
    text: str
    first_word: float  # width of the first word
    space: float  # width of a space in this segment's font
    first_part: float = 0.0  # width up to the first space or non-breaking space ("Section" of "Section 9.3.")


@dataclass
class _Block:
    lines: list[_Segment] = field(default_factory=list)
    ruled: tuple[float, float] | None = None  # (left rule, right rule) of a table cell

    @property
    def x0(self) -> float:
        return min(s.x0 for s in self.lines)

    @property
    def x1(self) -> float:
        return max(s.x1 for s in self.lines)


def repeated_headers(data: bytes) -> dict[int, list[str]]:
    """{page (1-based): the cells of the table header row repeated at its top, which pdf_paragraphs leaves out}."""
    found: dict[int, list[str]] = {}
    pdf_paragraphs(data, found)
    return found


def pdf_paragraphs(data: bytes, repeats: dict[int, list[str]] | None = None) -> list[list[tuple[int, str]]]:
    """Each paragraph as its pieces [(page, text)]: one piece, or several when a page break cut it. `repeats`, when
    given, gets the header cells left out at the top of each page (repeated_headers)."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar, LTCurve
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    manager = PDFResourceManager()
    device = PDFPageAggregator(manager, laparams=None)
    interpreter = PDFPageInterpreter(manager, device)
    pages, firsts = [], []
    for page in PDFPage.get_pages(io.BytesIO(data)):
        interpreter.process_page(page)
        layout = device.get_result()
        chars = [c for c in layout if isinstance(c, LTChar)]
        for c in chars:  # curly quotes (layout/typography.py) read as the document's; a non-breaking space stays
            c._text = c._text if c._text == NBSP else plain(c._text)  # inside a word (a line's first word may be
            # "May 1, 2000"), and becomes a plain space when the segment's text is joined
        rules = [(c.x0, c.y0, c.y1) for c in layout if isinstance(c, LTCurve) and c.width < 2 and c.height > 4]
        rows = [(c.y0, c.x0, c.x1) for c in layout if isinstance(c, LTCurve) and c.height < 2 and c.width > 4]
        lines, number = _lines(chars)
        segments, columns = _segments(lines, rules)
        pages.append((segments, rules, rows, columns))
        firsts.append(("".join(c.get_text() for c in lines[0]) if lines else "", number))
    contents = contents_pages(firsts)  # a table of contents repeats the headings: not the document's text
    pages = [([], [], [], []) if i in contents else page for i, page in enumerate(pages)]
    unruled = [s for segments, rules, _, _ in pages for s in segments if _cell(s, rules) is None]
    left = min((s.x0 for s in unruled), default=0.0)
    right = _margin([s.x1 for s in unruled])
    every = [s for segments, *_ in pages for s in segments]
    bottom, top = min((s.y for s in every), default=0.0), max((s.y for s in every), default=0.0)
    out: list[list[tuple[int, str]]] = []
    carry: _Segment | None = None  # the last line of the previous page, when its paragraph may go on
    carry_ended = False  # ... unless that line ended a justified paragraph (short of the edge its paragraph reaches)
    header: list[str] = []  # the first row of the table being read (its header row, repeated on each page it runs to)
    in_table = False  # the last block read was a table cell
    for number, (segments, rules, rows, columns) in enumerate(pages, start=1):
        blocks = _blocks(segments, rules, rows)
        first_row = _first_row(blocks, rows)
        if in_table and first_row and [_text(b) for b in first_row] == header:
            blocks = blocks[len(first_row):]  # the header row repeated at the top of the page: read once, as in the DOCX
            if repeats is not None:
                repeats[number] = header
        for k, block in enumerate(blocks):
            if block.ruled and not in_table:
                header = [_text(b) for b in _first_row(blocks[k:], rows)]
            in_table = bool(block.ruled)
            lo, hi = _edges(block, left, right, columns)
            first = block.lines[0]
            if k == 0 and carry is not None and out and abs(first.x0 - carry.x0) < 1.0 \
                    and carry.y - bottom < 2.5 * 1.25 * carry.size and top - first.y < 1.25 * first.size \
                    and not _NUMBERED.match(first.text) \
                    and not (_CLAUSE.match(first.text) and (carry.text.rstrip().endswith(_CLAUSE_ENDS)
                                                            or _CITATION_END.search(carry.text.rstrip()))) \
                    and not _heading_after_sentence(carry.text, first.text) and not carry_ended \
                    and not _ended_early(carry, replace(first, first_word=first.first_part), right, left):
                # the page was full: the paragraph goes on (judged by the next page's first word up to any space:
                # a paragraph may open with "Section 9.3." held together by non-breaking spaces)
                out[-1].append((number, first.text))
            else:
                out.append([(number, first.text)])
            for previous, line in zip(block.lines, block.lines[1:]):
                if _ended_early(previous, line, hi, lo):
                    out.append([(number, line.text)])
                else:
                    out[-1][-1] = (number, _join(out[-1][-1][1], line.text))
            carry = block.lines[-1] if k == len(blocks) - 1 and not block.ruled else None
            carry_ended = carry is not None and _justified_end(block.lines, hi)
    return [[piece for piece in pieces if piece[1]] for pieces in out if any(t for _, t in pieces)]


def _first_row(blocks: list[_Block], rows) -> list[_Block]:
    """The cells of the table row the blocks open with (none when they open with a paragraph)."""
    if not blocks or not blocks[0].ruled:
        return []
    top, row = round(_row_top(blocks[0], rows)), []
    for block in blocks:
        if not block.ruled or round(_row_top(block, rows)) != top:
            break
        row.append(block)
    return row


def _text(block: _Block) -> str:
    return " ".join(line.text for line in block.lines)


def _margin(ends: list[float]) -> float:
    """The right margin: the rightmost place where several lines end (justified text ends there; a line that
    overshoots it by a point is a single one), else the farthest end."""
    counts = Counter(round(x) for x in ends)
    frequent = [edge for edge, n in counts.items() if n >= 3]
    if not frequent:
        return max(ends, default=0.0)
    return max(x for x in ends if round(x) == max(frequent))


def _lines(chars) -> tuple[list[list], str]:
    """Characters grouped by baseline, top to bottom, each line left to right; and the page number as printed."""
    rows: list[list] = []
    for c in sorted(chars, key=lambda c: (-round(c.y0, 1), c.x0)):
        if rows and abs(rows[-1][0].y0 - c.y0) < 0.2 * c.size:
            rows[-1].append(c)
        else:
            rows.append([c])
    rows = [sorted(row, key=lambda c: c.x0) for row in rows]
    if rows and is_footer("".join(c.get_text() for c in rows[-1])):
        rows.pop()  # the footer's label ("Title | deal/file | v. 1a2b3c4d"), under the page number
    number = page_number("".join(c.get_text() for c in rows[-1])) if rows else None
    if number:
        rows.pop()  # the page number in the footer ("Page X of Y")
    # a signature page's mark (the id printed under its QR code) is furniture, not words
    return [row for row in rows if not parse_mark("".join(c.get_text() for c in row))], number or ""


def _segments(rows: list[list], rules) -> tuple[list[_Segment], list[float]]:
    """Each line cut at table rules, at wide gaps, and where a borderless column starts (an x where other lines of
    the page start too, after a gap much wider than the line's word spaces); and those column starts."""
    left = min((row[0].x0 for row in rows), default=0.0)
    starts: dict[float, int] = {}
    for row in rows:
        first = row[0]
        if first.x0 > left + 1.0 and not any(x <= first.x0 and y0 <= first.y0 + 1 and first.y1 - 1 <= y1
                                              for x, y0, y1 in rules):
            starts[round(first.x0 * 2) / 2] = starts.get(round(first.x0 * 2) / 2, 0) + 1
    columns = sorted(x for x, n in starts.items() if n >= 2)
    out = []
    for row in rows:
        gaps = sorted(c.x1 - b.x1 for b, c in zip(row, row[1:]) if c.get_text() == " ")  # a space's advance
        word = gaps[len(gaps) // 2] if gaps else 0.25 * row[0].size
        pieces: list[list] = [[row[0]]]
        ink = row[0]  # the last character that is not a space
        for c in row[1:]:
            prev = pieces[-1][-1]
            gap = c.x0 - prev.x1
            ruled = any(prev.x1 - 0.5 <= x <= c.x0 + 0.5 and y0 <= c.y0 + 1 and c.y1 - 1 <= y1 for x, y0, y1 in rules)
            column = c.x0 - ink.x1 > max(2.5 * word, 0.5 * c.size) and any(abs(c.x0 - x) < 0.6 for x in columns)
            if ruled or gap > 3 * c.size or column:
                pieces.append([c])
            else:
                pieces[-1].append(c)
            if c.get_text() != " ":
                ink = c
        for piece in pieces:
            text, last = "", None
            for c in piece:
                if last is not None and c.x0 - last.x1 > 0.15 * c.size and not text.endswith(" ") \
                        and c.get_text() != " ":
                    text += " "  # a word gap drawn as a move, not as a space character
                text += c.get_text()
                last = c
            if not text.strip():
                continue
            body = [c for c in piece if c.get_text() != " "]
            spaces = [c for c in piece if c.get_text() == " "]
            lead = next((c for c in piece[1:] if c.get_text() == " "), None)
            part = next((c for c in piece[1:] if c.get_text() in (" ", NBSP)), None)
            out.append(_Segment(body[0].x0, body[-1].x1, body[0].y0, body[0].size, " ".join(text.split()),
                                (lead.x0 if lead else body[-1].x1) - body[0].x0,
                                spaces[0].x1 - spaces[0].x0 if spaces else 0.25 * body[0].size,
                                (part.x0 if part else body[-1].x1) - body[0].x0))
    return out, columns


def _blocks(segments: list[_Segment], rules, rows) -> list[_Block]:
    """Segments one line-height apart that overlap horizontally, in reading order: top to bottom, and the cells of
    a table row (between two drawn rules; a cell's text may sit lower, centered in a taller row) left to right."""
    blocks: list[_Block] = []
    open_: list[_Block] = []
    for seg in segments:
        fits = []
        for block in open_:
            last = block.lines[-1]
            step = last.y - seg.y
            if 0.5 * seg.size < step <= 1.3 * max(seg.size, last.size) and seg.x0 < block.x1 and block.x0 < seg.x1 \
                    and block.ruled == _cell(seg, rules):
                fits.append((min(seg.x1, block.x1) - max(seg.x0, block.x0), block))
        if fits:
            max(fits, key=lambda f: f[0])[1].lines.append(seg)
        else:
            block = _Block([seg], _cell(seg, rules))
            blocks.append(block)
            open_.append(block)
        open_ = [b for b in open_ if b.lines[-1].y - seg.y <= 2 * seg.size]
    return sorted(blocks, key=lambda b: (-round(_row_top(b, rows)), b.x0))


def _row_top(block: _Block, rows) -> float:
    """The rule above a table cell (its row's top), or the top of the block's first line."""
    top = block.lines[0].y + block.lines[0].size
    if block.ruled:
        above = [y for y, x0, x1 in rows if y >= top - 1 and x0 <= block.x0 and block.x1 <= x1]
        if above:
            return min(above)
    return top


def _cell(seg: _Segment, rules) -> tuple[float, float] | None:
    """The rules left and right of a segment (a table cell or a bordered box), or None."""
    around = [x for x, y0, y1 in rules if y0 <= seg.y + 1 and seg.y + seg.size - 1 <= y1]
    left = [x for x in around if x <= seg.x0 + 0.5]
    right = [x for x in around if x >= seg.x1 - 0.5]
    return (max(left), min(right)) if left and right else None


def _edges(block: _Block, page_left: float, page_right: float, columns: list[float]) -> tuple[float, float]:
    """Where the lines of a block may start and end: the text margins, a cell's rules less its padding, or (a
    borderless column) the start of the next column less half an em."""
    if block.ruled:
        padding = block.x0 - block.ruled[0]  # cells are padded alike on both sides
        return block.ruled[0] + padding, block.ruled[1] - padding
    after = [x for x in columns if x > block.x1]
    return page_left, (min(after) - 0.5 * block.lines[0].size if after else page_right)


def _justified_end(lines: list[_Segment], hi: float) -> bool:
    """The last line ends short of the right edge while the two or more lines before it in its paragraph reach it:
    justified text, whose lines reach the edge until the paragraph ends, so the paragraph ended there, whatever the
    width of the word the next page opens with (a full-looking last line before "If ..." is not a page-cut line)."""
    if len(lines) < 3 or lines[-1].x1 >= hi - 1.0:
        return False
    run = 0
    for line in reversed(lines[:-1]):
        if abs(line.x1 - hi) > 1.0:
            break
        run += 1
    return run >= 2


def _heading_after_sentence(last: str, first: str) -> bool:
    """A page that ends a sentence and a next page that opens with a numbered heading ("16. Miscellaneous.", its
    number and title kept together, so its first "word" would not have fitted on the line): a new paragraph."""
    return last.rstrip().endswith((".", ":")) and bool(re.match(r"(?:Section )?\d{1,2}(?:\.\d{1,3})*\.?\s+[A-Z]", first))


def _ended_early(line: _Segment, following: _Segment, right: float, left: float) -> bool:
    """Did `line` end before the margin although the next line's first word would have fitted (a forced break)?
    A centered line is judged by its width, a left-aligned or justified one by where it ends."""
    room = line.space + following.first_word
    if line.x0 > left + 1.0 and abs((line.x0 + line.x1) / 2 - (left + right) / 2) < 2.0:
        return (line.x1 - line.x0) + room <= (right - left) + 0.01
    if line.x1 + room <= right + 0.01:
        return True
    # the next word would not have fitted, but a ragged line followed by a label ("Telephone: ...") or by a line in
    # capitals (a party's name over its signature block) was broken there
    return line.x1 < right - 0.5 * line.size and (bool(_LABEL.match(following.text))
                                      or _caps(following.text) and " " in following.text and not _caps(line.text))


def _caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.85 * len(letters)


def _join(text: str, more: str) -> str:
    """WeasyPrint does not hyphenate: a line that ends in "-" or "/" broke after a real hyphen or slash; one that ends
    in a citation's clause ("Rule 506(d)") before a next clause ("(2) or (d)(3)") broke inside "506(d)(2)"."""
    if text.endswith(("-", "/")) or re.search(r"(?:\w|\b(?:or|and) )(?:\([A-Za-z0-9]{1,5}\))+$", text) \
            and re.match(r"\([A-Za-z0-9]{1,5}\)", more):
        return text + more
    return f"{text} {more}"

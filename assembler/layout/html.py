"""Document blocks -> one HTML page with print CSS (the PDF's source). Each paragraph carries the class of the Word
style its DOCX paragraph has (layout/styles.py), so both are set alike."""
from __future__ import annotations

from html import escape

from assembler.document.blocks import Block, Run
from assembler.layout import toc
from assembler.layout.footer import fitted
from assembler.layout.mark import mark_html
from assembler.layout.styles import STYLES, css_class, signature_style, style_of
from assembler.layout.tables import column_widths, leading_headers
from assembler.layout.typography import typeset


def runs_html(runs: list[Run]) -> str:
    out, before = [], ""
    for r in runs:
        text = escape(typeset(r.text, before), quote=False).replace("\n", "<br/>")
        before = r.text[-1:] or before
        if r.underline:
            text = f"<u>{text}</u>"
        if r.italic:
            text = f"<i>{text}</i>"
        if r.bold:
            text = f"<b>{text}</b>"
        out.append(text)
    return "".join(out)


def _classes(block: Block, style: str, *extra: str) -> str:
    names = [css_class(style), *extra]
    if block.align and block.align != STYLES[style].align:
        names.append(block.align)
    if block.keep_next:
        names.append("keep")
    return " ".join(names)


def css_string(text: str) -> str:
    """`text` as the inside of a CSS string: a quote, a backslash or a control character cannot end the string (and
    so cannot add a declaration such as `background: url(...)`)."""
    return "".join(f"\\{ord(c):x} " if c in '"\\' or ord(c) < 0x20 or ord(c) == 0x7f else c for c in text)


def _bookmark(block: Block) -> str:
    if not block.bookmark:
        return ""
    level, label = block.bookmark
    return f' style="bookmark-level: {level}; bookmark-label: &quot;{escape(css_string(label))}&quot;"'


HEADER_ROW = ' class="header"'


def _table(block: Block) -> str:
    cols = "".join(f'<col style="width: {w:.2f}pt"/>' for w in column_widths(block))
    out = [f'<table class="schedule"><colgroup>{cols}</colgroup>']
    repeat = leading_headers(block.rows)
    for index, (header, cells) in enumerate(block.rows):
        tag = "th" if header else "td"
        tds = []
        for runs, align in cells:
            cls = f" {align}" if align and align != STYLES["Table Text"].align else ""
            tds.append(f'<{tag}><p class="table-text{cls}">{runs_html(runs)}</p></{tag}>')
        if index == 0:
            out.append("<thead>" if repeat else "<tbody>")
        out.append(f"<tr{HEADER_ROW if header else ''}>{''.join(tds)}</tr>")
        if repeat and index == repeat - 1:
            out.append("</thead><tbody>")
    out.append("</tbody></table>" if block.rows else "</table>")
    return "".join(out)


def block_html(block: Block, anchor: str | None = None, title: Block | None = None) -> str:
    """A block's HTML; `anchor` its id (signature packets and the table of contents find pages by it); `title` an
    article's title, set in the article's paragraph after a line break (as in the DOCX)."""
    kind = block.kind
    ident = f' id="{anchor}"' if anchor else ""
    if kind == "pagebreak":
        return '<div class="pagebreak"></div>'
    if kind == "notices":
        rows = "".join(
            f'<tr><td><p class="notice">{runs_html(h)}</p></td>'
            f'<td><p class="notice">{"<br/>".join(runs_html(l) for l in lines)}</p></td></tr>'
            for h, lines in block.rows)
        return f'<table class="notices"><colgroup><col style="width: 40%"/><col/></colgroup>{rows}</table>'
    if kind == "lines":
        return (f'<p class="{_classes(block, style_of(block), "lines")}"{ident}>'
                f'{"<br/>".join(runs_html(line) for line in block.lines)}</p>')
    if kind == "signature":
        lines = "".join(f'<p class="{css_class(signature_style(line, place))}">{runs_html(line)}</p>'
                        for line, place in zip(block.lines, block.places or [""] * len(block.lines)))
        return f'<div class="signature-block"{ident}>{lines}</div>'
    if kind == "table":
        return _table(block)
    style = style_of(block)
    runs = block.runs + ([Run("\n")] + title.runs if title is not None else [])
    mark = mark_html(block.mark) if block.mark else ""
    return f'<p class="{_classes(block, style)}"{ident}{_bookmark(block)}>{runs_html(runs)}</p>{mark}'


def signature_anchor(index: int) -> str:
    """The HTML id of a document's index-th block: PDF pages are found by it (signature packets)."""
    return f"block-{index}"


def body_html(blocks: list[Block]) -> str:
    """The blocks' HTML; with a table of contents, what comes up to it on pages of their own ("contents", numbered
    i, ii, ...: print.css) and the rest after them, from page 1 ("main")."""
    out = []
    for i, b in enumerate(blocks):
        if b.kind == "toc":
            out.insert(0, toc.CONTENTS_OPEN)
            out += [toc.toc_html(blocks), toc.CONTENTS_CLOSE + toc.MAIN_OPEN]
            continue
        if b.kind == "article_title" and i and blocks[i - 1].kind == "article":
            continue  # in the article's paragraph
        title = blocks[i + 1] if b.kind == "article" and i + 1 < len(blocks) \
            and blocks[i + 1].kind == "article_title" else None
        anchor = signature_anchor(i) if b.kind == "signature" or b.bookmark else None
        out.append(block_html(b, anchor, title))
    if toc.toc_index(blocks) is not None:
        out.append(toc.MAIN_CLOSE)
    return "\n".join(out)


def footer_css(label: str) -> str:
    """The page's footer label (layout/footer.py) under the page number, as in the DOCX (print.css places it)."""
    text, size = fitted(label)
    raw = "".join(f"\\{ord(c):x} " if c in "<>&" else c for c in css_string(text))  # cannot end the <style>
    return f'@page {{ @bottom-left {{ content: "{raw}"; font-size: {size:g}pt; }} }}'


def document_html(title: str, blocks: list[Block], date_iso: str, author: str, footer: str | None = None) -> str:
    """The HTML of a document; `footer` the label printed under the page number."""
    style = f"<style>{footer_css(footer)}</style>" if footer else ""
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f'<meta name="author" content="{escape(author)}">'
            f'<meta name="dcterms.created" content="{date_iso}T00:00:00Z">'
            f'<meta name="dcterms.modified" content="{date_iso}T00:00:00Z">{style}'
            f'</head><body>\n{body_html(blocks)}\n</body></html>\n')  # print.css: applied by layout/pdf.py, parsed once

"""Document blocks -> one HTML page with print CSS (the PDF's source)."""
from __future__ import annotations

from html import escape

from assembler.document.blocks import Block, Run
from assembler.document.elements import SIG_RULE
from assembler.layout.mark import mark_html


def runs_html(runs: list[Run]) -> str:
    out = []
    for r in runs:
        text = escape(r.text, quote=False).replace("\n", "<br/>")
        if r.underline:
            text = f"<u>{text}</u>"
        if r.italic:
            text = f"<i>{text}</i>"
        if r.bold:
            text = f"<b>{text}</b>"
        out.append(text)
    return "".join(out)


def _sign_class(line: list[Run]) -> str:
    return ' class="sign"' if any(SIG_RULE in r.text for r in line) else ""


def _classes(block: Block, *extra: str) -> str:
    names = list(extra)
    if block.align:
        names.append(block.align)
    if block.indent:
        names.append(f"indent-{min(block.indent, 3)}")
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


def block_html(block: Block, anchor: str | None = None) -> str:
    kind = block.kind
    if kind == "pagebreak":
        return '<div class="pagebreak"></div>'
    if kind == "notices":
        rows = "".join(
            f"<tr><td style=\"width: 40%\">{runs_html(h)}</td><td>{'<br/>'.join(runs_html(l) for l in lines)}</td></tr>"
            for h, lines in block.rows)
        return f'<table class="notices">{rows}</table>'
    if kind == "lines":
        return f'<p class="{_classes(block, "lines")}">{"<br/>".join(runs_html(line) for line in block.lines)}</p>'
    if kind == "signature":
        lines = "".join(f"<p{_sign_class(line)}>{runs_html(line)}</p>" for line in block.lines)
        ident = f' id="{anchor}"' if anchor else ""
        return f'<div class="signature"{ident}>{lines}</div>'
    if kind == "table":
        total = sum(block.widths) or 1
        out = ['<table class="schedule">']
        for header, cells in block.rows:
            tag = "th" if header else "td"
            tds = []
            for i, (runs, align) in enumerate(cells):
                width = f' style="width: {100 * block.widths[i] / total:.1f}%"' if header and i < len(block.widths) else ""
                cls = f' class="{align}"' if align else ""
                tds.append(f"<{tag}{cls}{width}>{runs_html(runs)}</{tag}>")
            out.append(f"<tr>{''.join(tds)}</tr>")
        out.append("</table>")
        return "".join(out)
    css = {"title": "title", "subtitle": "subtitle", "exhibit": "exhibit", "article": "article",
           "article_title": "article-title", "legend": "legend", "signature_legend": "signature-legend"}.get(kind, "")
    mark = mark_html(block.mark) if block.mark else ""
    return f'<p class="{_classes(block, css)}"{_bookmark(block)}>{runs_html(block.runs)}</p>{mark}'


def signature_anchor(index: int) -> str:
    """The HTML id of a document's index-th block: PDF pages are found by it (signature packets)."""
    return f"block-{index}"


def document_html(title: str, blocks: list[Block], date_iso: str, author: str) -> str:
    body = "\n".join(block_html(b, signature_anchor(i) if b.kind == "signature" else None)
                     for i, b in enumerate(blocks))
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f'<meta name="author" content="{escape(author)}">'
            f'<meta name="dcterms.created" content="{date_iso}T00:00:00Z">'
            f'<meta name="dcterms.modified" content="{date_iso}T00:00:00Z">'
            f'</head><body>\n{body}\n</body></html>\n')  # print.css: applied by layout/pdf.py, parsed once

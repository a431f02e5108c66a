"""The mark on a signature page, drawn: a QR code (segno) holding the page's id, with the same id in small text."""
from __future__ import annotations

from html import escape


def mark_html(text: str) -> str:
    """An inline SVG QR code (vector, so it scans at any resolution) and the id printed under it."""
    import segno

    svg = segno.make(text, error="m", micro=False).svg_inline(scale=1, border=0, omitsize=True)
    return f'<div class="signature-mark">{svg}<p>{escape(text)}</p></div>'

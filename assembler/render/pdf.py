"""HTML -> PDF with WeasyPrint: bundled fonts, fixed identifier and dates, so the bytes depend only on the input."""
from __future__ import annotations

import hashlib
import os

from ..registry import DEFAULT_DIR

SHARED = DEFAULT_DIR / "_shared"


def render_pdf(html: str, identifier_seed: str) -> tuple[bytes, int]:
    """(PDF bytes, page count)."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", "946684800")  # fontTools subsetting stamps no clock time
    from weasyprint import HTML

    document = HTML(string=html, base_url=str(SHARED) + "/").render()
    pdf_id = hashlib.sha256(identifier_seed.encode()).hexdigest()[:32].encode()
    data = document.write_pdf(pdf_identifier=pdf_id, uncompressed_pdf=False)
    return data, len(document.pages)

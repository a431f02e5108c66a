"""Simulated returns: what comes back from signatories. A signature page is rasterized (as a printer and scanner
would), a signature is drawn on its "By:" line, the page is turned a few degrees and saved as an image-only PDF;
several pages can be put in one file, in any order."""
from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw

INK = 40  # a dark grey pen


def page_image(pdf: Path | bytes, page: int, dpi: int):
    """Page `page` (1-based) of a PDF as a greyscale image at `dpi`."""
    document = pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else Path(pdf).read_bytes())
    try:
        return document[page - 1].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        document.close()


def by_line(pdf: Path | bytes, page: int) -> tuple[float, float]:
    """Where the signature line starts on page `page` (1-based): the right end of its "By:", in points from the top
    left corner."""
    document = pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else Path(pdf).read_bytes())
    try:
        text = document[page - 1].get_textpage()
        found = text.search("By:").get_next()
        if found is None:  # an individual's block (a director's page): the line stands above "Name:"
            index, _ = text.search("Name:").get_next()
            left, bottom, right, top = text.get_charbox(index)
            return left - 12, document[page - 1].get_height() - top - 6
        index, count = found
        left, bottom, right, top = text.get_charbox(index + count - 1)
        return right, document[page - 1].get_height() - bottom
    finally:
        document.close()


def signed(image, dpi: int, at: tuple[float, float], angle: float = 0.0):
    """The page with a signature drawn on its signature line (`at`, from by_line), turned by `angle` degrees
    (counter-clockwise), as a scanner feeding a sheet slightly askew would."""
    image = image.copy()
    draw = ImageDraw.Draw(image)
    x, y = int((at[0] + 12) * dpi / 72), int((at[1] - 8) * dpi / 72)
    stroke = [(x + int(dpi * dx), y + int(dpi * dy)) for dx, dy in
              ((0, 0.1), (0.3, -0.15), (0.45, 0.12), (0.7, -0.2), (0.9, 0.1), (1.3, -0.1), (1.6, 0.05))]
    draw.line(stroke, fill=INK, width=max(2, dpi // 60), joint="curve")
    if angle:
        image = image.rotate(angle, expand=True, fillcolor=255, resample=Image.BICUBIC)
    return image


def image_pdf(images: list, dpi: int) -> bytes:
    """Images as an image-only PDF (no text layer), one page each."""
    out = io.BytesIO()
    first, *rest = [im.convert("RGB") for im in images]
    first.save(out, "PDF", resolution=dpi, save_all=True, append_images=rest)
    return out.getvalue()

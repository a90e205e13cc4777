"""A small JPEG of page 1, for the chat to show after each upload.

Images are previewed from their pixels; PDFs are rendered with PDFium when it is installed, otherwise
the largest image on page 1 (a scan) is shown; a PDF of vector text without PDFium gets no preview.
"""

from __future__ import annotations

import io

import pikepdf
from pikepdf import PdfImage
from PIL import Image

from bot.documents import render
from bot.documents.limits import MAX_PDF_IMAGE_PIXELS, PREVIEW_MAX_SIDE
from bot.documents.pdf_build import page_images

PREVIEW_MEDIA_TYPE = "image/jpeg"


def image_preview(image: Image.Image, max_side: int = PREVIEW_MAX_SIDE) -> bytes:
    """A JPEG of ``image`` at most ``max_side`` pixels on its longest side."""
    small = image.copy() if image.mode in ("RGB", "L") else image.convert("RGB")
    small.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    small.save(buffer, "JPEG", quality=80, optimize=True)
    return buffer.getvalue()


def pdf_preview(data: bytes, max_side: int = PREVIEW_MAX_SIDE) -> bytes | None:
    """Page 1 of the PDF ``data`` (already checked), or None when it cannot be drawn."""
    rendered = render.render_page(data, 0, max_side=max_side)
    if rendered is not None:
        return image_preview(rendered, max_side)
    return _largest_image_of_page_one(data, max_side)


def _largest_image_of_page_one(data: bytes, max_side: int) -> bytes | None:
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            best = None
            for obj in page_images(pdf.pages[0]):
                pixels = int(obj.get("/Width", 0)) * int(obj.get("/Height", 0))
                if 0 < pixels <= MAX_PDF_IMAGE_PIXELS and (best is None or pixels > best[0]):
                    best = (pixels, obj)
            if best is None:
                return None
            return image_preview(PdfImage(best[1]).as_pil_image(), max_side)  # type: ignore[arg-type]
    except Exception:
        return None

"""Render PDF pages to images with PDFium (pypdfium2), when it is installed.

Used for the page-1 preview of a PDF and, as a last resort, to rasterise a PDF that cannot be made to
fit otherwise (:func:`iter_pages`: one page at a time, each drawn at most at A4 size, whatever the size
of the page). PDFium is not thread-safe, so every call holds one process-wide lock. Only PDFs that
passed :mod:`bot.documents.pdf_safety` reach here.
"""

from __future__ import annotations

import importlib.util
import logging
import threading
from collections.abc import Generator
from functools import cache

from PIL import Image

from bot.documents.limits import A4_POINTS, MAX_DECODED_PIXELS

_log = logging.getLogger(__name__)
_lock = threading.Lock()


@cache
def available() -> bool:
    return importlib.util.find_spec("pypdfium2") is not None


def render_page(data: bytes, index: int = 0, *, max_side: int | None = None, dpi: float | None = None
                ) -> Image.Image | None:
    """Page ``index`` of the PDF ``data`` as an RGB image, fitted to ``max_side`` pixels or at ``dpi``."""
    pages = _render(data, [index], max_side=max_side, dpi=dpi)
    return pages[0] if pages else None


def iter_pages(data: bytes, *, dpi: float) -> Generator[Image.Image, None, None]:
    """Every page of the PDF ``data`` (RGB), one at a time, drawn at ``dpi`` on an A4 sheet of the page's
    orientation (a larger page is drawn smaller, a smaller one at ``dpi``). Raises ``RuntimeError`` if
    PDFium is missing or fails; only one page's pixels exist at a time, while the caller holds it."""
    if not available():
        raise RuntimeError("PDFium is not installed")
    import pypdfium2 as pdfium

    with _lock:
        document = pdfium.PdfDocument(data)
        try:
            for index in range(len(document)):
                page = document[index]
                try:
                    width, height = page.get_size()
                    short, long = A4_POINTS
                    box = (long, short) if width > height else (short, long)
                    scale = dpi / 72 * min(1.0, box[0] / max(width, 1), box[1] / max(height, 1))
                    # paths unsmoothed: half the time on dense drawings; text stays smooth
                    bitmap = page.render(scale=scale, may_draw_forms=True, no_smoothpath=True)
                    image = bitmap.to_pil().convert("RGB")
                    bitmap.close()
                finally:
                    page.close()
                yield image
        finally:
            document.close()


def _render(data: bytes, indexes: list[int] | None, *, max_side: int | None, dpi: float | None
            ) -> list[Image.Image] | None:
    if not available():
        return None
    import pypdfium2 as pdfium

    images: list[Image.Image] = []
    with _lock:
        try:
            document = pdfium.PdfDocument(data)
            try:
                for index in indexes if indexes is not None else range(len(document)):
                    page = document[index]
                    try:
                        width, height = page.get_size()  # points
                        scale = max_side / max(width, height, 1) if max_side is not None else (dpi or 72) / 72
                        if width * height * scale * scale > MAX_DECODED_PIXELS:
                            scale = (MAX_DECODED_PIXELS / max(width * height, 1)) ** 0.5
                        bitmap = page.render(scale=scale, may_draw_forms=True)
                        images.append(bitmap.to_pil().convert("RGB"))
                    finally:
                        page.close()
            finally:
                document.close()
        except Exception:
            _log.warning("PDFium could not render a page", exc_info=True)
            return None
    return images

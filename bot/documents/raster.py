"""Turn a PDF's pages into JPEG pages to fit the byte budget, one page at a time.

The last resort of :mod:`bot.documents.pdf_shrink`, for vector drawings and fonts that no image
recompression can shrink. Memory stays at one page's pixels: each page is drawn (at most at A4 size,
:func:`bot.documents.render.iter_pages`), encoded at once and only its JPEG kept; when those do not fit,
each trial quality or resolution decodes the kept JPEGs again one by one (at a reduced scale when that
is enough). Too many pages to fit legibly, or too many drawing instructions to draw in time, are refused
before anything is drawn; drawing stops as soon as the pages drawn show the whole cannot fit.
"""

from __future__ import annotations

import io
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass

import pikepdf
from PIL import Image

from bot.documents import render
from bot.documents.images import dpi_on_a4, size_for_dpi
from bot.documents.jpeg import DPI_STEPS, FittedImage, best_quality, encode_jpeg
from bot.documents.limits import (
    FLOOR_DPI,
    JPEG_QUALITY_MAX,
    JPEG_QUALITY_MIN,
    MAX_RASTER_CONTENT_BYTES,
    MAX_RASTER_PAGES,
    TARGET_DPI,
)
from bot.documents.notes import Note, NoteCode, Refusal, RefusalCode, Refused
from bot.documents.pdf_build import JpegPage, add_jpeg_page, save_pdf

_log = logging.getLogger(__name__)
_PDF_OVERHEAD = 2048
_PAGE_OVERHEAD = 600
_LOWEST_RATIO = 0.41 * 0.85  # quality 40 against 85 (jpeg._RELATIVE_SIZE), with a margin for easier pages


@dataclass
class Rasterised:
    data: bytes
    notes: list[Note]
    dpi: int | None
    pages: int


def rasterise(pdf: pikepdf.Pdf, budget: int, *, render_dpi: int = TARGET_DPI) -> Rasterised | None:
    """``pdf`` rebuilt from JPEG pages within ``budget`` bytes; None if PDFium is missing or it won't fit.

    Raises :class:`Refused` (too much work) when the pages hold more drawing than can be drawn in time."""
    count = len(pdf.pages)
    if not render.available() or count > MAX_RASTER_PAGES:
        return None
    if content_bytes(pdf) > MAX_RASTER_CONTENT_BYTES:
        raise Refused(Refusal.of(RefusalCode.TOO_MUCH_WORK))
    source = save_pdf(pdf)
    if not _first_page_may_fit(source, count, budget):
        return None
    kept: list[tuple[bytes, tuple[int, int], str]] = []
    lowest = _LOWEST_RATIO * (FLOOR_DPI / render_dpi) ** 2
    try:
        for image in render.iter_pages(source, dpi=render_dpi):
            kept.append((encode_jpeg(image, JPEG_QUALITY_MAX), image.size, image.mode))
            image.close()
            if sum(len(data) for data, _size, _mode in kept) * lowest * count / len(kept) > budget:
                return None  # even at the lowest quality and resolution the pages so far say it cannot fit
    except Exception:
        _log.warning("PDFium could not render the pages", exc_info=True)
        return None
    del source
    fitted = fit_kept(kept, budget - _PDF_OVERHEAD - _PAGE_OVERHEAD * count)
    if fitted is None:
        return None
    rebuilt = pikepdf.new()
    for page in fitted:
        add_jpeg_page(rebuilt, JpegPage(page.jpeg, page.size, page.mode))
    data = save_pdf(rebuilt)
    if len(data) > budget:
        return None
    dpi = min(page.dpi for page in fitted)
    return Rasterised(data, [Note.of(NoteCode.PDF_RASTERISED, dpi=dpi)], dpi, len(fitted))


def _first_page_may_fit(source: bytes, count: int, budget: int) -> bool:
    """Page 1 drawn at the lowest resolution and encoded at the lowest quality ever used: if ``count`` pages
    like it exceed the budget, nothing will fit (a cheap probe: a third of the pixels of a full drawing)."""
    pages = render.iter_pages(source, dpi=FLOOR_DPI)
    try:
        first = next(pages)
    except StopIteration:
        return False
    except Exception:
        _log.warning("PDFium could not render the first page", exc_info=True)
        return False
    finally:
        pages.close()
    smallest = len(encode_jpeg(first, JPEG_QUALITY_MIN))
    first.close()
    return smallest * count <= budget - _PDF_OVERHEAD - _PAGE_OVERHEAD * count


def content_bytes(pdf: pikepdf.Pdf) -> int:
    """The stored size of every page's content streams (what PDFium has to interpret to draw them)."""
    total = 0
    for page in pdf.pages:
        contents = page.obj.get("/Contents")
        streams = contents if isinstance(contents, pikepdf.Array) else [contents]
        total += sum(len(stream.read_raw_bytes()) for stream in streams if isinstance(stream, pikepdf.Stream))
    return total


def fit_kept(kept: list[tuple[bytes, tuple[int, int], str]], budget: int) -> list[FittedImage] | None:
    """Like :func:`bot.documents.jpeg.fit_images`, for pages kept as JPEGs (encoded at the top quality)
    and decoded one at a time for each trial."""
    if sum(len(data) for data, _size, _mode in kept) <= budget:
        return [FittedImage(data, size, mode, dpi_on_a4(size), JPEG_QUALITY_MAX) for data, size, mode in kept]
    reachable = float("inf")
    for dpi in DPI_STEPS:
        if dpi > reachable:
            continue
        encoded: dict[int, list[FittedImage]] = {}
        quality = best_quality(_trial(kept, dpi, encoded), budget)
        if quality is not None:
            return encoded[quality]
        smallest = min(sum(len(page.jpeg) for page in row) for row in encoded.values())
        reachable = dpi * math.sqrt(budget / smallest) * 1.15
    return None


def _trial(kept: list[tuple[bytes, tuple[int, int], str]], dpi: int, encoded: dict[int, list[FittedImage]]
           ) -> Callable[[int], int]:
    def total_at(quality: int) -> int:
        row: list[FittedImage] = []
        for data, size, _mode in kept:
            image = _load(data, size_for_dpi(size, dpi))
            row.append(FittedImage(encode_jpeg(image, quality, dpi=min(dpi, dpi_on_a4(image.size))), image.size,
                                   image.mode, dpi_on_a4(image.size), quality))
            image.close()
        encoded[quality] = row
        return sum(len(page.jpeg) for page in row)
    return total_at


def _load(data: bytes, size: tuple[int, int]) -> Image.Image:
    with Image.open(io.BytesIO(data), formats=["JPEG"]) as jpeg:
        jpeg.draft(None, size)  # decode at 1/2, 1/4 or 1/8 scale when still >= size
        jpeg.load()
        if jpeg.size == size:
            return jpeg.copy()
        return jpeg.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)

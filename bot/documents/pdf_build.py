"""Write PDFs: JPEG pages placed on A4, and several PDFs merged into one (pikepdf).

JPEG data is embedded as it is (DCTDecode), never decoded again. Output is deterministic (the same
pages give the same bytes), so a finished document has a stable content hash.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name

from bot.documents.limits import A4_POINTS


@dataclass(frozen=True)
class JpegPage:
    """A JPEG to put on its own A4 page (portrait or landscape, following the image)."""

    jpeg: bytes
    size: tuple[int, int]
    mode: str


PagePart = JpegPage | pikepdf.Pdf
"""A page to add: a JPEG, or every page of an (already checked) PDF."""


def a4_box(size: tuple[int, int]) -> tuple[float, float]:
    """A4 in points, in the orientation of an image of ``size``."""
    short, long = A4_POINTS
    return (long, short) if size[0] > size[1] else (short, long)


def add_jpeg_page(pdf: pikepdf.Pdf, page: JpegPage) -> None:
    """Append one A4 page showing ``page`` as large as it fits, centred."""
    width, height = page.size
    page_w, page_h = a4_box(page.size)
    scale = min(page_w / width, page_h / height)
    shown_w, shown_h = width * scale, height * scale
    x, y = (page_w - shown_w) / 2, (page_h - shown_h) / 2
    image = pikepdf.Stream(pdf, page.jpeg)
    image.Type = Name.XObject
    image.Subtype = Name.Image
    image.Width = width
    image.Height = height
    image.ColorSpace = Name.DeviceGray if page.mode == "L" else Name.DeviceRGB
    image.BitsPerComponent = 8
    image.Filter = Name.DCTDecode
    content = f"q {shown_w:.4f} 0 0 {shown_h:.4f} {x:.4f} {y:.4f} cm /Im0 Do Q".encode("ascii")
    page_dict = Dictionary(
        Type=Name.Page,
        MediaBox=Array([0, 0, round(page_w, 2), round(page_h, 2)]),
        Resources=Dictionary(XObject=Dictionary(Im0=image)),
        Contents=pikepdf.Stream(pdf, content),
    )
    pdf.pages.append(pikepdf.Page(pdf.make_indirect(page_dict)))


def build_pdf(parts: Sequence[PagePart]) -> pikepdf.Pdf:
    """One PDF made of ``parts`` in order."""
    pdf = pikepdf.new()
    for part in parts:
        if isinstance(part, JpegPage):
            add_jpeg_page(pdf, part)
        else:
            pdf.pages.extend(part.pages)
    return pdf


def page_images(page: pikepdf.Page) -> list[pikepdf.Object]:
    """The image XObjects a page draws, including those inside form XObjects (pikepdf ≥ 10.1), or direct ones."""
    getter = getattr(page, "get_images", None)
    found = getter() if getter is not None else page.images
    return list(found.values())


def save_pdf(pdf: pikepdf.Pdf) -> bytes:
    """Serialise compactly (object streams, compressed streams), unencrypted, with a content-derived ID."""
    buffer = io.BytesIO()
    pdf.save(buffer, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate,
             encryption=False, deterministic_id=True)
    return buffer.getvalue()

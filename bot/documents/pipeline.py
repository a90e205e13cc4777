"""The document pipeline as the chat and the CLI use it: check, take a page, finish a document.

Flow in the chat (pure functions; the chat keeps the state)::

    refusal = check_announced_size(file.size)          # before downloading anything
    page = take_page(data, name=file.name)             # -> Page | Refusal, once per upload
    ... store page.pack() while the user adds pages ...
    result = finish(pages, DocumentKind.DOCUMENT)      # -> Converted | Refusal, on "done"

``convert(data, kind)`` does both steps for a single file. Every function is synchronous and
CPU-bound: call it from async code in a worker (``asyncio.to_thread`` or a process pool), and keep it
there for untrusted bytes.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence

import pikepdf

from bot.documents.formats import FileFormat, claimed_format
from bot.documents.images import decode_image, dpi_on_a4
from bot.documents.jpeg import fit_images
from bot.documents.limits import (
    A4_INCHES,
    KEEP_DPI,
    MIN_DPI,
    PLATFORM_MAX_BYTES,
    TARGET_DPI,
    TELEGRAM_DOWNLOAD_MAX_BYTES,
)
from bot.documents.notes import Note, NoteCode, Refusal, RefusalCode, Refused, format_size
from bot.documents.pdf_build import JpegPage, PagePart, build_pdf, save_pdf
from bot.documents.pdf_safety import open_checked_pdf
from bot.documents.pdf_shrink import page_dpi, shrink_pdf
from bot.documents.photo import make_photo
from bot.documents.preview import image_preview, pdf_preview
from bot.documents.results import Converted, DocumentKind, Page, SourceInfo
from bot.documents.sniff import hidden_archive, sniff

_log = logging.getLogger(__name__)
_PDF_OVERHEAD = 2048  # catalog, page tree, trailer
_PAGE_OVERHEAD = 700  # one page's dictionaries and content stream


def check_announced_size(size: int | None) -> Refusal | None:
    """Refuse a file Telegram announces as larger than a bot may download (before any download).

    An unknown size passes: the download itself then fails cleanly.
    """
    if size is not None and size > TELEGRAM_DOWNLOAD_MAX_BYTES:
        return Refusal.of(RefusalCode.TOO_LARGE_TO_DOWNLOAD, size=format_size(size))
    return None


def take_page(data: bytes, *, name: str | None = None, mime_type: str | None = None,
              keep_dpi: int = KEEP_DPI) -> Page | Refusal:
    """Accept one uploaded file as a page (or pages) of a document, or refuse it with the reason.

    ``name`` and ``mime_type`` are what the user's app announced; they never decide the type, they
    only let the bot say when they were misleading. The whole file is judged: a file of an accepted type
    with an archive's signature anywhere in it is refused. Nothing is kept byte for byte: images come out
    re-encoded, upright, opaque, without metadata and at most ``keep_dpi`` on an A4 page; PDFs come out
    checked and rebuilt from their pages (without copy restrictions, attachments or document-level extras).
    """
    found = sniff(data)
    claimed = claimed_format(name, mime_type)
    if not found.accepted:
        return Refusal.for_format(found, claimed)
    archive = hidden_archive(data)
    if archive is not None:
        return Refusal.of(RefusalCode.HIDDEN_ARCHIVE, format=found.value, archive=archive.value)
    notes: list[Note] = []
    if claimed is not None and claimed is not found:
        notes.append(Note.of(NoteCode.NAME_MISMATCH, claimed=claimed.value, actual=found.value))
    try:
        if found.is_image:
            return _image_page(data, found, notes, keep_dpi)
        return _pdf_page(data, notes)
    except Refused as refused:
        refusal = refused.refusal
        if claimed is not None and claimed is not found and refusal.claimed is None:
            refusal = Refusal(refusal.code, refusal.params, claimed if "format" in dict(refusal.params) else None)
        return refusal


def _image_page(data: bytes, found: FileFormat, notes: list[Note], keep_dpi: int) -> Page:
    short_in, long_in = A4_INCHES
    decoded = decode_image(data, found, fit=(round(long_in * keep_dpi), round(short_in * keep_dpi)))
    return Page(format=FileFormat.JPEG, image=decoded.image, notes=(*notes, *decoded.notes),
                source=SourceInfo(found, len(data), decoded.original_size))


def _pdf_page(data: bytes, notes: list[Note]) -> Page:
    checked = open_checked_pdf(data)
    try:
        rebuilt = build_pdf([checked.pdf])  # a fresh file holding only the pages and what they use
        try:
            kept = save_pdf(rebuilt)
        finally:
            rebuilt.close()
        if checked.restricted:
            notes.append(Note.of(NoteCode.PDF_RESTRICTIONS_REMOVED))
        if checked.signed:
            notes.append(Note.of(NoteCode.SIGNATURE_INVALIDATED))
        return Page(format=FileFormat.PDF, data=kept, notes=tuple(notes), restricted=checked.restricted,
                    signed=False, source=SourceInfo(FileFormat.PDF, len(data), None, checked.pages))
    finally:
        checked.pdf.close()


def finish(pages: Sequence[Page], kind: DocumentKind, *, budget: int = PLATFORM_MAX_BYTES) -> Converted | Refusal:
    """The platform-ready file made of ``pages`` in order: a JPEG for the photo slot, else one PDF."""
    if not pages:
        return Refusal.of(RefusalCode.NO_PAGES)
    try:
        if kind is DocumentKind.PHOTO:
            return _finish_photo(pages, budget)
        if all(page.is_image for page in pages):
            return _finish_images(pages, budget)
        return _finish_pdf(pages, budget)
    except Refused as refused:
        return refused.refusal


def convert(data: bytes, kind: DocumentKind, *, name: str | None = None, mime_type: str | None = None,
            budget: int = PLATFORM_MAX_BYTES) -> Converted | Refusal:
    """One file straight to its platform-ready form (``take_page`` then ``finish``)."""
    page = take_page(data, name=name, mime_type=mime_type,
                     keep_dpi=TARGET_DPI if kind is DocumentKind.DOCUMENT else KEEP_DPI)
    if isinstance(page, Refusal):
        return page
    return finish([page], kind, budget=budget)


def _carried(pages: Sequence[Page]) -> list[Note]:
    notes: list[Note] = []
    for page in pages:
        notes.extend(note for note in page.notes if note not in notes)
    return notes


def _finish_photo(pages: Sequence[Page], budget: int) -> Converted:
    first = pages[0]
    if len(pages) != 1 or not first.is_image:
        shown = first.source.format if not first.is_image else FileFormat.PDF
        raise Refused(Refusal.of(RefusalCode.NOT_A_PHOTO, format=shown.value))
    photo = make_photo(first.image, budget)
    return Converted(data=photo.jpeg, media_type="image/jpeg", kind=DocumentKind.PHOTO, pages=1,
                     preview=image_preview(photo.image), sources=(first.source,),
                     notes=(*_carried(pages), *photo.notes), dpi=photo.dpi, pixels=photo.image.size, limit=budget)


def _finish_images(pages: Sequence[Page], budget: int) -> Converted:
    images = [page.image for page in pages]
    fitted = fit_images(images, budget - _PDF_OVERHEAD - _PAGE_OVERHEAD * len(images))
    if fitted is None:
        raise Refused(Refusal.of(RefusalCode.CANNOT_FIT, pages=len(images), limit=format_size(budget)))
    data = save_pdf(build_pdf([JpegPage(f.jpeg, f.size, f.mode) for f in fitted]))
    if len(data) > budget:  # the overhead allowance is generous; this guards the promise anyway
        raise Refused(Refusal.of(RefusalCode.CANNOT_FIT, pages=len(images), limit=format_size(budget)))
    dpi = min(f.dpi for f in fitted)
    notes = _carried(pages)
    notes.append(Note.of(NoteCode.MADE_PDF, pages=len(fitted)))
    source_dpi = min(dpi_on_a4(page.source.pixels or page.image.size) for page in pages)
    if dpi < source_dpi:
        notes.append(Note.of(NoteCode.SCALED, dpi=dpi))
    before = sum(page.source.size for page in pages)
    if len(data) < before:
        notes.append(Note.of(NoteCode.RECOMPRESSED, before=format_size(before), after=format_size(len(data))))
    if dpi < MIN_DPI:
        notes.append(Note.of(NoteCode.LOW_DPI, dpi=dpi))
    return Converted(data=data, media_type="application/pdf", kind=DocumentKind.DOCUMENT, pages=len(fitted),
                     preview=image_preview(images[0]), sources=tuple(page.source for page in pages),
                     notes=tuple(notes), dpi=dpi, limit=budget)


def _finish_pdf(pages: Sequence[Page], budget: int) -> Converted:
    notes = _carried(pages)
    sources = tuple(page.source for page in pages)
    single = pages[0] if len(pages) == 1 else None
    if single is not None and len(single.data) <= budget:
        if not single.restricted:
            notes.append(Note.of(NoteCode.PDF_KEPT))
        with pikepdf.open(io.BytesIO(single.data)) as pdf:
            count, dpi = len(pdf.pages), page_dpi(pdf)
        return Converted(data=single.data, media_type="application/pdf", kind=DocumentKind.DOCUMENT, pages=count,
                         preview=pdf_preview(single.data), sources=sources, notes=tuple(notes), dpi=dpi,
                         limit=budget)
    opened: list[pikepdf.Pdf] = []
    try:
        parts: list[PagePart] = []
        for page in pages:
            if page.is_image:
                fitted = fit_images([page.image], budget, dpi_steps=(TARGET_DPI,))
                if fitted is None:
                    raise Refused(Refusal.of(RefusalCode.CANNOT_FIT, pages=len(pages), limit=format_size(budget)))
                parts.append(JpegPage(fitted[0].jpeg, fitted[0].size, fitted[0].mode))
            else:
                opened.append(pikepdf.open(io.BytesIO(page.data)))
                parts.append(opened[-1])
        merged = build_pdf(parts)
        total_pages = len(merged.pages)
        data = save_pdf(merged)
        dpi = page_dpi(merged)
        if len(data) > budget:
            shrunk = shrink_pdf(merged, budget)
            if shrunk is None:
                raise Refused(Refusal.of(RefusalCode.CANNOT_FIT, pages=total_pages, limit=format_size(budget)))
            data, dpi = shrunk.data, shrunk.dpi
            notes.extend(shrunk.notes)
        if any(page.signed for page in pages):  # merged or shrunk: the file is not the signed one any more
            notes.append(Note.of(NoteCode.SIGNATURE_INVALIDATED))
        if len(pages) > 1:
            notes.append(Note.of(NoteCode.MADE_PDF, pages=total_pages))
        before = sum(page.source.size for page in pages)
        if len(data) < before:
            notes.append(Note.of(NoteCode.RECOMPRESSED, before=format_size(before), after=format_size(len(data))))
        if dpi is not None and dpi < MIN_DPI:
            notes.append(Note.of(NoteCode.LOW_DPI, dpi=dpi))
        return Converted(data=data, media_type="application/pdf", kind=DocumentKind.DOCUMENT, pages=total_pages,
                         preview=pdf_preview(data), sources=sources, notes=tuple(notes), dpi=dpi, limit=budget)
    finally:
        for pdf in opened:
            pdf.close()

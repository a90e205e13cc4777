"""The supplement rule: at most 5 files per upload; more are merged into PDFs (platform.md §4, seed 003).

The smallest neighbouring files are merged first, so large documents stay on their own and the order
the user gave is kept. A merged PDF that passes the size limit is recompressed like any other.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import pikepdf
from PIL import Image

from bot.documents.limits import PLATFORM_MAX_BYTES, SUPPLEMENT_MAX_FILES
from bot.documents.notes import Note, NoteCode, Refusal, RefusalCode, format_limit
from bot.documents.pdf_build import JpegPage, PagePart, build_pdf, save_pdf
from bot.documents.pdf_shrink import page_dpi, shrink_pdf
from bot.documents.preview import pdf_preview
from bot.documents.results import Converted, DocumentKind


def group_for_upload(sizes: Sequence[int], most: int = SUPPLEMENT_MAX_FILES) -> list[list[int]]:
    """Indexes of the files, grouped into at most ``most`` groups of neighbours (smallest pairs merged first)."""
    groups = [[index] for index in range(len(sizes))]
    totals = list(sizes)
    while len(groups) > most:
        pair = min(range(len(groups) - 1), key=lambda i: (totals[i] + totals[i + 1], i))
        groups[pair:pair + 2] = [groups[pair] + groups[pair + 1]]
        totals[pair:pair + 2] = [totals[pair] + totals[pair + 1]]
    return groups


def limit_files(files: Sequence[Converted], most: int = SUPPLEMENT_MAX_FILES, *,
                budget: int = PLATFORM_MAX_BYTES) -> list[Converted] | Refusal:
    """``files`` as at most ``most`` platform-ready files, merging neighbours into PDFs when there are more."""
    if len(files) <= most:
        return list(files)
    result: list[Converted] = []
    for group in group_for_upload([file.size for file in files], most):
        if len(group) == 1:
            result.append(files[group[0]])
            continue
        merged = merge([files[index] for index in group], budget=budget)
        if isinstance(merged, Refusal):
            return merged
        result.append(merged)
    return result


def merge(files: Sequence[Converted], *, budget: int = PLATFORM_MAX_BYTES) -> Converted | Refusal:
    """One PDF with the pages of ``files`` in order, within ``budget``."""
    opened: list[pikepdf.Pdf] = []
    try:
        parts: list[PagePart] = []
        for file in files:
            if file.media_type == "image/jpeg":
                with Image.open(io.BytesIO(file.data), formats=["JPEG"]) as image:
                    parts.append(JpegPage(file.data, image.size, "L" if image.mode == "L" else "RGB"))
            else:
                opened.append(pikepdf.open(io.BytesIO(file.data)))
                parts.append(opened[-1])
        pdf = build_pdf(parts)
        pages = len(pdf.pages)
        notes = [Note.of(NoteCode.MERGED, count=len(files), most=SUPPLEMENT_MAX_FILES)]
        data, dpi = save_pdf(pdf), page_dpi(pdf)
        if len(data) > budget:
            shrunk = shrink_pdf(pdf, budget)
            if shrunk is None:
                return Refusal.of(RefusalCode.CANNOT_FIT, pages=pages, limit=format_limit(budget))
            data, dpi = shrunk.data, shrunk.dpi
            notes.extend(shrunk.notes)
        sources = tuple(source for file in files for source in file.sources)
        return Converted(data=data, media_type="application/pdf", kind=DocumentKind.DOCUMENT, pages=pages,
                         preview=pdf_preview(data) or files[0].preview, sources=sources, notes=tuple(notes), dpi=dpi,
                         limit=budget)
    finally:
        for pdf in opened:
            pdf.close()

"""The copy sheet rendered in the document worker, so that the bot's own process never holds the fonts.

A CJK font's tables (cmap, metrics, CFF charstrings of 20,000+ glyphs) cost the process that renders the
PDF tens of MB while a sheet is built; in the bot's process that memory stays mapped after the export (the
allocator keeps it), so every export raised the process's resident size for good.
:func:`render_pdf_isolated` builds the sheet and its PDF in a child forked from the document worker's
forkserver (:mod:`bot.documents.worker`: the same bounds of memory and time as a document job); the
forkserver imports :mod:`bot.export.pdf_preload` first (its preload), which parses the fonts once, renders
an empty and a complete made-up sheet in both languages (:func:`warm_up`; never in the bot's own process)
and leaves the main font loaded for the children (:func:`bot.export.font.load_for_children`), so each child
starts warm and only builds, subsets and lays out. This module imports no PDF library itself: fpdf2 and
fontTools (+26 MiB) are imported where the sheet is rendered. Should the worker refuse (out of time on a
very busy machine), the sheet is rendered here.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from bot.export.documents import ExportDocument
from bot.export.sheet import build_sheet
from bot.forms.draft import ApplicationDraft

_log = logging.getLogger(__name__)


def _render(draft: ApplicationDraft, today: date, documents: Sequence[ExportDocument], label: str | None,
            generated: date, locale: str, draft_json: bytes) -> bytes:
    from bot.export.pdf import render_pdf  # fpdf2 and fontTools (+26 MiB): only where the PDF is rendered

    sheet = build_sheet(draft, today, documents=documents, label=label, generated=generated)
    return render_pdf(sheet, locale, draft_json)


def render_pdf_isolated(draft: ApplicationDraft, today: date, *, documents: Sequence[ExportDocument],
                        label: str | None, generated: date, locale: str, draft_json: bytes) -> bytes:
    """:func:`bot.export.pdf.render_pdf` of the draft's sheet, run in the document worker."""
    from bot.documents.worker import run_bounded

    pdf = run_bounded(_render, draft, today, tuple(documents), label, generated, locale, draft_json)
    if isinstance(pdf, bytes):
        return pdf
    _log.warning("the copy sheet could not be rendered in the document worker; rendering it in the bot")
    return _render(draft, today, documents, label, generated, locale, draft_json)


def warm_up() -> None:
    """Everything a first export loads once (fonts, catalogs, CLDR data, fpdf2's and fontTools' lazy parts, the
    rules' tables: the country names, the e-mail providers ...), loaded by rendering an empty draft's sheet and
    a complete made-up one (``bot/data/export_warm_up_draft.json``; in both languages: the empty one in English
    warmed nothing more); the forkserver does it on start, so that an export child does none of it (it cost each
    export ~40 ms of CPU)."""
    from bot.export.font import glyphs_drawn, load_for_children, preload
    from bot.forms.draft import load_draft

    preload()
    today = date.today()
    sample = (Path(__file__).resolve().parent.parent / "data" / "export_warm_up_draft.json").read_bytes()
    drawn: set[str] = set()
    for draft, label, draft_json, locale in ((ApplicationDraft(), None, b"{}", "zh_TW"),
                                             (load_draft(sample), "Sample", sample, "zh_TW"),
                                             (load_draft(sample), "Sample", sample, "en")):
        with glyphs_drawn() as glyphs:  # one document's font alive at a time
            _render(draft, today, (), label, today, locale, draft_json)
        drawn |= glyphs
    load_for_children(drawn)
    gc.collect()
    gc.freeze()  # what the children inherit stays out of their garbage collections (no copying of its pages)


__all__ = ["render_pdf_isolated"]

"""What the pipeline tells the user: notes on what was done, warnings, and refusals with their reasons.

Notes and refusals are small serialisable records (a code and plain parameters), so a page kept in the
conversation state between "add a page" and "done" keeps them; ``.message`` turns them into lazy
translated messages (``bot.i18n``) only when shown.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot.documents.formats import Family, FileFormat
from bot.documents.limits import (
    MAX_DECODED_PIXELS,
    MAX_IMAGE_PIXELS,
    MAX_PDF_OBJECTS,
    MAX_PDF_PAGES,
    PLATFORM_MAX_BYTES,
    TELEGRAM_DOWNLOAD_MAX_BYTES,
    WORKER_SECONDS,
)
from bot.i18n import Msg, _, ngettext

Params = tuple[tuple[str, str | int | float], ...]


def format_size(size: int) -> str:
    """A byte count the way the platform writes its limit: KB (1024 bytes, rounded up), or MB when large."""
    if size < 1024:
        return f"{size} B"
    if size <= 2048 * 1024:
        return f"{math.ceil(size / 1024)} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def format_limit(size: int) -> str:
    """The bot's file budget in bytes, exactly (1,000,000 bytes: under the platform's 1024 KB)."""
    return f"{size:,} bytes"


def _params(**values: str | int | float) -> Params:
    return tuple(sorted(values.items()))


# -- notes: what was done, and warnings ------------------------------------------------------------


class NoteCode(StrEnum):
    """Everything the pipeline may report about a file it accepted (values are persisted)."""

    NAME_MISMATCH = "name_mismatch"
    ROTATED = "rotated"
    METADATA_REMOVED = "metadata_removed"
    TRANSPARENCY_FLATTENED = "transparency_flattened"
    MADE_PDF = "made_pdf"
    SCALED = "scaled"
    RECOMPRESSED = "recompressed"
    PDF_KEPT = "pdf_kept"
    PDF_RESTRICTIONS_REMOVED = "pdf_restrictions_removed"
    PDF_IMAGES_RECOMPRESSED = "pdf_images_recompressed"
    PDF_BLACK_AND_WHITE = "pdf_black_and_white"
    PDF_RASTERISED = "pdf_rasterised"
    PHOTO_CROPPED = "photo_cropped"
    MERGED = "merged"
    # warnings
    LOW_DPI = "low_dpi"
    SIGNATURE_INVALIDATED = "signature_invalidated"
    PHOTO_PROPORTIONS = "photo_proportions"
    PHOTO_BACKGROUND = "photo_background"
    PHOTO_LOW_RESOLUTION = "photo_low_resolution"


WARNINGS = frozenset({NoteCode.LOW_DPI, NoteCode.SIGNATURE_INVALIDATED, NoteCode.PHOTO_PROPORTIONS,
                      NoteCode.PHOTO_BACKGROUND, NoteCode.PHOTO_LOW_RESOLUTION, NoteCode.PDF_RASTERISED,
                      NoteCode.PDF_BLACK_AND_WHITE, NoteCode.NAME_MISMATCH})


class BackgroundProblem(StrEnum):
    DARK = "dark"
    COLOURED = "coloured"
    UNEVEN = "uneven"


_BACKGROUND: dict[str, Msg] = {
    BackgroundProblem.DARK: _("it looks grey or in shadow"),
    BackgroundProblem.COLOURED: _("it looks coloured"),
    BackgroundProblem.UNEVEN: _("it looks uneven or patterned"),
}


def _fmt(value: Any) -> Msg:
    return FileFormat(str(value)).label


_NOTES: dict[NoteCode, Callable[[Mapping[str, Any]], Msg]] = {
    NoteCode.NAME_MISMATCH: lambda p: _(
        "The file is named like a {claimed}, but it is really a {actual}; it was handled as a {actual}.",
        claimed=_fmt(p["claimed"]), actual=_fmt(p["actual"])),
    NoteCode.ROTATED: lambda p: _("Turned upright using the camera's orientation tag."),
    NoteCode.METADATA_REMOVED: lambda p: _("Removed the location and camera details stored in the photo."),
    NoteCode.TRANSPARENCY_FLATTENED: lambda p: _("Filled the transparent background with white."),
    NoteCode.MADE_PDF: lambda p: ngettext("Made a one-page PDF.", "Made a PDF of {count} pages.", int(p["pages"])),
    NoteCode.SCALED: lambda p: _("Scaled to {dpi} DPI on an A4 page.", dpi=p["dpi"]),
    NoteCode.RECOMPRESSED: lambda p: _("Compressed from {before} to {after}.", before=p["before"], after=p["after"]),
    NoteCode.PDF_KEPT: lambda p: _("Rebuilt the PDF from its pages, leaving out anything hidden in the file; "
                                   "its pages are unchanged and it already meets the platform's rules."),
    NoteCode.PDF_RESTRICTIONS_REMOVED: lambda p: _(
        "Saved the PDF without its copy and print restrictions (a form of encryption the platform refuses)."),
    NoteCode.PDF_IMAGES_RECOMPRESSED: lambda p: ngettext(
        "Recompressed one image in the PDF.", "Recompressed {count} images in the PDF.", int(p["count"])),
    NoteCode.PDF_BLACK_AND_WHITE: lambda p: ngettext(
        "One scanned page was turned into black and white to fit the size limit.",
        "{count} scanned pages were turned into black and white to fit the size limit.", int(p["count"])),
    NoteCode.PDF_RASTERISED: lambda p: _(
        "The pages were turned into images at {dpi} DPI to fit the size limit: their text can no longer be "
        "selected or searched.", dpi=p["dpi"]),
    NoteCode.PHOTO_CROPPED: lambda p: _(
        "Cropped to the platform's photo proportions (3.5 × 4.5 cm): {percent}% of the {side} was cut off.",
        percent=p["percent"], side=_("width") if p["side"] == "width" else _("height")),
    NoteCode.MERGED: lambda p: _(
        "Merged {count} files into this PDF (the platform takes at most {most} files).", count=p["count"],
        most=p["most"]),
    NoteCode.LOW_DPI: lambda p: _(
        "Only {dpi} DPI on an A4 page: small print may be hard to read. Take the photo closer and in good light, "
        "or scan the page at 200 DPI or more.", dpi=p["dpi"]),
    NoteCode.SIGNATURE_INVALIDATED: lambda p: _(
        "This PDF carries a digital signature. Changing the file to meet the platform's rules means the "
        "signature no longer verifies; if it matters, ask the issuer for a file of at most 1,000,000 bytes "
        "without a password."),
    NoteCode.PHOTO_PROPORTIONS: lambda p: _(
        "The photo was {width} × {height} pixels, far from the 3.5 × 4.5 cm proportions, and was cropped to "
        "them. Check that the whole head is visible and fills about 70–80% of the height; if not, crop it "
        "yourself (or add white space on the sides) or use the Gold Card Office's photo tool.",
        width=p["width"], height=p["height"]),
    NoteCode.PHOTO_BACKGROUND: lambda p: _(
        "The background does not look plain white ({problem}). The platform asks for a white background: "
        "retake the photo against a white wall in even light.", problem=_BACKGROUND[str(p["problem"])]),
    NoteCode.PHOTO_LOW_RESOLUTION: lambda p: _(
        "The photo is only {width} × {height} pixels; at least {min_width} × {min_height} (300 DPI at 3.5 × 4.5 cm) "
        "is recommended.", width=p["width"], height=p["height"], min_width=p["min_width"],
        min_height=p["min_height"]),
}


@dataclass(frozen=True)
class Note:
    """One thing done to a file, or a warning about it."""

    code: NoteCode
    params: Params = ()

    @classmethod
    def of(cls, code: NoteCode, **values: str | int | float) -> Note:
        return cls(code, _params(**values))

    @property
    def is_warning(self) -> bool:
        return self.code in WARNINGS

    @property
    def message(self) -> Msg:
        return _NOTES[self.code](dict(self.params))

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code.value, "params": dict(self.params)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Note:
        return cls(NoteCode(data["code"]), _params(**data.get("params", {})))


# -- refusals ----------------------------------------------------------------------------------


class RefusalCode(StrEnum):
    """Why a file was not accepted (values are persisted)."""

    TOO_LARGE_TO_DOWNLOAD = "too_large_to_download"
    EMPTY = "empty"
    ARCHIVE = "archive"
    OFFICE = "office"
    EXECUTABLE = "executable"
    OTHER_IMAGE = "other_image"
    UNSUPPORTED = "unsupported"
    BROKEN = "broken"
    IMAGE_TOO_LARGE = "image_too_large"
    ENCRYPTED = "encrypted"
    ACTIVE_CONTENT = "active_content"
    TOO_MANY_PAGES = "too_many_pages"
    NOT_A_PHOTO = "not_a_photo"
    CANNOT_FIT = "cannot_fit"
    NO_PAGES = "no_pages"
    HIDDEN_ARCHIVE = "hidden_archive"
    IMAGE_TOO_HEAVY = "image_too_heavy"
    TOO_MANY_OBJECTS = "too_many_objects"
    PAGE_TOO_LARGE = "page_too_large"
    TOO_MUCH_WORK = "too_much_work"


class ActiveContent(StrEnum):
    """What made a PDF "active" (values are persisted)."""

    JAVASCRIPT = "javascript"
    LAUNCH = "launch"
    EMBEDDED_FILES = "embedded_files"
    OPEN_ACTION = "open_action"
    XFA = "xfa"
    MEDIA = "media"


_ACTIVE: dict[str, Msg] = {
    ActiveContent.JAVASCRIPT: _("JavaScript code"),
    ActiveContent.LAUNCH: _("a command that starts another program"),
    ActiveContent.EMBEDDED_FILES: _("files hidden inside it (attachments)"),
    ActiveContent.OPEN_ACTION: _("an action that runs by itself when it is opened"),
    ActiveContent.XFA: _("a dynamic (XFA) form, which most viewers cannot show"),
    ActiveContent.MEDIA: _("embedded media (video, sound or 3D)"),
}

_PRINT_TO_PDF = _("Open it and print it to a new PDF (Print → Save as PDF), then send that file.")

_REFUSALS: dict[RefusalCode, Callable[[Mapping[str, Any]], tuple[Msg, Msg | None]]] = {
    RefusalCode.TOO_LARGE_TO_DOWNLOAD: lambda p: (
        _("This file is {size}; Telegram lets bots receive files only up to {limit}.", size=p["size"],
          limit=format_size(TELEGRAM_DOWNLOAD_MAX_BYTES)),
        _("Send a smaller version: photograph or scan the pages one by one, or export the PDF at a lower "
          "quality.")),
    RefusalCode.EMPTY: lambda p: (
        _("This file is empty (0 bytes)."),
        _("The upload may have failed: send it again.")),
    RefusalCode.ARCHIVE: lambda p: (
        _("This is a {format}, not a document. The bot does not open archives.", format=_fmt(p["format"])),
        _("Unpack it and send the documents one by one, as PDF, JPEG, PNG or HEIC.")),
    RefusalCode.OFFICE: lambda p: (
        _("This is a {format}. The platform takes PDF files and images only.", format=_fmt(p["format"])),
        _("Save it as PDF (File → Save as → PDF, or Print → Save as PDF) and send the PDF.")),
    RefusalCode.EXECUTABLE: lambda p: (
        _("This is a {format}, not a document. It was not opened.", format=_fmt(p["format"])),
        _("Send the document itself, as PDF, JPEG, PNG or HEIC.")),
    RefusalCode.OTHER_IMAGE: lambda p: (
        _("This is a {format}; the bot takes JPEG, PNG and HEIC images and PDF files.", format=_fmt(p["format"])),
        _("Send it as a photo, or save it as JPEG or PDF first.")),
    RefusalCode.UNSUPPORTED: lambda p: (
        _("The bot cannot use this {format}.", format=_fmt(p["format"])),
        _("Send a PDF, or a JPEG, PNG or HEIC image.")),
    RefusalCode.BROKEN: lambda p: (
        _("This {format} is damaged and cannot be opened.", format=_fmt(p["format"])),
        _("Send it again, or export or scan it anew.")),
    RefusalCode.IMAGE_TOO_LARGE: lambda p: (
        _("This image says it has {megapixels} megapixels, more than the bot opens safely (at most {limit}). "
          "It was not opened.", megapixels=p["megapixels"], limit=p["limit"]),
        _("Take the photo at your camera's normal resolution, or send a smaller copy.")),
    RefusalCode.ENCRYPTED: lambda p: (
        _("This PDF is protected by a password. The platform refuses encrypted files."),
        _("Open it with its password and save or print it as a new PDF without a password, then send that.")),
    RefusalCode.ACTIVE_CONTENT: lambda p: (
        _("This PDF contains {what}. For safety the bot does not accept PDFs with active content.",
          what=_ACTIVE[str(p["what"])]),
        _PRINT_TO_PDF),
    RefusalCode.TOO_MANY_PAGES: lambda p: (
        _("This PDF has {pages} pages; the bot takes at most {limit} in one file.", pages=p["pages"],
          limit=MAX_PDF_PAGES),
        _("Send only the pages the application needs.")),
    RefusalCode.NOT_A_PHOTO: lambda p: (
        _("The photo must be one image (JPEG, PNG or HEIC), not a {format}.", format=_fmt(p["format"])),
        _("Send the photo itself as an image file or as a photo.")),
    RefusalCode.CANNOT_FIT: lambda p: (
        ngettext("Even compressed, this page does not fit in {limit} and stay readable.",
                 "Even compressed, these {count} pages do not fit in {limit} and stay readable.",
                 int(p["pages"]), limit=p.get("limit", format_limit(PLATFORM_MAX_BYTES))),
        _("Split the document into parts (for example pages 1–10 and 11–20) and send each part as its own "
          "document, or retake the photos closer to the page.")),
    RefusalCode.NO_PAGES: lambda p: (
        _("There are no pages to put together yet."),
        _("Send a photo or a file first.")),
    RefusalCode.HIDDEN_ARCHIVE: lambda p: (
        _("This {format} has a {archive} hidden inside it. For safety the bot does not accept files that "
          "carry other files.", format=_fmt(p["format"]), archive=_fmt(p["archive"])),
        _("Open it and save or print it as a new file (Print → Save as PDF), then send that file.")),
    RefusalCode.IMAGE_TOO_HEAVY: lambda p: (
        _("This image is {width} × {height} pixels with {channels} channels of {bits} bits: converting it would "
          "take about {needed} MB of memory, more than the bot gives one image ({limit} MB). It was not opened.",
          width=p["width"], height=p["height"], channels=p["channels"], bits=p["bits"], needed=p["needed"],
          limit=p["limit"]),
        _("Send it at a lower resolution, as an ordinary 8-bit JPEG or PNG without transparency, or as a PDF.")),
    RefusalCode.TOO_MANY_OBJECTS: lambda p: (
        _("This PDF is made of about {objects} pieces (objects), far more than a document needs (at most {limit}). "
          "It was not opened.", objects=p["objects"], limit=MAX_PDF_OBJECTS),
        _PRINT_TO_PDF),
    RefusalCode.PAGE_TOO_LARGE: lambda p: (
        _("Page {page} of this PDF is {width} × {height} cm, far larger than a document page.", page=p["page"],
          width=p["width"], height=p["height"]),
        _("Print or export it on A4 pages, then send that PDF.")),
    RefusalCode.TOO_MUCH_WORK: lambda p: (
        _("This file needs more memory or time than the bot gives one file (at most {seconds} seconds), so its "
          "conversion was stopped.", seconds=WORKER_SECONDS),
        _("Send fewer pages at a time, a smaller scan, or print it to a new PDF (Print → Save as PDF) first.")),
}

_FAMILY_REFUSAL: dict[Family, RefusalCode] = {
    Family.ARCHIVE: RefusalCode.ARCHIVE,
    Family.OFFICE: RefusalCode.OFFICE,
    Family.EXECUTABLE: RefusalCode.EXECUTABLE,
    Family.OTHER_IMAGE: RefusalCode.OTHER_IMAGE,
    Family.OTHER: RefusalCode.UNSUPPORTED,
    Family.EMPTY: RefusalCode.EMPTY,
}


@dataclass(frozen=True)
class Refusal:
    """A file the bot will not take, the reason, and what the user can do instead.

    ``claimed`` is the format the file's name suggested when that differs from what the bytes are.
    """

    code: RefusalCode
    params: Params = ()
    claimed: FileFormat | None = None

    @classmethod
    def of(cls, code: RefusalCode, *, claimed: FileFormat | None = None, **values: str | int | float) -> Refusal:
        return cls(code, _params(**values), claimed)

    @classmethod
    def for_format(cls, found: FileFormat, claimed: FileFormat | None = None) -> Refusal:
        """The refusal for a format the bot does not take."""
        code = _FAMILY_REFUSAL.get(found.family, RefusalCode.UNSUPPORTED)
        mismatch = claimed if claimed is not None and claimed is not found and found is not FileFormat.EMPTY else None
        return cls.of(code, claimed=mismatch, format=found.value)

    @property
    def reason(self) -> Msg:
        return _REFUSALS[self.code](dict(self.params))[0]

    @property
    def hint(self) -> Msg | None:
        return _REFUSALS[self.code](dict(self.params))[1]

    @property
    def messages(self) -> tuple[Msg, ...]:
        """Everything to show, in order: the misleading name (if any), the reason, the hint."""
        parts: list[Msg] = []
        found = dict(self.params).get("format")
        if self.claimed is not None and found is not None:
            parts.append(_("The file is named like a {claimed}, but it is really a {actual}.",
                           claimed=self.claimed.label, actual=_fmt(found)))
        parts.append(self.reason)
        if (hint := self.hint) is not None:
            parts.append(hint)
        return tuple(parts)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code.value, "params": dict(self.params),
                "claimed": self.claimed.value if self.claimed else None}


def image_too_large(pixels: int, limit: int = MAX_IMAGE_PIXELS) -> Refusal:
    return Refusal.of(RefusalCode.IMAGE_TOO_LARGE, megapixels=round(pixels / 1_000_000),
                      limit=round(limit / 1_000_000))


def decoded_too_large(pixels: int) -> Refusal:
    return image_too_large(pixels, MAX_DECODED_PIXELS)


class Refused(Exception):
    """Raised inside the pipeline; the public functions return the :class:`Refusal` instead."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.code.value)
        self.refusal = refusal

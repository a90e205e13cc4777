"""What the pipeline hands to the chat: a kept page, a platform-ready file, and how to describe them.

A :class:`Page` is one accepted upload made safe (an upright JPEG without metadata, or a checked PDF);
the chat keeps pages between "add a page" and "done" (``pack()`` gives one opaque blob to store). A
:class:`Converted` is the file to upload to the platform, with everything the chat shows: size, page
count, preview, what it was made from, what was done and the warnings.
"""

from __future__ import annotations

import hashlib
import io
import json
import struct
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, Any

from bot.documents.formats import FileFormat
from bot.documents.limits import PAGE_KEEP_QUALITY, PLATFORM_MAX_BYTES
from bot.documents.notes import Note, format_size
from bot.i18n import Msg, _, joined, ngettext

if TYPE_CHECKING:
    from PIL import Image


class DocumentKind(StrEnum):
    """What a slot takes: the applicant's photo (a JPEG) or a document (a PDF)."""

    PHOTO = "photo"
    DOCUMENT = "document"


@dataclass(frozen=True)
class SourceInfo:
    """What a user sent, before conversion."""

    format: FileFormat
    size: int
    pixels: tuple[int, int] | None = None
    pages: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {"format": self.format.value, "size": self.size, "pixels": list(self.pixels) if self.pixels else None,
                "pages": self.pages}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SourceInfo:
        pixels = data.get("pixels")
        return cls(FileFormat(data["format"]), int(data["size"]),
                   (int(pixels[0]), int(pixels[1])) if pixels else None, int(data.get("pages", 1)))

    @property
    def description(self) -> Msg:
        if self.pixels is not None:
            return _("{format}, {width} × {height} pixels, {size}", format=self.format.label,
                     width=self.pixels[0], height=self.pixels[1], size=format_size(self.size))
        return ngettext("{format}, one page, {size}", "{format}, {count} pages, {size}", self.pages,
                        format=self.format.label, size=format_size(self.size))


_PACK_MAGIC = b"GCPAGE1"


class Page:
    """One accepted upload, made safe: an upright JPEG (no metadata) or a checked PDF.

    ``data`` is what is stored; a page made in this process also keeps its decoded pixels, so finishing
    a document right away does not decode them again.
    """

    def __init__(self, *, format: FileFormat, source: SourceInfo, notes: tuple[Note, ...] = (),
                 data: bytes | None = None, image: Image.Image | None = None, restricted: bool = False,
                 signed: bool = False) -> None:
        if data is None and image is None:
            raise ValueError("a page needs its data or its image")
        self.format = format
        self.source = source
        self.notes = notes
        self.restricted = restricted
        """A PDF that had copy/print restrictions: ``data`` is already saved anew without them."""
        self.signed = signed
        self._data = data
        self._image = image

    @property
    def is_image(self) -> bool:
        return self.format is FileFormat.JPEG

    @property
    def data(self) -> bytes:
        if self._data is None:
            assert self._image is not None
            buffer = io.BytesIO()
            self._image.save(buffer, "JPEG", quality=PAGE_KEEP_QUALITY, optimize=True)
            self._data = buffer.getvalue()
        return self._data

    @property
    def image(self) -> Image.Image:
        """The pixels of an image page (decoded from ``data`` when the page was restored)."""
        if not self.is_image:
            raise ValueError("a PDF page has no single image")
        if self._image is None:
            from PIL import Image  # here: Pillow is loaded with the first document, not at start-up

            with Image.open(io.BytesIO(self.data), formats=["JPEG"]) as stored:
                stored.load()
                self._image = stored.copy()
        return self._image

    def pack(self) -> bytes:
        """One blob with the page and its description, for the chat to store (sealed) between messages."""
        meta = json.dumps({"format": self.format.value, "source": self.source.to_dict(),
                           "notes": [note.to_dict() for note in self.notes], "restricted": self.restricted,
                           "signed": self.signed}, separators=(",", ":")).encode()
        return _PACK_MAGIC + struct.pack(">I", len(meta)) + meta + self.data

    @classmethod
    def unpack(cls, blob: bytes) -> Page:
        if not blob.startswith(_PACK_MAGIC):
            raise ValueError("not a packed page")
        offset = len(_PACK_MAGIC)
        (length,) = struct.unpack(">I", blob[offset:offset + 4])
        meta = json.loads(blob[offset + 4:offset + 4 + length])
        return cls(format=FileFormat(meta["format"]), source=SourceInfo.from_dict(meta["source"]),
                   notes=tuple(Note.from_dict(note) for note in meta["notes"]),
                   data=blob[offset + 4 + length:], restricted=bool(meta["restricted"]), signed=bool(meta["signed"]))


def listed(parts: list[Msg]) -> Msg:
    """Items of a list in one sentence, with the locale's separator."""
    joined = parts[0]
    for part in parts[1:]:
        joined = _("{first}; {second}", first=joined, second=part)
    return joined


def warning_line(message: Msg) -> Msg:
    return Msg("⚠️ {text}", {"text": message})


@dataclass(frozen=True)
class Converted:
    """A platform-ready file and everything to tell the user about it."""

    data: bytes
    media_type: str
    kind: DocumentKind
    pages: int
    preview: bytes | None
    sources: tuple[SourceInfo, ...]
    notes: tuple[Note, ...] = ()
    dpi: int | None = None
    """For a PDF: the lowest effective resolution of its page images on the page (None for vector PDFs).
    For the photo: its resolution at 3.5 cm wide."""
    pixels: tuple[int, int] | None = None
    """For the photo: its width and height."""
    preview_media_type: str = "image/jpeg"
    limit: int = field(default=PLATFORM_MAX_BYTES)

    @property
    def size(self) -> int:
        return len(self.data)

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def extension(self) -> str:
        return ".jpg" if self.media_type == "image/jpeg" else ".pdf"

    @property
    def warnings(self) -> tuple[Note, ...]:
        return tuple(note for note in self.notes if note.is_warning)

    @property
    def steps(self) -> tuple[Note, ...]:
        return tuple(note for note in self.notes if not note.is_warning)

    @property
    def headline(self) -> Msg:
        size, limit = format_size(self.size), format_size(self.limit)
        if self.media_type == "image/jpeg" and self.pixels:
            return _("Ready for the platform: a JPEG photo of {width} × {height} pixels (3.5 × 4.5 cm), {size} "
                     "(the limit is {limit}).", width=self.pixels[0], height=self.pixels[1], size=size, limit=limit)
        if self.dpi is not None:
            return ngettext("Ready for the platform: a PDF of one page, {size} (the limit is {limit}), {dpi} DPI "
                            "on an A4 page.",
                            "Ready for the platform: a PDF of {count} pages, {size} (the limit is {limit}), at "
                            "least {dpi} DPI on an A4 page.", self.pages, size=size, limit=limit, dpi=self.dpi)
        return ngettext("Ready for the platform: a PDF of one page, {size} (the limit is {limit}).",
                        "Ready for the platform: a PDF of {count} pages, {size} (the limit is {limit}).",
                        self.pages, size=size, limit=limit)

    @property
    def made_from(self) -> Msg:
        if len(self.sources) == 1:
            return _("Made from: {source}.", source=self.sources[0].description)
        return ngettext("Made from one file: {sources}.", "Made from {count} files: {sources}.", len(self.sources),
                        sources=listed([source.description for source in self.sources]))

    def summary(self) -> tuple[Msg, ...]:
        """The message parts the chat shows after an upload: headline, origin and steps, warnings."""
        parts = [self.headline, joined([self.made_from, *(note.message for note in self.steps)])]
        if self.warnings:
            parts.append(joined([warning_line(note.message) for note in self.warnings]))
        return tuple(parts)

    def to_dict(self) -> dict[str, Any]:
        """Everything but the bytes, for storage next to the file and for ``docs check --json``."""
        return {"media_type": self.media_type, "kind": self.kind.value, "size": self.size, "sha256": self.sha256,
                "pages": self.pages, "dpi": self.dpi, "pixels": list(self.pixels) if self.pixels else None,
                "sources": [source.to_dict() for source in self.sources],
                "notes": [note.to_dict() for note in self.notes]}

"""The documents of an export: the converted files, and the checklist lines the copy sheet shows.

An :class:`ExportDocument` is what the chat's document checklist hands to the export: the checklist
item's key and names (zh, en), the file name and the platform-ready bytes. The copy sheet lists every
document with its file name and size; the ZIP holds each file under a safe name made from its checklist
item (:func:`archive_names`). A draft also records its files' names and sizes (``documents.files``);
those without bytes in this export are still listed, marked as not included.

:func:`uploaded_documents` reads the chat's finished uploads (the documents section's private
``_uploads``: item key → ``{"sha256", "file_name", ...}``) from the sealed file store.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from bot.forms.draft import ApplicationDraft

# Names of the usual checklist items, used only when the documents area's checklist data is not at hand.
_FALLBACK_NAMES: dict[str, tuple[str, str]] = {
    "photo": ("照片", "Photo"),
    "passport": ("護照", "Passport"),
    "cv": ("履歷", "CV"),
    "employment_certificate": ("國內外服務證明", "Employment certificate"),
    "tax_statement": ("薪資扣繳或納稅證明", "Tax or withholding statement"),
}
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", ".pdf"), (b"\xff\xd8\xff", ".jpg"), (b"\x89PNG\r\n\x1a\n", ".png"),
)
_HEAD = max(len(magic) for magic, _extension in _MAGIC)  # the first bytes that tell a file's type
_SAFE = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class ExportDocument:
    """One platform-ready file for the export: its checklist item (key, zh and en names), name and bytes."""

    item: str
    zh: str
    en: str
    file_name: str
    data: bytes
    length: int | None = None
    """The file's size when ``data`` holds only its first bytes (:meth:`described`)."""

    @property
    def size(self) -> int:
        return len(self.data) if self.length is None else self.length

    def described(self) -> ExportDocument:
        """This document without its contents: its size and first bytes (its type), all that the copy sheet
        shows of it (what the document worker is sent, instead of the whole file)."""
        return replace(self, data=self.data[:_HEAD], length=self.size)


@dataclass(frozen=True)
class ChecklistLine:
    """One line of the copy sheet's document checklist.

    ``archive_name`` is the file's name inside the ZIP (None when this export does not include the file:
    the draft only records that it was uploaded)."""

    item: str
    zh: str
    en: str
    file_name: str
    size: int
    archive_name: str | None


def item_names(item: str | None) -> tuple[str, str]:
    """The zh and en names of a checklist item (from the documents area's data when it has the item)."""
    if not item:
        return "其他文件", "Other document"
    try:
        from bot.documents.checklist import document_facts
    except ImportError:  # pragma: no cover - the checklist data ships with the documents area
        found = None
    else:
        found = document_facts().item(item)
    if found is not None:
        return found.zh, found.en
    if item in _FALLBACK_NAMES:
        return _FALLBACK_NAMES[item]
    english = item.replace("_", " ").strip().capitalize() or "Document"
    return english, english


def extension_of(document: ExportDocument) -> str:
    """The file's extension, from its bytes (converted files are PDF or JPEG), else from its name."""
    for magic, extension in _MAGIC:
        if document.data.startswith(magic):
            return extension
    suffix = re.search(r"\.([A-Za-z0-9]{1,5})$", document.file_name)
    return f".{suffix[1].lower()}" if suffix else ".bin"


def safe_stem(text: str, fallback: str = "document") -> str:
    """ASCII letters, digits and hyphens only (every unzip tool and file system takes it)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    stem = _SAFE.sub("-", ascii_text).strip("-")[:60].strip("-")
    return stem or fallback


def archive_names(documents: Sequence[ExportDocument], folder: str = "documents") -> tuple[str, ...]:
    """Each document's path in the ZIP: ``documents/01-passport.pdf`` (numbered in checklist order)."""
    names: list[str] = []
    for number, document in enumerate(documents, 1):
        stem = safe_stem(document.item, fallback=safe_stem(document.en))
        names.append(f"{folder}/{number:02d}-{stem}{extension_of(document)}")
    return tuple(names)


def checklist(draft: ApplicationDraft, documents: Sequence[ExportDocument]) -> tuple[ChecklistLine, ...]:
    """The documents of the export, then the files the draft records that the export does not include."""
    names = archive_names(documents)
    lines = [ChecklistLine(doc.item, doc.zh, doc.en, doc.file_name, doc.size, name)
             for doc, name in zip(documents, names, strict=True)]
    included = {(doc.item, doc.file_name) for doc in documents}
    included_items = {doc.item for doc in documents}
    for recorded in draft.documents.files if draft.documents else ():
        item = recorded.document or ""
        if (item, recorded.file_name) in included or (item and item in included_items):
            continue
        zh, en = item_names(item)
        lines.append(ChecklistLine(item, zh, en, recorded.file_name, recorded.size_bytes, None))
    return tuple(lines)


FileReader = Callable[[str], bytes]


def uploaded_documents(sections: Mapping[str, Any], read: FileReader) -> tuple[ExportDocument, ...]:
    """The finished uploads the chat stored for a draft, read through ``read(sha256)`` (the file store).

    ``sections`` is the conversation's storage of the draft; unfinished items (pages only) and files that
    can no longer be read are left out."""
    return tuple(document for document, _sha256 in read_uploads(sections, read))


def read_uploads(sections: Mapping[str, Any], read: FileReader) -> Iterator[tuple[ExportDocument, str]]:
    """:func:`uploaded_documents` one at a time, each with its SHA-256 in the file store (to read it again):
    a caller that keeps only :meth:`ExportDocument.described` holds one file in memory at a time."""
    documents_section = sections.get("documents")
    uploads = documents_section.get("_uploads") if isinstance(documents_section, Mapping) else None
    if not isinstance(uploads, Mapping):
        return
    for item, upload in _in_checklist_order(uploads):
        sha256 = upload.get("sha256") if isinstance(upload, Mapping) else None
        if not isinstance(sha256, str):
            continue
        try:
            data = read(sha256)
        except (KeyError, ValueError, OSError):
            continue
        zh, en = item_names(item)
        file_name = str(upload.get("file_name") or f"{item}")
        yield ExportDocument(item, zh, en, file_name, data), sha256


def _in_checklist_order(uploads: Mapping[str, Any]) -> Iterable[tuple[str, Any]]:
    try:
        from bot.documents.checklist import document_facts
    except ImportError:  # pragma: no cover
        order: list[str] = []
    else:
        order = [item.key for item in document_facts().items]
    rank = {key: index for index, key in enumerate(order)}
    return sorted(uploads.items(), key=lambda pair: (rank.get(pair[0], len(rank)), pair[0]))


__all__ = ["ChecklistLine", "ExportDocument", "FileReader", "archive_names", "checklist", "item_names",
           "read_uploads", "safe_stem", "uploaded_documents"]

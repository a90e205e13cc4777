"""Reading a draft out of any file ``goldcard-bot export`` writes (what ``check-draft`` takes).

- a bare draft (the shape ``goldcard-bot schema`` describes);
- ``draft.json``: the export's envelope ``{"format": "goldcard-guide/draft-export", ..., "draft": {...}}``;
- ``goldcard-export-<date>.zip``: its ``draft.json`` entry;
- ``copy-sheet.pdf``: the ``draft.json`` it carries as an attached file.

Everything is bounded before it is decoded (:data:`MAX_BYTES` for the draft itself); a file that is none
of these raises :class:`~bot.forms.draft.DraftShapeError`.
"""

from __future__ import annotations

import io
import json
import zipfile

from bot.forms.draft import ApplicationDraft, DraftShapeError, load_draft

FORMAT = "goldcard-guide/draft-export"
MAX_BYTES = 1024 * 1024  # a draft is a few KB
MAX_CONTAINER = 200 * 1024 * 1024  # a ZIP with documents, or a PDF
ENTRY = "draft.json"


def read_draft_file(data: bytes) -> ApplicationDraft:
    """The draft in ``data`` (bare draft, export envelope, export ZIP or copy-sheet PDF)."""
    if len(data) > MAX_CONTAINER:
        raise DraftShapeError("too large")
    if data.startswith(b"PK\x03\x04"):
        return _from_json(_zip_entry(data))
    if data.startswith(b"%PDF-"):
        return _from_json(_pdf_attachment(data))
    return _from_json(data)


def _from_json(data: bytes) -> ApplicationDraft:
    if len(data) > MAX_BYTES:
        raise DraftShapeError("too large to be a draft")
    try:
        parsed = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise DraftShapeError("not JSON", (type(exc).__name__,)) from None
    if isinstance(parsed, dict) and parsed.get("format") == FORMAT:
        body = parsed.get("draft")
        if not isinstance(body, dict):
            raise DraftShapeError("an export without a draft", ("draft",))
        return load_draft(json.dumps(body))
    return load_draft(data)


def _zip_entry(data: bytes) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo(ENTRY)
            if info.file_size > MAX_BYTES:
                raise DraftShapeError("too large to be a draft", (ENTRY,))
            with archive.open(info) as entry:
                return entry.read(MAX_BYTES + 1)
    except KeyError:
        raise DraftShapeError("a ZIP without draft.json", (ENTRY,)) from None
    except zipfile.BadZipFile as exc:
        raise DraftShapeError("not a readable ZIP", (type(exc).__name__,)) from None


def _pdf_attachment(data: bytes) -> bytes:
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            attached = pdf.attachments.get(ENTRY)
            if attached is None:
                raise DraftShapeError("a PDF without an attached draft.json", (ENTRY,))
            stream = attached.get_file()
            if int(stream.size) > MAX_BYTES:
                raise DraftShapeError("too large to be a draft", (ENTRY,))
            return bytes(stream.read_bytes())
    except pikepdf.PdfError as exc:
        raise DraftShapeError("not a readable PDF", (type(exc).__name__,)) from None


__all__ = ["read_draft_file"]

"""One export of a draft: the JSON, the PDF copy sheet and a ZIP holding both plus the documents.

:func:`build_export` makes the three in memory and :func:`write_export` writes them into a folder (what
``goldcard-bot export`` does). The chat makes only the part a button asks for, from its stored sections and
file store: :func:`pdf_of_sections` or :func:`zip_of_sections`, which hold one document in memory at a time
(the document worker that renders the PDF is sent each document's size and type, never its bytes; the ZIP
reads each document again as it writes it). ZIP layout::

    copy-sheet.pdf
    draft.json
    documents/01-photo.jpg
    documents/02-passport.pdf
    ...

Documents are stored without recompression (they are already compressed PDFs and JPEGs); every entry
carries the export's date, so the same export gives the same archive.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bot.export.documents import ExportDocument, FileReader, archive_names, read_uploads
from bot.export.json_file import export_json
from bot.export.pdf_worker import render_pdf_isolated
from bot.forms.draft import ApplicationDraft
from bot.forms.draft_io import to_draft
from bot.forms.verdict import verdict
from bot.forms.verdict_model import Verdict

JSON_NAME = "draft.json"
PDF_NAME = "copy-sheet.pdf"


@dataclass(frozen=True)
class ExportBundle:
    """The export's files in memory, and the verdict on the draft when it was made."""

    json_text: str
    pdf: bytes
    zip: bytes
    generated: date
    verdict: Verdict

    @property
    def complete(self) -> bool:
        return self.verdict.complete

    @property
    def json_bytes(self) -> bytes:
        return self.json_text.encode("utf-8")

    @property
    def zip_name(self) -> str:
        return zip_name(self.generated)


def build_export(draft: ApplicationDraft, *, locale: str, today: date, label: str | None = None,
                 documents: Sequence[ExportDocument] = (), generated: date | None = None) -> ExportBundle:
    """JSON, PDF (surrounding text in ``locale``) and ZIP of ``draft``, checked as of ``today``."""
    when = generated or today
    json_text = export_json(draft, generated=when, label=label)
    pdf = _pdf(draft, json_text.encode("utf-8"), [document.described() for document in documents], locale=locale,
               today=today, label=label, generated=when)
    archive = _zip(json_text.encode("utf-8"), pdf, documents, (document.data for document in documents), when)
    return ExportBundle(json_text, pdf, archive, when, verdict(draft, today))


def pdf_of_sections(sections: Mapping[str, Any], *, read: FileReader, locale: str, today: date,
                    label: str | None = None) -> bytes:
    """The PDF copy sheet of a draft as the chat stores it (``{section: {field: value}}``), its documents tab
    listing the finished uploads read through ``read(sha256)`` (e.g. ``lambda sha: files.get(user_id, sha)``).

    Raises ``ValueError`` (pydantic's ValidationError) when the stored answers no longer fit the model."""
    draft, json_bytes, uploads = _stored(sections, read, today, label)
    return _pdf(draft, json_bytes, [document for document, _sha256 in uploads], locale=locale, today=today,
                label=label, generated=today)


def zip_of_sections(sections: Mapping[str, Any], *, read: FileReader, locale: str, today: date,
                    label: str | None = None) -> bytes:
    """The ZIP (copy sheet, draft.json, documents) of a draft as the chat stores it: :func:`pdf_of_sections`,
    then each document read again as it is written (a document gone meanwhile fails the export: the sheet
    in the ZIP lists it)."""
    draft, json_bytes, uploads = _stored(sections, read, today, label)
    documents = [document for document, _sha256 in uploads]
    pdf = _pdf(draft, json_bytes, documents, locale=locale, today=today, label=label, generated=today)
    return _zip(json_bytes, pdf, documents, (read(sha256) for _document, sha256 in uploads), today)


def zip_name(generated: date) -> str:
    return f"goldcard-export-{generated.isoformat()}.zip"


def _stored(sections: Mapping[str, Any], read: FileReader, today: date,
            label: str | None) -> tuple[ApplicationDraft, bytes, list[tuple[ExportDocument, str]]]:
    """The draft of the chat's sections, its draft.json, and its documents described (one read at a time)."""
    draft = to_draft(sections, today)
    json_bytes = export_json(draft, generated=today, label=label).encode("utf-8")
    return draft, json_bytes, [(document.described(), sha256) for document, sha256 in read_uploads(sections, read)]


def _pdf(draft: ApplicationDraft, json_bytes: bytes, described: Sequence[ExportDocument], *, locale: str,
         today: date, label: str | None, generated: date) -> bytes:
    return render_pdf_isolated(draft, today, documents=described, label=label, generated=generated, locale=locale,
                               draft_json=json_bytes)


def _zip(json_bytes: bytes, pdf: bytes, documents: Sequence[ExportDocument], contents: Iterable[bytes],
         when: date) -> bytes:
    """The archive; ``contents``: each document's bytes, in order (read as it is written)."""
    stamp = (when.year, when.month, when.day, 0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(_entry(PDF_NAME, stamp, zipfile.ZIP_DEFLATED), pdf)
        archive.writestr(_entry(JSON_NAME, stamp, zipfile.ZIP_DEFLATED), json_bytes)
        for name, data in zip(archive_names(documents), contents, strict=True):
            archive.writestr(_entry(name, stamp, zipfile.ZIP_STORED), data)
    return buffer.getvalue()


def _entry(name: str, stamp: tuple[int, int, int, int, int, int], method: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.compress_type = method
    info.external_attr = 0o600 << 16  # owner-only when unpacked: the files hold personal data
    return info


def write_export(bundle: ExportBundle, out_dir: Path) -> tuple[Path, Path, Path]:
    """Write ``draft.json``, ``copy-sheet.pdf`` and the ZIP into ``out_dir`` (created if needed)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = (out_dir / JSON_NAME, out_dir / PDF_NAME, out_dir / bundle.zip_name)
    for path, data in zip(paths, (bundle.json_bytes, bundle.pdf, bundle.zip), strict=True):
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_bytes(data)
        temporary.chmod(0o600)
        temporary.replace(path)
    return paths


__all__ = ["JSON_NAME", "PDF_NAME", "ExportBundle", "build_export", "pdf_of_sections", "write_export", "zip_name",
           "zip_of_sections"]

"""One export of a draft: the JSON, the PDF copy sheet and a ZIP holding both plus the documents.

:func:`build_export` makes the three in memory (what the chat sends as files);
:func:`export_of_sections` does the same from the chat's stored sections and file store; :func:`write_export`
writes them into a folder (what ``goldcard-bot export`` does). ZIP layout::

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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bot.export.documents import ExportDocument, FileReader, archive_names, uploaded_documents
from bot.export.json_file import export_json
from bot.export.pdf_worker import render_pdf_isolated
from bot.export.sheet import Sheet, build_sheet
from bot.forms.draft import ApplicationDraft
from bot.forms.draft_io import to_draft
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
        return f"goldcard-export-{self.generated.isoformat()}.zip"


def build_export(draft: ApplicationDraft, *, locale: str, today: date, label: str | None = None,
                 documents: Sequence[ExportDocument] = (), generated: date | None = None) -> ExportBundle:
    """JSON, PDF (surrounding text in ``locale``) and ZIP of ``draft``, checked as of ``today``."""
    when = generated or today
    sheet: Sheet = build_sheet(draft, today, documents=documents, label=label, generated=when)
    json_text = export_json(draft, generated=when, label=label)
    pdf = render_pdf_isolated(draft, today, documents=documents, label=label, generated=when, locale=locale,
                              draft_json=json_text.encode("utf-8"))
    archive = _zip(json_text.encode("utf-8"), pdf, documents, when)
    return ExportBundle(json_text, pdf, archive, when, sheet.verdict)


def export_of_sections(sections: Mapping[str, Any], *, read: FileReader, locale: str, today: date,
                       label: str | None = None) -> ExportBundle:
    """The export of a draft as the chat stores it (``{section: {field: value}}``), with the finished
    uploads of its documents tab read through ``read(sha256)`` (e.g. ``lambda sha: files.get(user_id, sha)``).

    Raises ``ValueError`` (pydantic's ValidationError) when the stored answers no longer fit the model."""
    return build_export(to_draft(sections, today), locale=locale, today=today, label=label,
                        documents=uploaded_documents(sections, read))


def _zip(json_bytes: bytes, pdf: bytes, documents: Sequence[ExportDocument], when: date) -> bytes:
    stamp = (when.year, when.month, when.day, 0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(_entry(PDF_NAME, stamp, zipfile.ZIP_DEFLATED), pdf)
        archive.writestr(_entry(JSON_NAME, stamp, zipfile.ZIP_DEFLATED), json_bytes)
        for name, document in zip(archive_names(documents), documents, strict=True):
            archive.writestr(_entry(name, stamp, zipfile.ZIP_STORED), document.data)
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


__all__ = ["JSON_NAME", "PDF_NAME", "ExportBundle", "build_export", "export_of_sections", "write_export"]

"""The document checklist of a draft, for the verdict: which documents its route needs, and their files.

The checklist is the documents area's (:func:`bot.documents.checklist.build_checklist`, data in
``bot/data/documents.json``), fed from the draft alone: the identity, nationality and birth country of
the tabs, the route stored in 領域專長 (``qualification_route``), and the files of 文件上傳 with the
warnings the applicant kept. A needed item without a file is missing; each kept warning is an open note.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from bot.documents.checklist import Checklist, Status, build_checklist
from bot.forms.verdict_model import FindingKind
from bot.i18n import Msg, _, localized

if TYPE_CHECKING:
    from bot.forms.draft import ApplicationDraft

DocumentFinding = tuple[FindingKind, str, str, Msg, Msg]  # kind, item key, zh name, en name, message


def draft_uploads(draft: ApplicationDraft) -> dict[str, dict[str, Any]]:
    """The draft's files by checklist item, in the shape the checklist reads (finished uploads only)."""
    uploads: dict[str, dict[str, Any]] = {}
    for file in draft.documents.files if draft.documents else ():
        if file.document:
            uploads[file.document] = {"sha256": "recorded", "file_name": file.file_name, "size": file.size_bytes,
                                      "warnings": [note.model_dump() for note in file.warnings]}
    return uploads


def draft_checklist(draft: ApplicationDraft) -> Checklist:
    """The applicant's checklist as the draft records it."""
    from bot.forms.qualification import documents_for

    route = draft.field_of_expertise.qualification_route if draft.field_of_expertise else None

    def route_documents(_answers: Mapping[str, Any]) -> tuple[str, ...] | None:
        return documents_for(route) or None if route else None

    return build_checklist(draft.answers("documents"), draft_uploads(draft), route_documents)


def document_findings(draft: ApplicationDraft) -> Iterator[DocumentFinding]:
    """Each needed document not uploaded (missing), and each kept warning of an uploaded one (note)."""
    checklist = draft_checklist(draft)
    uploads = draft_uploads(draft)
    for entry in checklist.entries:
        name_zh, name_en = entry.item.zh, localized(entry.item.en, entry.item.en)
        if entry.status in (Status.MISSING, Status.IN_PROGRESS):
            yield "missing", entry.item.key, name_zh, name_en, _("Not uploaded yet: {name}.", name=entry.item.name)
            continue
        for warning in uploads.get(entry.item.key, {}).get("warnings", ()):
            message: Msg = localized(str(warning.get("en", "")), str(warning.get("zh", warning.get("en", ""))))
            yield "note", entry.item.key, name_zh, name_en, message


__all__ = ["DocumentFinding", "document_findings", "draft_checklist", "draft_uploads"]

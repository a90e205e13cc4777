"""Between the conversation's storage and the shared draft model.

The engine stores a draft as ``{flow name: {question key: value}}``; flows built from forms sections
use the section key as their name and the field keys as question keys, so a stored draft maps onto
:class:`~bot.forms.draft.ApplicationDraft` directly. Private keys (``_confirmed`` ...) and sections
that are the bot's own (the qualification check) stay out of the draft.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from bot.forms.draft import ApplicationDraft, DraftShapeError, load_draft
from bot.i18n import Msg, _

DRAFT_SECTIONS = tuple(name for name in ApplicationDraft.model_fields if name != "schema_version")


def to_draft(sections: Mapping[str, Any]) -> ApplicationDraft:
    """The shared draft of what the conversation stored (keys the model does not know are left out)."""
    data: dict[str, Any] = {}
    for name in DRAFT_SECTIONS:
        section = sections.get(name)
        if not isinstance(section, Mapping):
            continue
        model = ApplicationDraft.model_fields[name].annotation
        known = _field_names(model)
        data[name] = {k: v for k, v in section.items() if not str(k).startswith("_") and k in known}
        if name == "documents":
            data[name]["files"] = uploaded_files(section)
    return ApplicationDraft.model_validate(data)


def uploaded_files(documents: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The finished uploads of the documents tab as the platform model's file list."""
    uploads = documents.get("_uploads")
    if not isinstance(uploads, Mapping):
        return list(documents.get("files") or [])
    return [{"file_name": upload["file_name"], "size_bytes": int(upload["size"]), "encrypted": False,
             "document": key}
            for key, upload in uploads.items() if isinstance(upload, Mapping) and upload.get("sha256")]


def to_sections(draft: ApplicationDraft) -> dict[str, Any]:
    """The conversation's storage for an imported draft (only the sections it has)."""
    return {name: draft.section_values(name) for name in DRAFT_SECTIONS if draft.started(name)}


def import_json(text: str | bytes) -> dict[str, Any]:
    """Sections from an exported JSON draft, checked by the shared rules' model; DraftShapeError if not one."""
    return to_sections(load_draft(text))


def review_findings(sections: Mapping[str, Any], today: date) -> tuple[Msg, ...]:
    """What the shared rules still refuse in the stored answers, for the review card: invalid values
    (including checks across tabs, such as a passport issued before the birth date) and notes."""
    try:
        draft = to_draft(sections)
    except ValueError:
        return (_("Some stored answers no longer fit the platform's form; check the tabs again."),)
    findings: list[Msg] = []
    for problem in draft.problems(today):
        if problem.kind == "missing":
            continue
        marker = "⚠" if problem.blocking else "ℹ"
        findings.append(_("{marker} {label}: {message}", marker=marker, label=problem.zh, message=problem.message))
    return tuple(findings)


def _field_names(annotation: Any) -> set[str]:
    for candidate in getattr(annotation, "__args__", (annotation,)):
        fields = getattr(candidate, "model_fields", None)
        if fields is not None:
            return set(fields)
    return set()


__all__ = ["DRAFT_SECTIONS", "DraftShapeError", "import_json", "review_findings", "to_draft", "to_sections"]

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
from bot.forms.verdict_model import Verdict

DRAFT_SECTIONS = tuple(name for name in ApplicationDraft.model_fields if name != "schema_version")


def to_draft(sections: Mapping[str, Any], today: date | None = None) -> ApplicationDraft:
    """The shared draft of what the conversation stored (keys the model does not know are left out), with
    the opening answers' confirmation and the qualification check's route and salary (as of ``today``)."""
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
        if name == "opening" and (confirmed := section.get("_confirmed")):
            # the date of the confirmation (drafts confirmed before dates were kept hold ``True``)
            data[name]["confirmed_on"] = str(confirmed) if isinstance(confirmed, str) else str(today or date.today())
    data = _with_qualification(sections, data, today or date.today())
    return ApplicationDraft.model_validate(data)


def _with_qualification(sections: Mapping[str, Any], data: dict[str, Any], today: date) -> dict[str, Any]:
    """The qualification check's route and salary (with its conversion) stored in 領域專長, so the draft, the
    checklist and the copy sheet all see them (the check itself is the bot's own section)."""
    from bot.forms.qualification import SALARY_ROUTE, chosen, salary_claim
    from bot.forms.salary import assess_salary, with_conversion

    check = sections.get("qualification")
    if not isinstance(check, Mapping):
        return data
    view: dict[str, Any] = {}
    for section in sections.values():
        if isinstance(section, Mapping):
            view.update({k: v for k, v in section.items() if not str(k).startswith("_")})
    view.update({k: v for k, v in check.items() if not str(k).startswith("_")})
    proposal = chosen(view, today)
    claim = salary_claim(view) if view.get(SALARY_ROUTE) == "check" else None
    field = dict(data.get("field_of_expertise") or {})
    if proposal is not None and not field.get("qualification_route"):
        field["qualification_route"] = proposal.regulation
    if claim is not None and not field.get("salary") and (proposal is None or proposal.statement.salary):
        assessed = assess_salary(claim, today)
        if assessed is not None and assessed.meets:
            field["salary"] = with_conversion(claim, today).model_dump(mode="json")
    if field:
        data["field_of_expertise"] = field
    return data


def uploaded_files(documents: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The finished uploads of the documents tab as the platform model's file list."""
    uploads = documents.get("_uploads")
    if not isinstance(uploads, Mapping):
        return list(documents.get("files") or [])
    return [{"file_name": upload["file_name"], "size_bytes": int(upload["size"]), "encrypted": False,
             "document": key, "warnings": _notes(upload.get("warnings"))}
            for key, upload in uploads.items() if isinstance(upload, Mapping) and upload.get("sha256")]


def _notes(warnings: Any) -> list[dict[str, str]]:
    notes = []
    for warning in warnings or ():
        if isinstance(warning, Mapping):
            en = str(warning.get("en", ""))[:500]
            notes.append({"en": en, "zh": str(warning.get("zh", en))[:500]})
        elif isinstance(warning, str):
            notes.append({"en": warning[:500], "zh": warning[:500]})
    return notes


def to_sections(draft: ApplicationDraft) -> dict[str, Any]:
    """The conversation's storage for an imported draft (only the sections it has). The opening answers'
    confirmation is not carried over: an imported draft is confirmed again before it is complete."""
    sections = {name: draft.section_values(name) for name in DRAFT_SECTIONS if draft.started(name)}
    if "opening" in sections:
        sections["opening"].pop("confirmed_on", None)
    return sections


def import_json(text: str | bytes) -> dict[str, Any]:
    """Sections from an exported JSON draft, checked by the shared rules' model; DraftShapeError if not one."""
    return to_sections(load_draft(text))


def review_findings(sections: Mapping[str, Any], today: date) -> Verdict | None:
    """The shared verdict (:func:`bot.forms.verdict.verdict`) on the stored answers, for the review card,
    /status and the menu; None when the stored answers no longer fit the form."""
    from bot.forms.verdict import verdict

    try:
        draft = to_draft(sections, today)
    except ValueError:
        return None
    return verdict(draft, today)


def _field_names(annotation: Any) -> set[str]:
    for candidate in getattr(annotation, "__args__", (annotation,)):
        fields = getattr(candidate, "model_fields", None)
        if fields is not None:
            return set(fields)
    return set()


__all__ = ["DRAFT_SECTIONS", "DraftShapeError", "import_json", "review_findings", "to_draft", "to_sections"]

"""The JSON export of a draft, and reading one back (CLI import, or a file sent in chat).

The file is an envelope around the draft::

    {
      "format": "goldcard-guide/draft-export",
      "format_version": 1,
      "generated": "2026-11-21",
      "label": "My application",
      "draft": {"schema_version": 1, "registration": ..., "opening": ..., ...}
    }

``draft`` is exactly the shape ``goldcard-bot schema`` describes (with its own ``schema_version``), so
``jq .draft`` gives a file that ``goldcard-bot check-draft`` and any JSON Schema validator take. The
envelope keeps what is not part of the application: the export's date and the draft's label (the name
the user gave the applicant). The draft is written with every section (null when not started), in the
model's field order, so the same draft exported on the same date gives the same bytes.

Reading accepts this envelope and also a bare draft (a file written by hand or by ``jq .draft``).
Everything read is checked by the shared model (:func:`bot.forms.draft.load_draft`): unknown keys or
wrong value types are refused with :class:`ImportRefused`, whose ``message`` tells the user why.
Whether the values are acceptable is the rules' business (``draft.problems``): an incomplete draft
imports fine.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.forms.draft import ApplicationDraft, DraftShapeError, load_draft
from bot.forms.draft_io import to_sections
from bot.i18n import Msg, _
from bot.json_limits import JsonRefused, depth, loads_bounded

FORMAT = "goldcard-guide/draft-export"
FORMAT_VERSION = 1
MAX_BYTES = 1024 * 1024  # a draft is a few KB; anything this large is not one
MAX_DEPTH = 16  # a draft nests a few levels (envelope, section, list of entries, entry)
MAX_LABEL = 60  # as the chat's applicant names (bot.engine.applicants)


class ImportRefused(ValueError):
    """The data is not a draft export. ``message`` is for the user; ``details`` name places, never values."""

    def __init__(self, reason: str, message: Msg, details: tuple[str, ...] = ()) -> None:
        super().__init__(reason)
        self.reason = reason
        self.message = message
        self.details = details


@dataclass(frozen=True)
class ExportedDraft:
    """What an export file holds: the draft, and the envelope's label and date (None for a bare draft)."""

    draft: ApplicationDraft
    label: str | None
    generated: date | None


def draft_data(draft: ApplicationDraft) -> dict[str, Any]:
    """The draft as JSON data, every section present (null when not started), in the model's order."""
    return draft.model_dump(mode="json")


def export_json(draft: ApplicationDraft, *, generated: date, label: str | None) -> str:
    """The export file's text (UTF-8, Chinese kept readable, two-space indent, final newline)."""
    envelope: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "generated": generated.isoformat(),
        "label": label,
        "draft": draft_data(draft),
    }
    return json.dumps(envelope, ensure_ascii=False, indent=2) + "\n"


def read_export(data: bytes | str) -> ExportedDraft:
    """The draft of an export file (or of a bare draft); :class:`ImportRefused` when it is neither."""
    raw = data.encode() if isinstance(data, str) else data
    if len(raw) > MAX_BYTES:
        raise ImportRefused("too large", _("This file is too large to be a draft export (at most 1 MB)."))
    if depth(raw) > MAX_DEPTH:  # counted before parsing: a deep nesting would exhaust the parser's recursion
        raise ImportRefused("nested too deeply", _("This file is not a draft export: it is nested far deeper "
                                                   "than a draft."))
    try:
        parsed = loads_bounded(raw, max_bytes=MAX_BYTES, max_depth=MAX_DEPTH)
    except JsonRefused:
        raise ImportRefused("not JSON", _("This file is not a draft export: it is not JSON text. Send the "
                                          "draft.json file of an export.")) from None
    if not isinstance(parsed, dict):
        raise ImportRefused("not a JSON object", _("This file is not a draft export: it holds no draft."))
    label: str | None = None
    generated: date | None = None
    body: Any = parsed
    if "format" in parsed or "draft" in parsed:
        _check_envelope(parsed)
        body = parsed["draft"]
        label = _label(parsed.get("label"))
        generated = _date(parsed.get("generated"))
    try:
        draft = load_draft(json.dumps(body))
    except DraftShapeError as exc:
        raise ImportRefused(exc.reason, _("This file is not a draft this bot can read: some of its fields do not "
                                          "fit the application's form."), exc.details) from None
    return ExportedDraft(draft, label, generated)


def _check_envelope(parsed: dict[str, Any]) -> None:
    if parsed.get("format") != FORMAT:
        raise ImportRefused("unknown format", _("This file is not a draft export of this bot."),
                            ("format",))
    version = parsed.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION or version < 1:
        raise ImportRefused("newer format", _("This export was made by a newer version of the bot. Please "
                                              "update the bot, then import it again."), ("format_version",))
    unknown = sorted(set(parsed) - {"format", "format_version", "generated", "label", "draft"})
    if unknown:
        raise ImportRefused("unknown keys", _("This file is not a draft export of this bot."), tuple(unknown))
    if not isinstance(parsed.get("draft"), dict):
        raise ImportRefused("no draft", _("This file is not a draft export: it holds no draft."), ("draft",))


def _label(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    cleaned = " ".join("".join(ch if ch.isprintable() else " " for ch in value).split())
    return cleaned[:MAX_LABEL] or None


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def parse_export(data: bytes | str) -> dict[str, Any]:
    """The conversation's storage (``{section: {field: value}}``) of an export file sent in chat.

    Raises :class:`ImportRefused`; its ``message`` is the reply for the user."""
    return to_sections(read_export(data).draft)


__all__ = ["FORMAT", "FORMAT_VERSION", "ExportedDraft", "ImportRefused", "draft_data", "export_json",
           "parse_export", "read_export"]

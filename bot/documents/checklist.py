"""The personal document checklist: which documents this applicant needs, why, and where each stands.

Derived from the draft's answers: the identity (Hong Kong / Macau), the nationality (authentication and
guarantor lists), the birth country (born in mainland China), and the field and regulation chosen in the
qualification check (its documents). Items, conditions and explanations are data
(``bot/data/documents.json``) with their sources; statuses come from what was uploaded.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from bot.forms.facts import nationality_lists
from bot.i18n import Msg, localized

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "documents.json"
HONG_KONG_MACAU = frozenset({"hong_kong", "macau"})
# Without a qualification check, the salary route's documents (the route most fields share).
SALARY_ROUTE = ("cv", "employment_certificate", "tax_statement")

Condition = Literal["always", "qualification", "hong_kong_macau", "hong_kong_macau_born_in_mainland",
                    "foreign_born_in_mainland", "guarantor_nationality", "authentication_nationality"]


class Status(StrEnum):
    MISSING = "missing"
    IN_PROGRESS = "in_progress"  # pages received, not finished yet
    UPLOADED = "uploaded"
    NEEDS_FIX = "needs_fix"  # uploaded, with a warning worth acting on


class DocumentItem(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    kind: Literal["photo", "document"]
    when: Condition
    zh: str
    en: str
    explain_en: str
    explain_zh: str
    confidence: Literal["OFFICIAL", "SECONDARY", "UNCONFIRMED"]
    source: str

    @property
    def name(self) -> Msg:
        return localized(self.en, self.zh)

    @property
    def explanation(self) -> Msg:
        return localized(self.explain_en, self.explain_zh)


class ChecklistNote(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    when: Condition
    en: str
    zh: str
    confidence: Literal["OFFICIAL", "SECONDARY", "UNCONFIRMED"]
    source: str

    @property
    def text(self) -> Msg:
        return localized(self.en, self.zh)


class DocumentFacts(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    about: str
    verified: str
    items: tuple[DocumentItem, ...]
    notes: tuple[ChecklistNote, ...]

    def item(self, key: str) -> DocumentItem | None:
        return next((item for item in self.items if item.key == key), None)


@cache
def document_facts() -> DocumentFacts:
    return DocumentFacts.model_validate(json.loads(DATA_FILE.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class Entry:
    item: DocumentItem
    status: Status
    reason: Msg | None = None  # why it needs a fix


@dataclass(frozen=True)
class Checklist:
    entries: tuple[Entry, ...]
    notes: tuple[ChecklistNote, ...]

    def entry(self, key: str) -> Entry | None:
        return next((entry for entry in self.entries if entry.item.key == key), None)

    @property
    def missing(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.status in (Status.MISSING, Status.IN_PROGRESS))

    @property
    def done(self) -> int:
        return sum(1 for e in self.entries if e.status in (Status.UPLOADED, Status.NEEDS_FIX))


QualificationDocs = Callable[[Mapping[str, Any]], tuple[str, ...] | None]


def _in_list(nationality: object, keys: tuple[str, ...]) -> bool:
    return any(nationality in group.codes for group in nationality_lists() if group.key in keys)


def applies(condition: Condition, answers: Mapping[str, Any], qualification: tuple[str, ...],
            key: str) -> bool:
    hk_macau = answers.get("nationality_identity") in HONG_KONG_MACAU
    born_in_mainland = answers.get("birth_country") == "CN"
    nationality = answers.get("nationality")
    match condition:
        case "always":
            return True
        case "qualification":
            return key in qualification
        case "hong_kong_macau":
            return hk_macau
        case "hong_kong_macau_born_in_mainland":
            return hk_macau and born_in_mainland
        case "foreign_born_in_mainland":
            return not hk_macau and born_in_mainland
        case "guarantor_nationality":
            return _in_list(nationality, ("authentication_and_guarantor", "guarantor_only"))
        case "authentication_nationality":
            return _in_list(nationality, ("authentication", "authentication_and_guarantor"))
    return False


def build_checklist(answers: Mapping[str, Any], uploads: Mapping[str, Mapping[str, Any]],
                    qualification_docs: QualificationDocs | None = None) -> Checklist:
    """The applicant's checklist. ``answers`` are the draft's flat answers; ``uploads`` maps an item key to
    what was stored for it (``{"sha256": ..., "warnings": [...]}`` when finished, ``{"pages": [...]}``
    while pages are coming in)."""
    facts = document_facts()
    chosen = qualification_docs(answers) if qualification_docs else None
    qualification = tuple(chosen) if chosen else SALARY_ROUTE
    entries = []
    for item in facts.items:
        if not applies(item.when, answers, qualification, item.key):
            continue
        entries.append(_entry(item, uploads.get(item.key)))
    notes = tuple(note for note in facts.notes if applies(note.when, answers, qualification, note.key))
    return Checklist(tuple(entries), notes)


def _entry(item: DocumentItem, upload: Mapping[str, Any] | None) -> Entry:
    if not upload:
        return Entry(item, Status.MISSING)
    if upload.get("sha256"):
        warnings = upload.get("warnings") or []
        if warnings:  # kept warnings stay open (the verdict lists them as notes)
            return Entry(item, Status.NEEDS_FIX, localized(*_first_warning(warnings)))
        return Entry(item, Status.UPLOADED)
    return Entry(item, Status.IN_PROGRESS)


def _first_warning(warnings: list[Any]) -> tuple[str, str]:
    first = warnings[0]
    if isinstance(first, Mapping):
        return str(first.get("en", "")), str(first.get("zh", first.get("en", "")))
    return str(first), str(first)

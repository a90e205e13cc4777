"""The copy sheet as data: what the PDF and the chat's tab-by-tab messages both show.

Built once from a draft by :func:`build_sheet`, in the platform's order (``bot.forms.sections``): the
identity the platform will derive and the opening answers it will not let change later (on top), what
is missing and what the rules still refuse or note (the verdict, :mod:`bot.forms.verdict`), then one :class:`Tab` per
platform tab with each field's zh label (verbatim), English label and value, and the document
checklist. Tabs of the new application are always there (so the missing ones show); the other forms
(registration, submission, change of data, supplement, Taiwan Jobs) only once started. Fields that the
platform does not ask of this applicant (``ask_when``) are left out; the bot's own helper fields
(``on_platform=False``) are kept but marked, since there is no box for them on the platform.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from bot.export.documents import ChecklistLine, ExportDocument, checklist
from bot.export.values import Shown, show
from bot.forms.draft import ApplicationDraft
from bot.forms.opening import Identity, derive_identity
from bot.forms.sections import SECTIONS, Section
from bot.forms.spec import FieldRef
from bot.forms.verdict import verdict
from bot.forms.verdict_model import Finding, Verdict
from bot.i18n import Msg

OPENING = "opening"
DOCUMENTS = "documents"


class RowState(StrEnum):
    ANSWERED = "answered"
    MISSING = "missing"  # required and not answered
    EMPTY = "empty"  # optional and not answered


@dataclass(frozen=True)
class Row:
    """One field of a tab: both labels, the value (None unless answered), and what to watch."""

    ref: FieldRef
    state: RowState
    shown: Shown | None = None
    flagged: bool = False  # a rule refuses the stored value: see the warnings

    @property
    def zh(self) -> str:
        return self.ref.spec.zh

    @property
    def en(self) -> Msg:
        return self.ref.spec.en

    @property
    def helper(self) -> bool:
        """The bot's own field: no box of this name on the platform."""
        return not self.ref.spec.on_platform


@dataclass(frozen=True)
class Tab:
    """One platform tab or form, with its fields in platform order."""

    section: Section
    rows: tuple[Row, ...]

    @property
    def key(self) -> str:
        return self.section.key

    @property
    def zh(self) -> str:
        return self.section.zh

    @property
    def en(self) -> Msg:
        return self.section.en

    @property
    def missing(self) -> int:
        return sum(1 for row in self.rows if row.state is RowState.MISSING)


@dataclass(frozen=True)
class Sheet:
    """Everything the copy sheet shows, language-neutral (labels are verbatim zh and lazy English)."""

    generated: date
    today: date
    label: str | None
    complete: bool
    identity: Identity | None
    opening: tuple[Row, ...]
    missing: tuple[Finding, ...]
    invalid: tuple[Finding, ...]
    notes: tuple[Finding, ...]
    tabs: tuple[Tab, ...]
    verdict: Verdict
    documents: tuple[ChecklistLine, ...] = field(default=())

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """What is still open besides missing answers: refused values first, then notes."""
        return self.invalid + self.notes


def build_sheet(draft: ApplicationDraft, today: date, *, documents: Sequence[ExportDocument] = (),
                label: str | None = None, generated: date | None = None) -> Sheet:
    """The copy sheet of ``draft``, with the verdict (:func:`bot.forms.verdict.verdict`) as of ``today``."""
    judged = verdict(draft, today)
    missing = draft.missing()
    invalid_paths = {finding.path for finding in judged.problems}
    tabs: list[Tab] = []
    opening_rows: tuple[Row, ...] = ()
    for item in SECTIONS:
        if not item.required and not draft.started(item.key):
            continue
        rows = _rows(draft, item, {ref.key for ref in missing.get(item.key, ())}, invalid_paths)
        if item.key == OPENING:
            opening_rows = tuple(row for row in rows if not row.helper)
            continue
        tabs.append(Tab(item, rows))
    return Sheet(
        generated=generated or today,
        today=today,
        label=label,
        complete=judged.complete,
        identity=derive_identity(draft.opening) if draft.opening is not None else None,
        opening=opening_rows,
        missing=judged.missing,
        invalid=judged.problems,
        notes=judged.notes,
        tabs=tuple(tabs),
        verdict=judged,
        documents=checklist(draft, documents),
    )


def _rows(draft: ApplicationDraft, item: Section, missing: set[str], invalid: set[str]) -> tuple[Row, ...]:
    answers = draft.answers(item.key)
    values = draft.section_values(item.key)
    rows: list[Row] = []
    for ref in item.fields():
        if not ref.spec.asked(answers):
            continue
        value = values.get(ref.key)
        flagged = ref.path in invalid
        if value is None or value == "" or value == [] or value == {}:
            state = RowState.MISSING if ref.key in missing else RowState.EMPTY
            rows.append(Row(ref, state, flagged=flagged))
        else:
            rows.append(Row(ref, RowState.ANSWERED, show(ref.spec, value), flagged))
    return tuple(rows)


__all__ = ["DOCUMENTS", "Row", "RowState", "Sheet", "Tab", "build_sheet"]

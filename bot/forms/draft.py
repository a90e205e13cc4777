"""The application draft: every section of every flow, possibly incomplete, and what is wrong with it.

A draft composes the section models under their keys (``basic_data``, ``passport_data`` ...; see
:data:`bot.forms.sections.SECTIONS`). The opening answers and the six tabs are needed for a
complete application; registration, submission, change of data, supplement and Taiwan Jobs are
checked once started. Values are stored as the rules normalise them (ISO dates, ISO country codes,
E.164 phones), so the same rules check a typed answer, a stored draft and the export:
:meth:`ApplicationDraft.problems` runs every rule again and lists each missing or invalid answer with
its key, labels and a fix-it message.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from bot.forms.opening import OpeningAnswers
from bot.forms.result import Accepted, Rejected, RuleContext, RuleResult
from bot.forms.sections import (
    SECTIONS,
    BasicData,
    DataChange,
    Declaration,
    Documents,
    FieldOfExpertise,
    PassportData,
    PlatformForm,
    Registration,
    Residence,
    Section,
    Submission,
    Supplement,
    TaiwanJobsMember,
    VisaApplication,
    section,
)
from bot.forms.spec import FieldRef, FieldSpec
from bot.i18n import Code, Msg, _

ProblemKind = Literal["missing", "invalid", "note"]


@dataclass(frozen=True)
class Problem:
    """One thing to fix about a draft (or, for a ``note``, worth knowing: a rule's warning)."""

    section: str
    key: str
    zh: str
    en: Msg
    message: Msg
    kind: ProblemKind

    @property
    def path(self) -> str:
        return f"{self.section}.{self.key}"

    @property
    def blocking(self) -> bool:
        return self.kind != "note"


class DraftShapeError(ValueError):
    """The data is not a draft at all (not JSON, not an object, unknown keys, wrong value types).

    ``details`` name the places (never the values: they may be personal data)."""

    def __init__(self, reason: str, details: tuple[str, ...] = ()) -> None:
        super().__init__(reason)
        self.reason = reason
        self.details = details


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


class ApplicationDraft(BaseModel):
    """Everything the applicant has answered so far, section by section (any part may be missing)."""

    model_config = ConfigDict(extra="forbid", title="Gold Card application draft")

    schema_version: Literal[1] = 1
    registration: Registration | None = None
    opening: OpeningAnswers | None = None
    declaration: Declaration | None = None
    basic_data: BasicData | None = None
    passport_data: PassportData | None = None
    visa_application: VisaApplication | None = None
    residence: Residence | None = None
    field_of_expertise: FieldOfExpertise | None = None
    documents: Documents | None = None
    submission: Submission | None = None
    data_change: DataChange | None = None
    supplement: Supplement | None = None
    taiwan_jobs: TaiwanJobsMember | None = None

    # -- reading ------------------------------------------------------------------------------

    def section_values(self, key: str) -> dict[str, Any]:
        """The stored values of one section (empty when the section is not started)."""
        model = getattr(self, key)
        return model.model_dump(mode="json") if model is not None else {}

    def answers(self, key: str) -> dict[str, Any]:
        """The flat answers a rule or requirement of section ``key`` sees: for the new application,
        every section of the flow with ``key``'s own values on top; for other flows, its own values."""
        own = section(key)
        if own.form is not PlatformForm.APPLICATION:
            return self.section_values(key)
        merged: dict[str, Any] = {}
        for item in SECTIONS:
            if item.form in (PlatformForm.REGISTRATION, PlatformForm.APPLICATION) and item.key != key:
                merged.update({k: v for k, v in self.section_values(item.key).items() if not _empty(v)})
        merged.update(self.section_values(key))
        return merged

    def started(self, key: str) -> bool:
        return getattr(self, key) is not None

    # -- completeness -------------------------------------------------------------------------

    def missing(self) -> dict[str, tuple[FieldRef, ...]]:
        """Required fields without an answer, tab by tab (only tabs with something missing)."""
        result: dict[str, tuple[FieldRef, ...]] = {}
        for item in SECTIONS:
            if not item.required and not self.started(item.key):
                continue
            answers, values = self.answers(item.key), self.section_values(item.key)
            gaps = tuple(ref for ref in item.fields()
                         if ref.spec.required.applies(answers) and _empty(values.get(ref.key)))
            if gaps:
                result[item.key] = gaps
        return result

    def problems(self, today: date, locale: str = "en") -> tuple[Problem, ...]:
        """Every missing answer, every stored value a rule refuses, and the rules' notes.

        ``today`` is the application date (passport validity, salary window ...); ``locale`` only
        picks the language of data names inside messages (country names), the messages themselves
        render in any locale."""
        found: list[Problem] = []
        missing = self.missing()
        for item in SECTIONS:
            if not item.required and not self.started(item.key):
                continue
            for ref in missing.get(item.key, ()):
                found.append(_problem(ref, "missing", _("Not answered yet. Required: {when}.",
                                                        when=ref.spec.required.describe)))
            found.extend(self._value_problems(item, today, locale))
        return tuple(found)

    def is_complete(self, today: date) -> bool:
        return not any(problem.blocking for problem in self.problems(today))

    def _value_problems(self, item: Section, today: date, locale: str) -> Iterator[Problem]:
        if not self.started(item.key):
            return
        answers = self.answers(item.key)
        ctx = RuleContext(today=today, answers=answers, locale=locale)
        values = self.section_values(item.key)
        stored_models = getattr(self, item.key)
        for ref in item.fields():
            value = values.get(ref.key)
            if _empty(value):
                continue
            result = _check_stored(ref.spec, getattr(stored_models, ref.key, value), value, ctx)
            if isinstance(result, Rejected):
                yield _problem(ref, "invalid", result.message)
                continue
            if isinstance(value, str) and result.value != value:
                yield _problem(ref, "invalid", _("Store this as {value}, the form the bot and the platform use.",
                                                 value=Code(str(result.value))))
            for note in result.notes:
                yield _problem(ref, "note", note)
        section_check = getattr(stored_models, "section_problems", None)
        if callable(section_check):
            for key, message in section_check(answers):
                yield _problem(item.field(key), "invalid", message)

    # -- answering ----------------------------------------------------------------------------

    def check_answer(self, section_key: str, key: str, raw: str, today: date, locale: str = "en") -> RuleResult:
        """Run the field's rule on a typed answer, seeing the rest of the draft (as a dialog does)."""
        ref = section(section_key).field(key)
        ctx = RuleContext(today=today, answers=self.answers(section_key), locale=locale)
        return ref.spec.check(raw, ctx)

    # -- writing ------------------------------------------------------------------------------

    def with_answer(self, section_key: str, key: str, value: Any) -> ApplicationDraft:
        """A copy with one stored value changed (validated against the section's model)."""
        item = section(section_key)
        values = {**self.section_values(section_key), key: value}
        return self.model_copy(update={section_key: item.model.model_validate(values)})


def _problem(ref: FieldRef, kind: ProblemKind, message: Msg) -> Problem:
    return Problem(ref.section, ref.key, ref.spec.zh, ref.spec.en, message, kind)


def _check_stored(spec: FieldSpec, model_value: Any, value: Any, ctx: RuleContext) -> RuleResult:
    if spec.check_stored is not None:
        return spec.check_stored(model_value, ctx)
    if isinstance(value, str) and spec.rule is not None:
        return spec.rule(value, ctx)
    return Accepted(value)


def load_draft(text: str | bytes) -> ApplicationDraft:
    """Parse a draft from JSON; :class:`DraftShapeError` when it is not a draft at all."""
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise DraftShapeError("not JSON", (type(exc).__name__,)) from None
    if not isinstance(data, dict):
        raise DraftShapeError("not a JSON object")
    try:
        return ApplicationDraft.model_validate(data)
    except ValidationError as exc:
        details = tuple(f"{'.'.join(str(part) for part in error['loc'])}: {error['type']}"
                        for error in exc.errors(include_input=False, include_url=False))
        raise DraftShapeError("not a draft", details) from None


__all__ = ["ApplicationDraft", "DraftShapeError", "Problem", "ProblemKind", "load_draft"]

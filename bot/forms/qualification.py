"""The Qualification Check as data, and the matcher that turns its answers into proposals.

``bot/data/qualification.json`` holds the shape of the official Gold Card Qualification Check
(research/domain.md §8): plain-language statements, one per regulation (some grouped), per professional
field, each with the documents it needs, the official link, notes, confidence and the date it was last
checked. A field's routes are listed easiest-to-document first, the salary route (shared by most fields)
first; a ``condition`` is something every route of its field requires (Law: the licence).

The answers are keyed like the dialog asks them: ``salary_route`` ("yes" / "no" / "check", with the
``salary_*`` amounts for "check"), ``professional_field`` (the field the applicant works in) and one
yes/no answer per statement id (``"digital.2": True``). :func:`propose` ranks what fits;
:func:`qualification_documents` gives the document checklist the chosen route's documents. Only one
field and one regulation can be filed (Architecture: all its conditions together).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.forms.facts import Confidence, ProfessionalField, professional_fields
from bot.forms.salary import SalaryAssessment, SalaryClaim, assess_salary
from bot.i18n import Msg, localized

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "qualification.json"

# The document vocabulary shared with the document checklist (bot/data/documents.json).
DOCUMENT_KEYS = frozenset({
    "photo", "passport", "cv", "employment_certificate", "tax_statement", "employer_salary_certificate",
    "future_employment_contract", "degree_diploma", "award_certificate", "publications", "recommendation_letter",
    "professional_licence", "membership_or_appointment_proof", "experience_proof", "competition_result_certificate",
    "bar_membership_proof",
})

# The answers' keys (the dialog asks them under these names).
SALARY_ROUTE = "salary_route"  # "yes" | "no" | "check"
FIELD = "professional_field"  # a value of professional_fields.json, or None for "none of these"
REGULATION = "qualification_regulation"  # a statement id, when a later engine lets the user store the pick
TAIPEI = ZoneInfo("Asia/Taipei")  # the application month is the platform's (Taiwan's) month
SALARY_KEYS = {"amount": "salary_amount", "currency": "salary_currency", "period": "salary_period",
               "rate_to_twd": "salary_rate", "earned_in": "salary_earned_in"}


class _Data(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class _Sourced(_Data):
    confidence: Confidence
    source: str = Field(min_length=3)


class Link(_Sourced):
    url: str = Field(pattern=r"^https://")


class LinkedText(Link):
    en: str = Field(min_length=1)
    zh: str = Field(min_length=1)

    @property
    def text(self) -> Msg:
        return localized(self.en, self.zh)


class Hint(_Sourced):
    en: str = Field(min_length=1)
    zh: str = Field(min_length=1)

    @property
    def text(self) -> Msg:
        return localized(self.en, self.zh)


class DocumentName(_Data):
    key: str
    en: str = Field(min_length=1)
    zh: str = Field(min_length=1)


class _Documented(_Sourced):
    """A statement: what the applicant says yes to, and what proves it."""

    id: str
    short_en: str = Field(min_length=1)
    short_zh: str = Field(min_length=1)
    statement_en: str = Field(min_length=10)
    statement_zh: str = Field(min_length=5)
    documents: tuple[str, ...] = Field(min_length=1)
    one_of: tuple[str, ...] = ()  # at least one of these as well (alternatives)
    notes_en: str | None = None
    notes_zh: str | None = None
    link: str = Field(pattern=r"^https?://")
    verified: date

    @model_validator(mode="after")
    def _consistent(self) -> _Documented:
        unknown = {*self.documents, *self.one_of} - DOCUMENT_KEYS
        if unknown:
            raise ValueError(f"{self.id}: unknown document keys {sorted(unknown)}")
        if (self.notes_en is None) != (self.notes_zh is None):
            raise ValueError(f"{self.id}: notes need both languages")
        return self

    @property
    def statement(self) -> Msg:
        return localized(self.statement_en, self.statement_zh)

    @property
    def short(self) -> Msg:
        return localized(self.short_en, self.short_zh)

    @property
    def notes(self) -> Msg | None:
        return localized(self.notes_en, self.notes_zh) if self.notes_en and self.notes_zh else None


class SalaryStatement(_Documented):
    """The common first statement: the salary criterion most fields share."""


class Statement(_Documented):
    """One regulation (or grouped regulations) of a field, or a condition of all its routes."""

    field: str
    kind: Literal["route", "condition"] = "route"
    regulation: str | None = None  # the official number ("2", "2–3"); None when not numbered or not known
    item_en: str | None = None  # a sub-category (Culture & Arts: performing arts)
    item_zh: str | None = None
    salary: bool = False  # a salary route: offered only when the salary criterion is met
    requires: tuple[str, ...] = ()  # condition ids of the same field

    @property
    def unconfirmed(self) -> bool:
        return self.confidence == "UNCONFIRMED"

    def route_label(self, fields: Mapping[str, ProfessionalField]) -> Msg:
        """"Digital, regulation 2" / 「數位領域第2款」; an unnumbered entry shows its short label."""
        field = fields[self.field]
        if self.regulation is None:
            return localized(f"{field.en}: {self.short_en}", f"{field.zh}：{self.short_zh}")
        if self.item_en and self.item_zh:
            return localized(f"{field.en}, {self.item_en}, item {self.regulation}",
                             f"{field.zh}{self.item_zh}第{self.regulation}項")
        return localized(f"{field.en}, regulation {self.regulation}", f"{field.zh}第{self.regulation}款")


class FieldGuide(_Sourced):
    """What applies to a whole field: its official page, notes, whether its conditions are cumulative."""

    field: str
    link: str = Field(pattern=r"^https?://")
    cumulative: bool = False
    notes_en: str | None = None
    notes_zh: str | None = None
    verified: date

    @property
    def notes(self) -> Msg | None:
        return localized(self.notes_en, self.notes_zh) if self.notes_en and self.notes_zh else None


class QualificationFacts(_Data):
    about: str
    verified: date
    official_check: Link
    help_desk: LinkedText
    other_fields: LinkedText
    field_hint: Hint
    documents: tuple[DocumentName, ...]
    salary: SalaryStatement
    fields: tuple[FieldGuide, ...]
    statements: tuple[Statement, ...]

    @model_validator(mode="after")
    def _references(self) -> QualificationFacts:
        ids = [s.id for s in self.statements]
        if len(ids) != len(set(ids)):
            raise ValueError("statement ids must be unique")
        known = {f.value for f in professional_fields()}
        for statement in self.statements:
            if statement.field not in known or not statement.id.startswith(statement.field + "."):
                raise ValueError(f"{statement.id}: field {statement.field!r} unknown or not its id's prefix")
            for required in statement.requires:
                other = self.statement(required)
                if other is None or other.kind != "condition" or other.field != statement.field:
                    raise ValueError(f"{statement.id}: requires {required!r}, not a condition of its field")
        if {f.field for f in self.fields} != known or len(self.fields) != len(known):
            raise ValueError("every professional field needs exactly one guide")
        if {d.key for d in self.documents} != DOCUMENT_KEYS:
            raise ValueError("document names must cover exactly the document vocabulary")
        return self

    def statement(self, statement_id: str) -> Statement | None:
        return next((s for s in self.statements if s.id == statement_id), None)

    def statements_of(self, field: str) -> tuple[Statement, ...]:
        return tuple(s for s in self.statements if s.field == field)

    def routes_of(self, field: str) -> tuple[Statement, ...]:
        return tuple(s for s in self.statements if s.field == field and s.kind == "route")

    def guide(self, field: str) -> FieldGuide:
        return next(g for g in self.fields if g.field == field)

    def document_name(self, key: str) -> Msg:
        name = next(d for d in self.documents if d.key == key)
        return localized(name.en, name.zh)


@cache
def qualification_facts() -> QualificationFacts:
    return QualificationFacts.model_validate(json.loads(DATA_FILE.read_text(encoding="utf-8")))


@cache
def fields_by_value() -> dict[str, ProfessionalField]:
    return {f.value: f for f in professional_fields()}


# -- the salary criterion ----------------------------------------------------------------------------


def salary_claim(answers: Mapping[str, Any]) -> SalaryClaim | None:
    """The amounts typed in the salary check, as the shared salary model (None while incomplete)."""
    values = {name: answers.get(key) for name, key in SALARY_KEYS.items()}
    try:
        claim = SalaryClaim.model_validate(values)
    except ValueError:
        return None
    return claim if claim.amount is not None and claim.earned_in is not None else None


def salary_assessment(answers: Mapping[str, Any], today: date | None = None) -> SalaryAssessment | None:
    """The salary check's verdict and arithmetic (None unless the check was chosen and is complete)."""
    if answers.get(SALARY_ROUTE) != "check" or (claim := salary_claim(answers)) is None:
        return None
    try:
        return assess_salary(claim, today or datetime.now(TAIPEI).date())
    except (InvalidOperation, ArithmeticError):  # pragma: no cover - the rules admit valid decimals only
        return None


def salary_met(answers: Mapping[str, Any], today: date | None = None) -> bool:
    """The applicant meets the salary criterion: said so, or the typed amount checks out (``today`` gives the
    application month; by default this month in Taiwan)."""
    if answers.get(SALARY_ROUTE) == "yes":
        return True
    assessment = salary_assessment(answers, today)
    return assessment is not None and assessment.meets


# -- statements and proposals ------------------------------------------------------------------------


def requirements_met(statement: Statement, answers: Mapping[str, Any], today: date | None = None) -> bool:
    """The statement's conditions are answered Yes and, for a salary route, the salary criterion is met."""
    if statement.salary and not salary_met(answers, today):
        return False
    return all(answers.get(required) is True for required in statement.requires)


def statement_shown(statement: Statement, answers: Mapping[str, Any], today: date | None = None) -> bool:
    """Whether the dialog asks ``statement``: it belongs to the chosen field, its requirements are met, and
    (for a route) no earlier route of the field was answered Yes: only one route can be filed, so the walk
    stops at the first Yes."""
    if answers.get(FIELD) != statement.field or not requirements_met(statement, answers, today):
        return False
    if statement.kind == "condition":
        return True
    facts = qualification_facts()
    for earlier in facts.routes_of(statement.field):
        if earlier.id == statement.id:
            return True
        if answers.get(earlier.id) is True and requirements_met(earlier, answers, today):
            return False
    return True  # pragma: no cover - a route is always among its field's routes


@dataclass(frozen=True)
class Proposal:
    """A route the answers fit: the field, the regulation, and the statements answered Yes for it."""

    statement: Statement
    field: ProfessionalField
    guide: FieldGuide
    reasons: tuple[Msg, ...]  # the statements (or the salary check) the applicant said Yes to

    @property
    def field_value(self) -> str:
        return self.field.value

    @property
    def regulation(self) -> str:
        """The stored form of the chosen regulation, e.g. ``"digital.2"``."""
        return self.statement.id

    @property
    def unconfirmed(self) -> bool:
        return self.statement.unconfirmed

    @property
    def documents(self) -> tuple[str, ...]:
        return self.statement.documents

    @property
    def one_of(self) -> tuple[str, ...]:
        return self.statement.one_of

    @property
    def checklist_documents(self) -> tuple[str, ...]:
        """The documents the checklist asks for: the required ones and the usual first alternative."""
        return documents_for(self.regulation)

    @property
    def label(self) -> Msg:
        return self.statement.route_label(fields_by_value())


def _reasons(statement: Statement, answers: Mapping[str, Any], today: date | None) -> tuple[Msg, ...]:
    facts = qualification_facts()
    reasons: list[Msg] = []
    for required in statement.requires:
        condition = facts.statement(required)
        if condition is not None:
            reasons.append(condition.statement)
    if statement.salary:
        assessment = salary_assessment(answers, today)
        reasons.append(assessment.explanation if assessment is not None else facts.salary.statement)
    reasons.append(statement.statement)
    return tuple(reasons)


def propose(answers: Mapping[str, Any], today: date | None = None) -> list[Proposal]:
    """Every route the answers fit, best first: confirmed criteria before unconfirmed ones, then the
    field's own order (easiest to document first). When a field was chosen, only its routes count."""
    facts = qualification_facts()
    fields = fields_by_value()
    chosen_field = answers.get(FIELD)
    found: list[tuple[tuple[int, int], Proposal]] = []
    for index, statement in enumerate(facts.statements):
        if statement.kind != "route" or answers.get(statement.id) is not True:
            continue
        if chosen_field is not None and statement.field != chosen_field:
            continue
        if not requirements_met(statement, answers, today):
            continue
        proposal = Proposal(statement, fields[statement.field], facts.guide(statement.field),
                            _reasons(statement, answers, today))
        found.append(((int(statement.unconfirmed), index), proposal))
    return [proposal for _rank, proposal in sorted(found, key=lambda item: item[0])]


def chosen(answers: Mapping[str, Any], today: date | None = None) -> Proposal | None:
    """The route to file: a stored ``qualification_regulation`` if it still fits, else the best proposal."""
    proposals = propose(answers, today)
    stored = answers.get(REGULATION)
    return next((p for p in proposals if p.regulation == stored), proposals[0] if proposals else None)


def chosen_regulation(answers: Mapping[str, Any], today: date | None = None) -> str | None:
    """The chosen regulation as stored data, e.g. ``"digital.2"`` (None when nothing fits)."""
    proposal = chosen(answers, today)
    return proposal.regulation if proposal else None


def documents_for(regulation: str) -> tuple[str, ...]:
    """The document keys of a regulation (a statement id such as ``"digital.2"``): the required ones and
    the usual first alternative; empty for an unknown id."""
    statement = qualification_facts().statement(regulation)
    if statement is None or statement.kind != "route":
        return ()
    return tuple(dict.fromkeys((*statement.documents, *statement.one_of[:1])))


def qualification_documents(answers: Mapping[str, Any]) -> tuple[str, ...] | None:
    """For the document checklist (``build_checklist(..., qualification_docs=...)``): the document keys of
    the chosen route, or None when the check found none (the checklist then assumes the salary route)."""
    proposal = chosen(answers)
    return proposal.checklist_documents if proposal else None

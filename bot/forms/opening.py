"""The platform's opening questions (seed 001 STEP 8-9) and the identity derived from them.

The opening answers cannot be changed on the platform later: a wrong identity means rejection
without refund (seed 001 STEP 8). The option wordings and the identity table are data
(``bot/data/opening.json``) with their sources and confidence; :func:`derive_identity` is the one
function that turns answers into the identity the platform shows (seed 001 STEP 21).
"""

from __future__ import annotations

import json
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "opening.json"

Confidence = Literal["OFFICIAL", "SECONDARY", "UNCONFIRMED"]


class EntryDocument(StrEnum):
    """您入境中華民國或目前所持證件 (seed 001 STEP 9), in the platform's order."""

    RESIDENCE_PERMIT = "residence_permit"
    VISA_EXEMPT = "visa_exempt"
    VISITOR_VISA_60_UNRESTRICTED = "visitor_visa_60_unrestricted"
    VISITOR_VISA_60_RESTRICTED = "visitor_visa_60_restricted"
    VISITOR_VISA_UNDER_60 = "visitor_visa_under_60"


class _Fact(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class NationalityOption(_Fact):
    value: str
    zh: str
    en: str
    group_zh: str = ""
    group_en: str = ""
    excluded: bool = False
    platform_wording: bool = False  # ``zh`` is the platform's own option text, seen in a seed
    confidence: Confidence
    source: str


class EntryDocumentOption(_Fact):
    value: EntryDocument
    zh: str
    en: str
    convertible: bool
    case: str
    visa: bool = False
    source: str


class IdentitySuffix(_Fact):
    inside: bool
    entry_document: EntryDocument | None
    zh: str
    en: str
    confidence: Confidence
    source: str


class VisaItem(_Fact):
    code: str
    en: str
    zh: str


class NonConvertibleVisas(_Fact):
    verified: str
    confidence: Confidence
    source: str
    items: tuple[VisaItem, ...]


class OpeningFacts(_Fact):
    verified: str
    about: str
    nationality_identities: tuple[NationalityOption, ...]
    entry_documents: tuple[EntryDocumentOption, ...]
    identity_suffixes: tuple[IdentitySuffix, ...]
    non_convertible_visas: NonConvertibleVisas

    def nationality(self, value: str) -> NationalityOption | None:
        return next((item for item in self.nationality_identities if item.value == value), None)

    def entry_document(self, value: str) -> EntryDocumentOption | None:
        return next((item for item in self.entry_documents if item.value == value), None)


@cache
def opening_facts() -> OpeningFacts:
    return OpeningFacts.model_validate(json.loads(DATA_FILE.read_text(encoding="utf-8")))


class OpeningAnswers(BaseModel):
    """What the applicant answered to the opening questions (plus the bot's own safety checks)."""

    model_config = ConfigDict(extra="ignore")

    agree: bool | None = Field(None, description="同意 — agrees to the application rules")
    held_gold_card: bool | None = Field(None, description="是否現在或曾經持有就業金卡")
    nationality_identity: str | None = Field(None, description="您的國籍或身分")
    inside_taiwan: bool | None = Field(None, description="您現在是否在中華民國境內申請")
    entry_document: EntryDocument | None = Field(None, description="您入境中華民國或目前所持證件")
    has_visa_sticker: bool | None = Field(None, description="bot check: a visa was applied for before travelling")
    non_convertible_visa: bool | None = Field(None, description="bot check: holds a visa that cannot be converted")
    roc_nationality: bool | None = Field(None, description="您是否具中華民國國籍")
    roc_household_registration: bool | None = Field(None, description="bot check: ROC household registration")
    entered_on_roc_passport: bool | None = Field(None, description="bot check: entered on an ROC passport")
    confirmed_on: str | None = Field(None, description="bot: the day the applicant confirmed these answers (the "
                                                       "summary's second confirmation); cleared by any change")


class Identity(BaseModel):
    """The identity the platform derives (e.g. 「非美籍外籍人士境外申請」) and what follows from it."""

    model_config = ConfigDict(frozen=True)

    zh: str
    en: str
    case: str
    inside_taiwan: bool
    convertible_in_taiwan: bool
    passport_inspection_abroad: bool
    hong_kong_macau: bool
    confidence: Confidence


def derive_identity(answers: OpeningAnswers) -> Identity | None:
    """The platform's identity for complete, eligible answers; None while something is missing.

    Case letters follow research/domain.md §2: A/B overseas (US / other), C residence permit,
    D-G visitor visa or visa-exempt in Taiwan, H Hong Kong / Macau.
    """
    facts = opening_facts()
    nationality = facts.nationality(answers.nationality_identity or "")
    if nationality is None or nationality.excluded or answers.inside_taiwan is None:
        return None
    inside = answers.inside_taiwan
    document = answers.entry_document if inside else None
    if inside and document is None:
        return None
    suffix = next((s for s in facts.identity_suffixes
                   if s.inside == inside and s.entry_document == document), None)
    if suffix is None:
        return None
    hk_macau = nationality.value in ("hong_kong", "macau")
    doc_option = facts.entry_document(document) if document else None
    if hk_macau:
        case = "H"
    elif doc_option is not None:
        case = doc_option.case
    else:
        case = "A" if nationality.value == "foreign_us" else "B"
    convertible = doc_option.convertible if doc_option else False
    confidence: Confidence = (
        "OFFICIAL" if nationality.confidence == suffix.confidence == "OFFICIAL" else "UNCONFIRMED"
    )
    return Identity(
        zh=f"{nationality.group_zh}{suffix.zh}",
        en=f"{nationality.group_en}, {suffix.en}",
        case=case,
        inside_taiwan=inside,
        convertible_in_taiwan=convertible,
        # Domestic conversions (residence permit, unrestricted 60-day visa) skip inspection abroad;
        # HK/Macau applicants never show a passport at a mission (seed 001 STEP 16).
        passport_inspection_abroad=not hk_macau and not convertible,
        hong_kong_macau=hk_macau,
        confidence=confidence,
    )

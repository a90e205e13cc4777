"""Facts that change, loaded from ``bot/data/*.json`` and validated once (then cached).

Each entry carries its ``source`` (seed file + step, or URL), the date it was last ``verified``
and a ``confidence`` tag: OFFICIAL (a government source), SECONDARY (a reputable secondary source)
or UNCONFIRMED (an assumption to check on the live platform before relying on it). Code reads the
numbers and lists from here; nothing that may change is hard-coded in a rule.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot.i18n import is_chinese

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

Confidence = Literal["OFFICIAL", "SECONDARY", "UNCONFIRMED"]


class _Fact(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class _Sourced(_Fact):
    confidence: Confidence
    verified: date
    source: str = Field(min_length=3)


# -- choices --------------------------------------------------------------------------------


class Option(_Sourced):
    """One option of a platform list: ``value`` is stored, ``zh`` is the platform's wording."""

    value: str
    zh: str
    en: str
    aliases: tuple[str, ...] = ()
    related: tuple[str, ...] = ()  # words that only suggest this option ("software engineer" → 資訊人員)

    def label(self, locale: str) -> str:
        return self.zh if is_chinese(locale) else self.en


class ChoiceList(_Fact):
    key: str
    complete: bool
    keeps_typed: bool | None = None  # a typed answer outside the list is kept (default: when not complete)
    options: tuple[Option, ...]


class _ChoicesFile(_Fact):
    about: str
    lists: tuple[ChoiceList, ...]


# -- professional fields ----------------------------------------------------------------------


class ProfessionalField(_Sourced):
    value: str
    zh: str
    en: str
    ministry_zh: str
    ministry_en: str
    salary_route: bool | None
    on_platform: bool  # one of the ten fields the seeds show (seed 001 line 72); False: news only, unconfirmed
    criteria_confirmed: bool

    def as_option(self) -> Option:
        return Option(value=self.value, zh=self.zh, en=self.en, aliases=(self.ministry_en,),
                      confidence=self.confidence, verified=self.verified, source=self.source)


class _FieldsFile(_Fact):
    about: str
    fields: tuple[ProfessionalField, ...]


# -- fees -----------------------------------------------------------------------------------


class FeeByYears(_Sourced):
    case: str
    en: str
    zh: str
    by_years: Mapping[str, int]
    plus_special_handling_fee: bool = False


class FlatFee(_Sourced):
    case: str
    en: str
    zh: str
    amount: int


class FeeExemptChanges(_Sourced):
    items: tuple[str, ...]


class Fees(_Fact):
    about: str
    application: tuple[FeeByYears, ...]
    extension: tuple[FeeByYears, ...]
    reissue: tuple[FlatFee, ...]
    fee_exempt_changes: FeeExemptChanges


# -- nationality lists, email providers -----------------------------------------------------


class NationalityList(_Sourced):
    key: Literal["authentication", "authentication_and_guarantor", "guarantor_only"]
    en: str
    zh: str
    codes: tuple[str, ...]

    @field_validator("codes")
    @classmethod
    def _alpha2(cls, codes: tuple[str, ...]) -> tuple[str, ...]:
        if any(len(code) != 2 or not code.isupper() for code in codes):
            raise ValueError("codes must be ISO 3166-1 alpha-2")
        return codes


class _NationalityFile(_Fact):
    about: str
    lists: tuple[NationalityList, ...]


class EmailProviderGroup(_Sourced):
    key: Literal["mainland_china", "encrypted"]
    en: str
    zh: str
    domains: tuple[str, ...]
    suffixes: tuple[str, ...] = ()

    def matches(self, domain: str) -> bool:
        domain = domain.lower().rstrip(".")
        return (any(domain == d or domain.endswith("." + d) for d in self.domains)
                or any(domain.endswith(suffix) for suffix in self.suffixes))


class _EmailFile(_Fact):
    about: str
    groups: tuple[EmailProviderGroup, ...]


# -- countries, cities, numbers ---------------------------------------------------------------


class CountryDisplay(_Sourced):
    code: str
    zh: str
    en: str


class CountryAliases(_Sourced):
    code: str
    names: tuple[str, ...]


class AmbiguousCountryNames(_Sourced):
    names: tuple[str, ...]
    codes: tuple[str, ...]


class CountryFacts(_Fact):
    about: str
    display: tuple[CountryDisplay, ...]
    aliases: tuple[CountryAliases, ...]
    ambiguous: tuple[AmbiguousCountryNames, ...]


class City(_Fact):
    zh: str
    en: str


class TaiwanCities(_Sourced):
    about: str
    cities: tuple[City, ...]


class PlatformNumber(_Sourced):
    key: str
    value: int
    en: str


class _NumbersFile(_Fact):
    about: str
    rules: tuple[PlatformNumber, ...]


def _load(name: str) -> object:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


@cache
def choice_lists() -> dict[str, ChoiceList]:
    return {item.key: item for item in _ChoicesFile.model_validate(_load("choices.json")).lists}


def choice_list(key: str) -> ChoiceList:
    return choice_lists()[key]


@cache
def professional_fields() -> tuple[ProfessionalField, ...]:
    return _FieldsFile.model_validate(_load("professional_fields.json")).fields


@cache
def fees() -> Fees:
    return Fees.model_validate(_load("fees.json"))


@cache
def nationality_lists() -> tuple[NationalityList, ...]:
    return _NationalityFile.model_validate(_load("nationality_lists.json")).lists


@cache
def email_provider_groups() -> tuple[EmailProviderGroup, ...]:
    return _EmailFile.model_validate(_load("email_providers.json")).groups


@cache
def country_facts() -> CountryFacts:
    return CountryFacts.model_validate(_load("countries.json"))


@cache
def taiwan_cities() -> TaiwanCities:
    return TaiwanCities.model_validate(_load("taiwan_cities.json"))


@cache
def platform_numbers() -> dict[str, PlatformNumber]:
    return {item.key: item for item in _NumbersFile.model_validate(_load("platform_rules.json")).rules}


def number(key: str) -> int:
    """One of the numbers in ``platform_rules.json`` (upload limit, salary threshold ...)."""
    return platform_numbers()[key].value

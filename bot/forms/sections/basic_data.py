"""New application, tab 1: 基本資料 Basic data (seed 001 STEP 14; platform.md §2.2)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict

from bot.forms import contact, countries, dates, names
from bot.forms.choices import list_rule, options_of
from bot.forms.identity_match import passport_nationality_rule
from bot.forms.result import RuleContext, RuleResult
from bot.forms.spec import OPTIONAL, FieldSpec, InputKind, unless_given
from bot.forms.text import free_text, short_text
from bot.i18n import _

PASSPORT_NATIONALITY = passport_nationality_rule(countries.nationality)


def _stored_nationality(value: object, ctx: RuleContext) -> RuleResult:
    """A stored nationality is checked as a country; the identity against it is the verdict's rule across tabs
    (``identity_vs_passport``), so the conflict is reported once."""
    return countries.nationality(str(value), ctx)

SEED = "seed 001 STEP 14"

OCCUPATION = list_rule("occupation", summary=_(
    "One of the options in bot/data/choices.json (公教職員 and 公務機關 are seen in the seeds, the others are the "
    "immigration agency's general list, unconfirmed); a typed job gets the closest options, never kept as typed."))

home_address = free_text(
    "home_country_address", 200,
    summary=_("Any text with at least one letter or digit, at most 200 characters (any script)."),
    sources=(SEED,),
)


class BasicData(BaseModel):
    """基本資料, in the platform's order."""

    model_config = ConfigDict(extra="forbid")

    english_surname: Annotated[str | None, FieldSpec(
        zh="英文姓氏", en=_("English surname"), rule=names.english_name,
        required=unless_given("english_given_name", _("unless the passport has a given name only")),
        source=f"{SEED}; https://goldcard.nat.gov.tw/ja/subtags/application-conditions",
        help=_("As in the passport you use to enter Taiwan; type a hyphen as a space."))] = None
    english_given_name: Annotated[str | None, FieldSpec(
        zh="英文名字", en=_("English given name"), rule=names.english_name,
        required=unless_given("english_surname", _("unless the passport has a surname only")),
        source=f"{SEED}; https://goldcard.nat.gov.tw/ja/subtags/application-conditions",
        help=_("As in the passport you use to enter Taiwan; type a hyphen as a space."))] = None
    chinese_name: Annotated[str | None, FieldSpec(
        zh="中文姓名", en=_("Chinese name"), rule=names.chinese_name, required=OPTIONAL, source=SEED)] = None
    date_of_birth: Annotated[str | None, FieldSpec(
        zh="出生日期(西元)", en=_("Date of birth (Gregorian)"), rule=dates.birth_date, kind=InputKind.DATE,
        source=SEED,
        help=_("The full date is needed; without it the platform cannot take the application (apply on paper "
               "in person)."))] = None
    gender: Annotated[str | None, FieldSpec(
        zh="性別", en=_("Gender"), rule=list_rule("gender"), kind=InputKind.CHOICE, options=options_of("gender"),
        source=SEED)] = None
    nationality: Annotated[str | None, FieldSpec(
        zh="國籍", en=_("Nationality"), rule=PASSPORT_NATIONALITY, kind=InputKind.COUNTRY, source=SEED,
        check_stored=_stored_nationality)] = None
    occupation: Annotated[str | None, FieldSpec(
        zh="現職", en=_("Current occupation"), rule=OCCUPATION, kind=InputKind.CHOICE,
        options=options_of("occupation"), source=f"{SEED}; seed 002 STEP 10; seed 003 STEP 10")] = None
    highest_education: Annotated[str | None, FieldSpec(
        zh="最高學歷", en=_("Highest education"), rule=list_rule("highest_education"), kind=InputKind.CHOICE,
        options=options_of("highest_education"), source=f"{SEED}; seed 002 STEP 10; seed 003 STEP 10")] = None
    marital_status: Annotated[str | None, FieldSpec(
        zh="婚姻狀況", en=_("Marital status"), rule=list_rule("marital_status"), kind=InputKind.CHOICE,
        options=options_of("marital_status"), source=f"{SEED}; seed 002 STEP 10")] = None
    email: Annotated[str | None, FieldSpec(
        zh="電子郵件", en=_("Email"), rule=contact.email, kind=InputKind.EMAIL, source=SEED,
        help=_("Do not use a mainland-China email provider: the agency's mail may not arrive."))] = None
    birth_country: Annotated[str | None, FieldSpec(
        zh="出生地點(國家)", en=_("Place of birth (country)"), rule=countries.birth_country,
        kind=InputKind.COUNTRY, source=SEED)] = None
    home_country_address: Annotated[str | None, FieldSpec(
        zh="申請人母國地址", en=_("Home-country address"), rule=home_address, source=SEED)] = None
    home_country_phone: Annotated[str | None, FieldSpec(
        zh="申請人母國電話號碼", en=_("Home-country phone number"), rule=contact.international_phone,
        kind=InputKind.PHONE, source=SEED)] = None
    former_or_other_nationality: Annotated[str | None, FieldSpec(
        zh="舊有或其他國籍(如有)", en=_("Former or other nationality (if any)"), rule=countries.other_nationality,
        kind=InputKind.COUNTRY, required=OPTIONAL, source=SEED)] = None
    birth_city_state: Annotated[str | None, FieldSpec(
        zh="出生地點(市/州)", en=_("Place of birth (city/state)"), rule=short_text, source=SEED)] = None

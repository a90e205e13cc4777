"""Platform account registration 會員註冊 (seed 000 STEP 4-6; platform.md §1).

There is deliberately no password field: the bot never asks for, stores or logs a password
(platform.md §1). :mod:`bot.forms.account` has an in-memory checker for an optional self-check.

Registration is for applicants who apply for themselves (外國人自行申請): an employer or an agency gets
its own login method (seed 002 STEP 3: 選擇您為「外國人自行申請」、「雇主提出申請」、「委託代辦機構提出申請」，
將顯示相對應之登入方式；如您為首次使用本平臺就業金卡之「外國人自行申請」者，請先註冊本平臺會員帳號), so the
form's fields are asked and required only of a self-applicant.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict

from bot.forms import account, contact, countries, dates, identifiers, names
from bot.forms.choices import list_rule, options_of
from bot.forms.spec import OPTIONAL, Answers, FieldSpec, InputKind, Requirement, unless_given
from bot.i18n import _

SEED = "seed 000 STEP 6"
ROLE_SOURCE = "seed 002 STEP 3 (將顯示相對應之登入方式; 「外國人自行申請」者，請先註冊本平臺會員帳號)"


def _self_applicant(answers: Answers) -> bool:
    return answers.get("applicant_role") in (None, "self")


FOR_SELF = Requirement(_("when applying for yourself (外國人自行申請)"), _self_applicant)


def _for_self(requirement: Requirement) -> Requirement:
    """``requirement``, for a self-applicant only (employers and agencies log in another way)."""
    return Requirement(requirement.describe, lambda answers: _self_applicant(answers) and requirement.applies(answers))


class Registration(BaseModel):
    """The account registration form, in the platform's order (no password: never)."""

    model_config = ConfigDict(extra="forbid")

    applicant_role: Annotated[str | None, FieldSpec(
        zh="提出申請人的角色", en=_("Who is applying"), rule=list_rule("applicant_role"), kind=InputKind.CHOICE,
        options=options_of("applicant_role"), source=f"seed 000 STEP 4; {ROLE_SOURCE}",
        help=_("Choose 外國人自行申請 if you apply for yourself."))] = None
    chinese_name: Annotated[str | None, FieldSpec(
        zh="中文姓名", en=_("Chinese name"), rule=names.chinese_name, required=OPTIONAL, ask_when=FOR_SELF,
        source=SEED)] = None
    english_surname: Annotated[str | None, FieldSpec(
        zh="英文姓氏", en=_("English surname"), rule=names.english_name,
        required=_for_self(unless_given("english_given_name", _("unless the passport has a given name only"))),
        ask_when=FOR_SELF,
        source=f"{SEED}; https://goldcard.nat.gov.tw/ja/subtags/application-conditions")] = None
    english_given_name: Annotated[str | None, FieldSpec(
        zh="英文名字", en=_("English given name"), rule=names.english_name,
        required=_for_self(unless_given("english_surname", _("unless the passport has a surname only"))),
        ask_when=FOR_SELF,
        source=f"{SEED}; https://goldcard.nat.gov.tw/ja/subtags/application-conditions")] = None
    nationality: Annotated[str | None, FieldSpec(
        zh="國籍", en=_("Nationality"), rule=countries.nationality, kind=InputKind.COUNTRY, required=FOR_SELF,
        ask_when=FOR_SELF, source=SEED)] = None
    date_of_birth: Annotated[str | None, FieldSpec(
        zh="出生日期(西元)", en=_("Date of birth (Gregorian)"), rule=dates.birth_date, kind=InputKind.DATE,
        required=FOR_SELF, ask_when=FOR_SELF, source=SEED)] = None
    gender: Annotated[str | None, FieldSpec(
        zh="性別", en=_("Gender"), rule=list_rule("gender"), kind=InputKind.CHOICE, options=options_of("gender"),
        required=FOR_SELF, ask_when=FOR_SELF, source=SEED)] = None
    passport_number: Annotated[str | None, FieldSpec(
        zh="護照號碼", en=_("Passport number"), rule=identifiers.passport_number, required=FOR_SELF,
        ask_when=FOR_SELF, source=SEED)] = None
    contact_phone: Annotated[str | None, FieldSpec(
        zh="聯絡電話", en=_("Contact phone"), rule=contact.international_phone, kind=InputKind.PHONE,
        required=FOR_SELF, ask_when=FOR_SELF, source=SEED)] = None
    phone_extension: Annotated[str | None, FieldSpec(
        zh="分機號碼", en=_("Extension"), rule=contact.phone_extension, required=OPTIONAL,
        ask_when=FOR_SELF, source=SEED)] = None
    email: Annotated[str | None, FieldSpec(
        zh="電子郵件", en=_("Email"), rule=contact.email, kind=InputKind.EMAIL, required=FOR_SELF,
        ask_when=FOR_SELF, source=SEED,
        help=_("Do not use a mainland-China email provider: the agency's mail may not arrive."))] = None
    login_account: Annotated[str | None, FieldSpec(
        zh="登入帳號", en=_("Login account"), rule=account.login_account, required=FOR_SELF,
        ask_when=FOR_SELF, source=SEED,
        help=_("Letters and digits only; write it down (請務必記住您填寫的帳號). The password (8–12 characters, a "
               "lowercase letter and a digit, no symbols, not the same as the account) you type on the platform "
               "only, never here."))] = None

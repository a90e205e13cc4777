"""Taiwan Jobs 台灣就業通 member registration 會員基本資料 (seed 004 Step 2; platform.md §5).

A different government site: the account is the email address; the date of birth is shown with both
Gregorian and ROC years; at least one of 電話 / 行動電話; the mobile is 10 half-width digits. The
password is set later from the verification email (8–20 characters, 2 of 4 classes): never here.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict

from bot.forms import address, contact, dates, ui_number
from bot.forms.chinese import is_han
from bot.forms.choices import list_rule, options_of, yes_no
from bot.forms.result import Accepted, Rejected, RuleContext, RuleResult
from bot.forms.rules import field_rule
from bot.forms.spec import OPTIONAL, FieldSpec, InputKind, Requirement
from bot.forms.text import prepare, short_text
from bot.i18n import Code, _

SEED = "seed 004 Step 2"


@field_rule(
    summary=_("A name in Chinese characters or English letters (spaces, hyphens and dots allowed), no digits."),
    sources=(SEED,),
)
def person_name(raw: str, ctx: RuleContext) -> RuleResult:
    """姓名 on Taiwan Jobs: one box for the whole name."""
    text = prepare(raw, 60)
    if isinstance(text, Rejected):
        return text
    if any(ch.isdigit() for ch in text) or not all(
            is_han(ch) or (ch.isascii() and ch.isalpha()) or ch in " -.·‧'" for ch in text):
        return Rejected(_("Please type your name in Chinese characters or English letters only, for example "
                          "{example}.", example=Code("王小明 / CHEN MEI LING")))
    return Accepted(text, shown=text)


def _one_phone(other: str) -> Requirement:
    return Requirement(_("unless the other phone box is filled (at least one of 電話 / 行動電話)"),
                       lambda answers: not answers.get(other))


class TaiwanJobsMember(BaseModel):
    """會員基本資料 on Taiwan Jobs, in the site's order."""

    model_config = ConfigDict(extra="forbid")

    account: Annotated[str | None, FieldSpec(
        zh="帳號", en=_("Account (email address)"), rule=contact.email, kind=InputKind.EMAIL,
        source=f"{SEED}; Step 1 (帳號 is the email address since 2017)")] = None
    id_or_residence_number: Annotated[str | None, FieldSpec(
        zh="身分證字號 或居留證號", en=_("National ID or resident certificate number"),
        rule=ui_number.national_id_or_ui_number, source=SEED)] = None
    date_of_birth: Annotated[str | None, FieldSpec(
        zh="出生年月日", en=_("Date of birth"), rule=dates.birth_date_roc, kind=InputKind.DATE,
        source=f"{SEED} (西元 / 民國)")] = None
    name: Annotated[str | None, FieldSpec(zh="姓名", en=_("Name"), rule=person_name, source=SEED)] = None
    gender: Annotated[str | None, FieldSpec(
        zh="性別", en=_("Gender"), rule=list_rule("gender"), kind=InputKind.CHOICE, options=options_of("gender"),
        source=SEED)] = None
    education_level: Annotated[str | None, FieldSpec(
        zh="教育程度", en=_("Education level"), rule=list_rule("taiwan_jobs_education"), kind=InputKind.CHOICE,
        options=options_of("taiwan_jobs_education"), source=SEED)] = None
    school_name: Annotated[str | None, FieldSpec(
        zh="學校名稱", en=_("School name"), rule=short_text, source=f"{SEED} (主要學歷)",
        help=_("For a school abroad, type its name in the 其他 (other) box."))] = None
    department: Annotated[str | None, FieldSpec(
        zh="科系所別", en=_("Department"), rule=short_text, source=f"{SEED} (主要學歷)")] = None
    graduation_year_month: Annotated[str | None, FieldSpec(
        zh="畢(肄)業年月", en=_("Graduation year and month"), rule=dates.graduation_year_month,
        kind=InputKind.YEAR_MONTH, source=f"{SEED} (主要學歷)")] = None
    marital_status: Annotated[str | None, FieldSpec(
        zh="婚姻狀況", en=_("Marital status"), rule=list_rule("taiwan_jobs_marital_status"), kind=InputKind.CHOICE,
        options=options_of("taiwan_jobs_marital_status"), required=OPTIONAL, source=SEED)] = None
    military_service_status: Annotated[str | None, FieldSpec(
        zh="兵役狀況", en=_("Military service status"), rule=list_rule("military_service"), kind=InputKind.CHOICE,
        options=options_of("military_service"), required=OPTIONAL, source=SEED)] = None
    mailing_address: Annotated[str | None, FieldSpec(
        zh="通訊地址", en=_("Mailing address"), rule=address.taiwan_address, kind=InputKind.ADDRESS,
        source=SEED)] = None
    phone_1: Annotated[str | None, FieldSpec(
        zh="電話一", en=_("Phone 1"), rule=contact.taiwan_phone, kind=InputKind.PHONE,
        required=_one_phone("mobile_phone"), source=SEED)] = None
    phone_2: Annotated[str | None, FieldSpec(
        zh="電話二", en=_("Phone 2"), rule=contact.taiwan_phone, kind=InputKind.PHONE, required=OPTIONAL,
        source=SEED)] = None
    mobile_phone: Annotated[str | None, FieldSpec(
        zh="行動電話", en=_("Mobile phone"), rule=contact.taiwan_mobile, kind=InputKind.PHONE,
        required=_one_phone("phone_1"), source=f"{SEED} (10 half-width digits, EX.0912345678)")] = None
    fax: Annotated[str | None, FieldSpec(
        zh="傳真", en=_("Fax"), rule=contact.taiwan_phone, kind=InputKind.PHONE, required=OPTIONAL,
        source=SEED)] = None
    email: Annotated[str | None, FieldSpec(
        zh="電子郵件", en=_("Email"), rule=contact.email, kind=InputKind.EMAIL, source=SEED)] = None
    person_with_disability: Annotated[bool | None, FieldSpec(
        zh="身心障礙者", en=_("Person with a disability"), rule=yes_no, kind=InputKind.YES_NO, source=SEED)] = None
    campus_newsletter: Annotated[bool | None, FieldSpec(
        zh="校園電子報", en=_("Campus newsletter"), rule=yes_no, kind=InputKind.YES_NO, required=OPTIONAL,
        source=SEED)] = None

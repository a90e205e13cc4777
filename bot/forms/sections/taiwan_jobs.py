"""Taiwan Jobs 台灣就業通 member registration 會員基本資料 (seed 004 Step 2; platform.md §5).

A different government site: the account is the email address; the date of birth is shown with both
Gregorian and ROC years; at least one of 電話 / 行動電話; the mobile is 10 half-width digits. The
mailing address may be anywhere (seed 004 states no Taiwan-only rule: applicants abroad must be able to
finish); 其他 education asks its description (≤ 64 characters); 電子郵件 may be 無 (none); 校園電子報 reads
我要訂閱 / 不訂閱; 其他聯絡方式 is asked. The password is set later from the verification email (8–12 in the
email's heading, 8–20 in the form's rule box, 2 of 4 classes): never here.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict

from bot.forms import contact, dates, ui_number
from bot.forms.chinese import is_han
from bot.forms.choices import list_rule, options_of, yes_no
from bot.forms.result import Accepted, Rejected, RuleContext, RuleResult
from bot.forms.rules import field_rule
from bot.forms.spec import OPTIONAL, FieldSpec, InputKind, Requirement
from bot.forms.text import free_text, prepare, short_text
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


NO_EMAIL = "無"
"""The 電子郵件 radio's 無 (none), stored as the platform shows it."""


@field_rule(
    summary=_("An email address, or 無 (none): the form's 電子郵件 offers 無 / 有."),
    sources=(f"{SEED} (* 電子郵件: 無 有)",),
)
def email_or_none(raw: str, ctx: RuleContext) -> RuleResult:
    """電子郵件 on Taiwan Jobs: 無, or 有 with the address."""
    text = prepare(raw, 254)
    if isinstance(text, Rejected):
        return text
    if text.strip().casefold() in {NO_EMAIL, "none", "no", "否", "沒有"}:
        return Accepted(NO_EMAIL, shown=NO_EMAIL)
    return contact.email(raw, ctx)


mailing_address_rule = free_text(
    "mailing_address", 200, sources=(f"{SEED} (* 通訊地址: no rule stated)",),
    summary=_("Any postal address, in Taiwan or abroad, up to 200 characters (the site states no other rule)."))
education_other = free_text(
    "education_other_description", 64, sources=(f"{SEED} (選擇其他時, 請填說明: 請輸入64個中文字以內)",),
    summary=_("A description of at most 64 characters."))
other_contact_rule = free_text(
    "other_contact", 200, sources=(f"{SEED} (其他聯絡方式: 部落格Blog, Skype, Yahoo即時通, Facebook, LinkedIn, 其他)",),
    summary=_("Free text: the kind (Blog, Skype, Facebook, LinkedIn ...) and the address or name."))
OTHER_EDUCATION = Requirement(_("when 教育程度 is 其他 (other)"),
                              lambda answers: answers.get("education_level") == "other")


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
    education_other_description: Annotated[str | None, FieldSpec(
        zh="選擇其他時, 請填說明", en=_("Education level: description of 其他 (other)"), rule=education_other,
        required=OTHER_EDUCATION, ask_when=OTHER_EDUCATION, source=f"{SEED} (選擇其他時, 請填說明)",
        help=_("At most 64 characters (請輸入64個中文字以內)."))] = None
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
        zh="通訊地址", en=_("Mailing address"), rule=mailing_address_rule,
        source=f"{SEED} (no Taiwan-only rule stated)",
        help=_("In Taiwan or abroad: the address where mail reaches you."))] = None
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
        zh="電子郵件", en=_("Email"), rule=email_or_none, kind=InputKind.EMAIL, source=f"{SEED} (無 / 有)",
        help=_("The form offers 無 (none) or 有 (an address). If you use a free mailbox, the site suggests Gmail so "
               "its mail is not blocked."))] = None
    other_contact: Annotated[str | None, FieldSpec(
        zh="其他聯絡方式", en=_("Other contact"), rule=other_contact_rule, required=OPTIONAL, source=SEED,
        help=_("Optional: 部落格Blog, Skype, Yahoo即時通, Facebook, LinkedIn or 其他 (other), with the address."))
    ] = None
    person_with_disability: Annotated[bool | None, FieldSpec(
        zh="身心障礙者", en=_("Person with a disability"), rule=yes_no, kind=InputKind.YES_NO, source=SEED)] = None
    campus_newsletter: Annotated[str | None, FieldSpec(
        zh="校園電子報", en=_("Campus newsletter"), rule=list_rule("taiwan_jobs_newsletter"), kind=InputKind.CHOICE,
        options=options_of("taiwan_jobs_newsletter"), required=OPTIONAL, source=f"{SEED} (我要訂閱 / 不訂閱)")] = None

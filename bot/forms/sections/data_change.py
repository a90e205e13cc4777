"""Change of card data 就業金卡資料異動申請 (seed 002 STEP 9-11; platform.md §3).

The request starts with the UI number and date of birth and the boxes to tick; then the tabs show the
card's data, and the applicant changes what is different. Only the new values are kept here (a field
left empty is not changed). A new residence address needs a lease or a water/electricity bill; fees:
:func:`bot.forms.fees.data_change_fee`.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict

from bot.forms import address, contact, dates, identifiers, names
from bot.forms.choices import list_rule, options_of
from bot.forms.spec import OPTIONAL, Answers, FieldSpec, InputKind, Requirement, when_true
from bot.forms.ui_number import NEW_FORMAT
from bot.forms.ui_number import ui_number as check_ui_number
from bot.i18n import Msg, _

SEED = "seed 002 STEP 9"
TABS = "seed 002 STEP 10"


def _checkbox(zh: str, en: Msg) -> FieldSpec:
    return FieldSpec(zh=zh, en=en, kind=InputKind.CHECKBOX, required=OPTIONAL, source=SEED)


def _email_or_mobile(other: str) -> Requirement:
    return Requirement(
        _("when only the email or mobile number changes (one of the two)"),
        lambda answers: answers.get("email_or_mobile_only") is True and not answers.get(other),
    )


WHEN_PASSPORT_CHANGES = when_true("passport_data_change", _("when the passport data change"))


class DataChange(BaseModel):
    """A change-of-data request: the start page, then the new values."""

    model_config = ConfigDict(extra="forbid")

    ui_number: Annotated[str | None, FieldSpec(
        zh="統一證號", en=_("UI number (resident certificate number)"), rule=check_ui_number,
        source=SEED)] = None
    date_of_birth: Annotated[str | None, FieldSpec(
        zh="出生日期(西元)", en=_("Date of birth (Gregorian)"), rule=dates.birth_date, kind=InputKind.DATE,
        source=SEED)] = None
    passport_data_change: Annotated[bool, _checkbox("護照資料異動", _("Passport data change"))] = False
    new_format_ui_number_only: Annotated[bool, _checkbox(
        "僅更換新式統一證號", _("New-format UI number only"))] = False
    ui_number_change_personal_reasons: Annotated[bool, _checkbox(
        "個人因素申請變更統一證號(如語言不雅)", _("Change of UI number for personal reasons (e.g. an unfortunate "
                                       "meaning)"))] = False
    email_or_mobile_only: Annotated[bool, _checkbox(
        "僅電子信箱或手機號碼異動", _("Email or mobile number only"))] = False
    english_surname: Annotated[str | None, FieldSpec(
        zh="英文姓氏", en=_("English surname"), rule=names.english_name, required=OPTIONAL, source=TABS)] = None
    english_given_name: Annotated[str | None, FieldSpec(
        zh="英文名字", en=_("English given name"), rule=names.english_name, required=OPTIONAL, source=TABS)] = None
    chinese_name: Annotated[str | None, FieldSpec(
        zh="中文姓名", en=_("Chinese name"), rule=names.chinese_name, required=OPTIONAL, source=TABS)] = None
    gender: Annotated[str | None, FieldSpec(
        zh="性別", en=_("Gender"), rule=list_rule("gender"), kind=InputKind.CHOICE, options=options_of("gender"),
        required=OPTIONAL, source=TABS)] = None
    passport_number: Annotated[str | None, FieldSpec(
        zh="護照號碼", en=_("Passport number"), rule=identifiers.passport_number, required=WHEN_PASSPORT_CHANGES,
        ask_when=WHEN_PASSPORT_CHANGES,
        source="seed 002 (changeable: 護照號碼)")] = None
    passport_issue_date: Annotated[str | None, FieldSpec(
        zh="護照發照日期", en=_("Passport issue date"), rule=dates.passport_issue_date, kind=InputKind.DATE,
        required=WHEN_PASSPORT_CHANGES,
        ask_when=WHEN_PASSPORT_CHANGES, source="seed 002 STEP 9 (護照資料異動); seed 001 STEP 15")] = None
    passport_expiry_date: Annotated[str | None, FieldSpec(
        zh="護照效期(西元)", en=_("Passport expiry date (Gregorian)"), rule=dates.passport_expiry_date,
        kind=InputKind.DATE, required=WHEN_PASSPORT_CHANGES,
        ask_when=WHEN_PASSPORT_CHANGES,
        source="seed 002 STEP 9 (護照資料異動); seed 001 STEP 15")] = None
    pickup_location: Annotated[str | None, FieldSpec(
        zh="領證地點", en=_("Card pickup location"), rule=list_rule("pickup_location"), kind=InputKind.CHOICE,
        options=options_of("pickup_location"), required=OPTIONAL, source="seed 002 (changeable: 領證地點)")] = None
    residence_address: Annotated[str | None, FieldSpec(
        zh="居留地址", en=_("Residence address in Taiwan"), rule=address.taiwan_address, kind=InputKind.ADDRESS,
        required=OPTIONAL, source="seed 002 (changeable: 居留地址); https://staging.taiwangoldcard.tw/en/faq/how-do-i-change-my-address",
        help=_("A new address needs a lease or a water or electricity bill. Update it within 30 days of "
               "moving; the change is free."))] = None
    email: Annotated[str | None, FieldSpec(
        zh="電子郵件", en=_("Email"), rule=contact.email, kind=InputKind.EMAIL,
        required=_email_or_mobile("mobile_phone"), source="seed 002 (changeable: email)")] = None
    mobile_phone: Annotated[str | None, FieldSpec(
        zh="手機號碼", en=_("Mobile number"), rule=contact.taiwan_mobile, kind=InputKind.PHONE,
        required=_email_or_mobile("email"),
        source="seed 002 (changeable: 手機號碼); https://staging.taiwangoldcard.tw/en/faq/how-do-i-change-my-address")
    ] = None

    def section_problems(self, answers: Answers) -> tuple[tuple[str, Msg], ...]:
        """Problems of the request as a whole (field key, message)."""
        problems: list[tuple[str, Msg]] = []
        changes = {key: value for key, value in self.model_dump().items() if key not in ("ui_number", "date_of_birth")}
        if not any(value not in (None, False) for value in changes.values()):
            problems.append(("passport_data_change", _("Nothing is being changed: tick what changes, or give the "
                                                       "new values.")))
        if self.new_format_ui_number_only and self.ui_number and NEW_FORMAT.fullmatch(self.ui_number):
            problems.append(("new_format_ui_number_only", _("Your UI number is already in the new format: untick "
                                                            "this box.")))
        return tuple(problems)

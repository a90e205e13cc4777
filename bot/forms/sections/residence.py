"""New application, tab 4: 居留申請 Residence (seed 001 STEP 17; research/domain.md §5.2, §6.4).

The address is typed in Traditional Chinese (city and district are picked from lists on the
platform: :func:`bot.forms.address.split_address` gives them for the export). Overseas applicants
may leave it empty and must add it within 30 days of moving in. The UI number is filled in by anyone
who ever held an ROC residence permit.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict

from bot.forms.address import taiwan_address
from bot.forms.choices import list_rule, options_of, yes_no
from bot.forms.sections.conditions import WHEN_INSIDE_TAIWAN, WHEN_NO_RESIDENCE_PERMIT_NOW, WHEN_RESIDENCE_PERMIT
from bot.forms.spec import FieldSpec, InputKind
from bot.forms.ui_number import ui_number as check_ui_number
from bot.i18n import _

SEED = "seed 001 STEP 17"
RESIDENT_PAGE = "https://goldcard.nat.gov.tw/en/apply/step-2/resident/"


class Residence(BaseModel):
    """居留申請: validity, card pickup, residence address, UI number."""

    model_config = ConfigDict(extra="forbid")

    validity_years: Annotated[str | None, FieldSpec(
        zh="就業金卡有效期間", en=_("Card validity"), rule=list_rule("validity_years"), kind=InputKind.CHOICE,
        options=options_of("validity_years"), source=f"{RESIDENT_PAGE}; seed 001 STEP 3",
        help=_("1, 2 or 3 years; the fee depends on it. No reason is needed."))] = None
    pickup_method: Annotated[str | None, FieldSpec(
        zh="領證方式", en=_("Card pickup method"), rule=list_rule("pickup_method"), kind=InputKind.CHOICE,
        options=options_of("pickup_method"), source="seed 003 STEP 9; https://goldcard.nat.gov.tw/en/apply/step-3/"
    )] = None
    pickup_location: Annotated[str | None, FieldSpec(
        zh="領證地點", en=_("Card pickup location"), rule=list_rule("pickup_location"), kind=InputKind.CHOICE,
        options=options_of("pickup_location"),
        source="seed 003 STEP 9; https://goldcard.nat.gov.tw/en/apply/step-3/card-collection/",
        help=_("The National Immigration Agency service center in Taiwan where you will collect the card."))] = None
    residence_address: Annotated[str | None, FieldSpec(
        zh="居留地址", en=_("Residence address in Taiwan"), rule=taiwan_address, kind=InputKind.ADDRESS,
        required=WHEN_INSIDE_TAIWAN, source=f"{SEED}; {RESIDENT_PAGE}",
        help=_("In Traditional Chinese characters and Arabic numerals, for example 台北市中正區寶慶路3號2樓."))] = None
    ever_held_residence_permit: Annotated[bool | None, FieldSpec(
        zh="曾持有中華民國居留證", en=_("Have you ever held an ROC residence permit (ARC)?"), rule=yes_no,
        kind=InputKind.YES_NO, on_platform=False, ask_when=WHEN_NO_RESIDENCE_PERMIT_NOW,
        required=WHEN_NO_RESIDENCE_PERMIT_NOW, source=f"{SEED} (如果您在台灣曾有過居留證，請填寫您的統一證號)",
        help=_("The bot asks so that it knows whether the UI number box applies to you."))] = None
    ui_number: Annotated[str | None, FieldSpec(
        zh="統一證號", en=_("UI number (resident certificate number)"), rule=check_ui_number,
        required=WHEN_RESIDENCE_PERMIT, ask_when=WHEN_RESIDENCE_PERMIT, source=f"{SEED}; research/domain.md §6.5",
        help=_("The number on your ROC residence permit (ARC), if you ever had one. Forgotten it? An NIA "
               "service center can look it up."))] = None

"""New application, 完成送出 Submit (seed 001 STEP 21-23): the application number noted after 送出.

Two helper fields of the bot's own follow it: the day of 送出 and whether the fee is paid. Review starts
only after payment, and the platform deletes an unpaid application after one month (research/domain.md
§5.3), so an unpaid case gets a reminder.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict

from bot.forms import dates, identifiers
from bot.forms.choices import yes_no
from bot.forms.spec import OPTIONAL, FieldSpec, InputKind
from bot.i18n import _


class Submission(BaseModel):
    """What the platform shows after 送出."""

    model_config = ConfigDict(extra="forbid")

    application_number: Annotated[str | None, FieldSpec(
        zh="申請案號", en=_("Application number"), rule=identifiers.application_number, required=OPTIONAL,
        source="seed 001 STEP 23",
        help=_("The 12-digit number shown after you submit; you need it to follow the case and to pay."))] = None
    submission_date: Annotated[str | None, FieldSpec(
        zh="送出日期", en=_("Date you submitted"), rule=dates.past_date, kind=InputKind.DATE, required=OPTIONAL,
        on_platform=False,
        source="seed 001 STEP 23 (送出); https://goldcard.nat.gov.tw/ja/subtags/application-conditions (unsubmitted "
        "or unpaid applications are deleted after one month)")] = None
    fee_paid: Annotated[bool | None, FieldSpec(
        zh="已線上繳費", en=_("Fee paid online"), rule=yes_no, kind=InputKind.YES_NO, required=OPTIONAL,
        on_platform=False, source="seed 001 STEP 23 (前往線上繳費); research/domain.md §5.3 (the case is not reviewed "
        "until payment is made)")] = None

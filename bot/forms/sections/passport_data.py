"""New application, tab 2: 護照資料 Passport data (seed 001 STEP 15; platform.md §2.2)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict

from bot.forms import dates, identifiers
from bot.forms.choices import list_rule, options_of
from bot.forms.spec import OPTIONAL, FieldSpec, InputKind
from bot.forms.text import short_text
from bot.i18n import _

SEED = "seed 001 STEP 15"


class PassportData(BaseModel):
    """護照資料: the passport you will use to enter Taiwan."""

    model_config = ConfigDict(extra="forbid")

    passport_type: Annotated[str | None, FieldSpec(
        zh="護照種類", en=_("Passport type"), rule=list_rule("passport_type"), kind=InputKind.CHOICE,
        options=options_of("passport_type"), source=SEED)] = None
    passport_number: Annotated[str | None, FieldSpec(
        zh="護照號碼", en=_("Passport number"), rule=identifiers.passport_number, source=SEED,
        help=_("The passport you will use to enter Taiwan."))] = None
    passport_issue_date: Annotated[str | None, FieldSpec(
        zh="護照發照日期", en=_("Passport issue date"), rule=dates.passport_issue_date, kind=InputKind.DATE,
        source=SEED)] = None
    passport_expiry_date: Annotated[str | None, FieldSpec(
        zh="護照效期(西元)", en=_("Passport expiry date (Gregorian)"), rule=dates.passport_expiry_date,
        kind=InputKind.DATE, source=f"{SEED} (須具備尚餘6個月以上效期之護照)",
        help=_("The passport needs 6 months or more of validity on the day you apply."))] = None
    passport_place_of_issue: Annotated[str | None, FieldSpec(
        zh="護照發照地點", en=_("Passport place of issue"), rule=short_text, source=SEED)] = None
    previous_passport_number: Annotated[str | None, FieldSpec(
        zh="原護照號碼", en=_("Previous passport number"), rule=identifiers.previous_passport_number,
        required=OPTIONAL, source=SEED,
        help=_("Only if you entered Taiwan before with another passport."))] = None

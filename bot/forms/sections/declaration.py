"""New application, STEP 10: 系統使用聲明事項(就業金卡部分), the system-use declaration (seed 001 lines 232-252).

Between the opening questions and 基本資料 the platform shows the declaration and asks the applicant to
tick 「同意上述條款，請打勾。」 and press 確定. Its first paragraph says that once paid, the fee is not
refunded whether or not the card is approved. ``no_refund_acknowledged`` stores that the applicant read
it and ticked the box: an application is not complete without it (the verdict requires it).

``planned_submission_date`` is the bot's own field (not on the platform): the day the applicant plans to
submit, so the passport's six months are counted from then (bot/forms/crosstab.py). Absent = today.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict

from bot.forms.choices import yes_no
from bot.forms.dates import EXAMPLE, add_months, read_date, shown_date
from bot.forms.result import Accepted, Rejected, RuleContext, RuleResult
from bot.forms.rules import field_rule
from bot.forms.spec import OPTIONAL, FieldSpec, InputKind
from bot.i18n import _

SEED = "seed 001 STEP 10 (lines 232-252)"
DECLARATION_TITLE_ZH = "系統使用聲明事項(就業金卡部分)"
TICK_LABEL_ZH = "同意上述條款，請打勾。"
NO_REFUND_ZH = ("您好，歡迎您至中華民國內政部移民署(下稱本署)外國專業人才申辦窗口平臺(下稱本平臺)申請中華民國就業金卡，"
                "本平臺為便利以線上方式通知您的申請案審查之訊息，將以電子文件(電子郵件)通知您，且本申請案一旦完成繳費後，"
                "無論核准與否均不退費。")
"""The declaration's first paragraph, verbatim (seed 001 line 238)."""

NOT_TICKED = _("The platform goes on only after you tick 同意上述條款 (agree to the terms above). Without it "
               "the application cannot be made; tick it when you have read the declaration.")


def _ticked(result: RuleResult) -> RuleResult:
    if isinstance(result, Accepted) and result.value is not True:
        return Rejected(NOT_TICKED)
    return result


@field_rule(summary=_("Ticked (yes): the platform goes on only after the declaration is accepted."),
            sources=(SEED,))
def declaration_ticked(raw: str, ctx: RuleContext) -> RuleResult:
    """同意上述條款: only a tick (yes) is an answer the platform accepts."""
    return _ticked(yes_no.fn(raw, ctx))


def _check_stored(value: Any, ctx: RuleContext) -> RuleResult:
    return Accepted(True) if value is True else Rejected(NOT_TICKED)


TODAY = "today"
"""The "Today" button's value: the rule turns it into the day it is pressed."""
PLANNING_MONTHS = 12
PLANNED_SOURCE = "bot's own (seed 001 line 358: the passport valid at least 6 more months when applying)"


@field_rule(summary=_("Today or a later date, at most a year ahead (the bot's planning horizon)."),
            sources=(PLANNED_SOURCE,))
def planned_date(raw: str, ctx: RuleContext) -> RuleResult:
    """When the applicant plans to submit on the platform: today, or a date within the next year."""
    value = ctx.today if raw.strip().casefold() in (TODAY, "今天") else read_date(raw)
    if isinstance(value, Rejected):
        return value
    if value < ctx.today:
        return Rejected(_("{date} is in the past. Type the day you plan to submit (today or later), or press "
                          "Today.", date=value))
    latest = add_months(ctx.today, PLANNING_MONTHS)
    if value > latest:
        return Rejected(_("{date} is more than a year ahead (after {latest}). Plan within the next year: the "
                          "documents and the qualification are checked for an application soon, and rules "
                          "may change. Type a nearer date, or come back closer to the time.",
                          date=value, latest=latest))
    return Accepted(value.isoformat(), shown=shown_date(value, ctx.locale))


def _check_planned(value: Any, ctx: RuleContext) -> RuleResult:
    """A stored plan is any real date: one now in the past simply means "today" (see :func:`planned_day`)."""
    try:
        return Accepted(date.fromisoformat(value).isoformat())
    except (TypeError, ValueError):
        return Rejected(_("Store the planned submission date as YYYY-MM-DD, for example {example}.",
                          example=EXAMPLE))


def planned_day(declaration: Declaration | None, today: date) -> date:
    """The day the application is checked for: the planned submission date, or today when none or past."""
    planned = declaration.planned_submission_date if declaration else None
    try:
        return max(today, date.fromisoformat(planned)) if planned else today
    except ValueError:
        return today


class Declaration(BaseModel):
    """系統使用聲明事項(就業金卡部分)."""

    model_config = ConfigDict(extra="forbid")

    no_refund_acknowledged: Annotated[bool | None, FieldSpec(
        zh=TICK_LABEL_ZH, en=_("I have read the declaration (the fee is never refunded once paid) and agree"),
        rule=declaration_ticked, kind=InputKind.CHECKBOX, check_stored=_check_stored, source=SEED,
        help=_("Once the fee is paid it is not refunded, whether or not the card is approved."))] = None
    planned_submission_date: Annotated[str | None, FieldSpec(
        zh="預計送件日期", en=_("Planned submission date (bot)"), rule=planned_date,
        kind=InputKind.DATE, required=OPTIONAL, on_platform=False, check_stored=_check_planned,
        source=PLANNED_SOURCE,
        help=_("When you plan to submit on the platform: the passport must still be valid 6 months after "
               "that day. Empty means today."))] = None

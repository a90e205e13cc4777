"""完成送出, after submitting the application (seed 001 STEP 21-23; research/domain.md §5.3-5.4).

The application number (申請案號 is shown after 送出), the day of 送出, and whether the fee is paid: review
starts only after payment, and the platform deletes an unsubmitted or unpaid application after one month,
so an unpaid case gets the UNPAID_DRAFT reminder (cancelled once the applicant says it is paid). The
copy sheet says how to follow the case and pay.
"""

from __future__ import annotations

from datetime import date

from bot.dialogs.common import bullets, field_question, section_lines
from bot.dialogs.platform_advice import BROWSER_ADVICE
from bot.dialogs.reminding import forget, remind
from bot.engine.flow import AnswerContext, Answers, Flow
from bot.forms.dates import iso_answer
from bot.i18n import Msg, _
from bot.reminders.kinds import ReminderKind, add_months

SECTION = "submission"

QUESTIONS = (
    field_question(SECTION, "application_number", prompt=_(
        "After 送出 the platform shows the application number (申請案號, 12 digits). Type it here: you need it "
        "to follow the case, to pay, and for a supplement.")),
    field_question(SECTION, "submission_date", optional=False, prompt=_("On which day did you press 送出?")),
    field_question(SECTION, "fee_paid", optional=False, prompt=_(
        "Have you paid the fee online (前往線上繳費)? The review starts only after payment.")),
)


def _deleted_around(answers: Answers) -> date | None:
    submitted = iso_answer(answers, "submission_date")
    return add_months(submitted, 1) if submitted is not None else None


async def on_answer(ctx: AnswerContext) -> tuple[Msg, ...]:
    if ctx.key not in ("submission_date", "fee_paid") or "fee_paid" not in ctx.answers:
        return ()
    submitted = iso_answer(ctx.answers, "submission_date")
    if ctx.answers.get("fee_paid") is True:
        await forget(ctx, ReminderKind.UNPAID_DRAFT)
        return (_("Paid: the review can start. Payments other than by credit card take 2 to 3 working days to be "
                  "confirmed. Keep the receipt (下載專區 → 收據下載): you need it to collect the card."),)
    if submitted is None:
        return ()
    return (_("Pay soon: the platform deletes an unpaid application after one month (around {deleted}).",
              deleted=add_months(submitted, 1)),
            *await remind(ctx, ReminderKind.UNPAID_DRAFT, submitted))


def copy_sheet(answers: Answers) -> tuple[Msg, ...]:
    lines: list[Msg] = [_("📋 After 送出 (完成送出)")]
    lines.extend(section_lines(SECTION, answers, ["application_number", "submission_date"]))
    deleted = _deleted_around(answers)
    if answers.get("fee_paid") is False and deleted is not None:
        lines.append(_("⚠️ Not paid yet: pay by {deleted}, or the platform deletes the application.", deleted=deleted))
    lines.append(BROWSER_ADVICE)
    lines.append(bullets([
        _("Pay online (線上繳費): international or domestic credit card, e-Government payment platform, virtual "
          "account, the four big convenience-store chains, or Web ATM. With a credit card the government pays the "
          "transfer fee; other ways cost you the fee and take 2 to 3 working days to be confirmed."),
        _("Follow the case: 進度查詢 → 案件進度查詢, with the 12-digit application number."),
        _("Usual times: information check 1 to 2 weeks; qualification review by the ministry 1 to 2 months; "
          "passport inspection abroad about a week (applicants abroad only); second review and card printing 1 to 2 "
          "weeks. The whole process can take more than 60 working days."),
        _("If the agency asks for more documents (補正), use Supplement upload in the menu."),
    ]))
    return tuple(lines)


SUBMISSION = Flow(
    name=SECTION,
    title=_("Submitted: case number and payment"),
    label_zh="完成送出",
    questions=QUESTIONS,
    summary=copy_sheet,
    on_answer=on_answer,
    personal=True,
)

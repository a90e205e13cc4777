"""After approval: collecting the card and the extension window (research/domain.md §5.5-5.6).

A short flow of the bot's own (no platform form): how the card is collected; for an applicant abroad, the
day of entry into Taiwan, which starts the 30 days to collect the card (counted from the day after entry:
CARD_PICKUP reminder); and the card's expiry date, which opens the extension window 4 months before
(EXTENSION_WINDOW reminder). Its answers stay in the conversation (section ``after_approval``), outside the
application draft.
"""

from __future__ import annotations

from datetime import date, timedelta

from bot.dialogs.common import bullets, value_line
from bot.dialogs.reminding import remind
from bot.dialogs.rules import card_expiry_date, entry_date
from bot.engine.flow import AnswerContext, Answers, Choice, Flow, InputKind, Question
from bot.forms.dates import iso_answer
from bot.forms.fees import extension_fee
from bot.i18n import Msg, _
from bot.reminders.kinds import ReminderKind, add_months

NAME = "after_approval"
PICKUP_DAYS = 30  # counted from the day after entry: https://goldcard.nat.gov.tw/en/apply/step-3/card-collection/
EXTENSION_MONTHS = 4  # https://goldcard.nat.gov.tw/en/faq/my-employment-gold-card-is-about-to-expire-how-do-i-apply-for-an-extension/


def _abroad(answers: Answers) -> bool:
    return answers.get("pickup_status") == "abroad"


QUESTIONS = (
    Question(
        key="pickup_status", kind=InputKind.CHOICE, title=_("Collecting the card"),
        prompt=_("Your Gold Card is approved. Where do you stand with the card?"),
        hint=_("Cards are collected only at a National Immigration Agency service center in Taiwan; someone else may "
               "collect it for you with a power of attorney."),
        choices=(
            Choice("abroad", _("I applied from abroad: I enter Taiwan with the approval certificate"), note=_(
                "Print the approval certificate (就業金卡核准函 / 境外核准證明, under 下載專區) and enter Taiwan "
                "with it and your passport. Collect the card within 30 days, counted from the day after entry.")),
            Choice("inside", _("I applied in Taiwan: I collect the card here"), note=_(
                "Bring the payment's electronic receipt and your passport to the service center you chose in the "
                "application.")),
            Choice("collected", _("I already have the card")),
        ),
    ),
    Question(key="entry_date", kind=InputKind.DATE, title=_("Day of entry into Taiwan"), rule=entry_date,
             show_if=_abroad,
             prompt=_("On which day do you enter (or did you enter) Taiwan? The 30 days to collect the card start "
                      "the day after.")),
    Question(key="card_expiry_date", kind=InputKind.DATE, title=_("Card expiry date"), rule=card_expiry_date,
             optional=True,
             prompt=_("When does the card expire (有效期限, printed on the card)? The extension is requested in the "
                      "4 months before; I can remind you when that window opens."),
             hint=_("Not known yet? Tap Skip and come back when you have the card.")),
)


def pickup_deadline(answers: Answers) -> date | None:
    entered = iso_answer(answers, "entry_date")
    return entered + timedelta(days=PICKUP_DAYS) if entered is not None else None


def extension_opens(answers: Answers) -> date | None:
    expiry = iso_answer(answers, "card_expiry_date")
    return add_months(expiry, -EXTENSION_MONTHS) if expiry is not None else None


async def on_answer(ctx: AnswerContext) -> tuple[Msg, ...]:
    if ctx.key == "entry_date" and (deadline := pickup_deadline(ctx.answers)) is not None:
        return (_("Collect the card by {deadline}.", deadline=deadline),
                *await remind(ctx, ReminderKind.CARD_PICKUP, deadline))
    if ctx.key == "card_expiry_date" and (expiry := iso_answer(ctx.answers, "card_expiry_date")) is not None:
        if expiry < ctx.today:
            return ()
        return (_("Extension window: from {opens} to {expiry}.", opens=add_months(expiry, -EXTENSION_MONTHS),
                  expiry=expiry), *await remind(ctx, ReminderKind.EXTENSION_WINDOW, expiry))
    return ()


def _fees() -> Msg:
    quotes = {years: quote for years in (1, 2, 3) if (quote := extension_fee(False, years)) is not None}
    shown = " / ".join(f"NT${quote.amount:,}" for quote in quotes.values())
    line = _("Extension fee for a foreign national, for 1 / 2 / 3 years: {fees}. Hong Kong and Macau residents pay a "
             "different fee.", fees=shown)
    if any(quote.confidence != "OFFICIAL" for quote in quotes.values()):
        line = _("{line} (From a news report, not the fee table: check the platform.)", line=line)
    return line


def copy_sheet(answers: Answers) -> tuple[Msg, ...]:
    lines: list[Msg] = [_("📋 After approval")]
    deadline = pickup_deadline(answers)
    if _abroad(answers) and deadline is not None:
        lines.append(value_line("入境日期", "Day of entry", str(answers["entry_date"])))
        lines.append(_("Collect the card by {deadline} at the service center you chose, with the printed approval "
                       "certificate and your passport.", deadline=deadline))
    elif answers.get("pickup_status") == "inside":
        lines.append(_("Collect the card at the service center you chose, with the payment's electronic receipt and "
                       "your passport."))
    expiry = iso_answer(answers, "card_expiry_date")
    if expiry is not None:
        lines.append(value_line("有效期限", "Card expiry date", expiry.isoformat()))
        opens = add_months(expiry, -EXTENSION_MONTHS)
        lines.append(_("Extension: from {opens} to {expiry}, online: 線上申辦 → 就業金卡延期申請 (1 to 3 years).",
                       opens=opens, expiry=expiry))
    lines.append(bullets([
        _("The extension asks for your personal data again; the documents of the last application are copied over "
          "unless the field or the rules changed. It has no save button: keep pressing 下一步, then 送出."),
        _("Documents: passport, a colour photo from the last 6 months, the current card, and your field's "
          "documents."),
        _fees(),
        _("An expired card is not extended: apply again with 就業金卡申請或重新申請."),
    ]))
    return tuple(lines)


AFTER_APPROVAL = Flow(
    name=NAME,
    title=_("After approval: card pickup and extension"),
    questions=QUESTIONS,
    summary=copy_sheet,
    on_answer=on_answer,
    personal=True,
)

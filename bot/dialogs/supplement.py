"""Supplement 補正(件) (seed 003; platform.md §4): the questions, the deadlines and the reply to the reviewer.

The case (申請案號), the day the notice arrived, whether documents must come from abroad, the reviewer's
comment (審核意見), what the applicant provides, and the reply (審核意見回覆). The deadlines are shown as
dates: 30 days after the notice, and at the latest 6 months when documents come from abroad (both stated
by seed 003 line 5, the Gold Card Office's tutorial: the seeds win, see research/domain.md). The
SUPPLEMENT_DEADLINE reminder follows the answers. The reply is drafted in Traditional Chinese from
``bot/data/supplement_replies.json`` (the Chinese monospace, tap-to-copy, with its English meaning); the
applicant may write their own instead. The files come next, on their own screen
(:mod:`bot.dialogs.supplement_files`), which ends with the copy sheet.
"""

from __future__ import annotations

from datetime import date, timedelta

from bot.dialogs.common import field_question, given
from bot.dialogs.facts import reply_phrases
from bot.dialogs.reminding import remind
from bot.dialogs.rules import pick_several, picked
from bot.engine.flow import AnswerContext, Answers, Choice, Flow, InputKind, Question
from bot.forms.dates import add_months, iso_answer
from bot.forms.facts import number
from bot.i18n import Code, Localized, Msg, _, localized
from bot.reminders.kinds import ReminderKind

SECTION = "supplement"
FILES_FLOW = "supplement_files"
PHRASES = reply_phrases()


def deadlines(answers: Answers) -> tuple[date, date] | None:
    """(30 days after the notice, 6 months after it), or None before the notice date is known."""
    notice = iso_answer(answers, "notice_date")
    if notice is None:
        return None
    return (notice + timedelta(days=number("supplement_deadline_days")),
            add_months(notice, number("supplement_latest_months")))


def deadline_lines(answers: Answers) -> tuple[Msg, ...]:
    found = deadlines(answers)
    if found is None:
        return ()
    deadline, latest = found
    lines = [_("Upload by {deadline}: 30 days after the notice of {notice}.", deadline=deadline,
               notice=answers["notice_date"])]
    if answers.get("documents_from_abroad") is True:
        lines.append(_("Documents from abroad that take longer: at the latest {latest}, 6 months after the notice "
                       "(如所需資料在國外需要較長時間辦理，最晚也需在收到通知後的六個月內上傳).", latest=latest))
    return tuple(lines)


def reminder_anchor(answers: Answers, today: date) -> date | None:
    """The deadline to remind about: the 30 days while they run, then the 6 months for documents from abroad."""
    found = deadlines(answers)
    if found is None:
        return None
    deadline, latest = found
    if today <= deadline or answers.get("documents_from_abroad") is not True:
        return deadline
    return latest


# -- the reply to the reviewer --------------------------------------------------------------------


def reply_text(answers: Answers) -> tuple[str, str]:
    """The drafted reply: (Chinese, its English meaning)."""
    chosen = [item for key in picked(answers.get("provided")) if (item := PHRASES.item(key)) is not None]
    zh = [PHRASES.greeting.zh, PHRASES.intro.zh, *(f"{n}. {item.zh}" for n, item in enumerate(chosen, 1))]
    en = [PHRASES.greeting.en, PHRASES.intro.en, *(f"{n}. {item.en}" for n, item in enumerate(chosen, 1))]
    if answers.get("documents_from_abroad") is True:
        zh.append(PHRASES.abroad.zh)
        en.append(PHRASES.abroad.en)
    zh.append(PHRASES.closing.zh)
    en.append(PHRASES.closing.en)
    return "\n".join(zh), "\n".join(en)


def reply_lines(answers: Answers) -> tuple[Msg, ...]:
    """The reply that goes into 審核意見回覆: the drafted one (with its meaning) or the applicant's own."""
    if answers.get("reply_mode") == "own" and given(answers, "reply_to_reviewer"):
        return (_("審核意見回覆 (reply to the reviewer), your own text:\n{reply}",
                  reply=Code(str(answers["reply_to_reviewer"]))),)
    if not given(answers, "provided"):
        return ()
    zh, en = reply_text(answers)
    return (_("審核意見回覆 (reply to the reviewer), in Chinese as the platform asks:\n{reply}{meaning}",
              reply=Code(zh), meaning=Localized(f"\n\nWhat it says:\n{en}", "")),)


ITEM_KEYS = tuple(item.key for item in PHRASES.items)
provided_rule = pick_several(
    "supplement_provided", ITEM_KEYS, {item.key: (item.label_en, item.label_zh) for item in PHRASES.items},
    summary=_("One or several of the reply's items, by number or name."),
    sources=("bot/data/supplement_replies.json",))


def _numbered() -> Msg:
    return localized("\n".join(f"{n}. {item.label_en}" for n, item in enumerate(PHRASES.items, 1)),
                     "\n".join(f"{n}. {item.label_zh}" for n, item in enumerate(PHRASES.items, 1)))


QUESTIONS: tuple[Question, ...] = (
    field_question(SECTION, "application_number", prompt=_(
        "Which case is it? The application number (申請案號, 12 digits) is in the notice email and in 補正(件)列表.")),
    field_question(SECTION, "notice_date", optional=False, prompt=_(
        "On which day did the supplement notice arrive (the email from niasys@immigration.gov.tw)?")),
    field_question(SECTION, "documents_from_abroad", optional=False, prompt=_(
        "Must some documents come from abroad, so that they take longer than 30 days?"), hint=_(
        "Only then may the upload come later, at the latest 6 months after the notice. Wait until you have every "
        "document: after 送出 nothing can be added.")),
    field_question(SECTION, "reviewer_comment", prompt=_(
        "Copy the reviewer's comment (審核意見, at the top of each tab of the case) here, so that we answer it "
        "point by point."), hint=_("Optional: tap Skip if you prefer not to.")),
    Question(
        key="provided", kind=InputKind.CHOICE, open_list=True, title=_("What you provide"),
        prompt=_("What are you providing? Tap one, or type the numbers of several (for example 1 3 4):"),
        hint=_numbered(), rule=provided_rule,
        choices=tuple(Choice(item.key, localized(item.label_en, item.label_zh)) for item in PHRASES.items),
    ),
    Question(
        key="reply_mode", kind=InputKind.CHOICE, title=_("How to reply"),
        prompt=_("Use the reply drafted above for 審核意見回覆? It is in the copy sheet at the end as well."),
        choices=(Choice("draft", _("✅ Use the drafted reply")), Choice("own", _("✏️ Write my own"))),
    ),
    field_question(SECTION, "reply_to_reviewer", show_if=lambda a: a.get("reply_mode") == "own", optional=False,
                   prompt=_("Type your reply to the reviewer (審核意見回覆). Write it in Chinese if you can: the "
                            "platform asks for Chinese to speed up review (為加速審核時間，請以中文輸入回覆意見). You "
                            "may start from the drafted text: copy it, change it, send it back.")),
)


async def on_answer(ctx: AnswerContext) -> tuple[Msg, ...]:
    if ctx.key in ("notice_date", "documents_from_abroad"):
        anchor = reminder_anchor(ctx.answers, ctx.today)
        found = deadlines(ctx.answers)
        if anchor is None or found is None:
            return ()
        reminded = await remind(ctx, ReminderKind.SUPPLEMENT_DEADLINE, anchor)
        if ctx.key == "notice_date":  # the notice date's rule already states both deadlines
            return reminded
        # documents from abroad: the 6 months; the reminder only when it moved there
        return (*(deadline_lines(ctx.answers)[1:] if ctx.value is True else ()),
                *(reminded if anchor != found[0] else ()))
    if ctx.key == "provided":
        return reply_lines(ctx.answers)
    return ()


def summary(answers: Answers) -> tuple[Msg, ...]:
    return (*deadline_lines(answers), *reply_lines(answers))


SUPPLEMENT = Flow(
    name=SECTION,
    title=_("Supplement upload"),
    label_zh="補正(件)",
    questions=QUESTIONS,
    summary=summary,
    on_answer=on_answer,
    personal=True,
    next_flow=FILES_FLOW,
)

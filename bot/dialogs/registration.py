"""Platform account registration 會員註冊 (seed 000; platform.md §1), as a guided flow.

The role comes first, explained (外國人自行申請 / 雇主提出申請 / 委託代辦機構提出申請): only a self-applicant
registers here, an employer or agency gets its own login (seed 002 STEP 3). Then the form's fields, with the
shared rules and the same keys as the application's 基本資料 and 護照資料, so the application later offers
each value with one tap. The password is explained, never asked for: an optional "check a password idea"
is an ephemeral question (checked in memory, never stored, the user's message deleted). Last, what happens
after 註冊 (verification email, lockout after 5 wrong passwords, a change every 90 days, with a reminder
offered) and the copy sheet.
"""

from __future__ import annotations

import dataclasses

from bot.dialogs.common import bullets, field_question, password_idea_rule, section_lines, spec_line
from bot.dialogs.platform_advice import BROWSER_ADVICE
from bot.dialogs.reminding import forget, remind
from bot.engine.flow import AnswerContext, Answers, Choice, Flow, InputKind, Question
from bot.forms.account import check_platform_password
from bot.forms.dates import iso_answer, past_date
from bot.forms.facts import number
from bot.forms.sections import section
from bot.i18n import Msg, _
from bot.reminders.kinds import ReminderKind

PLATFORM_URL = "https://coa.immigration.gov.tw/coa-frontend/four-in-one/entry/main?lang=zh"

ROLE_NOTES: dict[str, Msg] = {
    "self": _("You register an account for yourself and apply with it. Next: the registration form (會員註冊), "
              "box by box."),
    "employer": _("An employer does not register here: after choosing 雇主提出申請 the platform shows the login for "
                  "employers (相對應之登入方式), which the official tutorials do not show. Whoever fills in the "
                  "application fills it in as the applicant (以「就業金卡申請人」身分進行填寫): add one applicant "
                  "per employee with 👥 Applicants in the menu."),
    "agency": _("An agency does not register here: after choosing 委託代辦機構提出申請 the platform shows the login "
                "for agencies (相對應之登入方式), which the official tutorials do not show. The platform treats an "
                "application filed by someone else as authorised by the applicant, and disputes between the two are "
                "not its concern: use an agency you trust."),
}


def _self(answers: Answers) -> bool:
    return answers.get("applicant_role") in (None, "self")


def _role_question() -> Question:
    question = field_question(
        "registration", "applicant_role",
        prompt=_("The platform first asks who is applying (我要申請 登入系統 → 選擇提出申請人的角色)."),
        hint=_("One account works across the whole platform (系統間之帳號皆能通用): if you registered before, log "
               "in with that account instead of registering again."))
    choices = tuple(dataclasses.replace(choice, note=ROLE_NOTES.get(str(choice.value))) for choice in question.choices)
    return dataclasses.replace(question, choices=choices)


PASSWORD_RULES = _("The password (登入密碼) on the platform:\n"
                   "• 8 to 12 characters\n"
                   "• at least 1 lowercase English letter and 1 digit\n"
                   "• English letters and digits only: no special symbols (帳密請勿設特殊符號)\n"
                   "• not the same as the login account\n"
                   "You type it on the platform only, twice (登入密碼 / 登入密碼確認): I never ask for it and never "
                   "store it.")

platform_password_idea = password_idea_rule(
    "platform_password_idea", lambda raw, answers: check_platform_password(raw, answers.get("login_account")),
    summary=_("Checks a password idea against the platform's rules, in memory only."),
    sources=("seed 000 STEP 6 (密碼長度為8至12個字，且至少1個英文小寫字母及1個阿拉伯數字; 密碼不可與帳號相同; "
             "帳密請勿設特殊符號)",),
)

AFTER_REGISTERING = _("What happens after you press 註冊:\n"
                      "1. The platform emails you a verification link (認證連結). Open it to activate the account; "
                      "not there? Look in spam, or use 重發認證信 on the login page.\n"
                      "2. Log in with the account, the password and the CAPTCHA (驗證碼).\n"
                      "3. {attempts} wrong passwords lock the account: unlock it with 忘記密碼, which gives you a new "
                      "password.\n"
                      "4. Change the password every {days} days (請每90天更換一次密碼).",
                      attempts=5, days=90)


QUESTIONS: tuple[Question, ...] = (
    _role_question(),
    *(field_question("registration", ref.key) for ref in section("registration").fields()
      if ref.key not in ("applicant_role", "login_account")),
    field_question("registration", "login_account",
                   hint=_("English letters and digits only, no symbols (帳號僅能輸入英文和數字). Write it down "
                          "(請務必記住您填寫的帳號): you log in with it.")),
    Question(
        key="password_idea", kind=InputKind.TEXT, ephemeral=True, optional=True, show_if=_self,
        title=_("Password idea meets the rules"),
        prompt=PASSWORD_RULES,
        hint=_("Optional: send a password idea and I check it against these rules in memory only, then delete your "
               "message. Safer still: check an idea like your real password, not the real one. Or tap Skip."),
        rule=platform_password_idea,
    ),
    Question(
        key="password_reminder", kind=InputKind.CHOICE, open_list=True, show_if=_self,
        title=_("Password change reminder"),
        prompt=AFTER_REGISTERING,
        hint=_("Shall I remind you in 90 days to change the password? Tap a button, or type the date you set it "
               "(for example {example}).", example="2026-11-21"),
        choices=(Choice(True, _("⏰ Yes, I set it today: remind me")), Choice(False, _("No reminder, thanks"))),
        rule=past_date,
    ),
)


async def on_answer(ctx: AnswerContext) -> tuple[Msg, ...]:
    if ctx.key == "password_idea":
        return (_("Only the fact that an idea passed is kept, never the idea."),) if ctx.value is True else ()
    if ctx.key != "password_reminder":
        return ()
    if ctx.value is False:
        await forget(ctx, ReminderKind.PASSWORD_CHANGE)
        return (_("No reminder. The platform asks for a new password every 90 days."),)
    anchor = ctx.today if ctx.value is True else iso_answer(ctx.answers, "password_reminder")
    return await remind(ctx, ReminderKind.PASSWORD_CHANGE, anchor or ctx.today)


def copy_sheet(answers: Answers) -> tuple[Msg, ...]:
    lines: list[Msg] = [_("📋 Copy sheet: 會員註冊 (platform account registration)")]
    if "applicant_role" in answers:
        lines.append(spec_line(section("registration").field("applicant_role").spec, answers["applicant_role"]))
    if not _self(answers):
        lines.append(BROWSER_ADVICE)
        lines.append(_("On the platform: {url} → 就業金卡 → 我要申請 登入系統 → choose your role; the platform shows "
                       "the login for it.", url=PLATFORM_URL))
        return tuple(lines)
    lines.extend(section_lines("registration", answers, [ref.key for ref in section("registration").fields()
                                                          if ref.key != "applicant_role"]))
    lines.append(_("登入密碼 / 登入密碼確認 · password and confirmation: you type them yourself, "
                   "{min} to {max} characters, a lowercase letter and a digit, letters and digits only, not the "
                   "account.", min=number("platform_password_min"), max=number("platform_password_max")))
    lines.append(BROWSER_ADVICE)
    lines.append(bullets([
        _("On the platform: {url} → 就業金卡 → 我要申請 登入系統 → 外國人自行申請 → 註冊帳號.", url=PLATFORM_URL),
        _("Fill in the form with the values above (tap one to copy it), then press 註冊."),
        _("Open the link in the verification email; then log in with the account, the password and the CAPTCHA."),
    ]))
    lines.append(_("Next: the new application (▶ in the menu). Your names, birth date, nationality, gender, email and "
                   "passport number are offered there with one tap."))
    return tuple(lines)


REGISTRATION = Flow(
    name="registration",
    title=_("Platform account registration"),
    label_zh="會員註冊",
    questions=QUESTIONS,
    summary=copy_sheet,
    on_answer=on_answer,
    personal=True,
    done=lambda answers: (_("Next: ▶ in the menu starts the application."),) if _self(answers) else (),
)

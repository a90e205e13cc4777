"""Taiwan Jobs 台灣就業通 member registration (seed 004; platform.md §5), as a guided flow.

A different government site (the Workforce Development Agency's www.taiwanjobs.gov.tw): the account is the
email address, the birth date is shown with both years (ROC year = Gregorian − 1911), the mobile is 10
half-width digits, at least one phone. Its fields and rules come from the shared section ``taiwan_jobs``.
The password is set later, from the verification email (link valid 24 hours): 8–20 characters with 2 of 4
kinds (the email's heading says 8–12: both are told), explained, with the same optional in-memory check as the
platform's. The mailing address may be abroad; 電子郵件 offers 無. Then the copy sheet.
"""

from __future__ import annotations

from typing import Any

from bot.dialogs.common import bullets, field_question, label, password_idea_rule, section_lines
from bot.engine.flow import Answers, Choice, Flow, InputKind, Question
from bot.forms.account import check_taiwan_jobs_password
from bot.forms.dates import ROC_OFFSET, iso_answer
from bot.forms.facts import number
from bot.forms.sections import section
from bot.forms.sections.taiwan_jobs import NO_EMAIL
from bot.i18n import Code, Msg, _, localized

SECTION = "taiwan_jobs"
SITE = "https://www.taiwanjobs.gov.tw"
HELP_LINE = "0800-777-888"  # seed 004 Step 4 and 7 (客服專線, 24 hours)
LOCK_AFTER = 3  # seed 004 Step 1 (帳號登入失敗達三次將被鎖住)

PROMPTS: dict[str, Msg] = {
    "account": _("Taiwan Jobs (台灣就業通) is a different government site from the Gold Card platform. Its account is "
                 "your email address (since 2017). Which email address?"),
    "id_or_residence_number": _("Your national ID number, or your resident certificate number (居留證號): for a Gold "
                                "Card holder that is the UI number (統一證號) on the card."),
    "date_of_birth": _("Your date of birth. The form shows the year both ways, 西元 (Gregorian) and 民國 (ROC year = "
                       "Gregorian − 1911): type either."),
}

taiwan_jobs_password_idea = password_idea_rule(
    "taiwan_jobs_password_idea", lambda raw, answers: check_taiwan_jobs_password(raw),
    summary=_("Checks a password idea against Taiwan Jobs' rules, in memory only."),
    sources=("seed 004 Step 5 (長度限制為 8-20 字; 包含右列4種類型中之2種：英文大寫、英文小寫、數字、特殊符號)",),
)

PASSWORD_RULES = _("After you send the form (送出), Taiwan Jobs emails you a verification link, valid for {hours} "
                   "hours (it may land in spam). The link opens 修改密碼, where you set the password:\n"
                   "• 8 to 20 characters (the form's rule box says 8-20; the step before it says 8-12: a "
                   "password of 8 to 12 characters fits both)\n"
                   "• at least 2 of 4 kinds: capital letters, small letters, digits, symbols (such as & # *)\n"
                   "You type it there only: I never ask for it and never store it.",
                   hours=number("taiwan_jobs_link_valid_hours"))

TAIWAN_PHONE = _("A Taiwan number with its area code, for example 02 2345 6789.")
CHANGES: dict[str, dict[str, Any]] = {
    **{key: {"prompt": prompt} for key, prompt in PROMPTS.items()},
    # at least one of 電話 / 行動電話: the mobile number, asked next, is required when this stays empty
    "phone_1": {"prompt": TAIWAN_PHONE, "optional": True,
                "hint": _("At least one of 電話 and 行動電話 (mobile): tap Skip if you give a mobile number.")},
    "phone_2": {"prompt": TAIWAN_PHONE},
    "fax": {"prompt": TAIWAN_PHONE},
    "mobile_phone": {"prompt": _("Your mobile number: 10 half-width digits, for example 0912345678.")},
    "mailing_address": {"prompt": _("Your mailing address (通訊地址), in Taiwan or abroad.")},
    "education_other_description": {"prompt": _("Describe your education for 其他 (other), in at most 64 characters.")},
    # 電子郵件: 無 (none) or 有 with the address (seed 004 Step 2)
    "email": {"choices": (Choice(NO_EMAIL, localized("None (無)", "無"), platform_label="無"),), "open_list": True,
              "prompt": _("Your email address (電子郵件 · 有), or tap 無 if you give none.")},
    "other_contact": {"prompt": _("Another way to reach you (其他聯絡方式), for example LinkedIn and its address. "
                                  "Tap Skip if none.")},
}

QUESTIONS: tuple[Question, ...] = (
    *(field_question(SECTION, ref.key, **CHANGES.get(ref.key, {})) for ref in section(SECTION).fields()),
    Question(
        key="password_idea", kind=InputKind.TEXT, ephemeral=True, optional=True,
        title=_("Password idea meets the rules"), prompt=PASSWORD_RULES,
        hint=_("Optional: send a password idea and I check it against these rules in memory only, then delete your "
               "message. Safer still: check an idea like your real password, not the real one. Or tap Skip."),
        rule=taiwan_jobs_password_idea,
    ),
)


def _birth_line(answers: Answers) -> Msg | None:
    born = iso_answer(answers, "date_of_birth")
    if born is None:
        return None
    return _("{label}: 西元 {year} / 民國 {roc} 年 {month} 月 {day} 日", label=label("出生年月日", "Date of birth"),
             year=Code(str(born.year)), roc=Code(str(born.year - ROC_OFFSET)), month=Code(f"{born.month:02d}"),
             day=Code(f"{born.day:02d}"))


def copy_sheet(answers: Answers) -> tuple[Msg, ...]:
    keys = [ref.key for ref in section(SECTION).fields()]
    lines: list[Msg] = [_("📋 Copy sheet: 台灣就業通 會員基本資料 (Taiwan Jobs member data)")]
    lines.extend(section_lines(SECTION, answers, keys[:keys.index("date_of_birth")]))
    if (birth := _birth_line(answers)) is not None:
        lines.append(birth)
    lines.extend(section_lines(SECTION, answers, keys[keys.index("date_of_birth") + 1:]))
    lines.append(bullets([
        _("{site} → 登入 → 加入會員: read the terms, tick 我已詳讀此份約定條款，並同意遵守 and press 送出.", site=SITE),
        _("Fill in 會員基本資料 with the values above (tap one to copy it), then press 送出."),
        _("Open the verification email within {hours} hours and click the link (look in spam too).",
          hours=number("taiwan_jobs_link_valid_hours")),
        _("Set the password on 修改密碼: 8 to 20 characters by the form's rule box (8 to 12 by the step before it: "
          "8 to 12 fits both), at least 2 of capital letters, small letters, digits, symbols."),
        _("Log in with your email address and the password. {times} failed logins lock the account: use 忘記密碼.",
          times=LOCK_AFTER),
        _("Help line {phone} (24 hours, every day).", phone=HELP_LINE),
    ]))
    return tuple(lines)


TAIWAN_JOBS = Flow(
    name=SECTION,
    title=_("Taiwan Jobs member registration"),
    label_zh="台灣就業通 會員基本資料",
    questions=QUESTIONS,
    summary=copy_sheet,
    personal=True,
)

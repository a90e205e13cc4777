"""Platform account registration (會員註冊) as a whole conversation in both languages, ending in its copy
sheet; the answers offered again in the application; employers and agencies sent to their own login; the
password-change reminder scheduled from the flow."""

from __future__ import annotations

from datetime import timedelta

from bot.app import App
from bot.i18n_catalogs import simplified_characters
from tests.conftest import TODAY
from tests.dialogs.helpers import reminders, run_console, sections
from tests.dialogs.test_application import play
from tests.harness import Chat

# consent, role, then the form in the platform's order
FORM_EN = ["/start registration", "✅ I agree", "Foreign national applying for themselves", "Skip", "Smith", "John",
           "Germany", "1990-07-30", "Male", "C01X00T47", "+49 30 1234567", "Skip", "john@example.de", "johnsmith90"]


async def test_english_registration_in_the_console_ends_with_the_copy_sheet(app: App) -> None:
    output = await run_console(app, [*FORM_EN, "goldcard24", "⏰ Yes, I set it today: remind me",
                                     "✅ All correct, confirm"], "en", user=301)
    assert "The platform first asks who is applying" in output
    assert "On the platform the options read:\n1. 外國人自行申請\n2. 雇主提出申請\n3. 委託代辦機構提出申請" in output
    assert "English surname — on the platform: 英文姓氏" in output
    assert "• 8 to 12 characters" in output and "no special symbols (帳密請勿設特殊符號)" in output
    assert "5 wrong passwords lock the account: unlock it with 忘記密碼" in output
    assert "Change the password every 90 days" in output
    copy_sheet = output.split("📋 Copy sheet: 會員註冊 (platform account registration)", 1)[1]
    for line in ("提出申請人的角色 · Who is applying: 外國人自行申請 (Foreign national applying for themselves)",
                 "英文姓氏 · English surname: SMITH", "國籍 · Nationality: 德國 (Germany)",
                 "出生日期(西元) · Date of birth (Gregorian): 1990-07-30", "性別 · Gender: 男 (Male)",
                 "護照號碼 · Passport number: C01X00T47", "電子郵件 · Email: john@example.de",
                 "登入帳號 · Login account: johnsmith90", "外國人自行申請 → 註冊帳號",
                 "登入密碼 / 登入密碼確認 · password and confirmation: you type them yourself, 8 to 12 characters"):
        assert line in copy_sheet, line
    assert "goldcard24" not in output  # the idea is never echoed
    assert "Confirmed and saved." in output
    stored = await sections(app, 301)
    registration = stored["registration"]
    assert registration["english_surname"] == "SMITH" and registration["nationality"] == "DE"
    assert registration["password_idea"] is True  # only that an idea passed
    assert "goldcard24" not in repr(stored)
    assert [(kind, day) for kind, day, _anchor in await reminders(app, 301)] == [
        ("password_change", TODAY + timedelta(days=90))]


async def test_chinese_registration_in_the_console_is_traditional_only(app: App) -> None:
    lines = ["/start registration", "1", "1", "王大明", "Wang", "Da Ming", "德國", "1990-07-30", "1", "C01X00T47",
             "+49 30 1234567", "略過", "wang@example.de", "wangdaming90", "wangdaming90", "略過", "2", "1"]
    output = await run_console(app, lines, "zh_TW", user=302)
    assert "平臺會先詢問由誰提出申請" in output
    assert "• 密碼不可與帳號相同。" in output  # the idea equal to the account was refused, without echoing it
    assert "密碼錯誤達 5 次會鎖定帳號" in output and "請每 90 天更換一次密碼" in output
    copy_sheet = output.split("📋 複製清單：會員註冊", 1)[1]
    for line in ("提出申請人的角色：外國人自行申請", "中文姓名：王大明", "英文姓氏：WANG", "英文名字：DA MING",
                 "國籍：德國", "性別：男", "登入帳號：wangdaming90", "登入密碼／登入密碼確認：請自行輸入"):
        assert line in copy_sheet, line
    assert "不設提醒" in output and "已確認並儲存" in output
    assert not simplified_characters(output)
    assert [w for w in ("Please", "the platform", "Copy sheet", "password") if w in output] == []
    assert await reminders(app, 302) == []


async def test_registration_answers_are_offered_in_the_application(app: App) -> None:
    chat = Chat(app.engine, 303)
    await chat.send("/start lang_en")
    await play(chat, [("/start registration", "Before I ask for personal data"),
                      ("press:✅ I agree", "提出申請人的角色"),
                      ("press:Foreign national applying", "中文姓名"), ("press:Skip", "英文姓氏"),
                      ("Smith", "英文名字"), ("John", "國籍")])
    await chat.send("/start opening")
    for label in ("I agree", "No", "Foreign national (not a US national)", "No, I apply from abroad", "No",
                  "✅ All correct, confirm", "☑ I have read it and agree", "Today"):
        text = await chat.press(label)
    assert "英文姓氏" in text and "You already gave this in Platform account registration: SMITH" in text
    text = await chat.press("✓ Use SMITH")
    assert "Saved: English surname = SMITH" in text and "英文名字" in text
    assert "✓ Use JOHN" in chat.labels()


async def test_employers_and_agencies_are_sent_to_their_own_login(app: App) -> None:
    chat = Chat(app.engine, 304)
    await chat.send("/start lang_en")
    await chat.send("/start registration")
    await chat.press("✅ I agree")
    text = await chat.press("Employer applying for an employee")
    assert "An employer does not register here" in text and "以「就業金卡申請人」身分進行填寫" in text
    assert "Summary: Platform account registration" in text and "📋 Copy sheet: 會員註冊" in text
    assert "雇主提出申請 (Employer applying for an employee)" in text
    assert "英文姓氏" not in text  # the form is not asked: nothing personal of the employer is kept
    assert (await sections(app, 304))["registration"] == {"applicant_role": "employer"}


async def test_a_typed_date_anchors_the_password_reminder_and_no_cancels_it(app: App) -> None:
    chat = Chat(app.engine, 305)
    await chat.send("/start lang_en")
    for step in FORM_EN[:3]:
        await (chat.send(step) if step.startswith("/") else chat.press(step))
    for step in FORM_EN[3:]:
        await (chat.press(step) if step == "Skip" or step == "Male" else chat.send(step))
    await chat.press("Skip")  # no password idea
    text = await chat.send("2026-10-01")
    assert "⏰ Reminder set (Platform password change): 2026-12-30" in text
    assert [(kind, anchor) for kind, _day, anchor in await reminders(app, 305)] == [
        ("password_change", TODAY.replace(month=10, day=1))]
    await chat.press("✏️ Change an answer")
    await chat.press("Password change reminder")
    text = await chat.press("No reminder, thanks")
    assert "No reminder." in text
    assert await reminders(app, 305) == []

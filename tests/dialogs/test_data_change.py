"""Change of card data (就業金卡資料異動) as whole conversations in both languages, ending in the copy sheet:
what changes → the start page and its boxes → the new values → documents → fee or exemption; the moving
date's 30-day deadline and its reminder; a new passport's validity reminder."""

from __future__ import annotations

from datetime import date

from bot.app import App
from bot.i18n_catalogs import simplified_characters
from tests.dialogs.helpers import reminders, run_console, sections
from tests.harness import Chat

ADDRESS_EN = ["/start data_change", "✅ I agree", "Residence address", "A800000014", "1990-05-03",
              "台北市中正區寶慶路3號2樓", "2026-11-01", "✅ All correct, confirm"]


async def test_english_address_change_in_the_console(app: App) -> None:
    output = await run_console(app, ADDRESS_EN, "en", user=321)
    assert "What is changing on your card?" in output and "no save button" in output
    assert "Request the change by 2026-12-01 (30 days after moving)" in output
    assert "⏰ Reminder set (Address update after moving): 2026-11-21, 2026-11-29" in output
    sheet = output.split("📋 Copy sheet: 就業金卡資料異動申請 (change of card data)", 1)[1]
    for line in ("1. Start page (就業金卡資料異動申請 - 新增):",
                 "• 統一證號 · UI number (resident certificate number): A800000014",
                 "• 出生日期(西元) · Date of birth (Gregorian): 1990-05-03", "• Tick no box (leave them all empty).",
                 "• Then press 查詢.", "• 居留申請:",
                 "居留地址 · Residence address in Taiwan: 台北市中正區寶慶路3號2樓",
                 "↳ District (list): 中正區", "搬遷日期 · Moving date (bot's helper): 2026-11-01",
                 "• 租賃契約或水電繳費證明 · Lease, or a water or electricity bill",
                 "• 現持就業金卡 · Your current Gold Card",
                 "4. Fee: Free: a change of residence address or passport number costs nothing.",
                 "就業金卡資料異動 → tick 同意上述條款", "no save button"):
        assert line in sheet, line
    assert "Confirmed and saved." in output
    stored = (await sections(app, 321))["data_change"]
    assert stored["residence_address"] == "台北市中正區寶慶路3號2樓" and stored["moving_date"] == "2026-11-01"
    assert await reminders(app, 321) == [("address_update", date(2026, 11, 21), date(2026, 12, 1)),
                                         ("address_update", date(2026, 11, 29), date(2026, 12, 1))]


async def test_chinese_passport_and_name_change_in_the_console(app: App) -> None:
    # several, in the platform's tab order → contact no, name yes, passport yes, address no, pickup no, UI number no
    lines = ["/start data_change", "1", "7", "2", "1", "1", "2", "2", "2", "A800000014", "1990-05-03",
             "護照資料異動", "Hunt", "略過", "略過", "略過", "C12345678", "2025-01-01", "2035-01-01", "否",
             "✅ 全部正確，確認"]
    output = await run_console(app, lines, "zh_TW", user=322)
    assert "請在第一頁勾選「護照資料異動」。" in output
    sheet = output.split("📋 複製清單：就業金卡資料異動申請", 1)[1]
    for line in ("• 統一證號：A800000014", "• 勾選：☑ 護照資料異動", "• 護照資料：", "護照號碼：C12345678",
                 "護照效期(西元)：2035-01-01", "• 基本資料：", "英文姓氏：HUNT",
                 "新護照資料頁彩色掃描檔（未經證實：以平臺列出的為準）",
                 "4. 規費：若需依新資料補發就業金卡，規費為新臺幣 500 元", "（未經證實：以平臺顯示的金額為準。）",
                 "每次登入只有 30 分鐘"):
        assert line in sheet, line
    # the platform's tab order (seed 002 lines 245-247): 基本資料 before 護照資料, in the sheet as in the questions
    assert sheet.index("• 基本資料：") < sheet.index("• 護照資料：")
    assert "🌐 登入前：建議使用 Google Chrome 或 Firefox 瀏覽器" in sheet
    assert "已確認並儲存" in output
    assert not simplified_characters(output)
    assert [w for w in ("Please", "Copy sheet", "Fee:", "Tick") if w in output] == []
    assert [kind for kind, _day, _anchor in await reminders(app, 322)] == ["passport_validity"] * 2
    stored = (await sections(app, 322))["data_change"]
    assert stored["passport_data_change"] is True and stored["english_given_name"] is None


async def test_a_late_move_is_warned_and_gets_no_reminder(app: App) -> None:
    chat = Chat(app.engine, 323)
    await chat.send("/start lang_en")
    for step in ADDRESS_EN[:3]:
        await (chat.send(step) if step.startswith("/") else chat.press(step))
    for typed in ADDRESS_EN[3:6]:
        await chat.send(typed)
    text = await chat.send("2026-09-01")
    assert "⚠️ The 30 days ended on 2026-10-01. Request the change now" in text
    assert "No reminder set for Address update after moving: that date has already passed." in text
    assert await reminders(app, 323) == []


async def test_hong_kong_residents_pay_the_hong_kong_fee_known_from_the_opening_answers(app: App) -> None:
    chat = Chat(app.engine, 324)
    await chat.send("/start lang_en")
    await chat.send("/start opening")
    for label in ("I agree", "No", "Hong Kong resident"):
        await chat.press(label)
    await chat.send("/start data_change")
    await chat.press("✅ I agree")
    await chat.press("Email or mobile number")
    await chat.send("A800000014")
    await chat.send("1990-05-03")
    text = await chat.press("☑ I will tick it")
    assert "Saved: Email or mobile number only" in text
    await chat.press("Skip")  # email unchanged
    text = await chat.send("0912345678")
    assert "Hong Kong or Macau resident" not in text  # known from the opening answers: not asked
    assert "• Tick: ☑ 僅電子信箱或手機號碼異動" in text and "NT$2,600" in text and "• 基本資料:" in text


async def test_several_with_nothing_picked_is_stopped_and_a_new_format_number_needs_no_box(app: App) -> None:
    chat = Chat(app.engine, 325)
    await chat.send("/start lang_en")
    await chat.send("/start data_change")
    await chat.press("✅ I agree")
    await chat.press("Several of these")
    for _ in range(6):
        text = await chat.press("No")
    assert "Nothing is changing, so there is nothing to request." in text
    await chat.press("✏️ Change this answer")
    await chat.press("Yes")  # the UI number does change
    text = await chat.send("A800000014")  # already new-format: the "new format only" box is not offered
    await chat.send("1990-05-03")
    assert "Are you only switching to the new-format UI number" not in text
    text = chat.transcript[-1]
    assert "個人因素申請變更統一證號(如語言不雅)" in text
    await chat.press("☑ I will tick it")
    text = await chat.press("No")  # not a Hong Kong or Macau resident: the reissue fee of NT$500 applies
    assert "• Tick: ☑ 個人因素申請變更統一證號(如語言不雅)" in text and "NT$500" in text


def test_the_questions_follow_the_platforms_tabs() -> None:
    """基本資料 → 護照資料 → 居留申請 (seed 002 lines 245-247): what changes, then the new values, tab by tab."""
    from bot.dialogs.data_change import DATA_CHANGE

    keys = [question.key for question in DATA_CHANGE.questions]
    several = [key for key in keys if key.startswith("change_") and key != "change_kind"]
    assert several == ["change_contact", "change_name_gender", "change_passport", "change_address", "change_pickup",
                       "change_ui_number"]
    assert (keys.index("english_surname") < keys.index("email") < keys.index("mobile_phone")
            < keys.index("passport_number") < keys.index("pickup_location") < keys.index("residence_address"))

"""After the application: 完成送出 (case number, payment, the unpaid-application reminder), after approval
(card pickup within 30 days of entry, the extension window), and the passport tab's validity reminder. Whole
conversations in both languages end in their copy sheets; reminders are checked on the fixed date."""

from __future__ import annotations

from datetime import date

from bot.app import App
from bot.i18n_catalogs import simplified_characters
from tests.dialogs.helpers import reminders, run_console
from tests.dialogs.test_application import ABROAD_EN, play
from tests.harness import Chat


async def test_english_submission_unpaid_then_paid(app: App) -> None:
    lines = ["/start submission", "✅ I agree", "113551045830", "2026-11-15", "No", "✅ All correct, confirm"]
    output = await run_console(app, lines, "en", user=351)
    assert "Pay soon: the platform deletes an unpaid application after one month (around 2026-12-15)." in output
    assert "⏰ Reminder set (Unpaid application): 2026-12-06, 2026-12-13" in output
    sheet = output.split("📋 After 送出 (完成送出)", 1)[1]
    for line in ("申請案號 · Application number: 113551045830", "送出日期 · Date you submitted: 2026-11-15",
                 "⚠️ Not paid yet: pay by 2026-12-15", "進度查詢 → 案件進度查詢", "Supplement upload in the menu"):
        assert line in sheet, line
    assert [kind for kind, _day, _anchor in await reminders(app, 351)] == ["unpaid_draft"] * 2
    chat = Chat(app.engine, 351)
    await chat.send("/start submission")
    await chat.press("✏️ Change an answer")
    await chat.press("Fee paid online")
    text = await chat.press("Yes")
    assert "Paid: the review can start." in text and "⚠️ Not paid yet" not in text
    assert await reminders(app, 351) == []  # the unpaid reminders are cancelled


async def test_chinese_after_approval_pickup_and_extension(app: App) -> None:
    lines = ["/start after_approval", "1", "1", "2026-12-05", "2028-12-04", "✅ 全部正確，確認"]
    output = await run_console(app, lines, "zh_TW", user=352)
    assert "自入境翌日起 30 日內領取金卡" in output
    assert "請在 2027-01-04 前領取金卡。" in output
    assert "可申請延期的期間：2028-08-04 至 2028-12-04。" in output
    sheet = output.split("📋 核准之後", 1)[1]
    for line in ("入境日期：2026-12-05", "請在 2027-01-04 前，攜帶列印的核准證明及護照", "有效期限：2028-12-04",
                 "線上申辦 → 就業金卡延期申請", "NT$1,500 / NT$2,500 / NT$3,500", "已過期的金卡無法延期"):
        assert line in sheet, line
    assert not simplified_characters(output)
    assert [w for w in ("Please", "Collect", "Extension") if w in output] == []
    assert await reminders(app, 352) == [
        ("card_pickup", date(2026, 12, 25), date(2027, 1, 4)), ("card_pickup", date(2027, 1, 2), date(2027, 1, 4)),
        ("extension_window", date(2028, 8, 4), date(2028, 12, 4)),
        ("extension_window", date(2028, 11, 4), date(2028, 12, 4))]


async def test_english_after_approval_with_a_card_already_collected(app: App) -> None:
    lines = ["/start after_approval", "✅ I agree", "I already have the card", "2026-12-31", "✅ All correct, confirm"]
    output = await run_console(app, lines, "en", user=353)
    assert "Day of entry" not in output  # only asked of applicants abroad
    assert "Extension window: from 2026-08-31 to 2026-12-31." in output
    sheet = output.split("📋 After approval", 1)[1]
    assert "有效期限 · Card expiry date: 2026-12-31" in sheet and "就業金卡延期申請" in sheet
    # the window opened on 2026-08-31: only the reminder a month before expiry is left
    assert [(day, anchor) for _kind, day, anchor in await reminders(app, 353)] == [
        (date(2026, 12, 1), date(2026, 12, 31))]


async def test_an_expired_card_is_sent_to_a_new_application(app: App) -> None:
    chat = Chat(app.engine, 354)
    await chat.send("/start lang_en")
    await chat.send("/start after_approval")
    await chat.press("✅ I agree")
    await chat.press("I already have the card")
    text = await chat.send("2026-10-01")
    assert "That card has expired: an expired card is not extended." in text
    assert await reminders(app, 354) == []


async def test_the_passport_tab_schedules_the_validity_reminder(app: App) -> None:
    chat = Chat(app.engine, 355)
    await chat.send("/start lang_en")
    steps = ABROAD_EN[:ABROAD_EN.index(("2032-02-28", "護照發照地點")) + 1]
    await play(chat, steps)
    assert "⏰ Reminder set (Passport validity): 2031-07-29, 2031-08-28" in chat.transcript[-1]
    assert [(kind, anchor) for kind, _day, anchor in await reminders(app, 355)] == [
        ("passport_validity", date(2032, 2, 28))] * 2


async def test_chinese_submission_paid(app: App) -> None:
    lines = ["/start submission", "1", "113551045830", "2026-11-15", "是", "✅ 全部正確，確認"]
    output = await run_console(app, lines, "zh_TW", user=356)
    assert "已繳費：可以開始審查了。" in output and "收據下載" in output
    sheet = output.split("📋 送出之後（完成送出）", 1)[1]
    for line in ("申請案號：113551045830", "送出日期：2026-11-15", "查詢案件：進度查詢 → 案件進度查詢",
                 "線上繳費：國際或國內信用卡"):
        assert line in sheet, line
    assert "尚未繳費" not in sheet and not simplified_characters(output)
    assert [w for w in ("Please", "Pay", "Follow") if w in output] == []
    assert await reminders(app, 356) == []

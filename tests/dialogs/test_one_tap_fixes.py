"""Typos the bot can fix are offered as one button, never stored as typed: an email domain (gmial.com) and
Chinese numerals in a Taiwan address (二一六巷五號 → 216巷5號), in both languages."""

from __future__ import annotations

from bot.app import App
from tests.dialogs.test_application import ABROAD_EN, draft_sections, play
from tests.harness import Chat

TO_EMAIL = ABROAD_EN[:ABROAD_EN.index(("press:Single", "電子郵件")) + 1]
TO_RESIDENCE_ADDRESS = ABROAD_EN[:ABROAD_EN.index(("press:Taipei City Service Center", "居留地址")) + 1]


async def test_a_mistyped_email_domain_is_fixed_with_one_tap(app: App) -> None:
    chat = Chat(app.engine, 51)
    await chat.send("/start lang_en")
    await play(chat, TO_EMAIL)
    text = await chat.send("maria.garcia@gmial.com")
    assert "Saved" not in text and "gmail.com" in text
    assert "email" not in (await draft_sections(app, 51))["basic_data"]
    text = await chat.press("maria.garcia@gmail.com")
    assert "Saved: Email = maria.garcia@gmail.com" in text and "出生地點(國家)" in text
    assert (await draft_sections(app, 51))["basic_data"]["email"] == "maria.garcia@gmail.com"


async def test_chinese_numerals_in_a_taiwan_address_become_one_tap_in_chinese(app: App) -> None:
    chat = Chat(app.engine, 52)
    await chat.send("/start lang_en")
    await play(chat, TO_RESIDENCE_ADDRESS)
    await chat.send("/language")
    await chat.press("繁體中文")
    text = await chat.send("臺北市大安區復興南路一段二一六巷五號")
    assert "已儲存" not in text
    assert "residence_address" not in (await draft_sections(app, 52)).get("residence", {})
    text = await chat.press("臺北市大安區復興南路一段216巷5號")
    assert "已儲存" in text
    assert (await draft_sections(app, 52))["residence"]["residence_address"] == "臺北市大安區復興南路一段216巷5號"

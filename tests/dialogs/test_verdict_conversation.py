"""The verdict in a conversation, in both languages: a US passport holder who picked 非美籍外籍人士 is
stopped at 國籍; an identity changed from the review card is confirmed again, and the export says
INCOMPLETE until the applicant confirms."""

from __future__ import annotations

import pytest

from bot.app import App
from tests.dialogs.test_application import ABROAD_EN, draft_sections, play
from tests.harness import Chat

UP_TO_NATIONALITY = ABROAD_EN[:ABROAD_EN.index(("press:Male", "國籍")) + 1]
STOPPED = {"en": ("calls for the identity", "美籍人士"), "zh_TW": ("應選身分", "美籍人士")}


async def switch(chat: Chat, lang: str) -> None:
    if lang == "zh_TW":
        await chat.send("/language")
        await chat.press("繁體中文")


@pytest.mark.parametrize("lang", ["en", "zh_TW"])
async def test_us_passport_with_the_non_us_identity_is_stopped(app: App, lang: str) -> None:
    user = 71 if lang == "en" else 72
    chat = Chat(app.engine, user)
    await chat.send("/start lang_en")
    await play(chat, UP_TO_NATIONALITY)
    await switch(chat, lang)
    text = await chat.send("United States" if lang == "en" else "美國")
    for expected in STOPPED[lang]:
        assert expected in text, text
    assert "國籍" in text and "現職" not in text  # still at 國籍: nothing after it is asked
    assert "nationality" not in (await draft_sections(app, user))["basic_data"]
    text = await chat.send("Germany")
    assert "現職" in text  # a matching nationality goes on


@pytest.mark.parametrize("lang", ["en", "zh_TW"])
async def test_identity_changed_from_the_review_is_confirmed_again(app: App, lang: str) -> None:
    user = 73 if lang == "en" else 74
    chat = Chat(app.engine, user)
    await chat.send("/start lang_en")
    await play(chat, ABROAD_EN)
    await switch(chat, lang)
    await chat.send("/start")  # the review card again (in the chosen language)
    await chat.press("✏️ Change: Opening questions" if lang == "en" else "✏️ 修改：新增申請人")
    await chat.press("Your nationality or identity" if lang == "en" else "您的國籍或身分")
    text = await chat.press("US national" if lang == "en" else "美籍人士")
    # not straight back to the review: the summary and the second confirmation again
    assert ("✅ All correct, confirm" if lang == "en" else "✅ 全部正確，確認") in "\n".join(chat.labels()), text
    sections = await draft_sections(app, user)
    assert sections["opening"]["nationality_identity"] == "foreign_us" and "_confirmed" not in sections["opening"]
    exported = await chat.send("/export")
    assert ("INCOMPLETE" if lang == "en" else "尚未完成") in exported
    assert "開頭答案確認" in exported  # what is missing: the confirmation
    status = await chat.send("/status")
    assert ("INCOMPLETE" if lang == "en" else "尚未完成") in status

"""Through the real python-telegram-bot door and the fake Bot API: a password idea typed into the optional
check of the account registration is deleted from the chat (deleteMessage with the user's message id), and
no message the bot sends repeats it."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from bot.telegram.ptb_door import running_ptb
from tests.telegram.bots import StartBot
from tests.telegram.door_scenarios import USER, Chat, plain
from tests.telegram.fake_bot_api import FakeBotAPI

IDEA = "zq8sentinel"


@pytest.fixture
def running() -> Any:
    return running_ptb


async def test_password_idea_message_is_deleted(fake_api: FakeBotAPI, start_bot: StartBot,
                                                caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="bot")
    deleted: list[tuple[int, int]] = []

    async def delete_message(params: dict[str, Any]) -> bool:
        # the fake keeps only the bot's own messages; here the user's message is the one deleted
        deleted.append((int(params["chat_id"]), int(params["message_id"])))
        return True

    fake_api._m_deletemessage = delete_message  # type: ignore[method-assign]
    await start_bot()
    chat = Chat(fake_api)
    await chat.send("/start lang_en")
    await chat.send("/start registration")
    await chat.press("✅ I agree")
    await chat.press("Foreign national applying for themselves")
    await chat.press("Skip")
    for typed in ("Smith", "John", "Germany", "1990-07-30"):
        await chat.send(typed)
    await chat.press("Male")
    for typed in ("C01X00T47", "+49 30 1234567"):
        await chat.send(typed)
    await chat.press("Skip")
    await chat.send("john@example.de")
    question = plain(await chat.send("johnsmith90"))
    assert "• 8 to 12 characters" in question and deleted == []

    update_id = fake_api.push_text(USER, IDEA)
    typed_id = fake_api.update(update_id)["message"]["message_id"]
    reply = plain(await chat.prompt())
    assert "✓ That idea meets every rule." in reply
    await fake_api.wait_for_call("deleteMessage")
    assert deleted == [(USER, typed_id)]

    answer = plain(await chat.send("2026-10-01"))  # an ordinary answer stays in the chat
    assert "Password change reminder" in answer or "Reminder set" in answer
    assert deleted == [(USER, typed_id)]
    assert all(IDEA not in message.text for message in fake_api.sent(USER))
    assert all(IDEA not in record.getMessage() for record in caplog.records)

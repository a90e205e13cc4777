"""Bot API faults through the real python-telegram-bot door: a 5xx or a timeout on getFile or
sendMessage is retried; a message goes out exactly once; a download that keeps failing leaves the
upload step open with a request to send the file again."""

from __future__ import annotations

from typing import Any

import pytest

from bot.telegram.ptb_door import running_ptb
from tests.documents import corpus
from tests.telegram.bots import StartBot
from tests.telegram.door_scenarios import Chat, plain
from tests.telegram.fake_bot_api import FakeBotAPI


@pytest.fixture
def running() -> Any:
    return running_ptb


async def reach_passport_upload(chat: Chat) -> None:
    await chat.send("/start lang_en")
    await chat.send("/start documents")
    await chat.press("✅ I agree")
    text = plain(await chat.press("📎 Passport"))
    assert "Send a PDF, or photos of the pages" in text


async def test_send_message_server_error_is_retried_and_sent_once(fake_api: FakeBotAPI, start_bot: StartBot) -> None:
    await start_bot()
    chat = Chat(fake_api)
    fake_api.fail_next("sendMessage", "Internal Server Error", 500, None)
    picker = plain(await chat.send("/start"))
    assert "Please choose your language" in picker
    texts = [m.plain for m in fake_api.sent(chat.user_id)]
    assert sum("Please choose your language" in t for t in texts) == 1


async def test_get_file_failures_are_retried_then_reported(fake_api: FakeBotAPI, start_bot: StartBot) -> None:
    await start_bot()
    chat = Chat(fake_api)
    await reach_passport_upload(chat)
    fake_api.fail_next("getFile", "Bad Gateway", 502, None)
    fake_api.push_document(chat.user_id, "passport.pdf", corpus.plain_pdf())
    text = plain(await chat.prompt())
    assert "Page 1 received" in text  # the second getFile went through
    for _ in range(3):
        fake_api.fail_next("getFile", "Bad Gateway", 502, None)
    fake_api.push_document(chat.user_id, "page2.pdf", corpus.plain_pdf())
    text = plain(await chat.prompt())
    assert "I could not download that file. Please send it again." in text
    assert "✅ Done (1 page)" in [label for label, _ in chat.last.buttons]  # the step stays open

"""``/whoami`` in a group the bot is in (before STAFF_CHAT_ID is set) and in a private chat: the chat id and
the sender's user id, in the sender's language, through both doors."""

from __future__ import annotations

from typing import Any

import pytest

from bot.telegram.aiogram_door import running_aiogram
from bot.telegram.ptb_door import running_ptb
from tests.telegram.bots import StartBot
from tests.telegram.fake_bot_api import FakeBotAPI

GROUP = -1005550001
STAFF = 7770002


@pytest.fixture(params=[running_ptb, running_aiogram], ids=["ptb", "aiogram"])
def running(request: pytest.FixtureRequest) -> Any:
    return request.param


async def test_whoami_shows_the_ids_for_the_help_desk(fake_api: FakeBotAPI, start_bot: StartBot) -> None:
    await start_bot()
    fake_api.make_forum(GROUP)
    fake_api.push_group_text(GROUP, STAFF, "/whoami", language_code="zh-hant")
    [reply] = await fake_api.wait_for_messages(GROUP, 1)
    assert f"聊天室 ID：{GROUP}" in reply.plain and f"您的使用者 ID：{STAFF}" in reply.plain
    assert "STAFF_CHAT_ID" in reply.plain

    fake_api.push_text(STAFF, "/whoami")
    [private] = await fake_api.wait_for_messages(STAFF, 1)
    assert f"Chat id: {STAFF}" in private.plain and f"Your user id: {STAFF}" in private.plain

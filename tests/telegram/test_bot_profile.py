"""The bot's profile as both doors publish it at start: description and short description per language,
/export in the command menu, the menu button, and the staff group's own command menu."""

from __future__ import annotations

import re
from typing import Any

import pytest

from bot.config import Settings
from bot.telegram.aiogram_door import running_aiogram
from bot.telegram.profile import STAFF_COMMANDS
from bot.telegram.ptb_door import running_ptb
from tests.telegram.bots import StartBot
from tests.telegram.door_scenarios import STAFF_CHAT, Chat, staff_settings
from tests.telegram.fake_bot_api import FakeBotAPI

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(params=[running_ptb, running_aiogram], ids=["ptb", "aiogram"])
def running(request: pytest.FixtureRequest) -> Any:
    return request.param


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return staff_settings(settings)


async def test_profile_menu_button_and_staff_commands(fake_api: FakeBotAPI, start_bot: StartBot) -> None:
    await start_bot()
    await fake_api.wait_for_call("setChatMenuButton")
    await fake_api.wait_for_call("setMyCommands", count=3)  # published while polling: both menus, then staff's
    assert set(fake_api.descriptions) == {None, "zh"} == set(fake_api.short_descriptions)
    assert "Gold Card" in fake_api.descriptions[None] and not CJK.search(fake_api.short_descriptions[None])
    assert CJK.search(fake_api.descriptions["zh"]) and CJK.search(fake_api.short_descriptions["zh"])
    assert all(len(text) <= 120 for text in fake_api.short_descriptions.values())
    assert fake_api.menu_button == {"type": "commands"}
    assert "export" in [c["command"] for c in fake_api.commands[None]]
    assert [c["command"] for c in fake_api.scoped_commands[STAFF_CHAT]] == [name for name, _ in STAFF_COMMANDS]
    assert "tickets" not in [c["command"] for c in fake_api.commands[None]]


async def test_the_first_reply_does_not_wait_for_the_menus(fake_api: FakeBotAPI, start_bot: StartBot) -> None:
    """The menus and descriptions are published while the door already polls: a Telegram slow to answer them
    (here: not at all until released) delays no reply."""
    fake_api.hold("setMyCommands")
    await start_bot()
    picker = await Chat(fake_api).send("/start")
    assert picker and len(fake_api.calls_to("setMyCommands")) == 1  # the first menu still waits for its answer
    fake_api.release()
    await fake_api.wait_for_call("setChatMenuButton")  # then the rest is published

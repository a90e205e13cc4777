"""A chat that feels native on a phone, through both real Telegram doors (python-telegram-bot and
aiogram) and the fake Bot API; the conversations are in native_scenarios.py."""

from __future__ import annotations

from typing import Any

import pytest

from bot.telegram.aiogram_door import running_aiogram
from bot.telegram.ptb_door import running_ptb
from tests.telegram import native_scenarios as scenario
from tests.telegram.bots import StartBot
from tests.telegram.fake_bot_api import FakeBotAPI


@pytest.fixture(params=[running_ptb, running_aiogram], ids=["ptb", "aiogram"])
def running(request: pytest.FixtureRequest) -> Any:
    return request.param


async def test_button_answer_edits_its_message_and_old_press_gets_a_toast(fake_api: FakeBotAPI,
                                                                         start_bot: StartBot) -> None:
    await scenario.button_answer_edited_in_place(fake_api, start_bot)


async def test_whole_application_and_export_in_fewer_messages(fake_api: FakeBotAPI, start_bot: StartBot) -> None:
    await scenario.whole_application_and_export(fake_api, start_bot)

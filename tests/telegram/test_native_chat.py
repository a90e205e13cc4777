"""A chat that feels native on a phone, through both real Telegram doors (python-telegram-bot and
aiogram) and the fake Bot API; the conversations are in native_scenarios.py."""

from __future__ import annotations

from typing import Any

import pytest

from bot.telegram.aiogram_door import running_aiogram
from bot.telegram.ptb_door import running_ptb
from tests.telegram import card_scenarios as cards
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


async def test_a_card_leading_to_a_card_is_edited_into_it(fake_api: FakeBotAPI, start_bot: StartBot) -> None:
    await cards.sub_menu_edits_the_menu(fake_api, start_bot)


async def test_the_review_card_is_edited_in_place(fake_api: FakeBotAPI, start_bot: StartBot,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    await cards.review_card_edited_in_place(fake_api, start_bot, monkeypatch)


async def test_a_card_leading_to_a_question_sends_it(fake_api: FakeBotAPI, start_bot: StartBot) -> None:
    await cards.question_is_sent_and_the_card_loses_its_buttons(fake_api, start_bot)


async def test_a_refused_card_edit_sends_the_card(fake_api: FakeBotAPI, start_bot: StartBot) -> None:
    await cards.failed_edit_sends_the_card(fake_api, start_bot)

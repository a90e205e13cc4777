"""The help desk end to end through both Telegram doors and the fake Bot API: a ticket from the applicant's
question to the staff group's forum topic and back, /close, /delete; a group without topics; staff-only
commands refused; inline answer cards. The conversations are in door_scenarios.py."""

from __future__ import annotations

from typing import Any

import pytest

from bot.config import Settings
from tests.telegram import door_scenarios as scenario
from tests.telegram.bots import StartBot
from tests.telegram.fake_bot_api import FakeBotAPI


@pytest.fixture(params=["ptb", "aiogram"])
def running(request: pytest.FixtureRequest) -> Any:
    if request.param == "ptb":
        from bot.telegram.ptb_door import running_ptb

        return running_ptb
    pytest.importorskip("aiogram")
    from bot.telegram.aiogram_door import running_aiogram

    return running_aiogram


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return scenario.staff_settings(settings)


async def test_ticket_from_question_to_topic_and_back(fake_api: FakeBotAPI, start_bot: StartBot) -> None:
    await scenario.helpdesk_round_trip(fake_api, start_bot)


async def test_staff_group_without_topics(fake_api: FakeBotAPI, start_bot: StartBot) -> None:
    await scenario.helpdesk_without_topics(fake_api, start_bot)


async def test_staff_commands_refused_to_others(fake_api: FakeBotAPI, start_bot: StartBot) -> None:
    await scenario.staff_commands_refused(fake_api, start_bot)


async def test_inline_query_returns_answer_cards(fake_api: FakeBotAPI, start_bot: StartBot) -> None:
    await scenario.inline_answer_cards(fake_api, start_bot)


async def test_applicant_told_when_the_staff_group_is_unreachable(fake_api: FakeBotAPI, start_bot: StartBot) -> None:
    await scenario.staff_group_unreachable(fake_api, start_bot)


async def test_photo_relayed_from_applicant_to_topic_and_back(fake_api: FakeBotAPI, start_bot: StartBot) -> None:
    await scenario.photo_relayed_both_ways(fake_api, start_bot)

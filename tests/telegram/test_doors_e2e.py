"""End to end through both real Telegram doors (python-telegram-bot, the default, and aiogram): real HTTP
to the fake Bot API server on loopback, a fresh SQLite database per test. The conversations themselves are
in door_scenarios.py; every test runs once per door."""

from __future__ import annotations

from typing import Any

import pytest

from bot.config import Settings
from bot.telegram.aiogram_door import running_aiogram
from bot.telegram.ptb_door import running_ptb
from tests.telegram import door_scenarios as scenario
from tests.telegram.bots import RunningBot, StartBot
from tests.telegram.fake_bot_api import FakeBotAPI


@pytest.fixture(params=[running_ptb, running_aiogram], ids=["ptb", "aiogram"])
def running(request: pytest.FixtureRequest) -> Any:
    return request.param


@pytest.mark.parametrize("locale", ["zh_TW", "en"])
async def test_restart_resumes_with_answers_kept(fake_api: FakeBotAPI, start_bot: StartBot, locale: str) -> None:
    await scenario.restart_and_resume(fake_api, start_bot, locale)


async def test_same_update_twice_gets_one_reply(fake_api: FakeBotAPI, start_bot: StartBot) -> None:
    await scenario.duplicate_update(fake_api, start_bot)


async def test_outdated_button_answered_with_hint(fake_api: FakeBotAPI, start_bot: StartBot) -> None:
    await scenario.outdated_button(fake_api, start_bot)


async def test_command_menu_per_language(fake_api: FakeBotAPI, start_bot: StartBot) -> None:
    await scenario.command_menus(fake_api, start_bot)


async def test_one_users_updates_keep_their_order(fake_api: FakeBotAPI, start_bot: StartBot) -> None:
    await scenario.order_kept(fake_api, start_bot)


async def test_button_press_answered_before_the_engine_finishes(fake_api: FakeBotAPI,
                                                                start_bot: StartBot) -> None:
    await scenario.callback_answered_at_once(fake_api, start_bot)


async def test_files_stickers_and_groups(fake_api: FakeBotAPI, start_bot: StartBot) -> None:
    await scenario.files_and_other_messages(fake_api, start_bot)


@pytest.mark.filterwarnings("ignore:.*retry_after.*:DeprecationWarning")  # raised inside PTB's RetryAfter
async def test_failures_are_kind_and_quiet(fake_api: FakeBotAPI, start_bot: StartBot,
                                           caplog: pytest.LogCaptureFixture) -> None:
    await scenario.failures_are_kind_and_quiet(fake_api, start_bot, caplog)


async def test_polling_inbox_sealed_and_resumed(fake_api: FakeBotAPI, start_bot: StartBot) -> None:
    await scenario.inbox_sealed_and_resumed(fake_api, start_bot)


async def test_stop_lets_handled_update_finish(fake_api: FakeBotAPI, start_bot: StartBot) -> None:
    await scenario.stops_cleanly_while_busy(fake_api, start_bot)


async def test_whole_application_to_the_review_card(fake_api: FakeBotAPI, start_bot: StartBot) -> None:
    await scenario.whole_application(fake_api, start_bot)


async def test_due_reminder_is_pushed_and_cancellable(fake_api: FakeBotAPI, start_bot: StartBot) -> None:
    await scenario.reminder_pushed(fake_api, start_bot)


@pytest.mark.parametrize(("send_rate", "asked"), [(30.0, 60), (10_000.0, 100)])
async def test_getupdates_asks_for_no_more_than_the_send_limits_let_out(fake_api: FakeBotAPI, settings: Settings,
                                                                        running: Any, send_rate: float,
                                                                        asked: int) -> None:
    """At Telegram's ~30 messages a second a fetch asks for 60 updates (2 s of replies), at most 100 when the
    limits are higher: the door's limiter bounds what the poller takes in hand."""
    bot = await RunningBot(settings.model_copy(update={"send_rate": send_rate}), running).start()
    try:
        calls = await fake_api.wait_for_call("getUpdates")
        assert calls[0].params.get("limit") == asked
    finally:
        await bot.stop()

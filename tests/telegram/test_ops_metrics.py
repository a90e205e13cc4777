"""``/metrics`` scraped during a conversation through the real PTB door: updates by kind, handler latency,
429s and retries, reminders sent, inbox depth, readiness; and nothing personal in any sample."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.ops import health
from bot.ops.health import Readiness, health_listener
from bot.reminders.book import ReminderBook
from bot.reminders.dispatcher import ReminderDispatcher
from bot.reminders.kinds import ReminderKind
from bot.telegram.ptb_door import running_ptb
from storage.repositories import Store
from tests.telegram.bots import StartBot
from tests.telegram.door_scenarios import USER, Chat
from tests.telegram.fake_bot_api import FakeBotAPI


@pytest.fixture
def running() -> Any:
    return running_ptb


async def scrape(port: int) -> tuple[str, dict[tuple[str, tuple[tuple[str, str], ...]], float]]:
    async with aiohttp.ClientSession() as session, session.get(f"http://127.0.0.1:{port}/metrics") as response:
        assert response.status == 200
        body = await response.text()
    samples = {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
               for family in text_string_to_metric_families(body) for sample in family.samples}
    return body, samples


@pytest.mark.filterwarnings("ignore:.*retry_after.*:DeprecationWarning")  # raised inside PTB's RetryAfter
async def test_metrics_during_a_conversation(fake_api: FakeBotAPI, start_bot: StartBot) -> None:
    bot = await start_bot()
    assert bot.app is not None
    health.TELEGRAM.mode = "polling"
    async with health_listener("127.0.0.1:0", Readiness(bot.app.db)) as port:
        assert port is not None
        _, before = await scrape(port)

        def delta(name: str, **labels: str) -> float:
            key = (name, tuple(sorted(labels.items())))
            return after.get(key, 0.0) - before.get(key, 0.0)

        chat = Chat(fake_api)
        await chat.send("/start")
        fake_api.fail_next("sendMessage")  # flood control once: waited for, then sent
        await chat.press("English")
        await chat.send("Tan Mei Ling")
        async with bot.app.db.transaction() as session:
            user = await Store(session, bot.app.engine.sealer).lock_user(USER)
            await ReminderBook(session, bot.app.engine.sealer).schedule(
                user, ReminderKind.SUPPLEMENT_DEADLINE, date(2026, 12, 10), today=date(2026, 11, 30))
        dispatcher = ReminderDispatcher(bot.app.db, bot.app.engine.sealer, bot.app.engine.services.notifier,
                                        "test", clock=lambda: datetime(2026, 12, 3, 3, 0, tzinfo=UTC))
        assert await dispatcher.deliver_due() == 1
        await chat.messages(1)

        body, after = await scrape(port)
    assert delta("goldcard_updates_handled_total", kind="command") == 1
    assert delta("goldcard_updates_handled_total", kind="button") == 1
    assert delta("goldcard_updates_handled_total", kind="text") == 1
    assert delta("goldcard_handler_seconds_count") == 3
    assert delta("goldcard_bot_api_429_total") == 1 and delta("goldcard_bot_api_retries_total") == 1
    assert delta("goldcard_reminders_sent_total") == 1
    assert after[("goldcard_inbox_depth", ())] == 0
    assert after[("goldcard_ready", ())] == 1  # the poller has been heard from, the database answers
    assert str(USER) not in body and "Tan Mei Ling" not in body

"""A user who blocks the bot (``my_chat_member`` "kicked") gets no reminder, and no attempt is made, until they
unblock it ("member"); a send refused with 403 "bot was blocked by the user" pauses them too. Both doors, the
fake Bot API, the real reminder dispatcher."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from bot.reminders.book import ReminderBook
from bot.reminders.dispatcher import ReminderDispatcher
from bot.reminders.kinds import ReminderKind
from bot.telegram.aiogram_door import running_aiogram
from bot.telegram.ptb_door import running_ptb
from storage.models import User
from storage.repositories import Store
from tests.telegram.bots import RunningBot, StartBot
from tests.telegram.fake_bot_api import FakeBotAPI

USER = 5550077
LATER = datetime.now(UTC) + timedelta(days=400)  # every reminder scheduled today is due by then


@pytest.fixture(params=[running_ptb, running_aiogram], ids=["ptb", "aiogram"])
def running(request: pytest.FixtureRequest) -> Any:
    return request.param


async def blocked_at(bot: RunningBot, user_id: int) -> datetime | None:
    assert bot.app is not None
    async with bot.app.db.transaction() as session:
        user = await session.get(User, user_id)
        assert user is not None
        return user.blocked_at


async def until_blocked(bot: RunningBot, user_id: int, blocked: bool) -> None:
    """Until the door has applied the user's my_chat_member (bounded)."""
    for _ in range(200):
        if (await blocked_at(bot, user_id) is not None) == blocked:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"user {user_id} never became {'blocked' if blocked else 'reachable'}")


async def schedule_reminder(bot: RunningBot, user_id: int) -> None:
    assert bot.app is not None
    async with bot.app.db.transaction() as session:
        user = await Store(session, bot.app.engine.sealer).lock_user(user_id)
        created = await ReminderBook(session, bot.app.engine.sealer).schedule(
            user, ReminderKind.ADDRESS_UPDATE, date.today() + timedelta(days=1), today=date.today())
        assert created


async def started_with_a_due_reminder(fake_api: FakeBotAPI,
                                      start_bot: StartBot) -> tuple[RunningBot, ReminderDispatcher]:
    """The bot running, USER started, a reminder of theirs scheduled, and a dispatcher whose clock has it due."""
    bot = await start_bot()
    fake_api.push_text(USER, "/start lang_en")
    await fake_api.wait_for_prompt(USER, 0)
    await schedule_reminder(bot, USER)
    assert bot.app is not None and bot.engine is not None
    return bot, ReminderDispatcher(bot.app.db, bot.app.engine.sealer, bot.engine.services.notifier, "w",
                                   clock=lambda: LATER)


def sends_to(api: FakeBotAPI, user_id: int) -> int:
    return sum(1 for call in api.calls if call.method.lower() == "sendmessage"
               and str(call.params.get("chat_id")) == str(user_id))


async def test_a_blocked_user_gets_no_reminder_until_they_unblock_the_bot(fake_api: FakeBotAPI,
                                                                        start_bot: StartBot) -> None:
    bot, dispatcher = await started_with_a_due_reminder(fake_api, start_bot)

    fake_api.push_chat_member(USER, "kicked")
    await until_blocked(bot, USER, True)
    attempts = sends_to(fake_api, USER)
    assert await dispatcher.deliver_due() == 0 and await dispatcher.deliver_due() == 0
    assert sends_to(fake_api, USER) == attempts  # not even tried while blocked

    fake_api.push_chat_member(USER, "member")
    await until_blocked(bot, USER, False)
    assert await dispatcher.deliver_due() >= 1
    assert "Reminder" in fake_api.sent(USER)[-1].plain
    assert bot.events and all(event.user_id == USER for event in bot.events)  # membership is no engine event


async def test_a_403_on_send_pauses_the_users_reminders(fake_api: FakeBotAPI, start_bot: StartBot) -> None:
    bot, dispatcher = await started_with_a_due_reminder(fake_api, start_bot)
    fake_api.blocked_by.add(USER)  # blocked while the bot was down: no my_chat_member seen
    attempts = sends_to(fake_api, USER)
    assert await dispatcher.deliver_due() == 0
    assert sends_to(fake_api, USER) == attempts + 1 and await blocked_at(bot, USER) is not None
    assert await dispatcher.deliver_due() == 0 and sends_to(fake_api, USER) == attempts + 1  # paused, not retried

    fake_api.push_chat_member(USER, "member")
    await until_blocked(bot, USER, False)
    assert await dispatcher.deliver_due() >= 1 and "Reminder" in fake_api.sent(USER)[-1].plain


async def test_an_update_a_library_could_not_read_stops_nothing(fake_api: FakeBotAPI, start_bot: StartBot) -> None:
    """The door core reads the JSON itself: a my_chat_member without the "until_date" aiogram's models require
    (and an update of a kind the bot does not handle) is skipped, the next message is answered."""
    bot = await start_bot()
    chat = {"id": USER, "type": "private", "first_name": "Tester"}
    fake_api.push_update({"my_chat_member": {"chat": chat, "from": fake_api.user(USER), "date": 1,
                                             "old_chat_member": {"status": "member", "user": fake_api.user(1)},
                                             "new_chat_member": {"status": "kicked", "user": fake_api.user(1)}}})
    fake_api.push_update({"poll": {"id": "p1"}})
    fake_api.push_text(USER, "/start lang_en")
    await fake_api.wait_for_prompt(USER, 0)
    await until_blocked(bot, USER, False)  # "kicked" read, then "/start": the user is there, and reachable

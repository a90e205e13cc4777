"""Reminders with a controlled clock on SQLite and PostgreSQL: scheduled, sent once, survive restarts,
one send across two workers, cancelled when the user cancels, in the user's language and local time."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from bot.engine.events import Outcome
from bot.i18n import PLAIN, render
from bot.reminders.book import ReminderBook
from bot.reminders.dispatcher import ReminderDispatcher
from bot.reminders.kinds import ReminderKind, add_months
from storage.crypto import Sealer, decode_key, generate_key
from storage.db import Database
from storage.models import Reminder
from storage.repositories import Store

TODAY = date(2026, 11, 21)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class Inbox:
    def __init__(self, fail: int = 0) -> None:
        self.messages: list[tuple[int, str]] = []
        self.fail = fail

    async def push(self, user_id: int, outcome: Outcome) -> None:
        if self.fail:
            self.fail -= 1
            raise ConnectionError("Bot API unreachable")
        for reply in outcome.replies:
            self.messages.append((user_id, "\n".join(render(p, outcome.locale, PLAIN) for p in reply.parts)))


async def schedule(db: Database, sealer: Sealer, user_id: int, kind: ReminderKind, anchor: date,
                   locale: str = "en", timezone: str | None = None) -> list[str]:
    async with db.transaction() as session:
        user = await Store(session, sealer).lock_user(user_id)
        user.locale = locale
        user.timezone = timezone
        created = await ReminderBook(session, sealer).schedule(user, kind, anchor, today=TODAY)
        return [r.id for r in created]


async def test_supplement_reminders_are_sent_once_at_ten_taipei_time(db: Database, sealer: Sealer) -> None:
    deadline = TODAY + timedelta(days=30)
    assert len(await schedule(db, sealer, 1, ReminderKind.SUPPLEMENT_DEADLINE, deadline)) == 2
    # scheduling the same deadline again adds nothing
    assert await schedule(db, sealer, 1, ReminderKind.SUPPLEMENT_DEADLINE, deadline) == []
    inbox = Inbox()
    first_day = deadline - timedelta(days=7)
    clock = Clock(datetime(first_day.year, first_day.month, first_day.day, 1, 59, tzinfo=UTC))  # 09:59 Taipei
    worker = ReminderDispatcher(db, sealer, inbox, "w1", clock=clock)
    assert await worker.deliver_due() == 0
    clock.now += timedelta(minutes=1)  # 10:00 Taipei
    assert await worker.deliver_due() == 1
    assert await worker.deliver_due() == 0  # never twice
    assert inbox.messages[0][0] == 1 and deadline.isoformat() in inbox.messages[0][1]
    assert "補正" in inbox.messages[0][1]


async def test_reminders_survive_a_restart_and_use_the_users_language(db: Database, database_url: str,
                                                                       sealer: Sealer) -> None:
    expiry = date(2027, 12, 31)
    await schedule(db, sealer, 2, ReminderKind.PASSPORT_VALIDITY, expiry, locale="zh_TW")
    await db.dispose()
    restarted = Database(database_url)  # a new process: nothing was kept in memory
    try:
        inbox = Inbox()
        clock = Clock(datetime(2027, 6, 30, 3, 0, tzinfo=UTC))
        assert await ReminderDispatcher(restarted, sealer, inbox, "w2", clock=clock).deliver_due() == 2
        texts = [text for _, text in inbox.messages]
        assert all("護照" in text for text in texts)
        assert add_months(expiry, -6).isoformat() in texts[0]
    finally:
        await restarted.dispose()


async def test_two_workers_send_each_reminder_once(db: Database, database_url: str, sealer: Sealer) -> None:
    for user_id in range(10, 30):
        await schedule(db, sealer, user_id, ReminderKind.CARD_PICKUP, TODAY + timedelta(days=12))
    inbox = Inbox()
    clock = Clock(datetime(2026, 12, 31, 12, 0, tzinfo=UTC))
    second = Database(database_url)
    try:
        workers = [ReminderDispatcher(db, sealer, inbox, "a", clock=clock),
                   ReminderDispatcher(second, sealer, inbox, "b", clock=clock)]
        counts = await asyncio.gather(*(w.deliver_due() for w in workers), *(w.deliver_due() for w in workers))
    finally:
        await second.dispose()
    assert sum(counts) == 40 == len(inbox.messages)  # 20 users x 2 reminders, each sent exactly once
    assert {user: [u for u, _ in inbox.messages].count(user) for user in range(10, 30)} == dict.fromkeys(
        range(10, 30), 2)
    async with db.transaction() as session:
        rows = (await session.execute(select(Reminder))).scalars().all()
    assert len(rows) == 40 and all(r.status == "sent" and r.sent_at is not None for r in rows)
    assert {r.claimed_by for r in rows} <= {"a", "b"}


async def test_failed_push_is_retried_and_a_dead_workers_claim_expires(db: Database, sealer: Sealer) -> None:
    await schedule(db, sealer, 3, ReminderKind.ADDRESS_UPDATE, TODAY + timedelta(days=1))
    clock = Clock(datetime(2026, 11, 21, 3, 0, tzinfo=UTC))
    inbox = Inbox(fail=1)
    worker = ReminderDispatcher(db, sealer, inbox, "w", clock=clock)
    assert await worker.deliver_due() == 0 and inbox.messages == [] and inbox.fail == 0  # the push failed
    assert await worker.deliver_due() == 1
    # a worker that claimed and died: another takes over after the lease
    await schedule(db, sealer, 4, ReminderKind.ADDRESS_UPDATE, TODAY + timedelta(days=1))
    dead = ReminderDispatcher(db, sealer, Inbox(), "dead", clock=clock)
    due = await db_pending_ids(db, 4)
    assert await dead._claim(due[0], clock.now)
    other = ReminderDispatcher(db, sealer, inbox, "alive", clock=clock)
    assert await other.deliver_due() == 0
    clock.now += timedelta(minutes=6)
    assert await other.deliver_due() == 1


async def db_pending_ids(db: Database, user_id: int) -> list[str]:
    async with db.transaction() as session:
        return [r.id for r in await ReminderBook(session, Sealer([decode_key(generate_key())])).pending(user_id)]


async def test_cancelled_and_rescheduled_reminders_are_not_sent(db: Database, sealer: Sealer) -> None:
    ids = await schedule(db, sealer, 5, ReminderKind.SUPPLEMENT_DEADLINE, TODAY + timedelta(days=30))
    async with db.transaction() as session:
        book = ReminderBook(session, sealer)
        assert await book.cancel(5, ids[0])
        assert not await book.cancel(6, ids[1])  # another user's reminder: refused
    # a corrected deadline replaces the pending reminders of the old one
    await schedule(db, sealer, 5, ReminderKind.SUPPLEMENT_DEADLINE, TODAY + timedelta(days=20))
    async with db.transaction() as session:
        book = ReminderBook(session, sealer)
        anchors = {book.anchor(r) for r in await book.pending(5)}
    assert anchors == {TODAY + timedelta(days=20)}


async def test_past_dates_are_skipped_but_an_open_deadline_gets_one(db: Database, sealer: Sealer) -> None:
    ids = await schedule(db, sealer, 7, ReminderKind.CARD_PICKUP, TODAY + timedelta(days=1))
    assert len(ids) == 1  # d-10 is past, d-2 is past: one reminder now
    assert await schedule(db, sealer, 7, ReminderKind.EXTENSION_WINDOW, TODAY - timedelta(days=1)) == []


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(date(2027, 3, 31), -1) == date(2027, 2, 28)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2027, 1, 15), -4) == date(2026, 9, 15)

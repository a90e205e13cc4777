"""Reminders scheduled from an answer on the unit's connection (bot/reminders/scheduling.py): the same rows
as through an ORM session (ReminderBook.schedule), idempotent, a new anchor cancelling the old one, a sent one
never scheduled again, and no ORM session made for it (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from bot.reminders import scheduling
from bot.reminders.book import ReminderBook
from bot.reminders.kinds import ReminderKind
from bot.reminders.scheduling import local_date
from storage.crypto import Sealer
from storage.db import Database
from storage.models import Reminder
from storage.repositories import Store
from storage.unit import unit_of_work

TODAY = date(2026, 11, 21)
EXPIRY = date(2027, 9, 30)
KIND = ReminderKind.PASSPORT_VALIDITY


async def _draft_of(db: Database, sealer: Sealer, user_id: int) -> str:
    async with db.transaction() as session:
        store = Store(session, sealer)
        await store.lock_user(user_id)
        return (await store.create_draft(user_id, "Mine")).id


async def _from_answer(db: Database, sealer: Sealer, user_id: int, anchor: date, draft_id: str) -> list[date]:
    async with unit_of_work(db) as unit:
        store = Store(unit, sealer)
        user, _conversation = await store.open_turn(user_id)
        pending = await scheduling.schedule(await store.connection(), sealer, user, KIND, anchor, today=TODAY,
                                            draft_id=draft_id)
        assert unit._session is None  # no ORM session was made
        return sorted(local_date(user, reminder.due) for reminder in pending)


async def _rows(db: Database, user_id: int) -> list[tuple[str, str, str | None, str]]:
    async with db.transaction() as session:
        found = (await session.execute(select(Reminder).where(Reminder.user_id == user_id))).scalars()
        return sorted((r.dedupe_key, r.status, r.draft_id, r.due_at.replace(tzinfo=None).isoformat()) for r in found)


async def test_the_same_rows_as_the_books_and_idempotent(db: Database, sealer: Sealer) -> None:
    first, second = await _draft_of(db, sealer, 1), await _draft_of(db, sealer, 2)
    days = await _from_answer(db, sealer, 1, EXPIRY, first)
    assert days and days == sorted(days) and all(day < EXPIRY for day in days)
    assert await _from_answer(db, sealer, 1, EXPIRY, first) == days  # nothing new, the same days listed
    async with db.transaction() as session:
        user = await Store(session, sealer).lock_user(2)
        await ReminderBook(session, sealer).schedule(user, KIND, EXPIRY, today=TODAY, draft_id=second)
    core, orm = await _rows(db, 1), await _rows(db, 2)
    assert [(status, due) for _key, status, _draft, due in core] == [(status, due) for _key, status, _d, due in orm]
    async with db.transaction() as session:
        reminder = (await session.execute(select(Reminder).where(Reminder.user_id == 1))).scalars().first()
        assert reminder is not None and ReminderBook(session, sealer).anchor(reminder) == EXPIRY  # sealed params


async def test_a_new_anchor_cancels_the_old_and_a_sent_one_is_never_scheduled_again(
        db: Database, sealer: Sealer) -> None:
    draft = await _draft_of(db, sealer, 3)
    await _from_answer(db, sealer, 3, EXPIRY, draft)
    old_keys = {key for key, _status, _draft, _due in await _rows(db, 3)}
    days = await _from_answer(db, sealer, 3, EXPIRY + timedelta(days=365), draft)
    rows = await _rows(db, 3)
    assert {status for key, status, _draft, _due in rows if key in old_keys} == {"cancelled"}
    assert len([row for row in rows if row[1] == "pending"]) == len(days) > 0
    async with db.transaction() as session:
        for reminder in (await session.execute(select(Reminder).where(Reminder.user_id == 3,
                                                                      Reminder.status == "pending"))).scalars():
            reminder.status = "sent"
    assert await _from_answer(db, sealer, 3, EXPIRY + timedelta(days=365), draft) == []  # sent: never again

"""Reminders scheduled from an answer on the turn's own connection: the rows :class:`ReminderBook` would
write, without an ORM session.

A date typed in a flow (a passport's expiry, a supplement's deadline) schedules its reminders in the same
transaction as the answer. Through the ORM that made a session for that event, loaded the user's pending
reminders as objects and flushed the new ones: the dearest answer of the application. Here the few
statements run on the connection (``storage.driver``: on SQLite, the driver itself): read the pending ones,
cancel those of another anchor, add the planned ones not there yet (whatever their status, so a sent one is
never scheduled again). The plan, the keys and the sealed parameters are :mod:`bot.reminders.book`'s own.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from typing import Any, cast

from sqlalchemy import Insert, Select, Table, Update, bindparam, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.reminders.book import plan, replaced_by, sealed_params
from bot.reminders.kinds import ReminderKind
from storage import driver
from storage.crypto import Sealer
from storage.models import Reminder, User, new_id


async def schedule(connection: AsyncConnection, sealer: Sealer, user: User, kind: ReminderKind, anchor: date, *,
                   today: date, draft_id: str | None) -> list[datetime]:
    """Schedule ``kind`` for ``anchor`` (as ``ReminderBook.schedule``); when each pending reminder of ``kind``
    for the draft is due afterwards (UTC)."""
    replaced = replaced_by(sealer, user.id, kind, draft_id, anchor)
    kept: list[datetime] = []
    for reminder_id, key, pending_kind, pending_draft, due in await driver.execute(
            connection, _pending(), {"user_id": user.id}):
        if replaced(key):
            await driver.execute(connection, _cancel(), {"b_id": reminder_id})
        elif pending_kind == kind and pending_draft == draft_id:
            kept.append(due)
    for planned in plan(sealer, user, kind, anchor, today=today, draft_id=draft_id):
        if await driver.execute(connection, _exists(), {"user_id": user.id, "key": planned.key}):
            continue
        reminder_id = new_id()
        await driver.execute(connection, _insert(), {
            "id": reminder_id, "user_id": user.id, "draft_id": draft_id, "kind": str(kind), "key": planned.key,
            "due": planned.due, "params": sealed_params(sealer, reminder_id, user.id, anchor)})
        kept.append(planned.due)
    return kept


def _table() -> Table:
    return cast(Table, Reminder.__table__)


@cache
def _pending() -> Select[Any]:
    table = _table()
    return (select(table.c.id, table.c.dedupe_key, table.c.kind, table.c.draft_id, table.c.due_at)
            .where(table.c.user_id == bindparam("user_id"), table.c.status == "pending"))


@cache
def _cancel() -> Update:
    table = _table()
    return update(table).where(table.c.id == bindparam("b_id")).values(status="cancelled")


@cache
def _exists() -> Select[Any]:
    table = _table()
    return select(table.c.id).where(table.c.user_id == bindparam("user_id"), table.c.dedupe_key == bindparam("key"))


@cache
def _insert() -> Insert:
    table = _table()
    return insert(table).values(
        id=bindparam("id"), user_id=bindparam("user_id"), draft_id=bindparam("draft_id"), kind=bindparam("kind"),
        dedupe_key=bindparam("key"), due_at=bindparam("due"), params_sealed=bindparam("params"), status="pending")


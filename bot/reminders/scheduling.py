"""Scheduling a user's reminders in the caller's transaction, on its connection (no ORM session).

Scheduling is idempotent: each (kind, draft, anchor, tag) is one row (the anchor named by a keyed digest,
never in clear: ``storage.reminder_keys``), so a flow that stores the same date again schedules nothing new;
a new anchor for the same kind and draft cancels the old one; a reminder already sent is never made again.
Reminders are sent at 10:00 in the user's time zone and stored in UTC.

A date typed in a flow (a passport's expiry, a supplement's deadline) schedules in the same transaction as
the answer, so this runs on the answer's hot path: a few statements through ``storage.driver`` (on SQLite,
the driver itself) instead of an ORM session, loaded objects and a flush.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from functools import cache
from typing import Any, NamedTuple, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Insert, Select, Table, Update, bindparam, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.reminders.kinds import SPECS, ReminderKind
from storage import driver
from storage.crypto import Sealer
from storage.models import Reminder, User, new_id
from storage.reminder_keys import anchor_digest, dedupe_key, dedupe_prefix

SEND_AT = time(10, 0)
DEFAULT_TZ = "Asia/Taipei"


class Scheduled(NamedTuple):
    """A pending reminder of the kind and draft scheduled: its id, when it is due (UTC), made now or before."""

    id: str
    due: datetime
    new: bool


async def schedule(connection: AsyncConnection, sealer: Sealer, user: User, kind: ReminderKind, anchor: date, *,
                   today: date, draft_id: str | None) -> list[Scheduled]:
    """Schedule ``kind`` for ``anchor``: dates already past are left out, but a deadline still ahead always gets
    one reminder, sent at the next run. Returns every pending reminder of ``kind`` for the draft afterwards."""
    prefix = dedupe_prefix(kind, draft_id)
    same = f"{prefix}{anchor_digest(sealer, user.id, kind, draft_id, anchor.isoformat())}:"
    kept: list[Scheduled] = []
    for reminder_id, key, due in await driver.execute(connection, _pending(), {"user_id": user.id}):
        if key.startswith(prefix) and not key.startswith(same):  # another anchor of this kind and draft
            await driver.execute(connection, _cancel(), {"b_id": reminder_id})
        elif key.startswith(prefix):
            kept.append(Scheduled(reminder_id, due, new=False))
    for tag, day in _days(kind, anchor, today):
        key = dedupe_key(sealer, user.id, kind, draft_id, anchor.isoformat(), tag)
        if await driver.execute(connection, _exists(), {"user_id": user.id, "key": key}):
            continue  # pending (listed above), sent or cancelled: never made again
        reminder_id = new_id()
        due = datetime.combine(day, SEND_AT, tzinfo=user_zone(user)).astimezone(UTC)
        await driver.execute(connection, _insert(), {
            "id": reminder_id, "user_id": user.id, "draft_id": draft_id, "kind": str(kind), "key": key, "due": due,
            "params": sealer.seal(json.dumps({"anchor": anchor.isoformat()}).encode(),
                                  params_context(reminder_id, user.id))})
        kept.append(Scheduled(reminder_id, due, new=True))
    return kept


def _days(kind: ReminderKind, anchor: date, today: date) -> list[tuple[str, date]]:
    days = [(tag, day) for tag, day in SPECS[kind].schedule(anchor) if day >= today]
    return days if days or anchor < today else [("asap", today)]


def user_zone(user: User) -> ZoneInfo:
    try:
        return ZoneInfo(user.timezone or DEFAULT_TZ)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TZ)


def local_date(user: User, due: datetime) -> date:
    """The day of ``due`` (stored in UTC, naive on SQLite) in the user's time zone."""
    return (due if due.tzinfo else due.replace(tzinfo=UTC)).astimezone(user_zone(user)).date()


def params_context(reminder_id: str, user_id: int) -> str:
    """What a reminder's sealed parameters are bound to (they cannot be moved to another row)."""
    return f"reminders:{reminder_id}:{user_id}:params"


def _table() -> Table:
    return cast(Table, Reminder.__table__)


@cache
def _pending() -> Select[Any]:
    table = _table()
    return (select(table.c.id, table.c.dedupe_key, table.c.due_at)
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

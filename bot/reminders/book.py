"""Scheduling, listing and cancelling a user's reminders, inside the caller's transaction.

Scheduling is idempotent: each (kind, draft, anchor, tag) is one row (the anchor named by a keyed digest,
never in clear: ``storage.reminder_keys``), so a flow that stores the same
date again schedules nothing new; a new anchor for the same kind and draft cancels the old one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.reminders.kinds import SPECS, ReminderKind
from storage.crypto import Sealer
from storage.models import Reminder, User, new_id
from storage.reminder_keys import anchor_digest, dedupe_key, dedupe_prefix

SEND_AT = time(10, 0)
DEFAULT_TZ = "Asia/Taipei"


def user_zone(user: User) -> ZoneInfo:
    try:
        return ZoneInfo(user.timezone or DEFAULT_TZ)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TZ)


def reminder_local_date(user: User, reminder: Reminder) -> date:
    """The day a reminder is sent, in the user's time zone (stored times are UTC)."""
    return local_date(user, reminder.due_at)


def local_date(user: User, due: datetime) -> date:
    """The day of ``due`` (stored in UTC, naive on SQLite) in the user's time zone."""
    return (due if due.tzinfo else due.replace(tzinfo=UTC)).astimezone(user_zone(user)).date()


class ReminderBook:
    def __init__(self, session: AsyncSession, sealer: Sealer) -> None:
        self.session = session
        self.sealer = sealer

    async def schedule(self, user: User, kind: ReminderKind, anchor: date, *, today: date,
                       draft_id: str | None = None) -> list[Reminder]:
        """Schedule the reminders of ``kind`` for ``anchor``; dates already past are left out, but a
        deadline still ahead always gets one reminder, sent at the next run. Returns those made now."""
        created, _pending = await self._schedule(user, kind, anchor, today=today, draft_id=draft_id)
        return created

    async def _schedule(self, user: User, kind: ReminderKind, anchor: date, *, today: date,
                        draft_id: str | None) -> tuple[list[Reminder], list[Reminder]]:
        replaced = replaced_by(self.sealer, user.id, kind, draft_id, anchor)
        pending = await self.pending(user.id)
        for reminder in pending:
            if replaced(reminder.dedupe_key):
                reminder.status = "cancelled"
        planned = plan(self.sealer, user, kind, anchor, today=today, draft_id=draft_id)
        existing = set((await self.session.execute(  # one query for all, whatever their status (sent ones too)
            select(Reminder.dedupe_key).where(Reminder.user_id == user.id,
                                              Reminder.dedupe_key.in_([p.key for p in planned])))).scalars())
        created = []
        for planned_one in planned:
            if planned_one.key in existing:
                continue
            reminder = Reminder(id=new_id(), user_id=user.id, draft_id=draft_id, kind=kind, dedupe_key=planned_one.key,
                                due_at=planned_one.due, status="pending")  # the id made here: no flush for the seal
            reminder.params_sealed = sealed_params(self.sealer, reminder.id, user.id, anchor)
            self.session.add(reminder)
            created.append(reminder)
        return created, pending

    async def pending(self, user_id: int) -> list[Reminder]:
        result = await self.session.execute(
            select(Reminder).where(Reminder.user_id == user_id, Reminder.status == "pending")
            .order_by(Reminder.due_at, Reminder.id))
        return list(result.scalars())

    async def cancel(self, user_id: int, reminder_id: str, *, with_siblings: bool = False) -> bool:
        """Cancel one of the user's own pending reminders, or (``with_siblings``: "stop reminding me about
        this", from a reminder that was sent) also its pending siblings of the same kind, draft and date.
        False when nothing was left to cancel."""
        reminder = await self.session.get(Reminder, reminder_id)
        if reminder is None or reminder.user_id != user_id:
            return False
        prefix = reminder.dedupe_key.rsplit(":", 1)[0] + ":"
        cancelled = False
        for candidate in await self.pending(user_id):
            if candidate.id == reminder.id or (with_siblings and candidate.dedupe_key.startswith(prefix)):
                candidate.status = "cancelled"
                cancelled = True
        return cancelled

    def anchor(self, reminder: Reminder) -> date:
        if reminder.params_sealed is None:
            return reminder.due_at.date()
        params = json.loads(self.sealer.open(reminder.params_sealed, self.context(reminder)))
        return date.fromisoformat(params["anchor"])

    @staticmethod
    def context(reminder: Reminder) -> str:
        return params_context(reminder.id, reminder.user_id)


@dataclass(frozen=True)
class Planned:
    """A reminder to have: its dedupe key and when it is due (UTC)."""

    key: str
    due: datetime


def plan(sealer: Sealer, user: User, kind: ReminderKind, anchor: date, *, today: date,
         draft_id: str | None) -> list[Planned]:
    """The reminders of ``kind`` for ``anchor``: dates already past are left out, but a deadline still ahead
    always gets one, sent at the next run (10:00 in the user's time zone)."""
    zone = user_zone(user)
    days = [(tag, day) for tag, day in SPECS[kind].schedule(anchor) if day >= today]
    if not days and anchor >= today:
        days = [("asap", today)]
    return [Planned(dedupe_key(sealer, user.id, kind, draft_id, anchor.isoformat(), tag),
                    datetime.combine(day, SEND_AT, tzinfo=zone).astimezone(UTC))  # stored in UTC everywhere
            for tag, day in days]


def replaced_by(sealer: Sealer, user_id: int, kind: ReminderKind, draft_id: str | None,
                anchor: date) -> Callable[[str], bool]:
    """Whether a pending reminder's dedupe key is of ``kind`` and the draft for another anchor (cancelled)."""
    prefix = dedupe_prefix(kind, draft_id)
    same = f"{prefix}{anchor_digest(sealer, user_id, kind, draft_id, anchor.isoformat())}:"
    return lambda key: key.startswith(prefix) and not key.startswith(same)


def params_context(reminder_id: str, user_id: int) -> str:
    return f"reminders:{reminder_id}:{user_id}:params"


def sealed_params(sealer: Sealer, reminder_id: str, user_id: int, anchor: date) -> bytes:
    return sealer.seal(json.dumps({"anchor": anchor.isoformat()}).encode(), params_context(reminder_id, user_id))

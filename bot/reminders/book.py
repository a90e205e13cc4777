"""Scheduling, listing and cancelling a user's reminders, inside the caller's transaction.

Scheduling is idempotent: each (kind, draft, anchor, tag) is one row (the anchor named by a keyed digest,
never in clear: ``storage.reminder_keys``), so a flow that stores the same
date again schedules nothing new; a new anchor for the same kind and draft cancels the old one.
"""

from __future__ import annotations

import json
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
    due = reminder.due_at if reminder.due_at.tzinfo else reminder.due_at.replace(tzinfo=UTC)
    return due.astimezone(user_zone(user)).date()


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

    async def scheduled(self, user: User, kind: ReminderKind, anchor: date, *, today: date,
                        draft_id: str | None = None) -> list[Reminder]:
        """As :meth:`schedule`, returning every pending reminder of ``kind`` for the draft afterwards (those
        made now and those already there), without reading them again."""
        created, pending = await self._schedule(user, kind, anchor, today=today, draft_id=draft_id)
        return [reminder for reminder in (*pending, *created)
                if reminder.status == "pending" and reminder.kind == kind and reminder.draft_id == draft_id]

    async def _schedule(self, user: User, kind: ReminderKind, anchor: date, *, today: date,
                        draft_id: str | None) -> tuple[list[Reminder], list[Reminder]]:
        pending = await self._cancel_other_anchors(user.id, kind, draft_id, anchor)
        zone = user_zone(user)
        planned = [(tag, day) for tag, day in SPECS[kind].schedule(anchor) if day >= today]
        if not planned and anchor >= today:
            planned = [("asap", today)]
        keys = {tag: dedupe_key(self.sealer, user.id, kind, draft_id, anchor.isoformat(), tag) for tag, _day in planned}
        existing = set((await self.session.execute(  # one query for all, whatever their status (sent ones too)
            select(Reminder.dedupe_key).where(Reminder.user_id == user.id,
                                              Reminder.dedupe_key.in_(list(keys.values()))))).scalars())
        created = []
        for tag, day in planned:
            if keys[tag] in existing:
                continue
            due = datetime.combine(day, SEND_AT, tzinfo=zone).astimezone(UTC)  # stored in UTC everywhere
            reminder = Reminder(id=new_id(), user_id=user.id, draft_id=draft_id, kind=kind, dedupe_key=keys[tag],
                                due_at=due, status="pending")  # the id made here: no flush needed for the seal
            reminder.params_sealed = self.sealer.seal(json.dumps({"anchor": anchor.isoformat()}).encode(),
                                                      self.context(reminder))
            self.session.add(reminder)
            created.append(reminder)
        return created, pending

    async def _cancel_other_anchors(self, user_id: int, kind: ReminderKind, draft_id: str | None,
                                    anchor: date) -> list[Reminder]:
        """Cancel the pending reminders of ``kind`` for another anchor; the user's pending ones as read."""
        prefix = dedupe_prefix(kind, draft_id)
        same = f"{prefix}{anchor_digest(self.sealer, user_id, kind, draft_id, anchor.isoformat())}:"
        pending = await self.pending(user_id)
        for reminder in pending:
            if reminder.dedupe_key.startswith(prefix) and not reminder.dedupe_key.startswith(same):
                reminder.status = "cancelled"
        return pending

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
        return f"reminders:{reminder.id}:{reminder.user_id}:params"

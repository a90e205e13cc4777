"""Listing and cancelling a user's reminders, inside the caller's transaction (scheduling:
:mod:`bot.reminders.scheduling`).
"""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.reminders import scheduling
from bot.reminders.kinds import ReminderKind
from bot.reminders.scheduling import local_date, params_context
from storage.crypto import Sealer
from storage.models import Reminder, User


def reminder_local_date(user: User, reminder: Reminder) -> date:
    """The day a reminder is sent, in the user's time zone (stored times are UTC)."""
    return local_date(user, reminder.due_at)


class ReminderBook:
    def __init__(self, session: AsyncSession, sealer: Sealer) -> None:
        self.session = session
        self.sealer = sealer

    async def schedule(self, user: User, kind: ReminderKind, anchor: date, *, today: date,
                       draft_id: str | None = None) -> list[scheduling.Scheduled]:
        """Schedule the reminders of ``kind`` for ``anchor`` (:func:`bot.reminders.scheduling.schedule`, on this
        session's connection); those made now."""
        scheduled = await scheduling.schedule(await self.session.connection(), self.sealer, user, kind, anchor,
                                              today=today, draft_id=draft_id)
        return [reminder for reminder in scheduled if reminder.new]

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

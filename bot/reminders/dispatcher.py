"""Sending due reminders, once, from any number of workers.

A worker claims a due reminder with one conditional UPDATE (only one worker's UPDATE matches), pushes
it through the door's notifier in the user's language, then marks it sent. A claim left by a worker
that died is taken over after the lease; a failed push releases the claim so a later run retries. A user who
blocked the bot (:mod:`bot.reminders.reachability`) gets nothing until they unblock it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol

from sqlalchemy import or_, select, update

from bot.engine.events import Button, Outcome, Reply
from bot.engine.state import Action, ButtonData
from bot.i18n import DEFAULT_LOCALE, _, normalize_locale
from bot.ops import metrics
from bot.reminders.book import ReminderBook
from bot.reminders.kinds import SPECS, ReminderKind, message_anchor
from bot.reminders.reachability import blocked_by_user, set_blocked
from storage.crypto import Sealer
from storage.db import Database
from storage.models import Reminder, User

_log = logging.getLogger(__name__)


class Notifier(Protocol):
    """What a door offers for messages the user did not ask for (reminders, staff replies)."""

    async def push(self, user_id: int, outcome: Outcome) -> None: ...


def utc_now() -> datetime:
    return datetime.now(UTC)


class ReminderDispatcher:
    def __init__(self, db: Database, sealer: Sealer, notifier: Notifier, worker_id: str, *,
                 clock: Callable[[], datetime] = utc_now, lease: timedelta = timedelta(minutes=5)) -> None:
        self.db = db
        self.sealer = sealer
        self.notifier = notifier
        self.worker_id = worker_id
        self.clock = clock
        self.lease = lease

    async def deliver_due(self, limit: int = 100) -> int:
        """Send every due reminder this worker can claim; returns how many were sent."""
        now = self.clock()
        async with self.db.transaction() as session:
            due_ids = list((await session.execute(
                select(Reminder.id).join(User, User.id == Reminder.user_id)
                .where(Reminder.status == "pending", Reminder.due_at <= now, self._claimable(now),
                       User.blocked_at.is_(None))  # paused while the user has blocked the bot
                .order_by(Reminder.due_at).limit(limit))).scalars())
        sent = 0
        for reminder_id in due_ids:
            if await self._claim(reminder_id, now) and await self._send(reminder_id):
                sent += 1
                metrics.REMINDERS_SENT.inc()
        return sent

    def _claimable(self, now: datetime):  # type: ignore[no-untyped-def]
        return or_(Reminder.claimed_at.is_(None), Reminder.claimed_at < now - self.lease)

    async def _claim(self, reminder_id: str, now: datetime) -> bool:
        async with self.db.transaction() as session:
            result = await session.execute(
                update(Reminder).where(Reminder.id == reminder_id, Reminder.status == "pending",
                                       self._claimable(now))
                .values(claimed_by=self.worker_id, claimed_at=now))
            return bool(result.rowcount)  # type: ignore[attr-defined]

    async def _send(self, reminder_id: str) -> bool:
        async with self.db.transaction() as session:
            reminder = await session.get(Reminder, reminder_id)
            user = await session.get(User, reminder.user_id) if reminder else None
            if reminder is None or user is None:
                return False
            anchor = ReminderBook(session, self.sealer).anchor(reminder)
        locale = user.locale or normalize_locale(user.language_code) or DEFAULT_LOCALE
        spec = SPECS[ReminderKind(reminder.kind)]
        reply = Reply.of(_("⏰ Reminder: {title}", title=spec.title),
                         spec.text(message_anchor(spec.kind, anchor)),
                         buttons=((cancel_button(reminder.id, with_siblings=True),),))
        try:
            await self.notifier.push(reminder.user_id, Outcome(locale, (reply,)))
        except Exception as exc:  # the door failed: release the claim so a later run retries
            if blocked_by_user(exc):  # 403: paused until the user unblocks the bot (my_chat_member)
                _log.info("reminder %s waits: the user blocked the bot", reminder_id)
                await set_blocked(self.db, reminder.user_id, True)
            else:
                _log.exception("reminder %s could not be sent; will retry", reminder_id)
            async with self.db.transaction() as session:
                await session.execute(update(Reminder).where(Reminder.id == reminder_id,
                                                             Reminder.claimed_by == self.worker_id)
                                      .values(claimed_by=None, claimed_at=None))
            return False
        async with self.db.transaction() as session:
            await session.execute(update(Reminder).where(Reminder.id == reminder_id)
                                  .values(status="sent", sent_at=self.clock()))
        return True

    async def run(self, interval: float = 30.0) -> None:
        """Deliver due reminders every ``interval`` seconds until cancelled."""
        while True:
            try:
                await self.deliver_due()
            except Exception:  # a database outage must not end the loop
                _log.exception("reminder run failed; retrying in %.0f s", interval)
            await asyncio.sleep(interval)


def cancel_button(reminder_id: str, *, with_siblings: bool = False) -> Button:
    """A button valid on any message: it cancels only the presser's own reminder (``with_siblings``: and
    the later ones about the same date)."""
    arg = f"{reminder_id}*" if with_siblings else reminder_id
    return Button(_("Cancel this reminder"), ButtonData("r", Action.CANCEL_REMINDER, arg).encode())

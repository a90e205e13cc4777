"""The webhook's inbox: one user's updates applied in ``update_id`` order, whichever worker receives them.

Telegram may deliver a user's updates to different workers, a few milliseconds apart, and a lock on the
user's row only serialises them in whatever order the workers reach it. So each update is first stored,
sealed, with its user (:meth:`OrderedInbox.put`: durable on arrival, a redelivery stored once), and then
the worker that holds the user's turn (:meth:`OrderedInbox.apply`: a row in ``inbox_turns``, a lease
renewed with each update, so no connection is held while the updates are applied and a dead worker's
turn passes on) applies every pending update of that user, lowest id first, and marks each handled; a
request that finds the turn taken returns at once (its update is stored: the holder looks again before
it lets go, and the user's next update or a start picks up what a dead holder left). Before applying an
update the holder waits (bounded by ``settle``) while a lower id just below it is still missing:
Telegram numbers updates one after the other, so a hole is an update on its way. An update of the user
lower than one already applied ("late") is handed over with ``late=True``: the door shows the current
question instead of applying it out of order. A redelivered update finds its row handled and has no
second effect. Handled rows are kept ``RETAIN`` (to recognise late and redelivered copies), then deleted.
"""

from __future__ import annotations

import asyncio
import bisect
import logging
import os
import socket
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta

from sqlalchemy import delete, func, select, update

from storage.crypto import Sealer, SealError
from storage.db import Database, dialect_insert
from storage.models import InboxTurn, InboxUpdate, utcnow

_log = logging.getLogger(__name__)
SETTLE = 10.0  # seconds an update may wait for lower ids still on their way (once per missing id)
WINDOW = 256  # how far below an update's id holes are looked for
RETAIN = timedelta(minutes=10)  # handled rows kept this long
PRUNE_EVERY = 60.0  # seconds between deletions of old handled rows
LEASE = timedelta(minutes=2)  # a turn on a user's updates, renewed with each update applied
POLL = 0.005  # first pause while a lower id is missing; doubled each time
MAX_PAUSE = 0.1

Handle = Callable[[bytes, bool], Awaitable[None]]  # (payload, late)


def _context(update_id: int) -> str:
    return f"inbox:{update_id}"  # as storage.inbox: a row is one sealed update, whichever mode stored it


class OrderedInbox:
    def __init__(self, db: Database, sealer: Sealer, *, settle: float | None = None) -> None:
        self.db = db
        self.sealer = sealer
        self._settle_for = settle
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"[:64]
        self._pruned = time.monotonic()
        self._given_up: set[int] = set()  # ids waited for in vain (``settle``): no hole any more
        self._waiting: dict[int, int] = {}  # update ids whose drains look for holes below them, and how many
        self._reading = asyncio.Lock()
        self._ids: list[int] = []
        self._read_at, self._read_for = 0.0, set[int]()

    @property
    def settle(self) -> float:
        """Seconds an update waits for a lower id still on its way (``SETTLE`` unless given)."""
        return SETTLE if self._settle_for is None else self._settle_for

    async def put(self, update_id: int, user_id: int | None, payload: bytes) -> None:
        """Store the update (an id already stored is kept as it is: a redelivery)."""
        row = {"id": update_id, "user_id": user_id, "received_at": utcnow(),
               "payload_sealed": self.sealer.seal(payload, _context(update_id))}
        async with self.db.transaction() as session:
            insert = dialect_insert(session.get_bind().dialect.name)
            await session.execute(insert(InboxUpdate).on_conflict_do_nothing(index_elements=["id"]), [row])
        if time.monotonic() - self._pruned > PRUNE_EVERY:
            self._pruned = time.monotonic()
            await self._prune()

    async def handled(self, update_id: int, user_id: int | None = None, holder: str | None = None) -> None:
        """Mark an update handled (and renew the holder's turn on the user's updates)."""
        async with self.db.transaction() as session:
            await session.execute(update(InboxUpdate).where(InboxUpdate.id == update_id).values(handled_at=utcnow()))
            if user_id is not None:
                await session.execute(update(InboxTurn).where(InboxTurn.user_id == user_id, InboxTurn.holder == holder)
                                      .values(until=utcnow() + LEASE))

    async def apply(self, user_id: int, handle: Handle) -> None:
        """Apply the user's pending updates in id order, unless another worker holds the turn on them (it
        applies what arrives while it holds it: it looks again after letting go)."""
        while await self._claim(user_id):
            try:
                await self._drain(user_id, handle)
            finally:
                await self._release(user_id)
            if not (await self._pending(user_id))[0]:
                return

    async def _drain(self, user_id: int, handle: Handle) -> None:
        while True:
            pending, last = await self._pending(user_id)
            if not pending:
                return
            number = pending[0][0]
            await self._settle(number)
            pending, last = await self._pending(user_id)  # a lower id that arrived meanwhile may be this user's
            if not pending or pending[0][0] != number:
                continue
            token = pending[0][1]
            try:
                payload = self.sealer.open(token, _context(number))
            except SealError:
                _log.error("inbox update %d cannot be opened with the configured keys; dropped", number)
            else:
                try:
                    await handle(payload, last is not None and number < last)
                except Exception as exc:  # the door reports its own failures; never block the user's queue
                    _log.error("inbox update %d failed: %s", number, type(exc).__name__)
            await self.handled(number, user_id, self.worker)

    async def _settle(self, number: int) -> None:
        """Wait, at most ``settle``, while a lower id is missing. Ids still missing then are given up on: no
        later update waits for them again."""
        deadline, pause = time.monotonic() + self.settle, POLL
        while missing := await self._missing_below(number):
            if (remaining := deadline - time.monotonic()) <= 0:
                self._given_up |= missing
                if len(self._given_up) > 4 * WINDOW:  # only the ids near the newest matter
                    self._given_up = {i for i in self._given_up if i >= number - WINDOW}
                _log.warning("%d update ids below %d never arrived; not waiting for them", len(missing), number)
                return
            await asyncio.sleep(min(pause, remaining))
            pause = min(pause * 2, MAX_PAUSE)

    async def _claim(self, user_id: int) -> bool:
        """Take the turn on the user's updates: free, or its holder's lease expired."""
        now = utcnow()
        async with self.db.transaction() as session:
            insert = dialect_insert(session.get_bind().dialect.name)
            statement = insert(InboxTurn).values(user_id=user_id, holder=self.worker, until=now + LEASE)
            claimed = await session.execute(statement.on_conflict_do_update(
                index_elements=["user_id"], set_={"holder": self.worker, "until": now + LEASE},
                where=InboxTurn.until < now).returning(InboxTurn.user_id))
            return claimed.first() is not None

    async def _release(self, user_id: int) -> None:
        async with self.db.transaction() as session:
            await session.execute(delete(InboxTurn).where(InboxTurn.user_id == user_id,
                                                          InboxTurn.holder == self.worker))

    async def _pending(self, user_id: int) -> tuple[list[tuple[int, bytes]], int | None]:
        async with self.db.transaction() as session:
            rows = (await session.execute(
                select(InboxUpdate.id, InboxUpdate.payload_sealed)
                .where(InboxUpdate.user_id == user_id, InboxUpdate.handled_at.is_(None))
                .order_by(InboxUpdate.id))).all()
            last = (await session.execute(select(func.max(InboxUpdate.id)).where(
                InboxUpdate.user_id == user_id, InboxUpdate.handled_at.is_not(None)))).scalar()
        return [(int(number), bytes(token)) for number, token in rows], last

    async def _missing_below(self, number: int) -> set[int]:
        self._waiting[number] = self._waiting.get(number, 0) + 1
        try:
            ids = await self._stored_ids()
        finally:
            self._waiting[number] -= 1
            if not self._waiting[number]:
                del self._waiting[number]
        below = ids[bisect.bisect_left(ids, number - WINDOW):bisect.bisect_left(ids, number)]
        if not below:
            return set()
        return set(range(below[0], number)) - set(below) - self._given_up

    async def _stored_ids(self) -> list[int]:
        """The stored ids around the waiting drains' updates, one query at a time for all of them: a caller
        gets a list whose reading began after it asked."""
        asked = time.monotonic()
        async with self._reading:
            if self._read_at >= asked and set(self._waiting) <= self._read_for:
                return self._ids
            waiting, started = set(self._waiting), time.monotonic()
            async with self.db.transaction() as session:
                ids = (await session.execute(select(InboxUpdate.id).where(
                    InboxUpdate.id >= min(waiting) - WINDOW, InboxUpdate.id < max(waiting))
                    .order_by(InboxUpdate.id))).scalars()
                self._ids = [int(number) for number in ids]
            self._read_at, self._read_for = started, waiting
            return self._ids

    async def _prune(self) -> None:
        try:
            async with self.db.transaction() as session:
                await session.execute(delete(InboxUpdate).where(InboxUpdate.handled_at < utcnow() - RETAIN))
        except Exception as exc:
            _log.warning("deleting handled updates from the inbox failed (%s)", type(exc).__name__)

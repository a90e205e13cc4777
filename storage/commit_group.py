"""Grouped commits: the turns of several users that are ready together share one transaction and one commit.

Under load (a polling batch, a webhook burst) many users' answers arrive at once. Each turn enters
:meth:`CommitGroup.unit`; the turns run one after the other on the group's connection, in one transaction,
and the transaction is committed once nobody else is waiting to join (or after ``MAX_MEMBERS`` turns).
Every caller leaves ``unit()`` only after the commit that holds its writes: a reply is still sent only
once its answer is durable, and a user's next event (the engine's per-user lock is held meanwhile) starts
only after that commit, so each user's order holds.

When a turn raises, the transaction is rolled back: that turn's exception goes to its caller as before, and
the turns already done in it raise :class:`GroupFailed`; so do all of a group whose commit fails, and a
turn whose statement fails with a database error (a PostgreSQL deadlock between two workers' groups, say).
Their callers run them again, and the next ``unit()`` of that task is a transaction of its own (as without
grouping), so one turn's failure costs the others a retry, never their answer.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import TYPE_CHECKING

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.handoff_lock import HandOffLock
from storage.unit import Unit, unit_of_work

if TYPE_CHECKING:
    from storage.db import Database

MAX_MEMBERS = 64  # turns per transaction at most: other transactions (inbox, marks) wait no longer than that
_log = logging.getLogger(__name__)


class GroupFailed(Exception):
    """Nothing of this turn was committed (its group was rolled back): run it again; it will run alone."""


class _Batch:
    def __init__(self, opening: AbstractAsyncContextManager[AsyncConnection], connection: AsyncConnection) -> None:
        self.opening = opening
        self.connection = connection
        self.members = 0
        self._waiters: list[asyncio.Future[bool]] = []  # one per member: True once committed

    def waiter(self) -> asyncio.Future[bool]:
        """A member's own future of the outcome (cancelling it, the member's wait, leaves the others')."""
        waiter: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        return waiter

    async def end(self, error: BaseException | None) -> bool:
        """Commit (``error`` None) or roll back; True once committed."""
        try:
            if error is None:
                await self.opening.__aexit__(None, None, None)
            else:
                await self.opening.__aexit__(type(error), error, error.__traceback__)
        except Exception:
            _log.warning("a grouped transaction failed to %s; its turns run again alone",
                         "commit" if error is None else "roll back", exc_info=True)
            ok = False
        else:
            ok = error is None
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(ok)
        self._waiters.clear()
        return ok


class CommitGroup:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._lock = HandOffLock()  # held by the turn running on the open batch's connection (waiters in order)
        self._queued = 0  # turns waiting for the lock
        self._current: _Batch | None = None
        self._alone: weakref.WeakSet[asyncio.Task[object]] = weakref.WeakSet()
        self._ending: set[asyncio.Task[bool]] = set()

    @asynccontextmanager
    async def unit(self) -> AsyncIterator[Unit]:
        """A unit of work in the open group transaction; returns once that transaction is committed."""
        task = asyncio.current_task()
        if task is not None and task in self._alone:
            self._alone.discard(task)
            async with unit_of_work(self._db) as unit:
                yield unit
            return
        self._queued += 1
        try:
            await self._lock.acquire()
        except BaseException:  # cancelled while waiting: the batch it meant to join may be left to commit
            self._check_soon(hops=0)
            raise
        finally:
            self._queued -= 1
        try:
            batch = self._current if self._current is not None else await self._open()
            unit = Unit(batch.connection)
            try:
                yield unit
                await unit.finish()
            except BaseException as error:
                await unit.close()
                self._current = None
                failed_here = isinstance(error, DBAPIError)
                await batch.end(error if not failed_here else GroupFailed())
                if failed_here and task is not None:
                    self._alone.add(task)
                    raise GroupFailed from error
                raise
            await unit.close()
            batch.members += 1
            committed = batch.waiter()
            if batch.members >= MAX_MEMBERS:
                self._end(batch)
        finally:
            self._lock.release()
            if not self._lock.locked():  # else handed to the next turn, whose release looks again
                self._check_soon(hops=1)
        if not await committed:
            if task is not None:
                self._alone.add(task)
            raise GroupFailed

    async def _open(self) -> _Batch:
        opening = self._db.connection_transaction()
        connection = await opening.__aenter__()
        self._current = _Batch(opening, connection)
        return self._current

    def _check_soon(self, hops: int) -> None:
        asyncio.get_running_loop().call_soon(self._check, hops)

    def _check(self, hops: int) -> None:
        """Commit the open batch once no turn runs in it or waits to (looked at again ``hops`` times, so
        the turns made ready meanwhile join it)."""
        batch = self._current
        if batch is None or self._lock.locked() or self._queued:
            return
        if hops:
            self._check_soon(hops - 1)
            return
        self._end(batch)

    def _end(self, batch: _Batch) -> None:
        if self._current is batch:
            self._current = None  # the next turn opens a new transaction (on SQLite it waits for this one)
        ending = asyncio.create_task(batch.end(None))
        self._ending.add(ending)
        ending.add_done_callback(self._ending.discard)

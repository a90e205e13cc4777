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
from contextlib import AbstractAsyncContextManager
from types import TracebackType
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

    def unit(self) -> _Turn:
        """``async with group.unit() as unit``: a unit of work in the open group transaction; the block
        returns once that transaction is committed."""
        return _Turn(self)

    def _release(self) -> None:
        self._lock.release()
        if not self._lock.locked():  # else handed to the next turn, whose release looks again
            self._check_soon(hops=1)

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


class _Turn:
    """One turn's place in the group (a plain async context manager: entered on every event)."""

    __slots__ = ("_alone", "_batch", "_group", "_task", "_unit")

    def __init__(self, group: CommitGroup) -> None:
        self._group = group
        self._alone: AbstractAsyncContextManager[Unit] | None = None

    async def __aenter__(self) -> Unit:
        group = self._group
        task = self._task = asyncio.current_task()
        if task is not None and task in group._alone:  # its group failed: this time in a transaction of its own
            group._alone.discard(task)
            self._alone = unit_of_work(group._db)
            return await self._alone.__aenter__()
        group._queued += 1
        try:
            await group._lock.acquire()
        except BaseException:  # cancelled while waiting: the batch it meant to join may be left to commit
            group._check_soon(hops=0)
            raise
        finally:
            group._queued -= 1
        try:
            self._batch = group._current if group._current is not None else await group._open()
        except BaseException:
            group._release()
            raise
        self._unit = Unit(self._batch.connection)
        return self._unit

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        traceback: TracebackType | None) -> bool:
        if self._alone is not None:
            return bool(await self._alone.__aexit__(kind, error, traceback))
        group, batch, unit = self._group, self._batch, self._unit
        try:
            if error is not None:
                await self._failed(error)
                return False  # the turn's own exception goes on to its caller
            try:
                await unit.finish()
            except BaseException as failure:  # writing the turn's rows failed: as if the turn had raised it
                await self._failed(failure)
                raise
            await unit.close()
            batch.members += 1
            committed = batch.waiter()
            if batch.members >= MAX_MEMBERS:
                group._end(batch)
        finally:
            group._release()
        if not await committed:
            if self._task is not None:
                group._alone.add(self._task)
            raise GroupFailed
        return False

    async def _failed(self, error: BaseException) -> None:
        """Roll the group back for ``error``; GroupFailed raised when it is a database error (the turn runs
        again alone), else the caller raises ``error`` itself."""
        group, batch = self._group, self._batch
        await self._unit.close()
        group._current = None
        failed_here = isinstance(error, DBAPIError)
        await batch.end(error if not failed_here else GroupFailed())
        if failed_here and self._task is not None:
            group._alone.add(self._task)
            raise GroupFailed from error

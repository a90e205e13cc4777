"""SQLite for the async engine without a thread per connection: statements run in the event loop's thread.

aiosqlite (the driver SQLAlchemy's ``sqlite+aiosqlite`` dialect expects) runs every driver call — cursor,
execute, fetch, close, commit — in a worker thread and hands the result back through the event loop: four
thread round trips per statement, about 0.3 ms on a 2-core machine, for a statement SQLite answers in about
5 µs. ``InlineConnection`` keeps aiosqlite's interface (so SQLAlchemy, the ORM and every repository are
unchanged) and calls sqlite3 at once instead. BENCHMARKS.md has the figures: it halves the per-answer cost.

What makes running in the loop's thread safe:

- the one wait SQLite can impose, another *process* holding the write lock (a ``goldcard-bot`` command
  run beside the bot), is never waited for inside SQLite: the busy timeout is 0 and a transaction starts
  with ``BEGIN IMMEDIATE``, retried with ``asyncio.sleep`` between tries (:func:`begin_immediate`), so
  the loop keeps serving others while it waits; once the write lock is held, no statement of the
  transaction can meet a lock;
- in WAL mode with ``synchronous=NORMAL`` a commit does not wait for the disk (only a checkpoint, every
  1,000 pages, syncs: a few milliseconds now and then);
- the process's own transactions already take turns (``storage.db.Database``), and every query of the bot
  is indexed and small.

It relies on aiosqlite's private ``_execute``/``_connect`` (SQLAlchemy's adapter itself reaches into
``_connection``, ``_conn`` and ``_tx``); the version is pinned in pyproject.toml and
tests/storage/test_sqlite_inline.py checks that no statement leaves the loop's thread.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Generator
from typing import Any

import aiosqlite
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection

BUSY_WAIT_SECONDS = 30.0  # how long a transaction waits for another process's write lock before failing


class InlineConnection(aiosqlite.Connection):
    """aiosqlite's connection without its thread: each call runs at once, in the caller's thread."""

    def __await__(self) -> Generator[Any, None, InlineConnection]:
        return self._connect().__await__()

    async def _connect(self) -> InlineConnection:
        if self._connection is None:
            self._connection = self._connector()
        return self

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if not self._running or self._connection is None:
            raise ValueError("Connection closed")
        return fn(*args, **kwargs)

    def stop(self) -> None:
        self._running = False
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    async def close(self) -> None:
        self.stop()


def connector(path: str) -> Callable[[], Any]:
    """The ``async_creator`` for SQLAlchemy: an inline connection to the file at ``path``, in autocommit
    mode at the driver (transactions are begun explicitly with :func:`begin_immediate`)."""

    async def create() -> InlineConnection:
        def open_connection() -> sqlite3.Connection:
            return sqlite3.connect(path, timeout=0, isolation_level=None, check_same_thread=False)

        return await InlineConnection(open_connection, 64)

    return create


async def begin_immediate(connection: AsyncConnection, *, wait: float = BUSY_WAIT_SECONDS) -> None:
    """Start the connection's transaction holding SQLite's write lock. While another process holds it,
    sleep and try again (1 ms doubling to 50 ms) for up to ``wait`` seconds, then raise the
    ``OperationalError`` ("database is locked")."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait
    delay = 0.001
    while True:
        try:
            await connection.exec_driver_sql("BEGIN IMMEDIATE")
            return
        except OperationalError as error:
            if not _is_busy(error) or loop.time() >= deadline:
                raise
        await asyncio.sleep(delay)
        delay = min(delay * 2, 0.05)


def _is_busy(error: OperationalError) -> bool:
    code = getattr(error.orig, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(error.orig) or "busy" in str(error.orig)

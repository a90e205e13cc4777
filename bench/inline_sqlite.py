"""What-if experiment for the benchmarks (``--inline-sqlite``), not production code: SQLite statements run in
the event loop's thread instead of aiosqlite's worker thread.

aiosqlite runs every driver call (cursor, execute, fetch, close, commit) in its own thread and hands the
result back through the event loop: four thread round trips per statement, ~0.3 ms on this machine, for
a statement SQLite itself answers in ~5 µs (``bench/bench_handler.py`` prints both). With this patch the
same ``aiosqlite.Connection`` interface calls sqlite3 directly, so SQLAlchemy, the engine and the door are
unchanged and only the cost of a statement changes.

The trade-off, and why this is an experiment: a statement now blocks the event loop for as long as it
runs. In WAL mode with synchronous=NORMAL that is microseconds (a checkpoint's fsync now and then: a few
ms), but a write lock held by *another process* (a ``goldcard-bot`` command run beside the bot) would stall
the whole loop for up to the busy timeout. Within the process the turn lock of ``storage.db.Database``
already keeps transactions from meeting.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

import aiosqlite


class InlineConnection(aiosqlite.Connection):
    """aiosqlite's connection without its thread: each call runs at once, in the caller's thread."""

    def __await__(self) -> Any:  # no thread to start
        return self._connect().__await__()

    async def _connect(self) -> InlineConnection:
        if self._connection is None:
            self._connection = self._connector()
        return self

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if not self._running or not self._connection:
            raise ValueError("Connection closed")
        return fn(*args, **kwargs)

    def stop(self) -> None:  # type: ignore[override]
        self._running = False
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    async def close(self) -> None:
        self.stop()


def install() -> None:
    """Every ``storage.db.Database`` on SQLite created from now on uses :class:`InlineConnection`."""
    from sqlalchemy.engine import make_url

    import storage.db

    original = storage.db.create_async_engine

    def create_async_engine(url: str, **kwargs: Any) -> Any:
        if url.startswith("sqlite"):
            path = make_url(url).database or ":memory:"
            timeout = kwargs.pop("connect_args", {}).get("timeout", 30)

            async def creator() -> InlineConnection:
                return await InlineConnection(
                    lambda: sqlite3.connect(path, timeout=timeout, check_same_thread=False), 64)

            kwargs["async_creator"] = creator
        return original(url, **kwargs)

    storage.db.create_async_engine = create_async_engine  # type: ignore[assignment]

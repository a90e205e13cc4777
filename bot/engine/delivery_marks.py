"""Marking deliveries as replied, many in one transaction ("group commit").

A door calls ``Engine.mark_delivered(key)`` after sending each update's replies; under load many such
calls arrive together. Each caller joins the batch being gathered and waits until that batch is committed:
the first caller's flush starts after the event loop has run everything else that was ready, so every
mark made meanwhile goes in the same UPDATE; marks arriving while a flush runs wait for the next one.
Alone, a mark is committed at once as before. A failed flush raises in each of its callers.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Collection


class DeliveryMarks:
    def __init__(self, commit: Callable[[Collection[str]], Awaitable[None]]) -> None:
        self._commit = commit
        self._pending: set[str] = set()
        self._waiters: list[asyncio.Future[None]] = []  # one per caller of the batch being gathered
        self._flushing: asyncio.Task[None] | None = None

    async def mark(self, key: str) -> None:
        """Return once ``key`` is committed as replied."""
        self._pending.add(key)
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()  # cancelled alone, if need be
        self._waiters.append(waiter)
        if self._flushing is None:
            self._flushing = asyncio.create_task(self._flush_all())
        await waiter

    async def _flush_all(self) -> None:
        try:
            while self._pending:
                await asyncio.sleep(0)  # let the marks that are ready join this batch
                keys, waiters = self._pending, self._waiters
                self._pending, self._waiters = set(), []
                try:
                    await self._commit(keys)
                except Exception as exc:
                    for waiter in waiters:
                        if not waiter.done():
                            waiter.set_exception(exc)
                except BaseException:
                    for waiter in waiters:
                        waiter.cancel()
                    raise
                else:
                    for waiter in waiters:
                        if not waiter.done():
                            waiter.set_result(None)
        finally:
            self._flushing = None
            for waiter in self._waiters:  # cancelled (shutdown): the marks still waiting are given up
                waiter.cancel()
            self._pending, self._waiters = set(), []

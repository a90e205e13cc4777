"""An asyncio lock that hands itself to the next waiter in O(1), in arrival order.

``asyncio.Lock.acquire`` looks at every waiter (``all(w.cancelled() for w in waiters)``) each time it is
taken while others wait: with a few hundred users' turns waiting for the commit group's connection, each
turn paid for all the others. :class:`HandOffLock` keeps its waiters in a queue; ``release`` gives the lock
straight to the first waiter still waiting (nobody can take it in between), so acquiring and releasing cost
the same whatever the queue's length. Cancelled waiters are skipped when their turn comes.
"""

from __future__ import annotations

import asyncio
from collections import deque


class HandOffLock:
    def __init__(self) -> None:
        self._locked = False
        self._waiters: deque[asyncio.Future[None]] = deque()

    def locked(self) -> bool:
        return self._locked

    async def acquire(self) -> None:
        if not self._locked and not self._waiters:
            self._locked = True
            return
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            await waiter
        except asyncio.CancelledError:
            if not waiter.cancelled():  # handed the lock, then cancelled before running: pass it on
                self.release()
            raise

    def release(self) -> None:
        """Hand the lock to the first waiter still waiting, or unlock it."""
        if not self._locked:
            raise RuntimeError("HandOffLock released while not locked")
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)  # it holds the lock now: it stays locked
                return
        self._locked = False

"""One asyncio lock per key (user id): one user's events run one at a time, in arrival order, while
different users run concurrently. Locks are dropped when nobody holds or waits for them."""

from __future__ import annotations

import asyncio
from collections.abc import Hashable
from types import TracebackType


class KeyedLock:
    def __init__(self) -> None:
        self._locks: dict[Hashable, tuple[asyncio.Lock, int]] = {}

    def hold(self, key: Hashable) -> _Held:
        """``async with keyed.hold(key):`` the key's lock, held for the block."""
        return _Held(self._locks, key)

    def __len__(self) -> int:
        return len(self._locks)


class _Held:
    """The lock of one key for one ``async with`` (a plain class: taken on every event, no generator)."""

    __slots__ = ("_key", "_lock", "_locks")

    def __init__(self, locks: dict[Hashable, tuple[asyncio.Lock, int]], key: Hashable) -> None:
        self._locks, self._key = locks, key

    async def __aenter__(self) -> None:
        lock, users = self._locks.get(self._key) or (asyncio.Lock(), 0)
        self._locks[self._key] = (lock, users + 1)
        self._lock = lock
        try:
            await lock.acquire()
        except BaseException:  # cancelled while waiting: no longer a user of the lock
            self._leave()
            raise

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        traceback: TracebackType | None) -> None:
        self._lock.release()
        self._leave()

    def _leave(self) -> None:
        lock, users = self._locks[self._key]
        if users <= 1:
            del self._locks[self._key]
        else:
            self._locks[self._key] = (lock, users - 1)

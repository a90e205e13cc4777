"""Outgoing rate limits as Telegram asks: about 30 messages a second overall, and about one a second in
one chat (a short burst, such as the review card's messages, goes out at once).

Each limit is a GCRA (generic cell rate algorithm) bucket: a send reserves its slot and waits only as
long as the slot lies in the future, so senders never spin and order is kept.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from bot.config import Settings


class Bucket:
    """``rate`` sends a second on average, ``burst`` of them back to back."""

    def __init__(self, rate: float, burst: int) -> None:
        self.interval = 1.0 / rate
        self.tolerance = (burst - 1) * self.interval
        self.tat = 0.0  # theoretical arrival time of the next send

    def reserve(self, now: float) -> float:
        """Reserve the next slot; returns how long to wait for it (0 when it is now)."""
        tat = max(self.tat, now)
        wait = max(0.0, tat - self.tolerance - now)
        self.tat = tat + self.interval
        return wait

    def idle(self, now: float) -> bool:
        return self.tat <= now


def limiter_of(settings: Settings) -> SendLimiter:
    return SendLimiter(settings.send_rate, settings.chat_send_rate, settings.chat_send_burst)


class SendLimiter:
    def __init__(self, overall_rate: float = 30.0, chat_rate: float = 1.0, chat_burst: int = 8, *,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.overall = Bucket(overall_rate, int(overall_rate))
        self.chat_rate = chat_rate
        self.chat_burst = chat_burst
        self.chats: dict[int, Bucket] = {}
        self.clock = clock
        self.sleep = sleep

    def spare(self, within: float) -> int:
        """How many more messages could be queued now and still go out within ``within`` seconds, at the
        overall rate (the replies already queued go first)."""
        queued = max(0.0, self.overall.tat - self.clock())  # seconds of messages already queued
        return max(0, int((within - queued) / self.overall.interval))

    async def acquire(self, chat_id: int) -> float:
        """Wait until a message to ``chat_id`` may go out; returns the time waited."""
        now = self.clock()
        bucket = self.chats.get(chat_id)
        if bucket is None:
            if len(self.chats) > 10_000:  # forget chats whose slots are all in the past
                self.chats = {key: b for key, b in self.chats.items() if not b.idle(now)}
            bucket = self.chats[chat_id] = Bucket(self.chat_rate, self.chat_burst)
        wait = max(self.overall.reserve(now), bucket.reserve(now))
        if wait > 0:
            await self.sleep(wait)
        return wait

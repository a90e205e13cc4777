"""The outgoing rate limits, on a controlled clock: 30 a second overall, bursts then 1 a second per chat."""

from __future__ import annotations

from bot.telegram.limits import Bucket, SendLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


async def test_thirty_chats_at_once_then_the_overall_limit() -> None:
    clock = Clock()
    limiter = SendLimiter(clock=clock, sleep=clock.sleep)
    waits = [await limiter.acquire(chat) for chat in range(30)]
    assert waits == [0.0] * 30
    assert abs(await limiter.acquire(99) - 1 / 30) < 1e-9


async def test_a_burst_in_one_chat_then_one_a_second() -> None:
    clock = Clock()
    limiter = SendLimiter(chat_burst=8, clock=clock, sleep=clock.sleep)
    waits = [await limiter.acquire(7) for _ in range(10)]
    assert waits[:8] == [0.0] * 8 or sum(waits[:8]) < 0.3  # the overall limit may space them a little
    assert waits[8] > 0.5 and waits[9] > 0.5
    clock.now += 60
    assert await limiter.acquire(7) == 0.0  # the chat's bucket refilled


def test_bucket_reservations_are_ordered() -> None:
    bucket = Bucket(rate=1.0, burst=2)
    assert bucket.reserve(0.0) == 0.0 and bucket.reserve(0.0) == 0.0
    assert bucket.reserve(0.0) == 1.0 and bucket.reserve(0.0) == 2.0

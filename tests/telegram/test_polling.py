"""The polling loop (bot/telegram/polling.py) against an in-memory getUpdates: nothing is confirmed before it
is handled, updates after a slow one go on being handled, each update is handed over once, in order."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence

from bot.telegram.polling import poll

LIMIT = 100  # what one getUpdates returns at most, as Telegram


class Server:
    """Telegram's side of getUpdates: updates stay until an offset above them is sent."""

    def __init__(self, count: int) -> None:
        self.pending = list(range(1, count + 1))
        self.offsets: list[int | None] = []
        self.arrived = asyncio.Event()

    async def fetch(self, offset: int | None, long_poll: int) -> Sequence[int]:
        self.offsets.append(offset)
        if offset is not None:
            self.pending = [update for update in self.pending if update >= offset]
        if not self.pending and long_poll:
            self.arrived.clear()
            try:
                await asyncio.wait_for(self.arrived.wait(), long_poll)
            except TimeoutError:
                return []
        await asyncio.sleep(0)
        return self.pending[:LIMIT]

    def add(self, *updates: int) -> None:
        self.pending.extend(updates)
        self.arrived.set()


async def run_until(server: Server, handled: list[int], count: int,
                    process: Callable[[int], Awaitable[None]]) -> None:
    stop = asyncio.Event()
    task = asyncio.create_task(poll(server.fetch, process, lambda update: update, long_poll=1, stop=stop))
    for _ in range(2000):
        if len(handled) >= count:
            break
        await asyncio.sleep(0.001)
    stop.set()
    await asyncio.wait_for(task, 5)


async def test_every_update_is_handled_once_in_order_and_confirmed_at_the_end() -> None:
    server = Server(250)
    handled: list[int] = []

    async def process(update: int) -> None:
        handled.append(update)

    await run_until(server, handled, 250, process)
    assert handled == list(range(1, 251))
    assert server.offsets[-1] == 251 and server.pending == []  # the stop confirmed everything handled


async def test_a_slow_update_holds_the_offset_but_not_the_updates_after_it() -> None:
    server = Server(50)
    handled: list[int] = []
    release = asyncio.Event()

    async def process(update: int) -> None:
        if update == 3:
            await release.wait()
        handled.append(update)

    stop = asyncio.Event()
    task = asyncio.create_task(poll(server.fetch, process, lambda update: update, long_poll=1, stop=stop,
                                    recheck=0.05))
    for _ in range(500):
        if len(handled) == 49:
            break
        await asyncio.sleep(0.001)
    assert sorted(handled) == [n for n in range(1, 51) if n != 3]  # the others went on
    assert max(offset or 0 for offset in server.offsets) <= 3  # nothing from 3 on was confirmed
    assert 3 in server.pending  # a crash now: Telegram would deliver 3 (and the rest) again
    server.add(51, 52)  # new updates while 3 is still being handled: they do not wait for it
    for _ in range(500):
        if len(handled) == 51:
            break
        await asyncio.sleep(0.002)
    assert handled[-2:] == [51, 52] and 3 not in handled
    release.set()
    for _ in range(500):
        if len(handled) == 52:
            break
        await asyncio.sleep(0.001)
    stop.set()
    await asyncio.wait_for(task, 5)
    assert sorted(handled) == list(range(1, 53)) and len(handled) == 52
    assert server.offsets[-1] == 53


async def test_at_most_one_getupdates_worth_of_updates_is_in_hand() -> None:
    server = Server(300)
    in_hand = 0
    most = 0
    handled: list[int] = []

    async def process(update: int) -> None:
        nonlocal in_hand, most
        in_hand += 1
        most = max(most, in_hand)
        await asyncio.sleep(0.005)
        in_hand -= 1
        handled.append(update)

    await run_until(server, handled, 300, process)
    assert sorted(handled) == list(range(1, 301))
    assert 1 < most <= LIMIT


async def test_a_stop_lets_the_updates_in_hand_finish_before_confirming() -> None:
    server = Server(5)
    handled: list[int] = []
    started = asyncio.Event()

    async def process(update: int) -> None:
        started.set()
        await asyncio.sleep(0.05)
        handled.append(update)

    stop = asyncio.Event()
    task = asyncio.create_task(poll(server.fetch, process, lambda update: update, long_poll=1, stop=stop))
    await started.wait()
    stop.set()
    await asyncio.wait_for(task, 5)
    assert sorted(handled) == [1, 2, 3, 4, 5]
    assert server.offsets[-1] == 6


async def test_a_failing_getupdates_is_retried_and_an_update_failing_in_the_door_does_not_stop_polling() -> None:
    server = Server(3)
    failures = 2
    handled: list[int] = []

    async def flaky(offset: int | None, long_poll: int) -> Sequence[int]:
        nonlocal failures
        if failures:
            failures -= 1
            raise ConnectionError("network down")
        return await server.fetch(offset, long_poll)

    async def process(update: int) -> None:
        handled.append(update)
        if update == 2:
            raise RuntimeError("a bug")

    stop = asyncio.Event()
    task = asyncio.create_task(poll(flaky, process, lambda update: update, long_poll=1, stop=stop, backoff=0.01))
    for _ in range(500):
        if len(handled) == 3:
            break
        await asyncio.sleep(0.002)
    stop.set()
    await asyncio.wait_for(task, 5)
    assert handled == [1, 2, 3] and failures == 0

"""The polling loop (bot/telegram/polling.py) against an in-memory getUpdates and inbox: nothing is confirmed
before it is stored, each update is handed over once and in order, a slow update holds up nothing, what a
crash leaves in the inbox is handed over on the next start, and without an inbox nothing is confirmed
before it is handled."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence

from bot.telegram.limits import SendLimiter
from bot.telegram.polling import BACKLOG, Feed, poll

LIMIT = 100  # what one getUpdates returns at most, as Telegram


class Server:
    """Telegram's side of getUpdates: updates stay until an offset above them is sent."""

    def __init__(self, count: int, inbox: MemoryInbox | None = None) -> None:
        self.pending = list(range(1, count + 1))
        self.offsets: list[int | None] = []
        self.limits: list[int] = []  # what each getUpdates asked for at most
        self.arrived = asyncio.Event()
        self.inbox = inbox
        self.confirmed_unstored: list[int] = []  # confirmed while neither stored nor handled: lost in a crash
        self.handled: set[int] = set()

    async def fetch(self, offset: int | None, long_poll: int, limit: int = LIMIT) -> Sequence[int]:
        self.offsets.append(offset)
        self.limits.append(limit)
        if offset is not None:
            stored = self.inbox.rows if self.inbox is not None else {}
            self.confirmed_unstored += [u for u in self.pending
                                        if u < offset and u not in stored and u not in self.handled]
            self.pending = [update for update in self.pending if update >= offset]
        if not self.pending and long_poll:
            self.arrived.clear()
            try:
                await asyncio.wait_for(self.arrived.wait(), long_poll)
            except TimeoutError:
                return []
        await asyncio.sleep(0)
        return self.pending[:limit]

    def add(self, *updates: int) -> None:
        self.pending.extend(updates)
        self.arrived.set()


class MemoryInbox:
    """The database inbox in memory; ``failing`` makes ``put`` raise as an unreachable database does."""

    def __init__(self) -> None:
        self.rows: dict[int, bytes] = {}
        self.puts: list[list[int]] = []
        self.failing = False
        self.closed = 0

    async def put(self, updates: Sequence[tuple[int, bytes]]) -> None:
        await asyncio.sleep(0)
        if self.failing:
            raise ConnectionError("database unreachable")
        self.puts.append([number for number, _ in updates])
        for number, payload in updates:
            self.rows.setdefault(number, payload)

    async def pending(self) -> list[tuple[int, bytes]]:
        return sorted(self.rows.items())

    def done(self, update_id: int) -> None:
        self.rows.pop(update_id, None)

    async def close(self) -> None:
        self.closed += 1


def feed_of(server: Server, process: Callable[[int], Awaitable[None]],
            fetch: Callable[[int | None, int, int], Awaitable[Sequence[int]]] | None = None) -> Feed:
    async def handle(update: int) -> None:
        await process(update)
        server.handled.add(update)

    return Feed(fetch or server.fetch, handle, update_id=lambda update: update,
                dump=lambda update: str(update).encode(), load=lambda payload: int(payload))


async def until(condition: Callable[[], bool]) -> None:
    for _ in range(3000):
        if condition():
            return
        await asyncio.sleep(0.001)
    raise AssertionError("condition not reached")


async def run_until(server: Server, inbox: MemoryInbox, handled: list[int], count: int,
                    process: Callable[[int], Awaitable[None]], **options: int) -> None:
    stop = asyncio.Event()
    task = asyncio.create_task(poll(feed_of(server, process), inbox, long_poll=1, stop=stop, **options))
    await until(lambda: len(handled) >= count)
    stop.set()
    await asyncio.wait_for(task, 5)


async def test_every_update_is_stored_before_it_is_confirmed_handled_once_in_order_and_cleared() -> None:
    inbox = MemoryInbox()
    server = Server(250, inbox)
    handled: list[int] = []

    async def process(update: int) -> None:
        handled.append(update)

    await run_until(server, inbox, handled, 250, process)
    assert handled == list(range(1, 251))
    assert server.confirmed_unstored == []
    assert [len(batch) for batch in inbox.puts] == [100, 100, 50]  # one transaction per getUpdates batch
    assert inbox.rows == {} and inbox.closed == 1
    assert server.offsets[-1] == 251 and server.pending == []  # the stop confirmed the last batch


async def test_a_slow_update_holds_up_nothing_and_a_crash_leaves_it_for_the_next_start() -> None:
    inbox = MemoryInbox()
    server = Server(250, inbox)
    handled: list[int] = []

    async def process(update: int) -> None:
        if update == 3:
            await asyncio.Event().wait()  # never finishes: the process dies before
        handled.append(update)

    crashed = asyncio.create_task(poll(feed_of(server, process), inbox, long_poll=1))
    await until(lambda: len(handled) == 249 and list(inbox.rows) == [3])  # handled rows leave in batches
    assert 3 not in handled and server.pending == []  # the others went on; every batch was confirmed
    assert list(inbox.rows) == [3] and server.confirmed_unstored == []
    crashed.cancel()  # the crash: update 3 was confirmed to Telegram, but it is in the inbox
    await asyncio.gather(crashed, return_exceptions=True)
    assert list(inbox.rows) == [3], "a cancelled update is not cleared"

    inbox.rows[2] = b"not an update"  # unreadable (say, written by another version): dropped, not a stop
    server.add(3, 251)  # Telegram: the last getUpdates brought 3 again (a copy) and a new update
    again: list[int] = []

    async def restarted(update: int) -> None:
        again.append(update)

    await run_until(server, inbox, again, 2, restarted)
    assert again == [3, 251], "the inbox first, Telegram's copy of 3 skipped"
    assert inbox.rows == {}


class InHand:
    """Handles each update with ``work`` and counts how many are being handled at once (``most``)."""

    def __init__(self, work: Callable[[int], Awaitable[object]]) -> None:
        self.work = work
        self.now = 0
        self.most = 0
        self.handled: list[int] = []

    async def process(self, update: int) -> None:
        self.now += 1
        self.most = max(self.most, self.now)
        await self.work(update)
        self.now -= 1
        self.handled.append(update)


async def test_at_most_a_window_of_updates_is_in_hand() -> None:
    inbox = MemoryInbox()
    server = Server(300, inbox)
    updates = InHand(lambda _update: asyncio.sleep(0.005))
    await run_until(server, inbox, updates.handled, 300, updates.process, window=150)
    assert sorted(updates.handled) == list(range(1, 301))
    assert LIMIT < updates.most <= 150 + LIMIT - 1, "more than one batch in hand, the window bounds the rest"


async def test_no_more_is_fetched_than_the_send_limits_let_out_within_the_backlog() -> None:
    """A flood at Telegram's ~30 messages a second: the updates whose replies would only queue wait at Telegram
    (nothing in memory), and every one is still handled, in order. The limiter runs on a virtual clock."""
    inbox = MemoryInbox()
    server = Server(300, inbox)
    now = [0.0]

    async def sleep(seconds: float) -> None:
        now[0] += seconds  # waiting for a slot moves the clock to it
        await asyncio.sleep(0)

    limiter = SendLimiter(overall_rate=30.0, chat_rate=1e9, chat_burst=10**9, clock=lambda: now[0], sleep=sleep)
    updates = InHand(limiter.acquire)  # each update's reply, as the door sends it
    stop = asyncio.Event()
    task = asyncio.create_task(poll(feed_of(server, updates.process), inbox, long_poll=1, stop=stop,
                                    spare=limiter.spare))
    await until(lambda: len(updates.handled) >= 300)
    stop.set()
    await asyncio.wait_for(task, 5)
    assert updates.handled == list(range(1, 301))
    fits = int(BACKLOG * 30)  # replies let out within BACKLOG seconds: 60
    assert server.limits[0] == fits and max(server.limits) <= fits and min(server.limits) >= 1
    assert updates.most <= fits, "no more in hand than the send limits let out within the backlog"


def test_spare_counts_what_fits_behind_the_queued_replies() -> None:
    now = [100.0]
    limiter = SendLimiter(overall_rate=30.0, clock=lambda: now[0])
    assert limiter.spare(2.0) == 60
    for _reply in range(30):  # a second's worth of replies queued
        limiter.overall.reserve(now[0])
    assert limiter.spare(2.0) == 30 and limiter.spare(0.5) == 0
    now[0] += 1.0
    assert limiter.spare(2.0) == 60


async def test_a_stop_lets_the_updates_in_hand_finish_before_confirming() -> None:
    inbox = MemoryInbox()
    server = Server(5, inbox)
    handled: list[int] = []
    started = asyncio.Event()

    async def process(update: int) -> None:
        started.set()
        await asyncio.sleep(0.05)
        handled.append(update)

    stop = asyncio.Event()
    task = asyncio.create_task(poll(feed_of(server, process), inbox, long_poll=1, stop=stop))
    await started.wait()
    stop.set()
    await asyncio.wait_for(task, 5)
    assert sorted(handled) == [1, 2, 3, 4, 5] and inbox.rows == {}
    assert server.offsets[-1] == 6


async def test_without_the_inbox_a_batch_is_confirmed_only_once_handled() -> None:
    inbox = MemoryInbox()
    inbox.failing = True  # the database is unreachable
    server = Server(150, inbox)
    handled: list[int] = []
    release = asyncio.Event()

    async def process(update: int) -> None:
        if update == 3:
            await release.wait()
        handled.append(update)

    stop = asyncio.Event()
    task = asyncio.create_task(poll(feed_of(server, process), inbox, long_poll=1, stop=stop))
    await until(lambda: len(handled) == 99)
    await asyncio.sleep(0.02)
    assert max(offset or 0 for offset in server.offsets) <= 1, "nothing confirmed while 3 is in hand"
    assert len(handled) == 99, "the next batch waits for this one"
    release.set()
    await until(lambda: len(handled) == 150)
    stop.set()
    await asyncio.wait_for(task, 5)
    assert sorted(handled) == list(range(1, 151)) and server.confirmed_unstored == []
    assert inbox.rows == {} and server.offsets[-1] == 151


async def test_a_failing_getupdates_is_retried_and_an_update_failing_in_the_door_does_not_stop_polling() -> None:
    inbox = MemoryInbox()
    server = Server(3, inbox)
    failures = 2
    handled: list[int] = []

    async def flaky(offset: int | None, long_poll: int, limit: int) -> Sequence[int]:
        nonlocal failures
        if failures:
            failures -= 1
            raise ConnectionError("network down")
        return await server.fetch(offset, long_poll, limit)

    async def process(update: int) -> None:
        handled.append(update)
        if update == 2:
            raise RuntimeError("a bug")

    stop = asyncio.Event()
    task = asyncio.create_task(poll(feed_of(server, process, flaky), inbox, long_poll=1, stop=stop, backoff=0.01))
    await until(lambda: len(handled) == 3)
    stop.set()
    await asyncio.wait_for(task, 5)
    assert handled == [1, 2, 3] and failures == 0
    assert inbox.rows == {}, "an update that failed in the door is not handed over again and again"


async def test_updates_numbered_lower_after_a_quiet_week_are_handled_and_confirmed() -> None:
    """After a week without updates Telegram may number the next ones from a random, lower id: they are
    new updates, not copies, and the offset follows them (the last update received + 1, as PTB does)."""
    batches: list[list[int]] = [[500, 501], [10, 11, 11]]  # the second 11: a copy in the same batch
    offsets: list[int | None] = []
    handled: list[int] = []

    async def fetch(offset: int | None, long_poll: int, limit: int = 100) -> Sequence[int]:
        offsets.append(offset)
        if batches:
            return batches.pop(0)
        await asyncio.sleep(0.01)
        return []

    async def process(update: int) -> None:
        handled.append(update)

    inbox = MemoryInbox()
    stop = asyncio.Event()
    task = asyncio.create_task(poll(feed_of(Server(0), process, fetch), inbox, long_poll=1, stop=stop))
    await until(lambda: len(handled) == 4)
    stop.set()
    await asyncio.wait_for(task, 5)
    assert handled == [500, 501, 10, 11] and inbox.rows == {}
    assert offsets[:3] == [None, 502, 12] and offsets[-1] == 12

"""Long polling that loses nothing: each batch is stored in the inbox before Telegram is told it arrived.

Telegram forgets an update once ``getUpdates`` is called with a higher offset. The libraries' own pollers
ask for the next batch while the previous one is still being handled, so a crash at that moment loses
updates. Here each batch ``getUpdates`` returns is first stored, sealed, in the database's inbox
(:mod:`storage.inbox`, one transaction), and only the next ``getUpdates`` confirms it; the updates are
handed over at once (in order: the engine keeps each user's order) and leave the inbox when handled. A
crash loses nothing: the next start hands over what the inbox still holds, and updates Telegram sends
again are skipped here or, when already handled, given no second effect by the engine's delivery log.

Confirming each batch at once means the next one is fetched while this one is being handled, with no
limit but ``window``: that many updates in hand at most (memory stays bounded under a flood; the fetch
waits until one finishes). When the replies already queued would take the send limits more than
:data:`BACKLOG` seconds to let out (a flood, at Telegram's ~30 messages a second), no more is fetched than
fits in that time: the rest wait at Telegram, where they cost nothing, instead of in memory; they would
not be answered any sooner here. When the inbox cannot be written (the database is unreachable), a batch is
handled before it is confirmed instead, as the fallback: the engine then tells the users to try again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol

from bot.ops import health
from bot.ops.startup import StartupFailure, fatal_reason

_log = logging.getLogger(__name__)
WINDOW = 200  # updates in hand at most
BATCH = 100  # getUpdates' most updates per call
BACKLOG = 2.0  # seconds of queued replies beyond which no more updates are fetched than fit in them
RECENT = 1000  # update ids remembered to skip the copies Telegram sends of an update (same or next batch)


@dataclass(frozen=True)
class Feed:
    """A library's updates as the poller needs them."""

    fetch: Callable[[int | None, int, int], Awaitable[Sequence[Any]]]  # (offset, long-poll seconds, limit) -> updates
    process: Callable[[Any], Awaitable[None]]  # hand one update to the library's dispatcher
    update_id: Callable[[Any], int]
    dump: Callable[[Any], bytes]  # an update as the inbox stores it
    load: Callable[[bytes], Any]


class Inbox(Protocol):
    """Where fetched updates wait, durably, until handled (``storage.inbox.Inbox``)."""

    async def put(self, updates: Sequence[tuple[int, bytes]]) -> None: ...
    async def pending(self) -> list[tuple[int, bytes]]: ...
    def done(self, update_id: int) -> None: ...
    async def close(self) -> None: ...


async def poll(feed: Feed, inbox: Inbox, *, long_poll: int = 30, stop: asyncio.Event | None = None,
               backoff: float = 1.0, window: int = WINDOW, spare: Callable[[float], int] | None = None) -> None:
    """Hand over what the inbox holds, then fetch and hand over updates until ``stop`` is set. A stop
    interrupts only the waiting for updates, never the handling of one; once the updates in hand are
    handled, a short ``getUpdates`` confirms the last batch. ``spare(seconds)``: how many more replies the
    send limits could let out within that time (``SendLimiter.spare``)."""
    stop = stop or asyncio.Event()
    in_hand: dict[int, asyncio.Task[None]] = {}  # update id -> its handling
    newest: int | None = None  # the last update id received: the next offset is the one after it
    recent: dict[int, None] = {}  # update ids handed over lately, oldest first: copies are skipped

    def fresh_one(number: int) -> bool:
        if number in recent:
            return False
        recent[number] = None
        if len(recent) > RECENT:
            del recent[next(iter(recent))]
        return True

    def start(number: int, update: Any, stored: bool) -> asyncio.Task[None]:
        task = asyncio.ensure_future(_handle(feed.process, update))
        in_hand[number] = task
        task.add_done_callback(partial(_finished, in_hand, inbox if stored else None, number))
        return task

    failure: StartupFailure | None = None  # a 401 or a 409: no retry will help
    try:
        for number, payload in await inbox.pending():  # fetched before a stop or a crash, not handled
            fresh_one(number)
            newest = number
            try:
                update = feed.load(payload)
            except Exception as exc:  # stored by a version that wrote it otherwise: never block the start
                _log.error("inbox update %d could not be read (%s); dropped", number, type(exc).__name__)
                inbox.done(number)
                continue
            start(number, update, stored=True)
        if in_hand:
            _log.info("handing over %d updates left in the inbox", len(in_hand))
        failures = 0
        while not stop.is_set():
            fits = BATCH if spare is None else min(BATCH, spare(BACKLOG))  # replies the send limits let out soon
            if len(in_hand) >= window or (fits <= 0 and in_hand):
                await _until(asyncio.ensure_future(asyncio.wait(list(in_hand.values()),
                                                                return_when=asyncio.FIRST_COMPLETED)), stop)
                continue
            fetching = asyncio.ensure_future(feed.fetch(None if newest is None else newest + 1, long_poll,
                                                        max(fits, 1)))
            if not await _until(fetching, stop):
                break
            try:
                updates = fetching.result()
            except Exception as exc:  # network trouble: wait a little longer each time, never give up
                if (reason := fatal_reason(exc)) is not None:
                    failure = StartupFailure(reason)
                    break
                failures += 1
                _log.warning("getUpdates failed (%s); retrying", type(exc).__name__)
                await _until(asyncio.ensure_future(asyncio.sleep(min(backoff * failures, 30.0))), stop)
                continue
            failures = 0
            health.polled()
            fresh: list[tuple[int, Any]] = []
            for update in updates:  # as Telegram sends them: ascending (after a week without updates
                number = feed.update_id(update)  # Telegram may start again from a random, lower id)
                newest = number
                if fresh_one(number):
                    fresh.append((number, update))
            if not fresh:
                continue
            try:
                await inbox.put([(number, feed.dump(update)) for number, update in fresh])
                stored = True
            except Exception as exc:
                _log.warning("storing updates in the inbox failed (%s); confirming them once handled",
                             type(exc).__name__)
                stored = False
            batch = [start(number, update, stored) for number, update in fresh]
            if not stored:  # the next getUpdates confirms them: only once they are handled
                await asyncio.wait(batch)
        if in_hand:
            await asyncio.wait(list(in_hand.values()))
        if newest is not None:  # confirm the last batch; what this call returns stays for the next start
            try:
                await feed.fetch(newest + 1, 0, 1)
            except Exception as exc:
                _log.warning("confirming the last updates failed (%s); they will be delivered again",
                             type(exc).__name__)
    finally:
        await inbox.close()
    if failure is not None:
        raise failure


def _finished(in_hand: dict[int, asyncio.Task[None]], inbox: Inbox | None, number: int,
              task: asyncio.Task[None]) -> None:
    in_hand.pop(number, None)
    if inbox is not None and not task.cancelled():  # a cancelled update stays for the next start
        inbox.done(number)


async def _handle(process: Callable[[Any], Awaitable[None]], update: Any) -> None:
    try:
        await process(update)
    except Exception as exc:
        _log.error("an update failed in the door: %s", type(exc).__name__)


async def _until(awaitable: asyncio.Future[Any], stop: asyncio.Event) -> bool:
    """Wait for ``awaitable`` or ``stop``: False on a stop, True otherwise; ``awaitable`` is cancelled unless
    it finished."""
    stopping = asyncio.ensure_future(stop.wait())
    await asyncio.wait({awaitable, stopping}, return_when=asyncio.FIRST_COMPLETED)
    stopping.cancel()
    if not awaitable.done():
        awaitable.cancel()
    return not stop.is_set()

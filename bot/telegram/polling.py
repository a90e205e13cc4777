"""Long polling that never confirms an update before it is handled, with a sliding window of updates in hand.

Telegram forgets an update once ``getUpdates`` is called with a higher offset. The libraries' own
pollers ask for the next batch while the previous one is still being handled, so a crash at that moment
loses updates. Here the offset sent is always the oldest update still being handled (or, with none in
hand, the one after the newest handled): a crash means Telegram delivers again everything not yet done,
and the engine's delivery log gives the updates already handled no second effect. The offset lives at
Telegram: nothing is confirmed that is not done.

Each update is handed to the door as it arrives (in order: the engine keeps each user's order) and the
next ``getUpdates`` does not wait for the others to finish: what it returns that is already in hand is
skipped, the rest starts at once. So the fetch round trip overlaps the handling and one slow update does
not hold up the updates after it, up to the 100 updates one ``getUpdates`` returns from the oldest in
hand (the window). When a fetch brings nothing new, the loop asks again once the oldest update in hand
is done or half a second later, whichever comes first (Telegram answers at once while updates wait
unconfirmed, so there is no long poll then); with nothing in hand it long-polls.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from functools import partial
from typing import Any

_log = logging.getLogger(__name__)

Fetch = Callable[[int | None, int], Awaitable[Sequence[Any]]]  # (offset, timeout) -> updates
Process = Callable[[Any], Awaitable[None]]
UpdateId = Callable[[Any], int]


async def poll(fetch: Fetch, process: Process, update_id: UpdateId, *, long_poll: int = 30,
               stop: asyncio.Event | None = None, backoff: float = 1.0, recheck: float = 0.5) -> None:
    """Fetch and hand over updates until ``stop`` is set. A stop interrupts only the waiting for updates,
    never the handling of one; once the updates in hand are handled they are confirmed with a short call."""
    stop = stop or asyncio.Event()
    in_hand: dict[int, asyncio.Task[None]] = {}  # update id -> its handling, oldest first
    newest: int | None = None  # the newest update id handed over
    failures = 0

    def offset() -> int | None:
        if in_hand:
            return next(iter(in_hand))
        return None if newest is None else newest + 1

    while not stop.is_set():
        fetching = asyncio.ensure_future(fetch(offset(), 0 if in_hand else long_poll))
        if not await _until(fetching, stop):
            break
        try:
            updates = fetching.result()
        except Exception as exc:  # network trouble: wait a little longer each time, never give up
            failures += 1
            _log.warning("getUpdates failed (%s); retrying", type(exc).__name__)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), min(backoff * failures, 30.0))
            continue
        failures = 0
        fresh = 0
        for update in updates:
            number = update_id(update)
            if newest is not None and number <= newest:
                continue  # in hand or handled already (or a second copy in the same batch)
            newest = number
            fresh += 1
            task = asyncio.ensure_future(_handle(process, update))
            in_hand[number] = task
            task.add_done_callback(partial(_forget, in_hand, number))
        if not fresh and in_hand:  # all in hand already: ask again once the oldest is done, or a while later
            await _until(asyncio.shield(next(iter(in_hand.values()))), stop, limit=recheck)
    if in_hand:
        await asyncio.wait(list(in_hand.values()))
    if newest is not None:  # confirm what was handled; what this call returns stays for the next start
        try:
            await fetch(newest + 1, 0)
        except Exception as exc:
            _log.warning("confirming the last updates failed (%s); they will be delivered again", type(exc).__name__)


def _forget(in_hand: dict[int, asyncio.Task[None]], number: int, _task: asyncio.Task[None]) -> None:
    in_hand.pop(number, None)


async def _handle(process: Process, update: Any) -> None:
    try:
        await process(update)
    except Exception as exc:
        _log.error("an update failed in the door: %s", type(exc).__name__)


async def _until(awaitable: asyncio.Future[Any], stop: asyncio.Event, limit: float | None = None) -> bool:
    """Wait for ``awaitable`` (at most ``limit`` seconds) or ``stop``: False on a stop, True otherwise;
    ``awaitable`` is cancelled unless it finished."""
    stopping = asyncio.ensure_future(stop.wait())
    await asyncio.wait({awaitable, stopping}, timeout=limit, return_when=asyncio.FIRST_COMPLETED)
    stopping.cancel()
    if not awaitable.done():
        awaitable.cancel()
    return not stop.is_set()

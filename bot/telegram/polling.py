"""Long polling that never confirms an update before it is handled.

Telegram forgets an update once ``getUpdates`` is called with a higher offset. The libraries' own
pollers ask for the next batch while the previous one is still being handled, so a crash at that moment
loses updates. This loop hands a batch to the door (all updates at once, in order: the engine keeps each
user's order), waits until every one is handled — answer committed, replies sent — and only then asks
for the next batch with the next offset. A crash before that means Telegram delivers the batch again,
and the engine's delivery log gives the updates already handled no second effect. The offset lives at
Telegram: nothing is confirmed that is not done.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

_log = logging.getLogger(__name__)

Fetch = Callable[[int | None, int], Awaitable[Sequence[Any]]]  # (offset, timeout) -> updates
Process = Callable[[Any], Awaitable[None]]
UpdateId = Callable[[Any], int]


async def poll(fetch: Fetch, process: Process, update_id: UpdateId, *, long_poll: int = 30,
               stop: asyncio.Event | None = None, backoff: float = 1.0) -> None:
    """Fetch, handle, confirm — until ``stop`` is set. A stop interrupts only the waiting for updates,
    never the handling of a batch; the last batch handled is then confirmed with a short call."""
    stop = stop or asyncio.Event()
    offset: int | None = None
    failures = 0
    while not stop.is_set():
        fetching = asyncio.ensure_future(fetch(offset, long_poll))
        stopping = asyncio.ensure_future(stop.wait())
        await asyncio.wait({fetching, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if not fetching.done():
            fetching.cancel()
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
        if not updates:
            continue
        results = await asyncio.gather(*(process(update) for update in updates), return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException):
                _log.error("an update failed in the door: %s", type(result).__name__)
        offset = max(offset or 0, max(update_id(update) for update in updates) + 1)
    if offset is not None:  # confirm what was handled; what this call returns stays for the next start
        try:
            await fetch(offset, 0)
        except Exception as exc:
            _log.warning("confirming the last updates failed (%s); they will be delivered again", type(exc).__name__)

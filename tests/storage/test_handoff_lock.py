"""storage/handoff_lock.py: one holder at a time, handed over in arrival order, cancelled waiters skipped,
a waiter cancelled after it was handed the lock passes it on."""

from __future__ import annotations

import asyncio

import pytest

from storage.handoff_lock import HandOffLock


async def test_holders_take_turns_in_arrival_order() -> None:
    lock = HandOffLock()
    order: list[int] = []
    holding = 0

    async def turn(number: int) -> None:
        nonlocal holding
        await lock.acquire()
        try:
            holding += 1
            assert holding == 1
            await asyncio.sleep(0)
            order.append(number)
        finally:
            holding -= 1
            lock.release()

    await asyncio.gather(*(turn(number) for number in range(50)))
    assert order == list(range(50)) and not lock.locked()


async def test_a_cancelled_waiter_is_skipped() -> None:
    lock = HandOffLock()
    await lock.acquire()
    first = asyncio.ensure_future(lock.acquire())
    second = asyncio.ensure_future(lock.acquire())
    await asyncio.sleep(0)
    first.cancel()
    await asyncio.sleep(0)
    lock.release()
    await asyncio.wait_for(second, 1)
    assert lock.locked() and first.cancelled()
    lock.release()
    assert not lock.locked()


async def test_a_waiter_cancelled_after_the_hand_over_passes_the_lock_on() -> None:
    lock = HandOffLock()
    await lock.acquire()
    first = asyncio.ensure_future(lock.acquire())
    second = asyncio.ensure_future(lock.acquire())
    await asyncio.sleep(0)
    lock.release()  # handed to the first …
    first.cancel()  # … which is cancelled before it runs
    with pytest.raises(asyncio.CancelledError):
        await first
    await asyncio.wait_for(second, 1)  # the second has it
    assert lock.locked()
    lock.release()
    assert not lock.locked()


async def test_releasing_an_unlocked_lock_is_an_error() -> None:
    with pytest.raises(RuntimeError):
        HandOffLock().release()

"""The per-user lock: one key's holders one at a time in arrival order, other keys at once, nothing kept after."""

from __future__ import annotations

import asyncio

import pytest

from bot.engine.keyed_lock import KeyedLock


async def test_one_keys_holders_take_turns_in_order_while_other_keys_run() -> None:
    locks, log = KeyedLock(), []

    async def hold(key: int, name: str) -> None:
        async with locks.hold(key):
            log.append(f"{name} in")
            await asyncio.sleep(0.01)
            log.append(f"{name} out")

    await asyncio.gather(hold(1, "a"), hold(1, "b"), hold(2, "c"))
    assert log.index("a out") < log.index("b in")  # one at a time, in arrival order
    assert log.index("c in") < log.index("a out")  # another key does not wait
    assert len(locks) == 0  # nobody holds or waits: nothing kept


async def test_a_holder_that_raises_or_a_waiter_cancelled_leaves_nothing_behind() -> None:
    locks = KeyedLock()
    with pytest.raises(RuntimeError):
        async with locks.hold(1):
            raise RuntimeError("the turn failed")
    assert len(locks) == 0
    entered = asyncio.Event()

    async def first() -> None:
        async with locks.hold(1):
            entered.set()
            await asyncio.sleep(0.05)

    holder = asyncio.create_task(first())
    await entered.wait()
    waiting = asyncio.create_task(locks.hold(1).__aenter__())
    await asyncio.sleep(0)
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    await holder
    assert len(locks) == 0
    async with locks.hold(1):  # free again
        assert len(locks) == 1

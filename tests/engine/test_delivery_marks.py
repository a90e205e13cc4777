"""Deliveries marked together share one transaction; each mark returns only once committed."""

from __future__ import annotations

import asyncio
from collections.abc import Collection

import pytest

from bot.engine.delivery_marks import DeliveryMarks


class Recorder:
    def __init__(self, fail: bool = False) -> None:
        self.batches: list[set[str]] = []
        self.fail = fail
        self.release = asyncio.Event()
        self.release.set()

    async def commit(self, keys: Collection[str]) -> None:
        await self.release.wait()
        if self.fail:
            raise RuntimeError("database unreachable")
        self.batches.append(set(keys))


async def test_marks_made_together_are_committed_in_one_batch() -> None:
    recorder = Recorder()
    marks = DeliveryMarks(recorder.commit)
    await asyncio.gather(*(marks.mark(f"k{n}") for n in range(50)))
    assert recorder.batches == [{f"k{n}" for n in range(50)}]


async def test_a_mark_alone_is_committed_at_once_and_a_later_one_in_a_new_batch() -> None:
    recorder = Recorder()
    marks = DeliveryMarks(recorder.commit)
    await marks.mark("a")
    assert recorder.batches == [{"a"}]
    await marks.mark("b")
    assert recorder.batches == [{"a"}, {"b"}]


async def test_marks_arriving_during_a_flush_wait_for_the_next_batch() -> None:
    recorder = Recorder()
    recorder.release.clear()
    marks = DeliveryMarks(recorder.commit)
    first = asyncio.create_task(marks.mark("a"))
    await asyncio.sleep(0.01)  # the first flush is now committing, held
    later = [asyncio.create_task(marks.mark(key)) for key in ("b", "c")]
    await asyncio.sleep(0.01)
    assert not first.done() and not any(task.done() for task in later)  # nobody returns before its commit
    recorder.release.set()
    await asyncio.gather(first, *later)
    assert recorder.batches == [{"a"}, {"b", "c"}]


async def test_a_failed_commit_raises_in_every_caller_of_its_batch_and_the_next_batch_still_runs() -> None:
    recorder = Recorder(fail=True)
    marks = DeliveryMarks(recorder.commit)
    results = await asyncio.gather(marks.mark("a"), marks.mark("b"), return_exceptions=True)
    assert [type(result) for result in results] == [RuntimeError, RuntimeError]
    recorder.fail = False
    await marks.mark("c")
    assert recorder.batches == [{"c"}]


async def test_a_cancelled_caller_does_not_stop_its_batch() -> None:
    recorder = Recorder()
    recorder.release.clear()
    marks = DeliveryMarks(recorder.commit)
    impatient = asyncio.create_task(marks.mark("a"))
    patient = asyncio.create_task(marks.mark("b"))
    await asyncio.sleep(0.01)
    impatient.cancel()
    with pytest.raises(asyncio.CancelledError):
        await impatient
    recorder.release.set()
    await patient
    assert recorder.batches == [{"a", "b"}]

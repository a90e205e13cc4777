"""bot/heap.py: once settled, what start-up made is frozen out of the collector's walks and young
collections run less often; cycles made later, and start-up objects dropped before a second settling, are
still collected."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from bot import heap


@pytest.fixture
def restored(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    threshold = gc.get_threshold()
    monkeypatch.setattr(heap, "enabled", True)
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


class Node:
    other: object


def _cycle() -> weakref.ref[Node]:
    first, second = Node(), Node()
    first.other, second.other = second, first
    return weakref.ref(first)


def test_settling_freezes_start_up_and_still_collects_later_cycles(restored: None) -> None:
    made_at_start = [object() for _ in range(100)]
    heap.settle()
    assert gc.get_freeze_count() >= len(made_at_start)
    assert gc.get_threshold()[0] == heap.YOUNG_THRESHOLD
    gone = _cycle()  # a cycle made after start-up, dropped at once
    gc.collect()
    assert gone() is None


def test_a_second_settling_releases_what_the_first_froze_and_was_dropped(restored: None) -> None:
    first, second = Node(), Node()
    first.other, second.other = second, first
    kept_then = weakref.ref(first)
    heap.settle()  # frozen with the cycle alive
    del first, second
    gc.collect()
    assert kept_then() is not None  # frozen: a collection does not look at it
    heap.settle()  # started again (a benchmark's second round)
    assert kept_then() is None


def test_the_test_suite_does_not_settle() -> None:
    assert heap.enabled is False  # tests/conftest.py: doors start hundreds of times in one process

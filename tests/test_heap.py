"""bot/heap.py: once settled, what start-up made is frozen out of the collector's walks and young
collections run less often (cycles made later are still collected)."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from bot import heap


@pytest.fixture
def restored(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    threshold = gc.get_threshold()
    monkeypatch.setattr(heap, "_settled", False)
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_settling_freezes_start_up_and_still_collects_later_cycles(restored: None) -> None:
    made_at_start = [object() for _ in range(100)]
    heap.settle()
    assert gc.get_freeze_count() >= len(made_at_start)
    assert gc.get_threshold()[0] == heap.YOUNG_THRESHOLD

    class Node:
        other: object

    first, second = Node(), Node()
    first.other, second.other = second, first  # a cycle made after start-up
    gone = weakref.ref(first)
    frozen = gc.get_freeze_count()
    heap.settle()  # once per process: a second call freezes nothing more
    assert gc.get_freeze_count() == frozen
    del first, second
    gc.collect()
    assert gone() is None

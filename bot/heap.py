"""The garbage collector tuned for a long-running server: what start-up made is never scanned again.

A whole answer allocates a few thousand short-lived objects (rows, rendered texts, HTTP requests); with
CPython's default thresholds that triggers a young collection every ~700 allocations and, every so often,
a full collection that walks every object the process holds: modules, pydantic models, rule tables,
catalogs — hundreds of thousands of objects that live until exit. :func:`settle` moves those into the
permanent generation (``gc.freeze``), so a full collection walks only what was made since, and raises the
young generation's threshold so collections run less often. Cycles made later are still collected.
"""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 7_000  # allocations between young collections (CPython's default: 700)
enabled = True  # the test suite turns it off: it starts doors hundreds of times in one process


def settle() -> None:
    """Call when start-up is done (the door is about to take updates). Called again (a process that starts
    a door again, a benchmark), it first lets the collector see what was frozen before, so nothing frozen
    then and dropped since is kept."""
    if not enabled:
        return
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    _young, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)

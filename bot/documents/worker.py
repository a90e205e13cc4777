"""Run one document job in a child process with a hard memory and time budget.

Every upload and every "done" is work on bytes a stranger sent; a file built to be costly (a
decompression bomb, a page of a million paths) must not take the bot's memory or hold up other users.
Each job runs in its own process, forked from a ``forkserver`` that has the pipeline imported already (a
job starts in a few milliseconds), with ``RLIMIT_AS`` (address space: what it starts with plus
:data:`~bot.documents.limits.WORKER_MEMORY_BYTES`) and ``RLIMIT_CPU``; the parent waits at most
:data:`~bot.documents.limits.WORKER_SECONDS` of wall-clock time, then kills it. A job that runs out of
either, or dies, comes back as a :class:`~bot.documents.notes.Refusal` (too much work) the user is shown.
The child's peak resident memory and CPU time come back with the result (for the benchmark).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import resource
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext
from typing import Any

from bot.documents.limits import WORKER_MEMORY_BYTES, WORKER_SECONDS
from bot.documents.notes import Refusal, RefusalCode

_log = logging.getLogger(__name__)
_PRELOAD = ["__main__", "bot.documents.pipeline", "bot.documents.supplement", "bot.documents.worker",
            "bot.export.pdf_preload"]  # the copy sheet's renderer, warm (bot/export/pdf_worker.py)
_context: ForkServerContext | None = None
_context_lock = threading.Lock()


@dataclass(frozen=True)
class JobResult:
    """What a job returned (or the refusal that replaced it), its wall-clock time, its peak memory and the
    CPU time it used (wall-clock time grows with the machine's load; CPU time does not)."""

    value: Any
    seconds: float
    peak_rss_bytes: int | None
    stopped: bool = False
    cpu_seconds: float | None = None


def _forkserver() -> ForkServerContext:
    global _context
    with _context_lock:
        if _context is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(_PRELOAD)
            _context = context
        return _context


def run_measured(work: Callable[..., Any], *args: Any, memory: int = WORKER_MEMORY_BYTES,
                 seconds: float = WORKER_SECONDS, **kwargs: Any) -> JobResult:
    """Run ``work(*args, **kwargs)`` in a bounded child process and wait for it (blocking)."""
    context = _forkserver()
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, work, args, kwargs, memory, seconds), daemon=True)
    started = time.perf_counter()
    process.start()
    sender.close()
    try:
        if receiver.poll(seconds):
            value, peak, cpu = receiver.recv()
            return JobResult(value, time.perf_counter() - started, peak, cpu_seconds=cpu)
        _log.warning("a document job ran out of time (%s s) and was stopped", seconds)
    except (EOFError, OSError):
        _log.warning("a document job stopped without an answer (exit code %s)", process.exitcode)
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()
    return JobResult(Refusal.of(RefusalCode.TOO_MUCH_WORK), time.perf_counter() - started, None, stopped=True)


def run_bounded(work: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``work(*args, **kwargs)`` run in a bounded child process, or a too-much-work refusal."""
    return run_measured(work, *args, **kwargs).value


def _child(sender: Connection, work: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any],
           memory: int, seconds: float) -> None:
    _limit(memory, seconds)
    try:
        value = work(*args, **kwargs)
    except MemoryError:
        value = Refusal.of(RefusalCode.TOO_MUCH_WORK)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    sender.send((value, usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime))
    sender.close()


def _limit(memory: int, seconds: float) -> None:
    with open("/proc/self/statm", encoding="ascii") as handle:
        mapped = int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    resource.setrlimit(resource.RLIMIT_AS, (mapped + memory, mapped + memory))
    cpu = max(1, int(seconds))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))

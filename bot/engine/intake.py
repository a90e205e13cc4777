"""Files from users, before the transaction: announced-size check, download through the door, and the
document pipeline's safety checks, so the slow part never holds a database lock.

The door supplies a :class:`FileFetcher` (Telegram's getFile and download, or the console's local
path). CPU-bound work runs in worker threads, a bounded number at a time.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from bot.documents.results import Page
from bot.documents.store import FileStore
from bot.engine.events import Event, EventKind, FileRef
from bot.ops import metrics

_log = logging.getLogger(__name__)
T = TypeVar("T")


class FetchFailed(Exception):
    """The file could not be downloaded (after retries)."""


class FileFetcher(Protocol):
    async def fetch(self, file: FileRef) -> bytes:
        """The file's bytes; raise :class:`FetchFailed` when it cannot be had."""


@dataclass
class Services:
    """What the engine uses besides the database: the sealed file store, and the door's file fetcher and
    notifier (messages the user did not ask for)."""

    files: FileStore | None = None
    fetcher: FileFetcher | None = None
    notifier: Any = None  # the door's push(user_id, outcome), for reminders and staff replies
    cpu_slots: int = 2
    _slots: asyncio.Semaphore | None = field(default=None, repr=False)

    async def cpu(self, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run CPU-bound ``work`` in a thread, at most ``cpu_slots`` at a time."""
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.cpu_slots)
        async with self._slots:
            started = time.perf_counter()
            outcome = "failed"
            try:
                result = await asyncio.to_thread(work, *args, **kwargs)
                outcome = "done"
                return result
            finally:
                metrics.DOCUMENT_JOBS.labels(outcome).inc()
                metrics.DOCUMENT_SECONDS.observe(time.perf_counter() - started)


@dataclass(frozen=True)
class Prepared:
    """A received file made safe (``page``), refused (``refusal``), not downloaded (``failed``), or a
    draft export to import (``import_data``)."""

    page: Page | None = None
    refusal: Any = None
    failed: bool = False
    import_data: bytes | None = None


IMPORT_TYPES = ("application/json", "text/json")
MAX_IMPORT_BYTES = 1024 * 1024


def is_import(file: FileRef) -> bool:
    """A file sent to import a draft (an export's draft.json), not a document for the platform."""
    return (file.mime_type or "").lower() in IMPORT_TYPES or (file.name or "").lower().endswith(".json")


async def prepare(event: Event, services: Services) -> Prepared | None:
    if event.kind is not EventKind.FILE or event.file is None:
        return None
    from bot.documents.pipeline import check_announced_size, take_page  # Pillow, pikepdf: on first use

    importing = is_import(event.file)
    refusal = check_announced_size(event.file.size)
    if refusal is not None:
        return Prepared(refusal=refusal)
    if services.fetcher is None:
        return Prepared(failed=True)
    if importing and (event.file.size or 0) > MAX_IMPORT_BYTES:
        return Prepared(import_data=b"")  # too large to be a draft: the importer says so
    try:
        data = await services.fetcher.fetch(event.file)
    except FetchFailed:
        _log.warning("a file could not be downloaded")
        return Prepared(failed=True)
    if importing:
        return Prepared(import_data=data)
    result = await services.cpu(take_page, data, name=event.file.name, mime_type=event.file.mime_type)
    return Prepared(page=result) if isinstance(result, Page) else Prepared(refusal=result)


class LocalFileFetcher:
    """The console's fetcher: a FileRef's id is a local path."""

    async def fetch(self, file: FileRef) -> bytes:
        try:
            return await asyncio.to_thread(_read, file.file_id)
        except OSError as exc:
            raise FetchFailed(type(exc).__name__) from None


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


async def with_retries(fetch: Callable[[], Any], retryable: tuple[type[BaseException], ...],
                       attempts: int = 3, delay: float = 1.0) -> bytes:
    """Download with retries on timeouts and server errors (for the doors' fetchers)."""
    for attempt in range(1, attempts + 1):
        try:
            return bytes(await fetch())
        except retryable as exc:
            if attempt == attempts:
                raise FetchFailed(type(exc).__name__) from None
            await asyncio.sleep(delay * attempt)
    raise FetchFailed("no attempt")  # pragma: no cover

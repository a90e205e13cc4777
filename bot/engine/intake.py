"""Files from users, before the transaction: announced-size check, download through the door, and the
document pipeline's safety checks, so the slow part never holds a database lock.

The door supplies a :class:`FileFetcher` (Telegram's getFile and download, or the console's local
path). CPU-bound work runs in worker threads, a bounded number at a time; document work on a user's file
(:meth:`Services.documents`) runs in a child process with a hard memory and time budget
(:mod:`bot.documents.worker`). A file is downloaded only when the user is at a step that takes one
(:func:`expects_upload`) or it is a draft to import.
"""

from __future__ import annotations

import asyncio
import logging
import os
import stat
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from bot.documents.results import Page
from bot.documents.store import FileStore
from bot.engine.events import Event, EventKind, FileRef
from bot.engine.state import Step

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
    isolate_documents: bool = True
    """Document jobs in a bounded child process (off only for tests that patch the pipeline in-process)."""
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
                from bot.ops import metrics  # here: prometheus-client (~1.4 MB) is not loaded by the console

                metrics.DOCUMENT_JOBS.labels(outcome).inc()
                metrics.DOCUMENT_SECONDS.observe(time.perf_counter() - started)

    async def documents(self, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run document ``work`` on untrusted bytes in a bounded child process (a Refusal if it overran)."""
        if not self.isolate_documents:
            return await self.cpu(work, *args, **kwargs)
        from bot.documents.worker import run_bounded

        result: T = await self.cpu(run_bounded, work, *args, **kwargs)
        return result


@dataclass(frozen=True)
class Prepared:
    """A received file made safe (``page``), refused (``refusal``), not downloaded (``failed``), or a
    draft export to import (``import_data``)."""

    page: Page | None = None
    refusal: Any = None
    failed: bool = False
    import_data: bytes | None = None
    page_sha256: str | None = None  # the page, already in the file store (stored before the transaction)
    work: Mapping[str, Any] = field(default_factory=dict)
    """Results of document work a turn asked for (:func:`document_work`), done outside the transaction."""


class NeedsWork(Exception):
    """Raised by a turn that needs slow document work: the engine rolls the transaction back, runs
    ``work(*args)`` in the bounded worker with no database lock held, and runs the turn again with the
    result in ``Prepared.work[key]``."""

    def __init__(self, key: str, work: Callable[..., Any], *args: Any,
                 load: Callable[[], tuple[Any, ...]] | None = None,
                 keep: Callable[[Any], object] | None = None) -> None:
        super().__init__(key)
        self.key = key
        self.work = work
        self.args = args
        self.load = load
        self.keep = keep

    async def run(self, services: Services) -> Any:
        """The work, with no transaction open: its inputs read (``load``), the work done in the bounded
        worker, its result stored (``keep``: files written before the commit that will refer to them)."""
        args = self.args if self.load is None else await asyncio.to_thread(self.load)
        value = await services.documents(self.work, *args)
        if self.keep is not None:
            await asyncio.to_thread(self.keep, value)
        return value


def document_work(prepared: Prepared | None, key: str, work: Callable[..., T], *args: Any,
                  load: Callable[[], tuple[Any, ...]] | None = None, keep: Callable[[T], object] | None = None) -> T:
    """The result of ``work(*args)`` (or ``work(*load())``) for this turn, computed outside the transaction
    (see :class:`NeedsWork`); ``load`` reads the inputs and ``keep`` stores the result only then, never
    inside the transaction.

    ``key`` must name the inputs (e.g. the hashes of the pages), so a result is never used for others."""
    if prepared is not None and key in prepared.work:
        result: T = prepared.work[key]
        return result
    raise NeedsWork(key, work, *args, load=load, keep=keep)


IMPORT_TYPES = ("application/json", "text/json")
MAX_IMPORT_BYTES = 1024 * 1024


def is_import(file: FileRef) -> bool:
    """A file sent to import a draft (an export's draft.json), not a document for the platform."""
    return (file.mime_type or "").lower() in IMPORT_TYPES or (file.name or "").lower().endswith(".json")


def expects_upload(step: str | None, screen: Any) -> bool:
    """Whether a user at ``step`` on a flow with ``screen`` is asked for a file (documents, supplement)."""
    return step == Step.SCREEN and bool(getattr(screen, "receives_uploads", False))


async def prepare(event: Event, services: Services, *, wanted: bool = True, keep_page: bool = False) -> Prepared | None:
    """The event's file downloaded and made safe; None when there is no file or the user is at no step
    that takes one (``wanted`` false): then nothing is downloaded and the turn says where files go. With
    ``keep_page`` (a screen that stores pages) the page is written to the file store here, before the
    transaction (if the turn does not take it, the maintenance sweep deletes it)."""
    if event.kind is not EventKind.FILE or event.file is None:
        return None
    if not wanted and not is_import(event.file):
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
    result = await services.documents(take_page, data, name=event.file.name, mime_type=event.file.mime_type)
    if not isinstance(result, Page):
        return Prepared(refusal=result)
    if keep_page and services.files is not None:
        stored = await asyncio.to_thread(services.files.put, event.user_id, result.pack())
        return Prepared(page=result, page_sha256=stored.sha256)
    return Prepared(page=result)


class LocalFileFetcher:
    """The console's fetcher: a FileRef's id is a local path."""

    async def fetch(self, file: FileRef) -> bytes:
        try:
            return await asyncio.to_thread(_read, file.file_id)
        except OSError as exc:
            raise FetchFailed(type(exc).__name__) from None


def _read(path: str) -> bytes:
    """A regular file of at most Telegram's download limit (never a device, a pipe or a FIFO)."""
    from bot.documents.limits import TELEGRAM_DOWNLOAD_MAX_BYTES

    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO must not block the open
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise IsADirectoryError("not a regular file")
        data = handle.read(TELEGRAM_DOWNLOAD_MAX_BYTES + 1)
    if len(data) > TELEGRAM_DOWNLOAD_MAX_BYTES:
        raise FileTooLarge("over the download limit")
    return data


class FileTooLarge(OSError):
    """A local file over Telegram's download limit."""


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

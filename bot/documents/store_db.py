"""Stored documents in PostgreSQL: the same sealed files as :class:`~bot.documents.store.FileStore` (same
sealing, bound to owner and hash), kept in the ``sealed_files`` table, so workers on several machines need
nothing shared but the database and the keys.

The store's interface is synchronous (the engine calls it as it calls the local directory); each call runs
on a small event loop of its own, in a thread, with its own connection pool, and the caller waits for it —
as it waits for the disk with the local store. A file is written before the answer that refers to it is
committed, so a crash between the two leaves an unused file, never an answer without its file.
"""

from __future__ import annotations

import asyncio
import builtins
import hashlib
import threading
from collections.abc import Coroutine
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.documents.store import FileStore, StoredFile, StoredFileMissing, _context
from storage.crypto import Sealer, SealError
from storage.db import normalise_url
from storage.models import SealedFile

T = TypeVar("T")


class DatabaseFileStore(FileStore):
    """Sealed files per owner in the database (PostgreSQL), addressed by the SHA-256 of their content."""

    def __init__(self, url: str, sealer: Sealer) -> None:
        self._url = normalise_url(url)
        self._sealer = sealer
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._engine: AsyncEngine | None = None

    # -- the store's interface ----------------------------------------------------------------------
    def put(self, owner_id: int, data: bytes) -> StoredFile:
        digest = hashlib.sha256(data).hexdigest()
        sealed = self._sealer.seal(data, _context(_owner(owner_id), digest))
        statement = insert(SealedFile).values(owner_id=owner_id, sha256=digest, sealed=sealed, size=len(data))
        self._run(self._execute(statement.on_conflict_do_update(  # stored again: younger for the sweep
            index_elements=[SealedFile.owner_id, SealedFile.sha256], set_={"created_at": func.now()})))
        return StoredFile(owner_id, digest, len(data))

    def get(self, owner_id: int, sha256: str) -> bytes:
        sealed = self._run(self._scalar(select(SealedFile.sealed).where(*_key(owner_id, sha256))))
        if sealed is None:
            raise StoredFileMissing(sha256)
        data = self._sealer.open(sealed, _context(owner_id, sha256))
        if hashlib.sha256(data).hexdigest() != sha256:
            raise SealError("stored file does not match its hash")
        return data

    def exists(self, owner_id: int, sha256: str) -> bool:
        return self._run(self._scalar(select(SealedFile.size).where(*_key(owner_id, sha256)))) is not None

    def list(self, owner_id: int) -> list[str]:
        rows = self._run(self._all(select(SealedFile.sha256).where(SealedFile.owner_id == _owner(owner_id))
                                   .order_by(SealedFile.sha256)))
        return [str(row) for row in rows]

    def delete(self, owner_id: int, sha256: str) -> bool:
        return bool(self._run(self._execute(delete(SealedFile).where(*_key(owner_id, sha256)))))

    def delete_owner(self, owner_id: int) -> int:
        return int(self._run(self._execute(delete(SealedFile).where(SealedFile.owner_id == _owner(owner_id)))))

    def reseal(self, owner_id: int) -> int:
        changed = 0
        for digest in self.list(owner_id):
            sealed = self._run(self._scalar(select(SealedFile.sealed).where(*_key(owner_id, digest))))
            if sealed is None or self._sealer.is_current(sealed):
                continue
            context = _context(owner_id, digest)
            fresh = self._sealer.seal(self._sealer.open(sealed, context), context)
            self._run(self._execute(SealedFile.__table__.update().where(*_key(owner_id, digest))  # type: ignore[attr-defined]
                                    .values(sealed=fresh)))
            changed += 1
        return changed

    def owners(self) -> tuple[int, ...]:
        rows = self._run(self._all(select(SealedFile.owner_id).distinct().order_by(SealedFile.owner_id)))
        return tuple(int(row) for row in rows)

    def stored_before(self, owner_id: int, cutoff: float) -> builtins.list[str]:
        moment = datetime.fromtimestamp(cutoff, UTC)
        rows = self._run(self._all(select(SealedFile.sha256).where(SealedFile.owner_id == _owner(owner_id),
                                                                   SealedFile.created_at < moment)
                                   .order_by(SealedFile.sha256)))
        return [str(row) for row in rows]

    def close(self) -> None:
        """Close the connection pool and stop the store's thread."""
        with self._lock:
            loop, thread, engine = self._loop, self._thread, self._engine
            self._loop = self._thread = self._engine = None
        if loop is None or thread is None:
            return
        if engine is not None:
            asyncio.run_coroutine_threadsafe(engine.dispose(), loop).result()
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.close()

    # -- the database, on the store's own loop -------------------------------------------------------
    def _run(self, work: Coroutine[Any, Any, T]) -> T:
        with self._lock:
            if self._loop is None:
                self._loop = asyncio.new_event_loop()
                self._thread = threading.Thread(target=self._loop.run_forever, name="file-store", daemon=True)
                self._thread.start()
            loop = self._loop
        return asyncio.run_coroutine_threadsafe(work, loop).result()

    def _db(self) -> AsyncEngine:
        if self._engine is None:
            self._engine = create_async_engine(self._url, pool_size=2, max_overflow=2, pool_pre_ping=True)
        return self._engine

    async def _execute(self, statement: Any) -> int:
        async with self._db().begin() as connection:
            result = await connection.execute(statement)
            return int(result.rowcount or 0)

    async def _scalar(self, statement: Any) -> Any:
        async with self._db().connect() as connection:
            return (await connection.execute(statement)).scalar_one_or_none()

    async def _all(self, statement: Any) -> builtins.list[Any]:
        async with self._db().connect() as connection:
            return builtins.list((await connection.execute(statement)).scalars())


def _owner(owner_id: int) -> int:
    if not isinstance(owner_id, int) or isinstance(owner_id, bool):
        raise TypeError("owner_id must be an int")
    return owner_id


def _key(owner_id: int, sha256: str) -> tuple[Any, Any]:
    if len(sha256) != 64 or any(char not in "0123456789abcdef" for char in sha256):
        raise ValueError("not a SHA-256 hex digest")
    return SealedFile.owner_id == _owner(owner_id), SealedFile.sha256 == sha256

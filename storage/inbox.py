"""The polling inbox: Telegram updates stored, sealed, before ``getUpdates`` confirms them, and deleted once
handled, so that long polling can confirm each batch at once (no window of unconfirmed updates to wait
on) and still lose nothing in a crash: on the next start the poller handles what the inbox still holds.

An update is sealed under its own id (``inbox:<update id>``: it cannot be moved to another row) because
it carries what the user typed. :meth:`Inbox.put` stores a batch in one transaction. :meth:`Inbox.done`
does not wait: the ids handled meanwhile are deleted together a moment later (one DELETE), and kept to try
again while the database is unreachable. A row whose deletion never happened (a crash in between) is
handled again on the next start, and the engine's delivery log gives it no second effect.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from datetime import timedelta
from functools import cache
from typing import Any, cast

from sqlalchemy import Delete, Table, bindparam, delete, select

from storage import driver
from storage.crypto import Sealer, SealError
from storage.db import Database, dialect_insert
from storage.models import InboxUpdate, utcnow

_log = logging.getLogger(__name__)
RETRY_SECONDS = 1.0  # before deleting handled updates again after the database failed
MAX_AGE = timedelta(hours=24)  # Telegram keeps an update for 24 hours; so does the inbox, for a bot that was down


@cache
def _delete_statement() -> Delete:
    return delete(InboxUpdate).where(InboxUpdate.id == bindparam("id"))


@cache
def _insert_statement(dialect: str) -> Any:
    """Built once per dialect (building one costs more than SQLite running it); on the table: Core."""
    table = cast(Table, InboxUpdate.__table__)
    return (dialect_insert(dialect)(table).values(id=bindparam("id"), payload_sealed=bindparam("payload_sealed"),
                                                  received_at=bindparam("received_at"))
            .on_conflict_do_nothing(index_elements=["id"]))


def _context(update_id: int) -> str:
    return f"inbox:{update_id}"


class Inbox:
    def __init__(self, db: Database, sealer: Sealer, *, retry: float = RETRY_SECONDS) -> None:
        self.db = db
        self.sealer = sealer
        self.retry = retry
        self._handled: set[int] = set()
        self._deleting: asyncio.Task[None] | None = None
        self._closing = asyncio.Event()

    async def put(self, updates: Sequence[tuple[int, bytes]]) -> None:
        """Store ``(update id, payload)`` pairs in one transaction (an id already stored is kept as it is)."""
        if not updates:
            return
        now = utcnow()
        rows = [{"id": number, "payload_sealed": self.sealer.seal(payload, _context(number)), "received_at": now}
                for number, payload in updates]
        async with self.db.connection_transaction() as connection:  # one executemany (storage.driver)
            await driver.execute_many(connection, _insert_statement(connection.dialect.name), rows)

    async def pending(self) -> list[tuple[int, bytes]]:
        """What is stored and not yet deleted, oldest first (on start: fetched before, never handled).
        Updates older than ``MAX_AGE`` are deleted instead, as Telegram drops those it was not told about."""
        async with self.db.transaction() as session:
            stale = await session.execute(delete(InboxUpdate).where(InboxUpdate.received_at < utcnow() - MAX_AGE))
            dropped = int(stale.rowcount or 0)  # type: ignore[attr-defined]
            if dropped:
                _log.warning("%d updates older than %s dropped from the inbox", dropped, MAX_AGE)
            rows = (await session.execute(select(InboxUpdate.id, InboxUpdate.payload_sealed)
                                          .where(InboxUpdate.handled_at.is_(None)).order_by(InboxUpdate.id))).all()
        pending = []
        for number, token in rows:
            try:
                pending.append((number, self.sealer.open(token, _context(number))))
            except SealError:  # its key was removed before `goldcard-bot rotate-keys` re-sealed it
                _log.error("inbox update %d cannot be opened with the configured keys; dropped", number)
                self.done(number)
        return pending

    def done(self, update_id: int) -> None:
        """``update_id`` was handled: delete it soon, with the others handled meanwhile."""
        self._handled.add(update_id)
        if self._deleting is None:
            self._deleting = asyncio.create_task(self._delete_handled())

    async def close(self) -> None:
        """Delete what was handled and not deleted yet, with one last try if the database fails (what is
        left is handled again on the next start)."""
        self._closing.set()  # a retry waiting for its time tries at once
        if self._deleting is not None:
            await self._deleting

    async def _delete_handled(self) -> None:
        try:
            while self._handled:
                await asyncio.sleep(0)  # let the updates finishing now join this DELETE
                handled, self._handled = self._handled, set()
                try:
                    await self._delete(handled)
                except Exception as exc:
                    self._handled |= handled
                    _log.warning("deleting handled updates from the inbox failed (%s)", type(exc).__name__)
                    if self._closing.is_set():
                        return
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._closing.wait(), self.retry)
        finally:
            self._deleting = None

    async def _delete(self, handled: set[int]) -> None:
        async with self.db.connection_transaction() as connection:  # one executemany (storage.driver)
            await driver.execute_many(connection, _delete_statement(), [{"id": number} for number in sorted(handled)])

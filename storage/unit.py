"""One event's unit of work on a Core connection, with an ORM session only for the features that ask.

The engine's hot path (load the turn's rows, record the delivery, write back what changed, commit) runs on
the connection with Core statements. A feature that needs the ORM (reminders, the help desk, drafts other
than the current one) gets :attr:`Unit.session`, made on first use and joined to the same transaction, so
everything an event changes is still committed together, once, before any reply is sent.

Changes to the turn's light rows (``storage.turn_rows``) reach the database before any statement of that
session runs and before it commits (so ORM code never reads a row older than the Turn's copy).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import Session

from storage import driver
from storage.turn_rows import TurnRows

if TYPE_CHECKING:
    from storage.db import Database


@asynccontextmanager
async def unit_of_work(db: Database) -> AsyncIterator[Unit]:
    """A :class:`Unit` in one transaction: committed when the block ends, rolled back on error."""
    async with db.connection_transaction() as connection:
        unit = Unit(connection)
        try:
            yield unit
            await unit.finish()
        finally:
            await unit.close()


class Unit:
    def __init__(self, connection: AsyncConnection) -> None:
        self.connection = connection
        self.info: dict[str, Any] = {}  # becomes the session's ``info``
        self.rows: TurnRows | None = None
        self._session: AsyncSession | None = None

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            self._session = AsyncSession(bind=self.connection, expire_on_commit=False, info=self.info,
                                         join_transaction_mode="rollback_only")
            if self.rows is not None:
                write_rows_first(self._session.sync_session, self.rows)
        return self._session

    def hold_rows(self, rows: TurnRows) -> None:
        self.rows = rows
        if self._session is not None:
            write_rows_first(self._session.sync_session, rows)

    async def write_rows(self) -> None:
        if self.rows is not None:
            for statement, params in self.rows.updates():
                await driver.execute(self.connection, statement, params)

    async def finish(self) -> None:
        """Everything of this unit written (not committed: the caller commits the connection)."""
        await self.write_rows()
        if self._session is not None:
            await self._session.commit()  # flushes; the connection's transaction is the caller's

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()


def write_rows_first(session: Session, rows: TurnRows) -> None:
    """The rows' changes written before any statement of ``session`` and before it commits."""

    def write(*_args: Any) -> None:
        pending = rows.updates()
        if pending:
            connection = session.connection()
            for statement, params in pending:
                connection.execute(statement, params)

    event.listen(session, "do_orm_execute", write)
    event.listen(session, "before_commit", write)

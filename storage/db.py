"""The database: an async engine for SQLite (embedded default) or PostgreSQL (asyncpg), sessions and
migrations (Alembic, run programmatically so ``goldcard-bot migrate`` needs no alembic.ini).

Three things keep the embedded default fast (see BENCHMARKS.md): SQLite statements run in the event
loop's thread (``storage.sqlite_inline``: no thread round trips; a transaction begins with
``BEGIN IMMEDIATE``, waiting for another process's write lock with ``asyncio.sleep``, never inside
SQLite); SQLite has one writer at a time, so this process's transactions take turns on an asyncio lock;
and a start on a database already at the newest revision does not import Alembic (with Mako, Pygments
and every SQL dialect: ~10 MB and ~0.1 s), the revisions being read from the migration files. A brand-new
(empty) database is not walked through every migration either: its schema is created from the models in
one go and stamped with the head revision (tests/storage/test_schema_creation.py proves the two schemas
identical, on SQLite and PostgreSQL).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, MetaData, PrimaryKeyConstraint, String, Table, event, inspect, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from storage.models import Base
from storage.sqlite_inline import begin_immediate, connector

if TYPE_CHECKING:
    from alembic.config import Config

_log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
MIGRATION_LOCK = 0x60_1DCA_4D  # any constant: the advisory lock id of schema migrations


def private_database_file(path: Path) -> None:
    """The SQLite file (and its -wal, -shm, which SQLite creates with the file's mode) readable by this user
    only: created 0600 before SQLite opens it, an older one narrowed to 0600."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with contextlib.suppress(FileNotFoundError):
            if file.stat().st_mode & 0o077:
                file.chmod(0o600)


def normalise_url(url: str) -> str:
    """Accept plain ``postgresql://`` and ``sqlite:///`` URLs and pick the async drivers."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres", "postgresql+psycopg2"):
        parsed = parsed.set(drivername="postgresql+asyncpg")
    elif parsed.drivername == "sqlite":
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    return parsed.render_as_string(hide_password=False)


class Database:
    """One engine and session factory per process."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = normalise_url(url)
        self.is_sqlite = self.url.startswith("sqlite")
        kwargs: dict[str, Any] = {"echo": echo}
        if self.is_sqlite:
            database = make_url(self.url).database or ":memory:"
            if database != ":memory:":
                private_database_file(Path(database))
            kwargs["async_creator"] = connector(database)
        else:
            kwargs.update(pool_size=10, max_overflow=10, pool_pre_ping=True)
        self.engine: AsyncEngine = create_async_engine(self.url, **kwargs)
        if self.is_sqlite:
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self._turn: asyncio.Lock | None = None  # SQLite: one transaction at a time in this process
        self._turn_loop: asyncio.AbstractEventLoop | None = None

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session in one transaction: committed when the block ends, rolled back on error. On SQLite
        the process's transactions take turns (they must not be nested)."""
        if not self.is_sqlite:
            async with self.sessions() as session, session.begin():
                yield session
            return
        async with self._sqlite_turn(), self.sessions() as session, session.begin():
            await begin_immediate(await session.connection())
            yield session

    @asynccontextmanager
    async def connection_transaction(self) -> AsyncIterator[AsyncConnection]:
        """As :meth:`transaction`, on a Core connection (no ORM session): the engine's hot path."""
        if not self.is_sqlite:
            async with self.engine.begin() as connection:
                yield connection
            return
        async with self._sqlite_turn(), self.engine.begin() as connection:
            await begin_immediate(connection)
            yield connection

    def _sqlite_turn(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        if self._turn is None or self._turn_loop is not loop:  # a lock belongs to one event loop
            self._turn, self._turn_loop = asyncio.Lock(), loop
        return self._turn

    async def migrate(self, sealer: Any = None) -> None:
        """Bring the schema to the newest Alembic revision. On PostgreSQL an advisory lock makes workers
        that start together migrate one after the other (the others then find nothing to do). ``sealer``
        (a ``storage.crypto.Sealer``) is for the revisions that rewrite sealed or hashed values."""
        heads = script_heads()
        if heads is not None and await self.revisions() == heads:
            return  # up to date: Alembic is not even imported
        async with self.engine.begin() as connection:
            if self.is_sqlite:
                await begin_immediate(connection)
            else:
                await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
            await connection.run_sync(_create_or_upgrade, sealer, heads)

    async def checkpoint(self) -> None:
        """SQLite: copy the WAL into the database file and truncate it to nothing (after an erasure: the
        WAL still holds the erased pages until then; ``secure_delete`` zeroes them in the file). A busy
        checkpoint (another process reading) is left to SQLite's next automatic one."""
        if not self.is_sqlite:
            return
        async with self._sqlite_turn(), self.engine.connect() as connection:
            busy = (await connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")).first()
            if busy is not None and busy[0]:
                _log.warning("WAL checkpoint after an erasure was busy; SQLite completes it later")

    async def revisions(self) -> set[str] | None:
        """The revisions the database is at (None when it has no Alembic version table yet)."""
        try:
            async with self.engine.connect() as connection:
                rows = await connection.execute(text("SELECT version_num FROM alembic_version"))
                return {str(row[0]) for row in rows}
        except SQLAlchemyError:
            return None

    async def dispose(self) -> None:
        await self.engine.dispose()


_REVISION = re.compile(r"^revision\s*(?::[^=\n]*)?=\s*[\"']([^\"']+)[\"']", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision\s*(?::[^=\n]*)?=\s*(.+)$", re.MULTILINE)


def script_heads() -> set[str] | None:
    """The head revisions of the migration scripts, read from the files without importing Alembic
    (None when a file does not declare them as expected: then Alembic decides)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(source), _DOWN_REVISION.search(source)
        if revision is None or down is None:
            return None
        revisions.add(revision.group(1))
        parents.update(re.findall(r"[\"']([^\"']+)[\"']", down.group(1)))
    heads = revisions - parents
    return heads if revisions and parents <= revisions and heads else None


def dialect_insert(dialect: str) -> Any:
    """The dialect's INSERT (with ON CONFLICT). PostgreSQL's is imported here: on SQLite its dialect is
    never loaded (~2 MB)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert

        return insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert


def alembic_config(connection: Connection | None = None, sealer: Any = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    config.attributes["sealer"] = sealer
    return config


def _create_or_upgrade(connection: Connection, sealer: Any, heads: set[str] | None) -> None:
    """An empty database gets the newest schema at once (:func:`create_schema`); any other is upgraded by
    Alembic (which also decides when the heads could not be read from the files)."""
    if heads is not None and len(heads) == 1 and not inspect(connection).get_table_names():
        create_schema(connection, next(iter(heads)))
    else:
        upgrade_with_alembic(connection, sealer)


def create_schema(connection: Connection, head: str) -> None:
    """Create every table of the models and stamp the Alembic head revision, as Alembic would after running
    every migration on an empty database (~0.25 s less at a first start, Alembic not imported)."""
    Base.metadata.create_all(connection)
    version = alembic_version_table()
    version.create(connection)
    connection.execute(version.insert().values(version_num=head))


def alembic_version_table() -> Table:
    """Alembic's version table, exactly as Alembic creates it (``alembic.ddl.impl.version_table_impl``)."""
    return Table("alembic_version", MetaData(), Column("version_num", String(32), nullable=False),
                 PrimaryKeyConstraint("version_num", name="alembic_version_pkc"))


def upgrade_with_alembic(connection: Connection, sealer: Any = None) -> None:
    """Run the migrations from the database's revision to the head."""
    from alembic import command

    command.upgrade(alembic_config(connection, sealer), "head")


SQLITE_CACHE_KIB = 512  # SQLite's page cache per connection (its default: 2,000 KiB). Every query of the bot is
# an indexed lookup of a few rows: the B-trees' inner pages fit, the rest comes from the OS's file cache, and the
# process stays smaller as drafts accumulate (BENCHMARKS.md, "Memory").


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=5000")  # only while switching to WAL, when a database is created
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA secure_delete=ON")  # deleted rows are overwritten, not left in free pages
    cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    cursor.execute("PRAGMA busy_timeout=0")  # never wait inside SQLite: see storage.sqlite_inline
    cursor.close()

"""SQLite statements run in the event loop's thread, and another process's write lock is waited for with
asyncio.sleep (the loop keeps serving), never inside SQLite (storage/sqlite_inline.py)."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from storage.db import Database
from storage.sqlite_inline import begin_immediate


@pytest.fixture
async def db(tmp_path: Path):
    database = Database(f"sqlite:///{tmp_path / 'bot.db'}")
    await database.migrate()
    yield database
    await database.dispose()


def other_process_lock(path: Path) -> sqlite3.Connection:
    """A second connection holding the write lock, as a ``goldcard-bot`` command beside the bot would."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO processed_updates (key, user_id, created_at) VALUES ('other', 1, CURRENT_TIMESTAMP)")
    return other


async def test_statements_run_in_the_event_loops_thread(db: Database) -> None:
    async with db.transaction() as session:
        raw = await (await session.connection()).get_raw_connection()
        raw.driver_connection._conn.create_function("thread_ident", 0, threading.get_ident)
        ran_in = (await session.execute(text("SELECT thread_ident()"))).scalar_one()
    assert ran_in == threading.get_ident()  # aiosqlite would have run it in its worker thread


async def test_a_transaction_holds_the_write_lock_from_its_start(db: Database, tmp_path: Path) -> None:
    async with db.transaction() as session:
        await session.execute(text("SELECT 1"))  # a read only: with a deferred BEGIN no lock would be held
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            sqlite3.connect(tmp_path / "bot.db", timeout=0).execute("BEGIN IMMEDIATE")


async def test_another_process_lock_is_waited_for_without_blocking_the_loop(db: Database, tmp_path: Path) -> None:
    other = other_process_lock(tmp_path / "bot.db")
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.005)
            ticks += 1

    async def write() -> int:
        async with db.transaction() as session:
            await session.execute(text(
                "INSERT INTO processed_updates (key, user_id, created_at) VALUES ('bot', 1, CURRENT_TIMESTAMP)"))
            return int((await session.execute(text("SELECT count(*) FROM processed_updates"))).scalar_one())

    ticking = asyncio.create_task(ticker())
    writing = asyncio.create_task(write())
    await asyncio.sleep(0.2)
    assert not writing.done()  # waiting for the other connection's lock...
    assert ticks >= 10  # ...while the loop went on serving
    other.execute("COMMIT")
    other.close()
    assert await asyncio.wait_for(writing, 5) == 2  # then it ran, after the other's commit
    ticking.cancel()


async def test_a_lock_held_too_long_fails_with_database_is_locked(db: Database, tmp_path: Path) -> None:
    other = other_process_lock(tmp_path / "bot.db")
    try:
        async with db.engine.connect() as connection:
            with pytest.raises(OperationalError, match="locked"):
                await begin_immediate(connection, wait=0.05)
    finally:
        other.execute("ROLLBACK")
        other.close()
    async with db.transaction() as session:  # and the database is usable again at once
        await session.execute(text(
            "INSERT INTO processed_updates (key, user_id, created_at) VALUES ('x', 1, CURRENT_TIMESTAMP)"))


async def test_an_error_in_the_block_rolls_the_transaction_back(db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with db.transaction() as session:
            await session.execute(text(
                "INSERT INTO processed_updates (key, user_id, created_at) VALUES ('lost', 1, CURRENT_TIMESTAMP)"))
            raise RuntimeError("boom")
    async with db.transaction() as session:
        assert (await session.execute(text("SELECT count(*) FROM processed_updates"))).scalar_one() == 0


async def test_connections_keep_a_small_page_cache_in_wal_mode(db: Database) -> None:
    """512 KiB of page cache per connection (SQLite's default is 2,000 KiB): the process stays small as drafts
    accumulate; WAL and the other settings are those of every connection."""
    async with db.transaction() as session:
        pragmas = {name: (await session.execute(text(f"PRAGMA {name}"))).scalar_one()
                   for name in ("cache_size", "journal_mode", "foreign_keys", "secure_delete", "busy_timeout")}
    assert pragmas == {"cache_size": -512, "journal_mode": "wal", "foreign_keys": 1, "secure_delete": 1,
                       "busy_timeout": 0}

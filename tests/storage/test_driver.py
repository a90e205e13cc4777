"""The hot path's statements on the SQLite driver (storage/driver.py): the same values as SQLAlchemy Core
reads and writes, SQLAlchemy's errors, SQLAlchemy itself on PostgreSQL and when somebody listens."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from storage import driver
from storage.crypto import Sealer
from storage.db import Database
from storage.models import Conversation, Draft, Ticket, User
from storage.repositories import Store
from storage.turn_rows import load_statement, new_user_statements, update_statement
from storage.unit import unit_of_work

SEEN = datetime(2026, 12, 6, 9, 30, 15, 123456)


async def _a_full_turn(db: Database, sealer: Sealer) -> str:
    """A user with every kind of value the turn's row holds: dates, bytes, a JSON list, an open ticket."""
    async with db.transaction() as session:
        store = Store(session, sealer)
        user = await store.lock_user(5, "zh-hant")
        user.consent_at = SEEN
        conversation = await store.conversation(5)
        draft = await store.create_draft(5, "Mine")
        store.set_answers(draft, {"basic": {"name": "王小明"}})
        conversation.draft_id, conversation.history, conversation.flow = draft.id, ["basic", "passport"], "apply"
        session.add(Ticket(user_id=5, status="open", locale="en"))
        return draft.id


def _driven(connection: AsyncConnection, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The SQL the sqlite3 connection ran; SQLAlchemy's own execute made to fail (nothing may go there)."""
    raw = driver.sqlite_of(connection)
    assert raw is not None
    traced: list[str] = []
    raw.set_trace_callback(lambda sql: traced.append(sql) if sql.split()[0] in ("SELECT", "INSERT", "UPDATE") else None)

    async def refused(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("the hot path went through SQLAlchemy")

    monkeypatch.setattr(AsyncConnection, "execute", refused)
    return traced


async def test_a_turn_loaded_on_the_driver_reads_as_sqlalchemy_reads_it(
        db: Database, sealer: Sealer, monkeypatch: pytest.MonkeyPatch) -> None:
    await _a_full_turn(db, sealer)
    async with db.connection_transaction() as connection:
        core = [tuple(row) for row in await connection.execute(load_statement(), {"user_id": 5})]
        if db.is_sqlite:
            traced = _driven(connection, monkeypatch)
        rows = await driver.execute(connection, load_statement(), {"user_id": 5})
    assert rows == core
    values = rows[0]
    assert SEEN in [value.replace(tzinfo=None) for value in values if isinstance(value, datetime)]  # not text
    assert ["basic", "passport"] in values and values[-1] is True  # the open ticket
    assert any(isinstance(value, bytes) for value in values)
    if db.is_sqlite:
        assert len(traced) == 1 and traced[0].lstrip().startswith("SELECT")


async def test_rows_written_on_the_driver_read_back_through_the_orm(
        db: Database, sealer: Sealer, monkeypatch: pytest.MonkeyPatch) -> None:
    draft_id = await _a_full_turn(db, sealer)
    async with db.connection_transaction() as connection:
        if db.is_sqlite:
            traced = _driven(connection, monkeypatch)
        user_insert, conversation_insert = new_user_statements(connection.dialect.name)
        made = {"user_id": 6, "language_code": "en", "now": SEEN}
        await driver.execute(connection, user_insert, made)
        await driver.execute(connection, conversation_insert, made)  # step "menu", history [] from the statement
        names = frozenset({"history", "step", "updated_at"})
        await driver.execute(connection, update_statement("conversations", names),
                             {"v_key": 5, "v_history": ["basic", "新"], "v_step": "ask", "v_updated_at": SEEN})
        await driver.execute(connection, update_statement("drafts", frozenset({"purge_warned_at"})),
                             {"v_key": draft_id, "v_purge_warned_at": SEEN})
    if db.is_sqlite:
        assert [sql.split()[0] for sql in traced] == ["INSERT", "INSERT", "UPDATE", "UPDATE"]
    async with db.transaction() as session:
        conversation = await session.get(Conversation, 5)
        assert conversation is not None
        assert (conversation.history, conversation.step, conversation.updated_at.replace(tzinfo=None)) == (
            ["basic", "新"], "ask", SEEN)
        draft = await session.get(Draft, draft_id)
        assert draft is not None and draft.purge_warned_at is not None
        assert draft.purge_warned_at.replace(tzinfo=None) == SEEN
        new = await session.get(Conversation, 6)
        assert new is not None and (new.step, new.seq, new.history) == ("menu", 0, [])
        assert (await session.scalar(select(User.language_code).where(User.id == 6))) == "en"


async def test_a_driver_error_is_sqlalchemys_error_without_the_values(db: Database, sealer: Sealer) -> None:
    draft_id = await _a_full_turn(db, sealer)
    with pytest.raises(IntegrityError) as raised:
        async with db.connection_transaction() as connection:
            await driver.execute(connection, update_statement("drafts", frozenset({"owner_id"})),
                                 {"v_key": draft_id, "v_owner_id": None})  # NOT NULL
    assert "v_owner_id" not in str(raised.value) and "None" not in str(raised.value).split("[SQL")[0]


async def test_a_listened_connection_runs_every_statement_through_sqlalchemy(db: Database, sealer: Sealer) -> None:
    await _a_full_turn(db, sealer)
    seen: list[str] = []
    event.listen(db.engine.sync_engine, "before_cursor_execute", lambda _c, _cur, sql, *_rest: seen.append(sql))
    async with unit_of_work(db) as unit:
        assert driver.sqlite_of(unit.connection) is None
        await Store(unit, sealer).open_turn(5)
    assert any(sql.lstrip().startswith("SELECT users.id") for sql in seen)


async def test_the_whole_hot_path_runs_on_the_driver_on_sqlite(
        db: Database, sealer: Sealer, monkeypatch: pytest.MonkeyPatch) -> None:
    await _a_full_turn(db, sealer)
    async with unit_of_work(db) as unit:
        if not db.is_sqlite:  # PostgreSQL: asyncpg through SQLAlchemy, the same statements
            assert driver.sqlite_of(unit.connection) is None
        traced = _driven(unit.connection, monkeypatch) if db.is_sqlite else []
        store = Store(unit, sealer)
        _user, conversation = await store.open_turn(5)
        assert await store.record_update("tg:1", 5)
        assert not await store.record_update("tg:1", 5)  # the key's uniqueness decides
        conversation.seq += 1
        conversation.history.append("visa")
        await unit.write_rows()
    if db.is_sqlite:
        assert [sql.split()[0] for sql in traced] == ["SELECT", "INSERT", "INSERT", "UPDATE"]
    async with db.transaction() as session:
        stored = await session.get(Conversation, 5)
        assert stored is not None and stored.history == ["basic", "passport", "visa"]


async def test_a_batch_of_marks_is_one_executemany_on_the_driver(
        db: Database, sealer: Sealer, monkeypatch: pytest.MonkeyPatch) -> None:
    await _a_full_turn(db, sealer)
    async with unit_of_work(db) as unit:
        store = Store(unit, sealer)
        for number in range(4):
            assert await store.record_update(f"tg:{number}", 5)
    async with unit_of_work(db) as unit:
        if db.is_sqlite:
            _driven(unit.connection, monkeypatch)
        await Store(unit, sealer).mark_replied(["tg:0", "tg:2", "tg:3"])
        await driver.execute_many(unit.connection, update_statement("drafts", frozenset({"kind"})), [])  # nothing
    monkeypatch.undo()
    async with db.transaction() as session:
        store = Store(session, sealer)
        marked = [(await store.processed(f"tg:{number}")) for number in range(4)]
    assert [seen is not None and seen.replied_at is not None for seen in marked] == [True, False, True, True]

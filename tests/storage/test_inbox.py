"""The polling inbox on SQLite and PostgreSQL: updates stored sealed and bound to their id, read back oldest
first, handled ones deleted together, and kept to delete again while the database fails."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import event, select, text, update

from storage.crypto import Sealer
from storage.db import Database
from storage.inbox import MAX_AGE, Inbox
from storage.models import InboxUpdate, utcnow

SENTINEL = b'{"update_id":7,"message":{"text":"ZQXINBOXSENTINEL"}}'


async def test_updates_are_stored_sealed_and_read_back_oldest_first(db: Database, sealer: Sealer) -> None:
    inbox = Inbox(db, sealer)
    await inbox.put([(9, b"nine"), (7, SENTINEL)])
    await inbox.put([(9, b"a copy"), (10, b"ten")])  # Telegram sent 9 again: the stored one stays
    assert await inbox.pending() == [(7, SENTINEL), (9, b"nine"), (10, b"ten")]
    async with db.engine.connect() as connection:
        raw = (await connection.execute(text("SELECT payload_sealed FROM inbox"))).scalars().all()
    assert len(raw) == 3 and all(b"ZQXINBOXSENTINEL" not in bytes(token) for token in raw)


async def test_a_payload_moved_to_another_row_cannot_be_opened_and_is_dropped(db: Database, sealer: Sealer) -> None:
    inbox = Inbox(db, sealer)
    await inbox.put([(1, b"one"), (2, SENTINEL)])
    async with db.transaction() as session:  # someone with database access swaps the payloads
        await session.execute(text("UPDATE inbox SET payload_sealed = (SELECT payload_sealed FROM inbox WHERE id = 2)"
                                   " WHERE id = 1"))
    assert await inbox.pending() == [(2, SENTINEL)]
    await inbox.close()  # the row that cannot be opened is deleted
    assert await inbox.pending() == [(2, SENTINEL)]


async def test_updates_older_than_a_day_are_dropped_as_telegram_drops_them(db: Database, sealer: Sealer) -> None:
    inbox = Inbox(db, sealer)
    await inbox.put([(1, b"old"), (2, b"recent")])
    async with db.transaction() as session:  # the bot was down for a while
        await session.execute(update(InboxUpdate).where(InboxUpdate.id == 1)
                              .values(received_at=utcnow() - MAX_AGE - timedelta(minutes=1)))
        await session.execute(update(InboxUpdate).where(InboxUpdate.id == 2)
                              .values(received_at=utcnow() - MAX_AGE + timedelta(minutes=1)))
    assert await inbox.pending() == [(2, b"recent")]
    async with db.engine.connect() as connection:
        assert (await connection.execute(text("SELECT id FROM inbox"))).scalars().all() == [2]


async def test_handled_updates_are_deleted_together(db: Database, sealer: Sealer) -> None:
    inbox = Inbox(db, sealer)
    await inbox.put([(number, b"x") for number in range(1, 11)])
    deletes = 0

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        nonlocal deletes
        deletes += statement.lstrip().upper().startswith("DELETE")

    event.listen(db.engine.sync_engine, "before_cursor_execute", count)
    for number in (2, 5, 3, 9):
        inbox.done(number)
    await inbox.close()
    event.remove(db.engine.sync_engine, "before_cursor_execute", count)
    assert [number for number, _ in await inbox.pending()] == [1, 4, 6, 7, 8, 10]
    assert deletes == 1, "one DELETE for the updates handled together"


async def test_a_failed_delete_is_tried_again_until_the_database_answers(db: Database, sealer: Sealer) -> None:
    inbox = Inbox(db, sealer, retry=0.01)
    await inbox.put([(1, b"one"), (2, b"two")])
    failures = 3
    delete = inbox._delete

    async def flaky(handled: set[int]) -> None:
        nonlocal failures
        if failures:
            failures -= 1
            raise ConnectionError("database unreachable")
        await delete(handled)

    inbox._delete = flaky  # type: ignore[method-assign]
    inbox.done(1)
    for _ in range(500):
        if not failures and await inbox.pending() == [(2, b"two")]:
            break
        await asyncio.sleep(0.01)
    assert failures == 0 and await inbox.pending() == [(2, b"two")]
    await inbox.close()


async def test_closing_while_the_database_fails_gives_up_after_one_try(db: Database, sealer: Sealer) -> None:
    inbox = Inbox(db, sealer, retry=60)
    await inbox.put([(1, b"one")])
    tries = 0

    async def down(_handled: set[int]) -> None:
        nonlocal tries
        tries += 1
        raise ConnectionError("database unreachable")

    inbox._delete = down  # type: ignore[method-assign]
    inbox.done(1)
    await asyncio.sleep(0)
    await asyncio.wait_for(inbox.close(), 5)  # not 60 s: the update stays, handled again on the next start
    assert tries <= 2 and await inbox.pending() == [(1, b"one")]


async def test_the_insert_is_built_once_per_dialect_and_stores_what_core_would(db: Database, sealer: Sealer) -> None:
    """``put`` runs one statement built once per dialect (building it costs more than SQLite running it);
    the time it stores reads back as the model's own (the age check compares it)."""
    from storage.inbox import _insert_statement

    assert _insert_statement(db.engine.dialect.name) is _insert_statement(db.engine.dialect.name)
    before = utcnow()
    await Inbox(db, sealer).put([(3, b"three"), (4, b"four")])
    async with db.transaction() as session:
        stored = (await session.execute(select(InboxUpdate.id, InboxUpdate.received_at, InboxUpdate.handled_at)
                                        .order_by(InboxUpdate.id))).all()
    assert [number for number, _at, _handled in stored] == [3, 4]
    assert all(at.replace(tzinfo=None) >= before.replace(tzinfo=None) and handled is None
               for _number, at, handled in stored)

"""Storage on SQLite and PostgreSQL: migrations, sealed personal data, ownership, row locks."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import event, inspect, select, text

from storage.crypto import Sealer, SealError
from storage.db import Database
from storage.models import Draft
from storage.repositories import Store


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    from storage.db import alembic_config

    return str(ScriptDirectory.from_config(alembic_config()).get_current_head())


async def test_migrations_create_every_table_and_are_idempotent(db: Database) -> None:
    await db.migrate()  # a second run changes nothing
    async with db.engine.connect() as connection:
        tables = await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))
        version = (await connection.execute(text("select version_num from alembic_version"))).scalar_one()
    assert {"users", "drafts", "conversations", "processed_updates"} <= tables
    assert version == head_revision()


async def test_answers_are_sealed_at_rest_and_bound_to_their_row(db: Database, sealer: Sealer) -> None:
    async with db.transaction() as session:
        store = Store(session, sealer)
        await store.lock_user(1)
        first = await store.create_draft(1, "Applicant A")
        second = await store.create_draft(1, "Applicant B")
        store.set_answers(first, {"basic": {"passport_number": "SENTINEL123456"}})
        first_id, second_id = first.id, second.id
    async with db.engine.connect() as connection:
        raw = (await connection.execute(text("select answers_sealed from drafts"))).scalars().all()
    assert all(b"SENTINEL123456" not in bytes(value) for value in raw)
    async with db.transaction() as session:
        store = Store(session, sealer)
        first = await store.draft(first_id, 1)
        second = await store.draft(second_id, 1)
        assert first is not None and second is not None
        assert store.answers(first) == {"basic": {"passport_number": "SENTINEL123456"}}
        assert store.label(second) == "Applicant B"
        second.answers_sealed = first.answers_sealed  # moved to another row: it must not open
        with pytest.raises(SealError):
            store.answers(second)


async def test_a_draft_opens_only_for_its_owner(db: Database, sealer: Sealer) -> None:
    async with db.transaction() as session:
        store = Store(session, sealer)
        await store.lock_user(1)
        await store.lock_user(2)
        draft = await store.create_draft(1, "mine")
        draft_id = draft.id
    async with db.transaction() as session:
        store = Store(session, sealer)
        assert await store.draft(draft_id, 2) is None
        assert await store.draft(draft_id, 1) is not None
        assert [d.id for d in await store.drafts_of(2)] == []


async def test_concurrent_first_contact_creates_one_user(db: Database, sealer: Sealer) -> None:
    async def touch() -> None:
        async with db.transaction() as session:
            await Store(session, sealer).lock_user(42, "zh-hant")

    await asyncio.gather(*(touch() for _ in range(5)))
    async with db.transaction() as session:
        from storage.models import User

        users = (await session.execute(select(User).where(User.id == 42))).scalars().all()
    assert len(users) == 1 and users[0].language_code == "zh-hant"


async def test_processed_updates_record_delivery(db: Database, sealer: Sealer) -> None:
    async with db.transaction() as session:
        store = Store(session, sealer)
        await store.lock_user(5)
        assert await store.record_update("tg:1", 5) is True
        assert await store.record_update("tg:3", 5) is True
        assert await store.record_update("tg:1", 5) is False  # the same key again: a redelivery
    async with db.transaction() as session:
        store = Store(session, sealer)
        assert await store.record_update("tg:1", 5) is False  # also in a later transaction
        row = await store.processed("tg:1")
        assert row is not None and row.replied_at is None
        await store.mark_replied(["tg:1", "tg:3", "tg:9"])
    async with db.transaction() as session:
        for key in ("tg:1", "tg:3"):
            row = await Store(session, sealer).processed(key)
            assert row is not None and row.replied_at is not None
        assert await Store(session, sealer).processed("tg:2") is None


async def test_a_returning_user_opens_with_conversation_and_draft_in_one_statement(
        db: Database, sealer: Sealer) -> None:
    async with db.transaction() as session:
        store = Store(session, sealer)
        user, conversation = await store.open_turn(8, "en")  # new: created on the way
        draft = await store.create_draft(8, "A")
        conversation.draft_id = draft.id
        draft_id = draft.id
    statements: list[str] = []
    event.listen(db.engine.sync_engine, "before_cursor_execute",
                 lambda _c, _cur, statement, *_rest: statements.append(statement))
    async with db.transaction() as session:
        store = Store(session, sealer)
        user, conversation = await store.open_turn(8, "zh-hant")
        assert (user.id, user.language_code, conversation.draft_id) == (8, "zh-hant", draft_id)
        assert (await store.draft(draft_id, 8)) is not None
        assert await store.draft(draft_id, 9) is None  # never through another owner
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 1, "\n\n".join(selects)


async def test_drafts_are_deleted_with_their_owner(db: Database, sealer: Sealer) -> None:
    async with db.transaction() as session:
        store = Store(session, sealer)
        user = await store.lock_user(9)
        await store.create_draft(9, "x")
        await session.delete(user)
    async with db.transaction() as session:
        assert (await session.execute(select(Draft))).scalars().all() == []


async def test_erasing_one_user_keeps_another_users_pending_answers(db: Database, sealer: Sealer) -> None:
    """``delete_user`` in a transaction where another user's answers are waiting to be written: those are
    written, only the erased user's rows go (it used to drop every pending change of the session)."""
    async with db.transaction() as session:
        store = Store(session, sealer)
        await store.lock_user(1)
        await store.lock_user(2)
        kept = await store.create_draft(1, "Applicant A")
        await store.create_draft(2, "Applicant B")
    async with db.transaction() as session:
        store = Store(session, sealer)
        [kept] = await store.drafts_of(1)
        store.set_answers(kept, {"basic": {"surname_en": "SMITH"}})
        await store.delete_user(2)
    async with db.transaction() as session:
        store = Store(session, sealer)
        [draft] = await store.drafts_of(1)
        assert store.answers(draft) == {"basic": {"surname_en": "SMITH"}}
        assert await store.drafts_of(2) == []

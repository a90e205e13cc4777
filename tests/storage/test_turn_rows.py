"""The engine's hot path without the ORM: a turn's rows loaded by one Core SELECT, only what changed written
back (one UPDATE per changed row), ORM code in the same unit seeing the turn's changes, nothing written
back after an erasure (SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, select, text

from storage.crypto import Sealer
from storage.db import Database
from storage.models import Conversation, Draft, User
from storage.repositories import Store
from storage.turn_rows import LightRow
from storage.unit import unit_of_work


def statements_of(db: Database) -> list[str]:
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(" ".join(statement.split()))

    event.listen(db.engine.sync_engine, "before_cursor_execute", note)
    return seen


async def test_a_first_event_makes_the_user_and_conversation_as_light_rows(db: Database, sealer: Sealer) -> None:
    async with unit_of_work(db) as unit:
        user, conversation = await Store(unit, sealer).open_turn(7, "de")
        assert isinstance(user, LightRow) and isinstance(conversation, LightRow)
        assert (user.id, user.language_code, conversation.step, conversation.seq, conversation.history) == (
            7, "de", "menu", 0, [])
    async with db.transaction() as session:
        assert (await session.get(User, 7)) is not None
        assert (await session.get(Conversation, 7)) is not None


async def test_only_changed_columns_are_written_back_in_one_update_per_row(db: Database, sealer: Sealer) -> None:
    async with db.transaction() as session:
        store = Store(session, sealer)
        await store.lock_user(1)
        conversation = await store.conversation(1)
        draft = await store.create_draft(1, "Mine")
        store.set_answers(draft, {"basic": {"name": "A"}})
        conversation.draft_id = draft.id
    seen = statements_of(db)
    async with unit_of_work(db) as unit:
        store = Store(unit, sealer)
        _user, conversation = await store.open_turn(1)
        turn_draft = await store.draft(conversation.draft_id or "", 1)
        assert turn_draft is not None and store.answers(turn_draft) == {"basic": {"name": "A"}}
        conversation.seq += 1
        conversation.history.append("basic")  # changed in place: seen too
        store.set_answers(turn_draft, {"basic": {"name": "B"}})
    updates = [statement for statement in seen if statement.startswith("UPDATE")]
    assert len(updates) == 2, updates
    conversation_update = next(u for u in updates if u.startswith("UPDATE conversations"))
    assert "seq" in conversation_update and "history" in conversation_update
    assert "step" not in conversation_update and "flow" not in conversation_update
    assert not any(statement.startswith("UPDATE users") for statement in seen)
    async with db.transaction() as session:
        store = Store(session, sealer)
        stored = await session.get(Conversation, 1)
        assert stored is not None and (stored.seq, stored.history) == (1, ["basic"])
        assert store.answers((await store.drafts_of(1))[0]) == {"basic": {"name": "B"}}


async def test_orm_code_in_the_same_unit_sees_the_turns_changes(db: Database, sealer: Sealer) -> None:
    async with unit_of_work(db) as unit:
        await Store(unit, sealer).open_turn(2)
    async with unit_of_work(db) as unit:
        store = Store(unit, sealer)
        user, conversation = await store.open_turn(2)
        conversation.step = "review"
        user.locale = "zh_TW"
        read = (await store.session.execute(select(Conversation.step, User.locale).join(
            User, User.id == Conversation.user_id).where(Conversation.user_id == 2))).one()
        assert tuple(read) == ("review", "zh_TW")
        new = await store.create_draft(2, "Other")  # the ORM's own objects are committed too
        conversation.draft_id = new.id
    async with db.transaction() as session:
        stored = await session.get(Conversation, 2)
        assert stored is not None and stored.step == "review" and stored.draft_id == new.id
        assert (await session.get(Draft, new.id)) is not None


async def test_nothing_is_written_back_after_the_user_is_erased(db: Database, sealer: Sealer) -> None:
    async with unit_of_work(db) as unit:
        await Store(unit, sealer).open_turn(3)
    async with unit_of_work(db) as unit:
        store = Store(unit, sealer)
        _user, conversation = await store.open_turn(3)
        conversation.step = "review"
        await store.delete_user(3)
        conversation.seq = 5
    async with db.engine.connect() as connection:
        left = (await connection.execute(text("select count(*) from conversations where user_id = 3"))).scalar_one()
        users = (await connection.execute(text("select count(*) from users where id = 3"))).scalar_one()
    assert (left, users) == (0, 0)


async def test_an_error_rolls_the_whole_unit_back(db: Database, sealer: Sealer) -> None:
    async with unit_of_work(db) as unit:
        await Store(unit, sealer).open_turn(4)
    try:
        async with unit_of_work(db) as unit:
            store = Store(unit, sealer)
            _user, conversation = await store.open_turn(4)
            conversation.step = "review"
            assert await store.record_update("u:1", 4)
            await unit.write_rows()
            raise RuntimeError("the turn failed")
    except RuntimeError:
        pass
    async with db.transaction() as session:
        stored = await session.get(Conversation, 4)
        assert stored is not None and stored.step == "menu"
        assert await Store(session, sealer).processed("u:1") is None

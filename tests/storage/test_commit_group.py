"""Grouped commits (storage/commit_group.py), SQLite and PostgreSQL: the turns ready together share one
commit, each caller resumes only once its writes are committed, and a failing turn costs the others of its
group a retry alone, never their writes."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import event, text

from storage.commit_group import CommitGroup, GroupFailed
from storage.crypto import Sealer
from storage.db import Database
from storage.repositories import Store


def count_commits(db: Database) -> list[int]:
    commits = [0]

    def note(*_args: Any) -> None:
        commits[0] += 1

    event.listen(db.engine.sync_engine, "commit", note)
    return commits


async def stored_steps(db: Database) -> dict[int, str]:
    async with db.engine.connect() as connection:
        rows = await connection.execute(text("select user_id, step from conversations"))
        return {int(user_id): str(step) for user_id, step in rows}


async def test_turns_ready_together_share_one_commit_and_resume_after_it(db: Database, sealer: Sealer) -> None:
    group = CommitGroup(db)
    commits = count_commits(db)
    seen_after_return: dict[int, str | None] = {}

    async def turn(user_id: int) -> None:
        async with group.unit() as unit:
            store = Store(unit, sealer)
            _user, conversation = await store.open_turn(user_id)
            conversation.step = f"step-{user_id}"
            assert await store.record_update(f"u:{user_id}", user_id)
        # returned: committed, so another connection sees it
        seen_after_return[user_id] = (await stored_steps(db)).get(user_id)

    await asyncio.gather(*(turn(user_id) for user_id in range(1, 21)))
    assert seen_after_return == {user_id: f"step-{user_id}" for user_id in range(1, 21)}
    assert commits[0] < 20 / 2, f"{commits[0]} commits for 20 turns ready together"


async def test_a_failing_turn_rolls_back_alone_and_the_others_are_retried(db: Database, sealer: Sealer) -> None:
    group = CommitGroup(db)
    retried: list[int] = []

    async def turn(user_id: int) -> None:
        for attempt in range(2):
            try:
                async with group.unit() as unit:
                    store = Store(unit, sealer)
                    _user, conversation = await store.open_turn(user_id)
                    conversation.step = f"step-{user_id}"
                    if user_id == 5:
                        await unit.write_rows()
                        raise ValueError("this turn fails")
                return
            except GroupFailed:
                assert attempt == 0, "a retry runs alone: it cannot fail with its group again"
                retried.append(user_id)

    results = await asyncio.gather(*(turn(user_id) for user_id in range(1, 9)), return_exceptions=True)
    assert [type(result) for result in results] == [type(None)] * 4 + [ValueError] + [type(None)] * 3
    steps = await stored_steps(db)
    assert steps.get(5) in (None, "menu")  # nothing of the failed turn is kept
    assert all(steps[user_id] == f"step-{user_id}" for user_id in (1, 2, 3, 4, 6, 7, 8))
    assert set(retried) <= {1, 2, 3, 4} and retried, "the turns grouped before the failure ran again"


async def test_a_failed_commit_runs_every_turn_of_the_group_again(db: Database, sealer: Sealer) -> None:
    group = CommitGroup(db)
    commits = [0]

    def fail_first(*_args: Any) -> None:
        commits[0] += 1
        if commits[0] == 1:
            raise RuntimeError("the disk is full")

    event.listen(db.engine.sync_engine, "commit", fail_first)
    attempts: dict[int, int] = {}

    async def turn(user_id: int) -> None:
        while True:
            attempts[user_id] = attempts.get(user_id, 0) + 1
            try:
                async with group.unit() as unit:
                    _user, conversation = await Store(unit, sealer).open_turn(user_id)
                    conversation.step = f"step-{user_id}"
                return
            except GroupFailed:
                continue

    await asyncio.gather(*(turn(user_id) for user_id in range(1, 6)))
    assert await stored_steps(db) == {user_id: f"step-{user_id}" for user_id in range(1, 6)}
    assert all(count == 2 for count in attempts.values()), attempts

"""Reminder dedupe keys hold no date in clear: written as keyed digests, and migration 0010 rewrites the
keys of a database made before it (checking the key against the sealed anchor)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Connection

from storage.crypto import KeyProblem, Sealer, decode_key, generate_key
from storage.db import Database, alembic_config
from storage.reminder_keys import dedupe_key


def _upgrade_to(connection: Connection, revision: str) -> None:
    from alembic import command

    command.upgrade(alembic_config(connection), revision)


async def legacy_database(path: Path, sealer: Sealer) -> Database:
    db = Database(f"sqlite+aiosqlite:///{path}")
    async with db.engine.begin() as connection:
        await connection.run_sync(_upgrade_to, "0006")
        await connection.execute(text("INSERT INTO users (id, created_at, updated_at) VALUES (5, '2026-01-01', "
                                      "'2026-01-01')"))
        params = sealer.seal(json.dumps({"anchor": "2033-09-17"}).encode(), "reminders:r1:5:params")
        await connection.execute(text(
            "INSERT INTO reminders (id, user_id, kind, dedupe_key, due_at, params_sealed, status, created_at) "
            "VALUES ('r1', 5, 'passport_validity', :key, '2033-03-17', :p, 'pending', '2026-01-01')"),
            {"key": "passport_validity:-:2033-09-17:m-6", "p": params})
    return db


async def test_migration_rewrites_clear_dates_as_digests(tmp_path: Path) -> None:
    sealer = Sealer([decode_key(generate_key())])
    db = await legacy_database(tmp_path / "legacy.db", sealer)
    try:
        await db.migrate(sealer)
        async with db.engine.connect() as connection:
            key = (await connection.execute(text("SELECT dedupe_key FROM reminders"))).scalar_one()
        assert "2033" not in key
        assert key == dedupe_key(sealer, 5, "passport_validity", None, "2033-09-17", "m-6")
    finally:
        await db.dispose()


async def test_migration_with_the_wrong_key_stops(tmp_path: Path) -> None:
    db = await legacy_database(tmp_path / "legacy.db", Sealer([decode_key(generate_key())]))
    try:
        with pytest.raises(KeyProblem, match="does not open the stored reminders"):
            await db.migrate(Sealer([decode_key(generate_key())]))
    finally:
        await db.dispose()

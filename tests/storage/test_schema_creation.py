"""A brand-new database gets its schema from the models in one go, stamped with the head revision
(storage/db.py ``create_schema``): that schema is the one the whole migration chain produces, table by table,
column by column, with the same keys, indexes and constraints, on SQLite and PostgreSQL; a first start does
not import Alembic; and a database created so is upgraded by later migrations as any other."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from storage.db import Database, create_schema, script_heads, upgrade_with_alembic
from tests.conftest import fresh_postgres_database

ROOT = Path(__file__).resolve().parents[2]


def schema(connection: Connection) -> dict[str, Any]:
    """Everything the database says about its tables, in a form two databases can be compared by."""
    inspector = inspect(connection)
    tables: dict[str, Any] = {}
    for table in sorted(inspector.get_table_names()):
        tables[table] = {
            # by name: a column a migration adds comes last, where the model may declare it elsewhere (no
            # statement depends on the order: every one names its columns)
            "columns": {c["name"]: (str(c["type"]), c["nullable"], _default(c.get("default")), c.get("autoincrement"),
                                    c.get("comment")) for c in inspector.get_columns(table)},
            "primary key": inspector.get_pk_constraint(table),
            "foreign keys": sorted((sorted(fk.items()) for fk in inspector.get_foreign_keys(table)), key=repr),
            "indexes": sorted((sorted(ix.items()) for ix in inspector.get_indexes(table)), key=repr),
            "unique": sorted((sorted(uq.items()) for uq in inspector.get_unique_constraints(table)), key=repr),
            "checks": sorted((sorted(ck.items()) for ck in inspector.get_check_constraints(table)), key=repr),
        }
    return tables


def _default(value: Any) -> Any:
    return None if value is None else " ".join(str(value).split())


async def _schema_of(url: str, build: Any) -> tuple[dict[str, Any], set[str] | None]:
    db = Database(url)
    try:
        async with db.engine.begin() as connection:
            await connection.run_sync(build)
        async with db.engine.connect() as connection:
            return await connection.run_sync(schema), await db.revisions()
    finally:
        await db.dispose()


async def _second_database(url: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Another empty database of the same kind as ``url``."""
    if url.startswith("sqlite"):
        return f"sqlite+aiosqlite:///{tmp_path / 'created.db'}"
    return await fresh_postgres_database(request.getfixturevalue("postgres"))


async def test_the_created_schema_is_the_migrated_one(database_url: str, request: pytest.FixtureRequest,
                                                      tmp_path: Path) -> None:
    (head,) = script_heads() or {None}
    assert head is not None
    migrated, migrated_revisions = await _schema_of(database_url, upgrade_with_alembic)
    created_url = await _second_database(database_url, request, tmp_path)
    created, created_revisions = await _schema_of(created_url, lambda connection: create_schema(connection, head))
    assert migrated_revisions == created_revisions == {head}
    assert "drafts" in created and "alembic_version" in created
    assert sorted(created) == sorted(migrated)
    for table in created:
        assert created[table] == migrated[table], table


async def test_an_empty_database_is_created_not_migrated(database_url: str) -> None:
    db = Database(database_url)
    try:
        await db.migrate()
        assert await db.revisions() == script_heads()
        async with db.engine.connect() as connection:  # the tables are there and usable
            assert (await connection.execute(text("SELECT count(*) FROM users"))).scalar_one() == 0
        await db.migrate()  # a second start finds nothing to do
        assert await db.revisions() == script_heads()
    finally:
        await db.dispose()


def test_a_first_start_does_not_import_alembic(tmp_path: Path) -> None:
    code = f"""
import asyncio, sys
from storage.db import Database
async def main():
    db = Database("sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    await db.migrate()
    print(sorted(await db.revisions()))
    await db.dispose()
asyncio.run(main())
print(any(n.split(".")[0] == "alembic" for n in sys.modules))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    revisions, imported = out.stdout.strip().splitlines()[-2:]
    assert revisions == repr(sorted(script_heads() or ()))
    assert imported == "False"


def test_a_database_with_tables_but_no_revision_goes_to_alembic(tmp_path: Path) -> None:
    """Only an empty database is created from the models: one with tables of its own is Alembic's to judge."""
    code = f"""
import asyncio, sys
from sqlalchemy import text
from storage.db import Database
async def main():
    db = Database("sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    async with db.engine.begin() as connection:
        await connection.execute(text("CREATE TABLE users (id INTEGER PRIMARY KEY)"))
    try:
        await db.migrate()
    except Exception as error:
        print(type(error).__name__)
    await db.dispose()
asyncio.run(main())
print(any(n.split(".")[0] == "alembic" for n in sys.modules))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip().splitlines()[-1] == "True"

"""Shared fixtures: a fixed date, settings on a temporary data directory, SQLite and a throwaway PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import date
from pathlib import Path

import asyncpg
import pytest

from bot import heap, log_redaction
from bot.app import App, build_app
from bot.config import Settings
from storage.crypto import Sealer, decode_key, generate_key
from storage.db import Database
from tests.pg import PostgresServer, find_bindir

TODAY = date(2026, 11, 21)
heap.enabled = False  # doors start hundreds of times in this process: never freeze a test's objects (bot/heap.py)
SHARED = Path(__file__).resolve().parents[2] / "shared"  # ../shared beside the repository: the sources of truth


def shared(*parts: str) -> Path:
    """A path in ../shared (platform.md, seeds/, research/). Missing, the test fails, never skips: CI always
    has shared/, so a test that needs it must not pass unnoticed without it."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.fail(f"{path} is missing: check out shared/ beside the repository (../shared)")
    return path


@pytest.fixture(autouse=True)
def _umask_restored() -> Iterator[None]:
    """``goldcard-bot``'s ``main`` narrows the process umask (0077) for good; called in-process by a test it
    must not leak into the next test (the files a later subprocess makes, e.g. an install run as another user)."""
    before = os.umask(0o022)
    os.umask(before)
    yield
    os.umask(before)


@pytest.fixture(autouse=True)
def _log_redaction_removed() -> Iterator[None]:
    """``main`` also redacts every log record of the process for good (bot/log_redaction.py); called in-process
    by a test, it must not change what the next test's logs say."""
    yield
    log_redaction.uninstall()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    bindir = find_bindir()
    if bindir is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL server binaries (initdb, pg_ctl) not found: CI must run the PostgreSQL tests")
        pytest.skip("PostgreSQL server binaries not installed")
    server = PostgresServer.start(bindir)
    yield server
    server.stop()


async def fresh_postgres_database(server: PostgresServer) -> str:
    name = f"t_{uuid.uuid4().hex[:12]}"
    connection = await asyncpg.connect(host="127.0.0.1", port=server.port, user="postgres", database="postgres")
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return server.url(name)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each storage test runs on the embedded SQLite default and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"
    return await fresh_postgres_database(request.getfixturevalue("postgres"))


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    """A migrated database, on SQLite and on PostgreSQL (``database_url``)."""
    database = Database(database_url)
    await database.migrate()
    yield database
    await database.dispose()


@pytest.fixture
def sealer() -> Sealer:
    return Sealer([decode_key(generate_key())])


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", encryption_keys=generate_key(),
                    telegram_bot_token=None)


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[App]:
    application = build_app(settings, today=lambda: TODAY)
    await application.start()
    yield application
    await application.close()

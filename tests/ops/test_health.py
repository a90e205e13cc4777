"""``/readyz`` follows the database (a PostgreSQL server of its own, stopped and started again) and Telegram;
``/healthz`` only says the process is up."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import aiohttp
import pytest

from bot.ops import health
from bot.ops.health import Readiness, health_listener
from storage.db import Database
from tests.pg import PostgresServer, required_bindir


@pytest.fixture
def own_postgres() -> Iterator[PostgresServer]:
    """A server this test may stop (the session's server is shared)."""
    server = PostgresServer.start(required_bindir())
    yield server
    server.stop()


@pytest.fixture
async def database(own_postgres: PostgresServer) -> AsyncIterator[Database]:
    db = Database(own_postgres.url("postgres"))
    await db.migrate()
    yield db
    await db.dispose()


async def get(port: int, path: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.get(f"http://127.0.0.1:{port}{path}") as response:
        return response.status, await response.text()


@pytest.mark.postgres
async def test_readyz_goes_unready_when_the_database_stops_and_ready_when_it_returns(
        database: Database, own_postgres: PostgresServer) -> None:
    health.TELEGRAM.mode = "polling"
    health.polled()
    async with health_listener("127.0.0.1:0", Readiness(database)) as port:
        assert port is not None
        status, body = await get(port, "/readyz")
        assert status == 200, body
        assert '"database": "ok"' in body and '"inbox_depth": 0' in body

        own_postgres.pause()
        status, body = await get(port, "/readyz")
        assert status == 503 and '"database": "unreachable' in body
        assert (await get(port, "/healthz"))[0] == 200  # the process is still up
        metrics_body = (await get(port, "/metrics"))[1]
        assert "goldcard_ready 0.0" in metrics_body

        own_postgres.resume()
        status, body = await get(port, "/readyz")
        if status != 200:  # the pool may hand out one connection that died with the server first
            status, body = await get(port, "/readyz")
        assert status == 200, body


async def test_readyz_wants_a_recent_getupdates_when_polling(tmp_path: object) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/h.db")
    await db.migrate()
    now = [1000.0]
    try:
        health.TELEGRAM.mode = "polling"
        health.TELEGRAM.last_heard = 1000.0
        readiness = Readiness(db, stale_after=90, clock=lambda: now[0])
        assert (await readiness.check())[0]
        now[0] = 1100.0
        ready, report = await readiness.check()
        assert not ready and report["telegram"] == "no successful getUpdates lately"
        health.TELEGRAM.mode = "webhook"  # a quiet webhook is no fault
        assert (await readiness.check())[0]
    finally:
        health.TELEGRAM.mode = "polling"
        await db.dispose()

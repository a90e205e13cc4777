"""The database unreachable for a while, then back: users are told to try again, nothing is half
written, and the bot goes on without a restart (real PostgreSQL stopped and started, real PTB door)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from typing import Any

import pytest

from bot.config import Settings
from bot.i18n import render
from bot.telegram.ptb_door import running_ptb
from bot.telegram.render import SOMETHING_WENT_WRONG
from storage.repositories import Store
from tests.conftest import fresh_postgres_database
from tests.pg import PostgresServer, _as_unprivileged, find_bindir
from tests.telegram.bots import RunningBot
from tests.telegram.door_scenarios import Chat
from tests.telegram.fake_bot_api import FakeBotAPI

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture
def running() -> Any:
    return running_ptb


@pytest.fixture
def own_postgres() -> Iterator[PostgresServer]:
    """A server of this test's own, since the test stops it."""
    bindir = find_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries not installed")
    server = PostgresServer.start(bindir)
    yield server
    server.stop()


def pg_ctl(server: PostgresServer, *args: str) -> None:
    options = f"-p {server.port} -k {server.root} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(_as_unprivileged([str(server.bindir / "pg_ctl"), "-D", str(server.root / "data"), "-o", options,
                                     "-l", str(server.root / "server.log"), "-w", *args]),
                   check=True, capture_output=True, cwd=server.root)


async def test_outage_is_survived_without_restart(own_postgres: PostgresServer, fake_api: FakeBotAPI,
                                                  settings: Settings) -> None:
    url = await fresh_postgres_database(own_postgres)
    configured = settings.model_copy(update={"database_url": url})
    running_bot = await RunningBot(configured, running_ptb).start()
    try:
        chat = Chat(fake_api)
        await chat.send("/start lang_en")
        await chat.send("/start opening")
        await chat.press("I agree")

        pg_ctl(own_postgres, "-m", "fast", "stop")  # the database goes away
        for attempt in ("No", "No"):
            fake_api.push_text(chat.user_id, attempt)
            reply = (await chat.messages(1))[-1].plain
            assert reply == render(SOMETHING_WENT_WRONG, "en")  # told to try again, in their language

        pg_ctl(own_postgres, "start")  # back, and the same process carries on
        fake_api.push_text(chat.user_id, "No")
        reply = (await chat.messages(1))[-1].plain
        assert "Which nationality or identity" in reply
        assert running_bot.app is not None
        async with running_bot.app.db.transaction() as session:
            store = Store(session, running_bot.app.engine.sealer)
            answers = store.answers((await store.drafts_of(chat.user_id))[0])
        assert answers["opening"] == {"agree": True, "held_gold_card": False}  # once, nothing half-written
    finally:
        await running_bot.stop()

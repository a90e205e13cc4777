"""Two webhook workers on one PostgreSQL database, one user's updates arriving 5 ms apart at alternating
workers (not one after the other, as in test_workers.py), each delivered three times: every answer lands
in its own question, in order, and each gets exactly one reply. Each round takes 50 new users; one round
by default (about a minute on a loaded machine), ``ORDER_ROUNDS=10`` for the issue's ten."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from storage.crypto import Sealer, decode_key, generate_key
from storage.db import Database
from storage.repositories import Store
from tests.conftest import fresh_postgres_database
from tests.pg import PostgresServer
from tests.telegram.bots import TOKEN
from tests.telegram.fake_bot_api import FakeBotAPI
from tests.telegram.test_workers import SECRET, free_port, surname, wait_healthy

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

USERS = 50
FIRST_USER = 8_000_000
GAP = 0.005  # seconds between one user's answers


def answers(index: int) -> list[str]:
    """Five typed answers to five questions in a row (Basic data 1-5)."""
    return [surname(index), "Alpha", "王大明", "1990-07-30", "Male"]


@pytest.mark.parametrize("rounds", [int(os.environ.get("ORDER_ROUNDS", "1"))])  # the 10: ORDER_ROUNDS=10
async def test_answers_sent_ms_apart_to_two_workers_stay_in_order(postgres: PostgresServer, tmp_path: Path,
                                                                  rounds: int) -> None:
    url = await fresh_postgres_database(postgres)
    key = generate_key()
    api = FakeBotAPI(TOKEN, for_polling=False)
    await api.start()
    ports = [free_port(), free_port()]
    env = {k: v for k, v in os.environ.items() if k not in ("TELEGRAM_BOT_TOKEN",)}
    env.update(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_URL=api.url, DATABASE_URL=url, ENCRYPTION_KEYS=key,
               WEBHOOK_SECRET=SECRET, DATA_DIR=str(tmp_path / "data"), LOG_LEVEL="WARNING")
    workers = [await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", "--webhook", f"http://127.0.0.1:{port}/hook", "--listen",
        f"127.0.0.1:{port}", env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for port in ports]
    users = [FIRST_USER + number for number in range(USERS * rounds)]
    replies: dict[int, int] = {}
    try:
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=200)) as http:
            for port, process in zip(ports, workers, strict=True):
                await wait_healthy(http, port, process)

            async def post(port: int, update: dict[str, Any]) -> None:
                async with http.post(f"http://127.0.0.1:{port}/hook", json=update,
                                     headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}) as response:
                    assert response.status == 200

            async def user(index: int) -> None:
                user_id = users[index]
                for step, text in enumerate(("/start lang_en", "/start basic_data")):  # one after the other
                    await post(ports[step % 2], api.update(api.push_text(user_id, text)))
                await post(ports[0], api.update(api.press(user_id, "✅ I agree")))
                before = len(api.sent(user_id))
                deliveries = []
                for step, text in enumerate(answers(index)):  # 5 ms apart, alternating, each three times
                    update = api.update(api.push_text(user_id, text))
                    deliveries += [asyncio.create_task(post(ports[(step + copy) % 2], update)) for copy in range(3)]
                    await asyncio.sleep(GAP)
                await asyncio.gather(*deliveries)  # stored: applied by whichever worker holds the user's turn
                await api.wait_until(lambda: len(api.sent(user_id)) - before >= len(answers(index)), within=120)
                await asyncio.sleep(0.5)  # a second reply would come now
                replies[user_id] = len(api.sent(user_id)) - before

            for round_number in range(rounds):
                await asyncio.gather(*(user(round_number * USERS + index) for index in range(USERS)))
    finally:
        for process in workers:
            process.terminate()
        for process in workers:
            try:
                await asyncio.wait_for(process.wait(), 30)
            except TimeoutError:
                process.kill()
        await api.stop()

    extra = {user_id: [m.plain[:80] for m in api.sent(user_id)[3:]] for user_id, count in replies.items() if count != 5}
    assert not extra, ("one reply for each answer, however often it was delivered", list(extra.items())[:3])
    database = Database(url)
    try:
        async with database.transaction() as session:
            store = Store(session, Sealer([decode_key(key)]))
            for index, user_id in enumerate(users):
                basic = store.answers((await store.drafts_of(user_id))[0])["basic_data"]
                stored = [basic.get(field) for field in ("english_surname", "english_given_name", "chinese_name",
                                                         "date_of_birth", "gender")]
                assert stored[:4] == [surname(index), "ALPHA", "王大明", "1990-07-30"], (index, basic)
                assert stored[4] is not None, (index, basic)
    finally:
        await database.dispose()

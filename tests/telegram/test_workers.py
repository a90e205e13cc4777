"""Two worker processes on one PostgreSQL database behind a webhook: 200 users × 30 answers, each user's
updates sent one after the other (as Telegram does for a chat) but to alternating workers, all users at
once. Every draft ends complete and in order; nothing is lost or applied twice."""

from __future__ import annotations

import asyncio
import os
import socket
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

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

SECRET = "workers-secret-0123456789abcdef"
USERS = 200
FIRST_USER = 7_000_000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def surname(index: int) -> str:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return "USER " + letters[index // 26 % 26] + letters[index % 26]


def script(index: int) -> list[tuple[str, str]]:
    """30 answers: ("text", typed) or ("press", button label of the latest keyboard)."""
    return [
        ("text", "/start lang_en"), ("text", "/start opening"),
        ("text", "I agree"), ("text", "No"), ("text", "Foreign national (not a US national)"),
        ("text", "No, I apply from abroad"), ("text", "No"),
        ("press", "✅ All correct, confirm"), ("press", "☑ I have read it and agree"), ("press", "Today"),
        ("press", "✅ I agree"),
        ("text", surname(index)), ("text", "Alpha"), ("press", "Skip"), ("text", "1990-07-30"), ("text", "Male"),
        ("text", "Germany"), ("text", "Engineer"), ("text", "Master's degree"), ("text", "Single"),
        ("text", f"user{index}@example.de"), ("text", "Germany"), ("text", "Berliner Str. 1, Berlin"),
        ("text", "+49 30 1234567"), ("press", "Skip"), ("text", "Berlin"),
        ("text", "Ordinary"), ("text", f"C0{index:04d}T47"), ("text", "2022-03-01"), ("text", "2032-02-28"),
        ("text", "Berlin"), ("press", "Skip"),
    ]


async def wait_healthy(http: aiohttp.ClientSession, port: int, process: asyncio.subprocess.Process) -> None:
    for _ in range(600):
        if process.returncode is not None:
            raise AssertionError(f"worker exited with {process.returncode}")
        try:
            async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                if response.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.1)
    raise AssertionError("worker did not start")


async def test_two_workers_keep_every_users_answers_in_order(postgres: PostgresServer, tmp_path: Path) -> None:
    url = await fresh_postgres_database(postgres)
    key = generate_key()
    api = FakeBotAPI(TOKEN)
    await api.start()
    ports = [free_port(), free_port()]
    env = {k: v for k, v in os.environ.items() if k not in ("TELEGRAM_BOT_TOKEN",)}
    env.update(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_URL=api.url, DATABASE_URL=url, ENCRYPTION_KEYS=key,
               WEBHOOK_SECRET=SECRET, LOG_LEVEL="WARNING")
    workers = [await asyncio.create_subprocess_exec(  # each its own DATA_DIR: nothing shared but the database
        sys.executable, "-m", "bot", "run", "--webhook", f"http://127.0.0.1:{port}/hook", "--listen",
        f"127.0.0.1:{port}", env={**env, "DATA_DIR": str(tmp_path / f"data-{port}")}, cwd=tmp_path,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for port in ports]
    try:
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=100)) as http:
            for port, process in zip(ports, workers, strict=True):
                await wait_healthy(http, port, process)

            async def post(port: int, update: dict[str, Any]) -> None:
                async with http.post(f"http://127.0.0.1:{port}/hook", json=update,
                                     headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}) as response:
                    assert response.status == 200

            async def user(index: int) -> None:
                user_id = FIRST_USER + index
                for step, (kind, value) in enumerate(script(index)):
                    if kind == "text":
                        update_id = api.push_text(user_id, value)
                    else:
                        message = api.last_keyboard(user_id)
                        labels = [text for text, _ in message.buttons]
                        assert value in labels, (index, step, value, labels)
                        update_id = api.press(user_id, value, "en", message)
                    await post(ports[(index + step) % 2], api.update(update_id))

            await asyncio.gather(*(user(index) for index in range(USERS)))
    finally:
        for process in workers:
            process.terminate()
        for process in workers:
            try:
                await asyncio.wait_for(process.wait(), 30)
            except TimeoutError:
                process.kill()
        await api.stop()

    database = Database(url)
    try:
        async with database.transaction() as session:
            store = Store(session, Sealer([decode_key(key)]))
            for index in range(USERS):
                drafts = await store.drafts_of(FIRST_USER + index)
                assert len(drafts) == 1
                sections = store.answers(drafts[0])
                assert sections["opening"]["_confirmed"]
                basic, passport = sections["basic_data"], sections["passport_data"]
                assert basic["english_surname"] == surname(index) and basic["english_given_name"] == "ALPHA"
                assert basic["email"] == f"user{index}@example.de" and basic["birth_city_state"] == "Berlin"
                assert len(basic) == 15 and len(passport) == 6
                assert passport["passport_number"] == f"C0{index:04d}T47"
                assert passport["previous_passport_number"] is None
                conversation = await store.conversation(FIRST_USER + index)
                assert (conversation.flow, conversation.question) == ("visa_application", "application_place")
    finally:
        await database.dispose()

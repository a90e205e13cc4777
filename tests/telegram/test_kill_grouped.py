"""SIGKILL in the middle of grouped commits (storage/commit_group.py), SQLite and PostgreSQL: many users'
answers arrive in one polling batch, so their turns share transactions; the real ``goldcard-bot run`` is
killed while it works through them. At the kill, every reply a user has received shows a state that is
committed (the buttons' token is never ahead of the stored conversation); after a restart every update is
applied exactly once, in each user's order (every user's answers and delivery log are the script's)."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from bot.config import Settings
from bot.engine.state import ButtonData
from storage.crypto import Sealer, decode_key
from storage.db import Database
from storage.repositories import Store
from tests.telegram.bots import TOKEN
from tests.telegram.fake_bot_api import FakeBotAPI
from tests.telegram.test_kill_restart import all_confirmed, bot_command

pytestmark = pytest.mark.slow

USERS = range(5001, 5041)
SCRIPT = ["/start lang_en", "/start opening", "I agree", "No", "US national", "No, I apply from abroad", "No"]


async def start_bot(api: FakeBotAPI, workdir: Path, url: str, number: int) -> asyncio.subprocess.Process:
    own = {name.upper() for name in Settings.model_fields}
    env = {key: value for key, value in os.environ.items() if key.upper() not in own}
    env.update(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_URL=api.url, DATA_DIR=str(workdir / "data"),
               DATABASE_URL=url, LOG_LEVEL="INFO", POLL_TIMEOUT="5", SEND_RATE="100000", CHAT_SEND_RATE="100000",
               CHAT_SEND_BURST="1000")
    with (workdir / f"bot-{number}.log").open("wb") as log:
        return await asyncio.create_subprocess_exec(*bot_command(), cwd=workdir, env=env, stdout=log,
                                                    stdin=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.STDOUT)


def highest_token(api: FakeBotAPI, user_id: int) -> int:
    """The newest prompt counter among the buttons the user has received (``<token>|<action>``)."""
    parsed = (ButtonData.parse(data) for message in api.sent(user_id) for _label, data in message.buttons)
    tokens = [int(button.token, 36) for button in parsed if button is not None]
    return max(tokens, default=0)


async def stored(url: str, key: str) -> tuple[dict[int, int], dict[int, int], dict[int, dict[str, Any]], int]:
    """Each user's conversation counter, delivery-log rows and draft answers, and the inbox's size."""
    database = Database(url)
    try:
        async with database.transaction() as session:
            seqs = {int(u): int(s) for u, s in await session.execute(text("select user_id, seq from conversations"))}
            delivered = {int(u): int(n) for u, n in await session.execute(
                text("select user_id, count(*) from processed_updates group by user_id"))}
            inbox = int((await session.execute(text("select count(*) from inbox"))).scalar_one())
            store = Store(session, Sealer([decode_key(key)]))
            answers = {}
            for user_id in USERS:
                drafts = await store.drafts_of(user_id)
                answers[user_id] = store.answers(drafts[0]) if drafts else {}
        return seqs, delivered, answers, inbox
    finally:
        await database.dispose()


async def test_sigkill_in_a_grouped_batch_loses_no_confirmed_update_and_applies_none_twice(
        fake_api: FakeBotAPI, database_url: str, tmp_path: Path) -> None:
    url = database_url if "postgresql" in database_url else f"sqlite:///{tmp_path / 'data' / 'goldcard.db'}"
    bot = await start_bot(fake_api, tmp_path, url, 1)
    try:
        for text_ in SCRIPT:  # interleaved: every user's first message, then every second one, …
            for user_id in USERS:
                fake_api.push_text(user_id, text_)
        total = len(USERS) * len(SCRIPT)
        # kill once about a third of the answers were replied to: the bot is in the middle of its batches
        await fake_api.wait_until(lambda: sum(len(fake_api.sent(u)) for u in USERS) >= total // 3, within=60,
                                  what="a third of the replies")
        bot.send_signal(signal.SIGKILL)
        await bot.wait()
        key = (tmp_path / "data" / "secret.key").read_text().strip()
        seqs, _delivered, _answers, _inbox = await stored(url, key)
        ahead = {u: (highest_token(fake_api, u), seqs.get(u, 0)) for u in USERS
                 if highest_token(fake_api, u) > seqs.get(u, 0)}
        assert not ahead, f"replies sent before their state was committed (seen, stored): {ahead}"
        replied_before = sum(len(fake_api.sent(u)) for u in USERS)
        assert 0 < replied_before < total, "the kill came in the middle of the batches"

        bot = await start_bot(fake_api, tmp_path, url, 2)
        await all_confirmed(fake_api)
        for _ in range(600):
            seqs, delivered, answers, inbox = await stored(url, key)
            if inbox == 0 and all(delivered.get(u) == len(SCRIPT) for u in USERS):
                break
            await asyncio.sleep(0.1)
        assert inbox == 0, "updates left unhandled"
        assert {u: delivered.get(u) for u in USERS} == dict.fromkeys(USERS, len(SCRIPT)), "an update lost or doubled"
        reference = answers[USERS[0]]
        assert len(reference.get("opening", {})) >= 5, reference  # all five answers of the script stored
        wrong = [u for u in USERS if answers[u] != reference]
        assert not wrong, f"answers applied out of order or twice for {wrong}: {answers[wrong[0]]} vs {reference}"
    finally:
        if bot.returncode is None:
            bot.send_signal(signal.SIGKILL)
            await bot.wait()

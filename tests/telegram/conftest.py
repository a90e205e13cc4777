"""Fixtures for the Telegram door tests: the fake Bot API server, settings on a fresh SQLite database,
and bots (App + door) started and stopped inside the test, as often as a test needs (restarts)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from bot.engine.events import Event
from tests.telegram.bots import TOKEN, RunningBot, StartBot
from tests.telegram.fake_bot_api import FakeBotAPI


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeBotAPI]:
    server = FakeBotAPI(TOKEN)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
def settings(tmp_path: Path, fake_api: FakeBotAPI) -> Settings:
    """A fresh SQLite database (and key file) in tmp_path; no .env, no DATABASE_URL from outside."""
    return Settings(data_dir=tmp_path, database_url=None, encryption_keys=None,
                    telegram_bot_token=TOKEN, telegram_api_url=fake_api.url, poll_timeout=5,
                    send_rate=10_000, chat_send_rate=10_000, chat_send_burst=100)  # tests do not wait


@pytest.fixture
async def start_bot(settings: Settings, running: Callable[..., Any]) -> AsyncIterator[StartBot]:
    """``await start_bot()`` starts a bot with the test module's door (fixture ``running``); every
    bot still running is stopped at the end of the test."""
    bots: list[RunningBot] = []

    async def start(before: Callable[[Event], Awaitable[None]] | None = None) -> RunningBot:
        bot = RunningBot(settings, running, before)
        bots.append(bot)
        return await bot.start()

    try:
        yield start
    finally:
        for bot in reversed(bots):
            await bot.stop()


@pytest.fixture(autouse=True)
def quiet_http_logs() -> None:
    """As configure_logging does in production: request URLs carry the bot token."""
    for name in ("httpx", "httpcore", "aiogram.event", "telegram.ext.Updater"):
        logging.getLogger(name).setLevel(logging.WARNING)

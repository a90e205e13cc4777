"""The desk's own listener (``WEBAPP_LISTEN``), run beside any door (polling or webhook) while the bot runs;
a reverse proxy serves it at the public HTTPS ``WEBAPP_URL``."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.config import Settings
from bot.engine.engine import Engine

_log = logging.getLogger(__name__)


@asynccontextmanager
async def desk_listener(settings: Settings, engine: Engine) -> AsyncIterator[None]:
    """Serve the desk on ``settings.webapp_listen`` while the block runs (nothing when it is not set)."""
    if not settings.webapp_listen or settings.telegram_bot_token is None:
        yield
        return
    from aiohttp import web  # here: aiohttp's server (~2 MB, ~15 ms) loads only when the desk is served

    from bot.webapp.api import desk_app

    host, _, port = settings.webapp_listen.rpartition(":")
    if not host or not port.isdigit():
        raise ValueError("WEBAPP_LISTEN takes HOST:PORT, for example 127.0.0.1:8081")
    runner = web.AppRunner(desk_app(engine, settings.telegram_bot_token.get_secret_value()), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host.strip("[]"), int(port)).start()
    _log.info("copy desk listening on %s:%s", host, port)
    try:
        yield
    finally:
        await runner.cleanup()

"""The baseline of every benchmark: a bare python-telegram-bot echo bot, given what the bot gets.

A minimal PTB Application with one handler that echoes each text message with ``send_message``: no
database, no validation, no rendering. :func:`build_echo` is the *fair* echo (issue 22): the project's
aiohttp transport (``bot/telegram/aiohttp_request.py``, 256 connections, as the real door; a pool of one
for ``getUpdates``) and ``concurrent_updates`` as high as helps (``CONCURRENCY``, 256 by default: 512 and
1024 measured no faster on 2 cores) and the bot's garbage-collector tuning (``bot/heap.py``).
``build_echo(..., transport="httpx")`` is the old baseline (PTB's default httpx transport, 256 concurrent
updates), kept as an extra row named "httpx echo".

In-process with :func:`running_echo`, or as a process of its own (for memory and start-up)::

    .venv/bin/python bench/echo_bot.py --api http://127.0.0.1:PORT [--token 123:ABC] [--transport httpx]
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]  # as goldcard-bot: bot/cli.py without_httpx_cli

# after the line above, as in the bot's process (httpx's command-line client stays out)
from telegram import Update  # noqa: E402
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters  # noqa: E402

from bot import heap  # noqa: E402
from bot.telegram.aiohttp_request import AiohttpRequest  # noqa: E402

TOKEN = "123:ABC"
CONCURRENCY = 256  # updates handled at once (PTB's True means 256)
CONNECTIONS = 256  # the project's transport, as the real door builds it
TRANSPORTS = ("aiohttp", "httpx")


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.message
    if message is not None and message.text is not None:
        await context.bot.send_message(message.chat_id, message.text)


def build_echo(api_url: str, token: str = TOKEN, *, transport: str = "aiohttp",
               concurrency: int = CONCURRENCY) -> Application:
    """The fair echo (the project's aiohttp transport), or with ``transport="httpx"`` PTB's default one."""
    if transport not in TRANSPORTS:
        raise ValueError(f"transport must be one of {TRANSPORTS}, not {transport!r}")
    api = api_url.rstrip("/")
    builder = (ApplicationBuilder().token(token).base_url(f"{api}/bot").base_file_url(f"{api}/file/bot")
               .concurrent_updates(concurrency))
    if transport == "aiohttp":
        builder = (builder.request(AiohttpRequest(connection_pool_size=CONNECTIONS))
                   .get_updates_request(AiohttpRequest(connection_pool_size=1)))
    application = builder.build()
    application.add_handler(MessageHandler(filters.TEXT, echo))
    return application


@asynccontextmanager
async def running_echo(api_url: str, token: str = TOKEN, poll_timeout: int = 10, *, transport: str = "aiohttp",
                       concurrency: int = CONCURRENCY) -> AsyncIterator[Application]:
    """The echo bot polling while the block runs (started and stopped as the real door does)."""
    application = build_echo(api_url, token, transport=transport, concurrency=concurrency)
    assert application.updater is not None
    async with application:
        heap.settle()  # the bot's collector tuning (bot/heap.py), for the echo too: the same process settings
        await application.updater.start_polling(timeout=poll_timeout, allowed_updates=["message", "callback_query"])
        await application.start()
        try:
            yield application
        finally:
            with suppress(RuntimeError):
                await application.updater.stop()
            with suppress(RuntimeError):
                await application.stop()


async def run(api_url: str, token: str, transport: str) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with running_echo(api_url, token, poll_timeout=30, transport=transport):
        await stop.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--api", required=True, help="Bot API base URL (the fake server)")
    parser.add_argument("--token", default=TOKEN)
    parser.add_argument("--transport", choices=TRANSPORTS, default="aiohttp",
                        help="aiohttp: the fair echo (default); httpx: PTB's default transport, the old baseline")
    args = parser.parse_args()
    asyncio.run(run(args.api, args.token, args.transport))
    return 0


if __name__ == "__main__":
    sys.exit(main())

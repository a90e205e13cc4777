"""The baseline of every benchmark: a bare python-telegram-bot echo bot.

A minimal PTB Application with ``concurrent_updates(True)`` (as the real door) and one handler that
echoes each text message with ``send_message``: no database, no validation, no rendering. In-process
with :func:`running_echo`, or as a process of its own (for memory and start-up)::

    .venv/bin/python bench/echo_bot.py --api http://127.0.0.1:PORT [--token 123:ABC]
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

TOKEN = "123:ABC"


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.message
    if message is not None and message.text is not None:
        await context.bot.send_message(message.chat_id, message.text)


def build_echo(api_url: str, token: str = TOKEN) -> Application:
    api = api_url.rstrip("/")
    application = (ApplicationBuilder().token(token).base_url(f"{api}/bot").base_file_url(f"{api}/file/bot")
                   .concurrent_updates(True).build())
    application.add_handler(MessageHandler(filters.TEXT, echo))
    return application


@asynccontextmanager
async def running_echo(api_url: str, token: str = TOKEN, poll_timeout: int = 10) -> AsyncIterator[Application]:
    """The echo bot polling while the block runs (started and stopped as the real door does)."""
    application = build_echo(api_url, token)
    assert application.updater is not None
    async with application:
        await application.updater.start_polling(timeout=poll_timeout, allowed_updates=["message", "callback_query"])
        await application.start()
        try:
            yield application
        finally:
            with suppress(RuntimeError):
                await application.updater.stop()
            with suppress(RuntimeError):
                await application.stop()


async def run(api_url: str, token: str) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with running_echo(api_url, token, poll_timeout=30):
        await stop.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--api", required=True, help="Bot API base URL (the fake server)")
    parser.add_argument("--token", default=TOKEN)
    args = parser.parse_args()
    asyncio.run(run(args.api, args.token))
    return 0


if __name__ == "__main__":
    sys.exit(main())

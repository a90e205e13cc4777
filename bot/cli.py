"""The ``goldcard-bot`` command line: run, chat, migrate, keygen (and the commands of other areas)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib
import logging
import os
import sys
from collections.abc import Sequence

_log = logging.getLogger(__name__)

AREA_COMMANDS = ("bot.forms.commands", "bot.documents.commands", "bot.faq.commands", "bot.export.commands",
                 "bot.ops.commands")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="goldcard-bot", description="Gold Card Guide: Telegram assistant "
                                     "for Taiwan Employment Gold Card applications.")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="run the bot on Telegram (TELEGRAM_BOT_TOKEN); exits 2 when the "
                                          "configuration needs fixing")
    run.add_argument("--chat-if-no-token", action="store_true",
                     help="without a token, open the console chat when a terminal is attached (scripts/bot)")
    run.add_argument("--transport", choices=["ptb", "aiogram"], help="Telegram library (default: ptb)")
    run.add_argument("--webhook", metavar="URL", help="receive updates by webhook at this public HTTPS URL "
                     "(python-telegram-bot door; needs WEBHOOK_SECRET) instead of long polling")
    run.add_argument("--listen", metavar="HOST:PORT", default="127.0.0.1:8443",
                     help="where the webhook server listens (default 127.0.0.1:8443)")
    run.set_defaults(handler=cmd_run)

    chat = commands.add_parser("chat", help="talk to the bot in this terminal (or through a pipe)")
    chat.add_argument("--user", type=int, default=1, help="user id to chat as (default 1)")
    chat.add_argument("--lang", choices=["en", "zh_TW"], help="language to start in")
    chat.set_defaults(handler=cmd_chat)

    migrate = commands.add_parser("migrate", help="create or upgrade the database schema")
    migrate.set_defaults(handler=cmd_migrate)

    rotate = commands.add_parser("rotate-keys", help="seal every stored secret again under the first key of "
                                                     "ENCRYPTION_KEYS (keep the old keys after it until done)")
    rotate.set_defaults(handler=cmd_rotate_keys)

    reset = commands.add_parser("reset", help="erase every stored answer, file and the generated key: a "
                                "deliberate fresh start (e.g. after losing secret.key with no backup)")
    reset.add_argument("--erase-everything", action="store_true", required=True,
                       help="confirm that everything stored is to be erased")
    reset.set_defaults(handler=cmd_reset)

    keygen = commands.add_parser("keygen", help="print a new encryption key for ENCRYPTION_KEYS")
    keygen.set_defaults(handler=cmd_keygen)

    for module in AREA_COMMANDS:  # each area adds its own commands; heavy imports stay in the handlers
        importlib.import_module(module).add_commands(commands)
    return parser


def cmd_keygen(_args: argparse.Namespace) -> int:
    from storage.crypto import generate_key

    print(generate_key())
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from bot.app import configure_logging, log_secrets
    from bot.ops.startup import EXIT_CONFIG, StartupFailure, load_settings, wait_for_telegram

    settings = load_settings()
    if settings.telegram_bot_token is None:
        if args.chat_if_no_token and sys.stdin.isatty():
            print("TELEGRAM_BOT_TOKEN is not set: starting the console chat instead.", file=sys.stderr)
            return cmd_chat(argparse.Namespace(user=1, lang=None))
        print("TELEGRAM_BOT_TOKEN is not set: get a token from @BotFather and set it in the environment or .env "
              "(DEPLOY.md). To talk to the bot in this terminal instead: goldcard-bot chat", file=sys.stderr)
        return EXIT_CONFIG
    transport = args.transport or settings.transport
    configure_logging(settings.log_level, settings.log_format, log_secrets(settings))
    try:
        asyncio.run(wait_for_telegram(settings, polling=not args.webhook))
    except StartupFailure as failure:
        _log.error("%s", failure)
        return EXIT_CONFIG
    if args.webhook:
        from bot.telegram.serve import serve
        from bot.telegram.webhook import running_webhook

        return asyncio.run(serve(settings, running_webhook(args.webhook, args.listen)))
    if transport == "aiogram":
        from bot.telegram.aiogram_door import run_aiogram

        return asyncio.run(run_aiogram(settings))
    from bot.telegram.ptb_door import run_ptb

    return run_ptb(settings)


def cmd_chat(args: argparse.Namespace) -> int:
    from bot.app import build_app, configure_logging
    from bot.config import Settings
    from bot.console import ConsoleDoor

    settings = Settings.from_environment()
    configure_logging("WARNING" if settings.log_level.upper() == "INFO" else settings.log_level)

    async def chat() -> None:
        app = build_app(settings)
        await app.start()
        try:
            await ConsoleDoor(app.engine, args.user, lang=args.lang, export_dir=settings.data_dir / "exports").run()
        finally:
            await app.close()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(chat())
    return 0


def cmd_migrate(_args: argparse.Namespace) -> int:
    from bot.app import build_app, configure_logging
    from bot.config import Settings

    settings = Settings.from_environment()
    configure_logging(settings.log_level)

    async def migrate() -> None:
        app = build_app(settings)
        await app.start()
        await app.close()

    asyncio.run(migrate())
    _log.info("database schema is up to date")
    return 0


def cmd_rotate_keys(_args: argparse.Namespace) -> int:
    from bot.app import build_app, configure_logging
    from bot.config import Settings
    from storage.rotation import rotate

    settings = Settings.from_environment()
    configure_logging(settings.log_level)

    async def run() -> None:
        app = build_app(settings)
        await app.start()
        try:
            report = await rotate(app.db, app.engine.sealer, app.engine.services.files)
        finally:
            await app.close()
        print(f"re-sealed {report.rows} database values and {report.files} files under the current key")

    asyncio.run(run())
    return 0


def cmd_reset(_args: argparse.Namespace) -> int:
    from bot.config import Settings
    from storage.db import Database
    from storage.keycheck import erase_everything

    settings = Settings.from_environment()

    async def run() -> None:
        db = Database(settings.effective_database_url)
        try:
            await erase_everything(db, settings.data_dir, settings.key_file)
        finally:
            await db.dispose()

    asyncio.run(run())
    print("everything stored was erased; the next start begins afresh (with a new key unless ENCRYPTION_KEYS is set)")
    return 0


def without_httpx_cli() -> None:
    """httpx (PTB's default transport, imported by ``telegram``) imports its command-line client, with rich,
    click and Pygments, whenever they are installed (dev tools bring them): ~5 MB and ~40 ms at start-up that
    the bot never uses. Marked missing here, httpx skips it (as when they are not installed)."""
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]  # None: "import httpx._main" fails


def main(argv: Sequence[str] | None = None) -> int:
    without_httpx_cli()
    os.umask(0o077)  # the database, its WAL, keys, stored files and exports: this user's only
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except RuntimeError as problem:
        from storage.crypto import KeyProblem  # imported here: most commands never load the crypto

        if not isinstance(problem, KeyProblem):
            raise
        # one clear line, never a traceback
        print(f"goldcard-bot: cannot start: {problem}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

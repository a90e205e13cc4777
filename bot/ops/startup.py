"""A clear start: every setting checked with one line per problem, Telegram waited for with backoff, and the
answers no retry will fix (401: the token; 409: another poller or a webhook) turned into a stop with advice.

Exit codes: 2 for a configuration the operator must fix (no token, a bad setting, a refused token, a
conflict); the systemd unit in ``deploy/`` does not restart on 2 (``RestartPreventExitStatus``).
"""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from pydantic import ValidationError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.config import Settings
from bot.ops import health

_log = logging.getLogger(__name__)

EXIT_CONFIG = 2
TOKEN_REFUSED = ("Telegram refused the bot token (401 Unauthorized): token revoked or wrong. Copy the current "
                 "token from @BotFather (/mybots → API Token) into TELEGRAM_BOT_TOKEN.")
CONFLICT = ("Telegram answered 409 Conflict: another copy is polling or a webhook is set. Only one process may "
            "poll: stop the other copy; for several workers use `goldcard-bot run --webhook URL` on all of them. "
            "`goldcard-bot doctor` shows the webhook state.")
WEBHOOK_SET = ("a webhook is set ({url}), so polling would take updates from the webhook workers: another copy "
               "is polling or a webhook is set. Run with `--webhook URL`, or remove the webhook first "
               "(`goldcard-bot doctor --delete-webhook`).")


class StartupFailure(Exception):
    """A reason to stop that a retry or a restart will not fix; its text is advice for the operator."""


class BotApiError(Exception):
    """The Bot API answered ``ok: false``."""

    def __init__(self, code: int, description: str, retry_after: float | None = None) -> None:
        super().__init__(f"{code} {description}")
        self.code = code
        self.description = description
        self.retry_after = retry_after


def load_settings() -> Settings:
    """The settings, or exit 2 with one line per problem (the setting's name and what is wrong; never its value)."""
    try:
        settings = Settings.from_environment()
    except ValidationError as error:
        report([f"{'.'.join(str(part) for part in problem['loc']).upper() or 'settings'}: {problem['msg']}"
                for problem in error.errors(include_url=False, include_input=False)])
        raise SystemExit(EXIT_CONFIG) from None
    problems = settings_problems(settings)
    if problems:
        report(problems)
        raise SystemExit(EXIT_CONFIG)
    return settings


def report(problems: list[str]) -> None:
    print(f"{len(problems)} setting(s) to fix (environment or .env; see README.md, Configuration):",
          file=sys.stderr)
    for line in problems:
        print(f"  {line}", file=sys.stderr)


def settings_problems(settings: Settings) -> list[str]:
    """What pydantic's field types cannot see: names, URLs and combinations."""
    problems: list[str] = []
    if not isinstance(logging.getLevelName(settings.log_level.upper()), int):
        problems.append(f"LOG_LEVEL: {settings.log_level!r} is not a level (DEBUG, INFO, WARNING, ERROR)")
    if not settings.telegram_api_url.startswith(("http://", "https://")):
        problems.append("TELEGRAM_API_URL: must start with https:// (or http:// for a local Bot API server)")
    if settings.database_url is not None:
        try:
            backend = make_url(settings.database_url).get_backend_name()
        except ArgumentError:
            backend = ""
        if backend not in ("sqlite", "postgresql"):
            problems.append("DATABASE_URL: not a database URL; use postgresql://user:password@host/name "
                            "(or leave it unset for SQLite in DATA_DIR)")
    if settings.staff_ids and settings.staff_chat_id is None:
        problems.append("STAFF_IDS: set STAFF_CHAT_ID too (the staff group), or staff have nowhere to answer")
    if settings.staff_chat_id is not None and settings.staff_chat_id > 0:
        problems.append("STAFF_CHAT_ID: a group's id is negative (supergroups start with -100); "
                        "send /whoami in the group to see it")
    if settings.poll_timeout < 0 or settings.poll_timeout > 50:
        problems.append("POLL_TIMEOUT: between 0 and 50 seconds (Telegram's limit)")
    if settings.data_dir.exists() and not settings.data_dir.is_dir():
        problems.append(f"DATA_DIR: {settings.data_dir} is a file, not a directory")
    return problems


def fatal_reason(exc: BaseException) -> str | None:
    """The operator's advice when ``exc`` (python-telegram-bot's, aiogram's or ours) is one no retry fixes."""
    if isinstance(exc, BotApiError):
        return TOKEN_REFUSED if exc.code == 401 else CONFLICT if exc.code == 409 else None
    names: set[str] = set()
    seen: BaseException | None = exc
    for _depth in range(4):  # PTB's do_api_request re-raises a 401 as EndPointNotFound from InvalidToken
        if seen is None:
            break
        names |= {kind.__name__ for kind in type(seen).__mro__}
        seen = seen.__cause__
    if names & {"InvalidToken", "TelegramUnauthorizedError"}:
        return TOKEN_REFUSED
    if names & {"Conflict", "TelegramConflictError"}:
        return CONFLICT
    return None


async def bot_api(settings: Settings, method: str, params: dict[str, Any] | None = None, *,
                  seconds: float = 20.0) -> Any:
    """One Bot API call over plain HTTP; the result, or :class:`BotApiError` (network errors pass through)."""
    if settings.telegram_bot_token is None:
        raise StartupFailure("TELEGRAM_BOT_TOKEN is not set")
    url = f"{settings.telegram_api_url.rstrip('/')}/bot{settings.telegram_bot_token.get_secret_value()}/{method}"
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=seconds)) as session, \
            session.post(url, json=params or {}) as response:
        try:
            body = await response.json(content_type=None)
        except ValueError:
            raise BotApiError(response.status, "not a Bot API answer") from None
    if not isinstance(body, dict) or not body.get("ok"):
        body = body if isinstance(body, dict) else {}
        retry = (body.get("parameters") or {}).get("retry_after")
        raise BotApiError(int(body.get("error_code") or response.status), str(body.get("description", "")),
                          float(retry) if retry is not None else None)
    return body.get("result")


async def wait_for_telegram(settings: Settings, *, polling: bool, first_delay: float = 1.0, max_delay: float = 60.0,
                            sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep) -> dict[str, Any]:
    """``getMe`` until Telegram answers (a log line per failed attempt, the wait doubling up to ``max_delay``);
    :class:`StartupFailure` on a refused token or, when ``polling``, a webhook set."""
    delay = first_delay
    attempt = 0
    while True:
        attempt += 1
        try:
            me: dict[str, Any] = await bot_api(settings, "getMe")
            if polling:
                info = await bot_api(settings, "getWebhookInfo")
                if isinstance(info, dict) and info.get("url"):
                    raise StartupFailure(WEBHOOK_SET.format(url=_host(str(info["url"]))))
        except BotApiError as error:
            if error.code == 404 and "method" not in error.description.lower():  # a token of the wrong shape
                raise StartupFailure(TOKEN_REFUSED) from None
            if (reason := fatal_reason(error)) is not None:
                raise StartupFailure(reason) from None
            wait = max(delay, error.retry_after or 0.0)
            _log.warning("Telegram answered %d at start (attempt %d); retrying in %.0f s", error.code, attempt, wait)
        except (aiohttp.ClientError, TimeoutError, OSError) as error:
            wait = delay
            _log.warning("Telegram unreachable at %s (attempt %d: %s); retrying in %.0f s",
                         _host(settings.telegram_api_url), attempt, type(error).__name__, wait)
        else:
            _log.info("Telegram reachable: @%s (attempt %d)", me.get("username", "?"), attempt)
            health.TELEGRAM.last_heard = time.monotonic()  # ready before the first long poll returns
            return me
        await sleep(wait)
        delay = min(delay * 2, max_delay)


def _host(url: str) -> str:
    """A URL without path or query, for the log (a webhook path may be secret-ish)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else "?"

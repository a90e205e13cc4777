"""Logs hold no personal data and no secret, at any level, whatever a library's own logger emits.

python-telegram-bot logs every Bot API call's parameters at DEBUG (the applicant's answers go out in
``sendMessage``), httpx logs request URLs (the bot token is part of every Bot API URL), exceptions carry
reprs of updates. :class:`Redactor` rewrites each record once, before any handler formats it: the token
(configured, and anything shaped like a bot token), then everything that can carry a value — quoted
strings, ``{…}`` mappings, backtick-quoted parts, ``[…]`` lists and URL query strings — becomes ``…``.
The bot's own log lines name events, steps and counts, never values, so they read the same.

:func:`install` puts the filter on the root logger and its handlers and, because a filter on the root
logger does not see records propagated from other loggers and handlers come and go, also wraps the log
record factory: every record is redacted when it is made.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from typing import Any

MASK = "…"
TOKEN_MASK = "[token]"
_BOT_TOKEN = re.compile(r"\d{3,}:[A-Za-z0-9_-]{20,}")  # the shape of a BotFather token
_URL_TOKEN = re.compile(r"/bot[^/\s]+/")  # https://api.telegram.org/bot<token>/method
_QUERY = re.compile(r"(https?://[^\s?#]+)\?[^\s'\"]*")
_BACKTICKS = re.compile(r"`[^`]*`")
_QUOTED = re.compile(r"""b?'(?:[^'\\]|\\.)*'|b?"(?:[^"\\]|\\.)*\"""")
_BRACKETS = re.compile(r"\{[^{}]*\}|\[[^\[\]]*\]")


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with the secrets, anything token-shaped and every quoted or bracketed value masked."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, TOKEN_MASK)
    text = _URL_TOKEN.sub(f"/bot{TOKEN_MASK}/", text)
    text = _BOT_TOKEN.sub(TOKEN_MASK, text)
    text = _QUERY.sub(rf"\1?{MASK}", text)
    text = _BACKTICKS.sub(f"`{MASK}`", text)
    text = _QUOTED.sub(f"'{MASK}'", text)
    for _ in range(32):  # nested mappings and lists, innermost first (bounded: a log line is not a parser)
        collapsed = _BRACKETS.sub(lambda match: match.group(0)[0] + MASK + match.group(0)[-1], text)
        if collapsed == text:
            break
        text = collapsed
    return text


class Redactor(logging.Filter):
    """Rewrites a record in place (message with its arguments, exception text, stack) and lets it pass."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = tuple(secret for secret in secrets if secret)

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "redacted", False):
            return True
        try:
            message = record.getMessage()
        except Exception:  # a malformed call: keep the template only
            message = str(record.msg)
        record.msg, record.args = redact(message, self.secrets), None
        if record.exc_info and record.exc_info[0] is not None:
            setattr(record, "exc_type", record.exc_info[0].__name__)  # noqa: B010 - kept for JSON logs: a type, no value
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.secrets)
        record.exc_info = None  # the formatter would write the traceback (with values) again
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.secrets)
        setattr(record, "redacted", True)  # noqa: B010
        return True


_installed: Redactor | None = None
_original_factory: Callable[..., logging.LogRecord] | None = None


def install(secrets: Iterable[str] = ()) -> Redactor:
    """Redact every log record of this process from now on (calling it again replaces the secrets)."""
    global _installed, _original_factory
    redactor = Redactor(secrets)
    root = logging.getLogger()
    for target in (root, *root.handlers):
        for old in [f for f in target.filters if isinstance(f, Redactor)]:
            target.removeFilter(old)
        target.addFilter(redactor)
    if _original_factory is None:
        _original_factory = logging.getLogRecordFactory()
    base = _original_factory

    def make_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = base(*args, **kwargs)
        redactor.filter(record)
        return record

    logging.setLogRecordFactory(make_record)
    _installed = redactor
    return redactor


def uninstall() -> None:
    """Back to unredacted records (tests)."""
    global _installed
    root = logging.getLogger()
    for target in (root, *root.handlers):
        for old in [f for f in target.filters if isinstance(f, Redactor)]:
            target.removeFilter(old)
    if _original_factory is not None:
        logging.setLogRecordFactory(_original_factory)
    _installed = None

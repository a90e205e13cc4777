"""Who is asking: Telegram's signed init data (every request from inside Telegram) or, in a desktop
browser, a session cookie the server signed after a one-time link was used.

Init data (https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app): the
fields except ``hash``, sorted, joined ``key=value`` by newlines, signed with HMAC-SHA256 under
``HMAC-SHA256(key="WebAppData", msg=bot_token)``; compared in constant time; ``auth_date`` must be fresh.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from urllib.parse import parse_qsl

INIT_DATA_MAX_AGE = 24 * 3600  # seconds: a Mini App left open for a day must be reopened
SESSION_MAX_AGE = 2 * 3600  # seconds a desktop browser stays signed in after a one-time link
MAX_INIT_DATA = 4096  # bytes: bounded before parsing


@dataclass(frozen=True)
class Viewer:
    """The Telegram user a request speaks for, and their Telegram language code (may be None)."""

    user_id: int
    language_code: str | None = None


def _secret(bot_token: str) -> bytes:
    return hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()


def sign_init_data(fields: dict[str, str], bot_token: str) -> str:
    """Init data signed as Telegram signs it (for tests and local tools): a query string with ``hash``."""
    from urllib.parse import urlencode

    check = "\n".join(f"{key}={fields[key]}" for key in sorted(fields))
    digest = hmac.new(_secret(bot_token), check.encode(), hashlib.sha256).hexdigest()
    return urlencode({**fields, "hash": digest})


def check_init_data(init_data: str, bot_token: str, *, now: float | None = None,
                    max_age: int = INIT_DATA_MAX_AGE) -> Viewer | None:
    """The viewer when ``init_data`` is signed with this bot's token and fresh; otherwise None."""
    if not init_data or len(init_data.encode()) > MAX_INIT_DATA:
        return None
    try:
        pairs = parse_qsl(init_data, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        return None
    fields = dict(pairs)
    given = fields.pop("hash", "")
    if len(pairs) != len(fields) + (1 if given else 0) or not given:
        return None  # a repeated key or no hash
    check = "\n".join(f"{key}={fields[key]}" for key in sorted(fields))
    expected = hmac.new(_secret(bot_token), check.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, given):
        return None
    try:
        auth_date = int(fields.get("auth_date", ""))
        user = json.loads(fields.get("user", ""))
        user_id = int(user["id"])
    except (ValueError, TypeError, KeyError):
        return None
    current = time.time() if now is None else now
    if auth_date > current + 60 or current - auth_date > max_age:
        return None
    language = user.get("language_code")
    return Viewer(user_id, language if isinstance(language, str) else None)


def _session_key(bot_token: str) -> bytes:
    return hmac.new(b"goldcard-webapp-session", bot_token.encode(), hashlib.sha256).digest()


def sign_session(user_id: int, bot_token: str, *, now: float | None = None, max_age: int = SESSION_MAX_AGE) -> str:
    """The cookie value for a browser signed in by a one-time link: user, expiry, signature."""
    expires = int((time.time() if now is None else now) + max_age)
    body = f"{user_id}.{expires}"
    return f"{body}.{hmac.new(_session_key(bot_token), body.encode(), hashlib.sha256).hexdigest()}"


def check_session(value: str | None, bot_token: str, *, now: float | None = None) -> Viewer | None:
    """The viewer of a session cookie signed by :func:`sign_session` and not expired."""
    if not value or len(value) > 200:
        return None
    body, _, given = value.rpartition(".")
    expected = hmac.new(_session_key(bot_token), body.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, given):
        return None
    user, _, expires = body.partition(".")
    if not user.isdigit() or not expires.isdigit():
        return None
    if int(expires) < (time.time() if now is None else now):
        return None
    return Viewer(int(user))

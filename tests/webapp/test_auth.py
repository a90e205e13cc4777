"""Who may see a draft: Telegram's signed init data (forged, expired or missing: refused), the session cookie,
and one-time links (single use, 10 minutes, bound to the user, stored hashed)."""

from __future__ import annotations

import hashlib
import json
import time
from datetime import timedelta
from urllib.parse import parse_qsl, urlencode

import aiohttp
from sqlalchemy import select

from bot.app import App
from bot.webapp import auth, links
from storage.models import WebappLink, utcnow
from tests.webapp.conftest import BOT_TOKEN, USER_ID, init_data


def test_init_data_signed_with_the_bots_token_is_accepted() -> None:
    viewer = auth.check_init_data(init_data(language="zh-hant"), BOT_TOKEN)
    assert viewer == auth.Viewer(USER_ID, "zh-hant")


def test_forged_init_data_is_refused() -> None:
    assert auth.check_init_data(init_data(token="123456:another-bot"), BOT_TOKEN) is None
    fields = dict(parse_qsl(init_data()))
    fields["user"] = json.dumps({"id": 666, "first_name": "Mallory"})  # another user under the old hash
    assert auth.check_init_data(urlencode(fields), BOT_TOKEN) is None
    fields = dict(parse_qsl(init_data()))
    fields["hash"] = fields["hash"][:-1] + ("0" if fields["hash"][-1] != "0" else "1")
    assert auth.check_init_data(urlencode(fields), BOT_TOKEN) is None


def test_expired_or_future_init_data_is_refused() -> None:
    assert auth.check_init_data(init_data(age=auth.INIT_DATA_MAX_AGE + 5), BOT_TOKEN) is None
    assert auth.check_init_data(init_data(age=-3600), BOT_TOKEN) is None
    assert auth.check_init_data(init_data(age=auth.INIT_DATA_MAX_AGE - 60), BOT_TOKEN) is not None


def test_missing_or_malformed_init_data_is_refused() -> None:
    signed = init_data()
    without_hash = urlencode([(k, v) for k, v in parse_qsl(signed) if k != "hash"])
    for given in ("", "hash=", without_hash, signed + "&user=%7B%22id%22%3A1%7D", "x" * 5000, "%%%"):
        assert auth.check_init_data(given, BOT_TOKEN) is None, given[:40]


def test_session_cookie_is_signed_and_expires() -> None:
    now = time.time()
    cookie = auth.sign_session(USER_ID, BOT_TOKEN, now=now)
    assert auth.check_session(cookie, BOT_TOKEN, now=now + 60) == auth.Viewer(USER_ID)
    assert auth.check_session(cookie, BOT_TOKEN, now=now + auth.SESSION_MAX_AGE + 1) is None
    assert auth.check_session(cookie, "123456:another-bot", now=now) is None
    assert auth.check_session("8" + cookie[1:], BOT_TOKEN, now=now) is None


async def test_a_link_works_once_within_ten_minutes_and_is_stored_hashed(applicant: App) -> None:
    async with applicant.db.transaction() as session:
        token = await links.issue_link(session, USER_ID)
        stale = await links.issue_link(session, USER_ID, now=utcnow() - timedelta(minutes=11))
    async with applicant.db.transaction() as session:
        stored = [row.token_hash for row in (await session.execute(select(WebappLink))).scalars()]
        assert hashlib.sha256(token.encode()).hexdigest() in stored and token not in stored
        assert await links.redeem_link(session, stale) is None  # expired
        assert await links.redeem_link(session, token) == USER_ID
    async with applicant.db.transaction() as session:
        assert await links.redeem_link(session, token) is None  # used
        assert await links.redeem_link(session, "not-a-token") is None


async def test_a_link_used_twice_over_http_is_refused(desk_url: str, applicant: App) -> None:
    async with applicant.db.transaction() as session:
        token = await links.issue_link(session, USER_ID)
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as first:  # an IP host
        async with first.post(desk_url + "/api/login", json={"token": token}) as response:
            assert response.status == 200
            cookie = response.cookies["desk_session"]
            assert cookie["httponly"] and cookie["samesite"] == "Strict"
        async with first.get(desk_url + "/api/draft") as response:  # the cookie is the credential now
            assert response.status == 200
    async with aiohttp.ClientSession() as second:
        async with second.post(desk_url + "/api/login", json={"token": token}) as response:
            assert response.status == 403
        async with second.get(desk_url + "/api/draft") as response:
            assert response.status == 401


async def test_links_go_with_the_user(applicant: App) -> None:
    from storage.repositories import Store

    async with applicant.db.transaction() as session:
        await links.issue_link(session, USER_ID)
    async with applicant.db.transaction() as session:
        await Store(session, applicant.engine.sealer).delete_user(USER_ID)
    async with applicant.db.transaction() as session:
        assert (await session.execute(select(WebappLink))).first() is None

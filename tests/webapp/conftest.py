"""The desk's fixtures: an applicant with the complete fixture draft, the desk served on a free port, signed
init data, and (for the browser tests) Debian's chromium driven by Playwright."""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.app import App
from bot.engine.consent import NOTICE_VERSION
from bot.forms.draft_io import import_json
from bot.webapp.api import desk_app
from bot.webapp.auth import sign_init_data
from storage.models import utcnow
from storage.repositories import Store

BOT_TOKEN = "123456:TEST-token-for-the-desk"
USER_ID = 7
FIXTURES = Path(__file__).parent.parent / "fixtures"
ARTIFACTS = Path(__file__).parent.parent.parent / ".artifacts" / "webapp"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def init_data(user_id: int = USER_ID, *, token: str = BOT_TOKEN, age: float = 0, language: str = "en") -> str:
    fields = {"auth_date": str(int(time.time() - age)), "query_id": "AAF-test",
              "user": json.dumps({"id": user_id, "first_name": "Ethan", "language_code": language},
                                 separators=(",", ":"))}
    return sign_init_data(fields, token)


def tma(user_id: int = USER_ID, **kwargs: Any) -> dict[str, str]:
    return {"Authorization": "tma " + init_data(user_id, **kwargs)}


async def seed_applicant(app: App, user_id: int = USER_ID, fixture: str = "draft_complete.json") -> None:
    """A user who accepted the privacy notice and whose draft holds the fixture's answers."""
    sections = import_json((FIXTURES / fixture).read_bytes())
    sections["opening"]["_confirmed"] = "2026-11-21"  # as the chat stores the opening answers once confirmed
    sections["documents"].pop("files", None)  # as the chat imports a draft: the files themselves are not in it
    async with app.db.transaction() as session:
        store = Store(session, app.engine.sealer)
        user = await store.lock_user(user_id, "en")
        user.consent_at = utcnow()
        user.consent_version = NOTICE_VERSION
        conversation = await store.conversation(user_id)
        draft = await store.create_draft(user_id, "My application")
        store.set_answers(draft, sections)
        conversation.draft_id = draft.id


@pytest.fixture
async def applicant(app: App) -> App:
    await seed_applicant(app)
    return app


@pytest.fixture
async def desk_url(applicant: App) -> AsyncIterator[str]:
    runner = web.AppRunner(desk_app(applicant.engine, BOT_TOKEN, secure_cookie=False), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}"
    await runner.cleanup()


def fontconfig_with_chinese(folder: Path) -> str:
    """A fontconfig file adding the Noto Sans TC the export already ships, so screenshots show the Chinese
    labels even on a machine without CJK fonts."""
    import pylopdf_fonts_zh_tw

    conf = folder / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
                    f"<dir>{Path(pylopdf_fonts_zh_tw.__file__).parent}</dir>"
                    f"<cachedir>{folder / 'cache'}</cachedir></fontconfig>")
    return str(conf)


def chromium_installed() -> bool:
    return Path(CHROMIUM).exists() or shutil.which("chromium") is not None


@pytest.fixture
async def browser(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Any]:
    """Debian's chromium (never `playwright install`): missing in CI is a failure, not a skip."""
    if not chromium_installed():
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is not installed: scripts/test installs it when CI=true")
        pytest.skip("chromium not installed (apt-get install chromium)")
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        fonts = fontconfig_with_chinese(tmp_path_factory.mktemp("fonts"))
        launched = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                                    env={**os.environ, "FONTCONFIG_FILE": fonts})
        yield launched
        await launched.close()

"""The desk in the chat: /desk sends a one-time link bound to the user, and the menu, the review card and the
export carry the Mini App's button, only when WEBAPP_URL is set."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest

from bot.app import App, build_app
from bot.config import Settings
from bot.webapp import links
from bot.webapp.chat import WEB_APP, web_app_url
from tests.conftest import TODAY
from tests.harness import Chat
from tests.webapp.conftest import USER_ID, seed_applicant

DESK = "https://desk.example.org/gold"


@pytest.fixture
async def desk_app_on(settings: Settings) -> AsyncIterator[App]:
    application = build_app(settings.model_copy(update={"webapp_url": DESK}), today=lambda: TODAY)
    await application.start()
    await seed_applicant(application)
    yield application
    await application.close()


async def test_desk_sends_a_one_time_link_for_this_user(desk_app_on: App) -> None:
    chat = Chat(desk_app_on.engine, user_id=USER_ID)
    reply = await chat.send("/desk")
    found = re.search(re.escape(DESK) + r"/#login=([A-Za-z0-9_-]+)", reply)
    assert found, reply
    assert "10 minutes" in reply
    assert any(button.data == WEB_APP + DESK for button in chat.buttons)
    async with desk_app_on.db.transaction() as session:
        assert await links.redeem_link(session, found[1]) == USER_ID
    async with desk_app_on.db.transaction() as session:
        assert await links.redeem_link(session, found[1]) is None
    second = re.search(r"#login=([A-Za-z0-9_-]+)", await chat.send("/desk"))
    assert second and second[1] != found[1]


async def test_the_menu_and_the_review_card_open_the_desk(desk_app_on: App) -> None:
    chat = Chat(desk_app_on.engine, user_id=USER_ID)
    await chat.send("/menu")
    assert web_app_url(chat.find("copy desk").data) == DESK
    await chat.press("Review")
    assert web_app_url(chat.find("copy desk").data) == DESK


async def test_without_a_desk_no_button_and_no_link(applicant: App) -> None:
    chat = Chat(applicant.engine, user_id=USER_ID)
    assert "not switched on" in await chat.send("/desk")
    await chat.send("/menu")
    assert not any(web_app_url(button.data) for button in chat.buttons)

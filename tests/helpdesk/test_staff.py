"""Staff-only commands: refused to everyone else in their language; /tickets and /stats for staff."""

from __future__ import annotations

import pytest

from bot.app import App
from bot.helpdesk.staff import STAFF_ONLY
from bot.i18n import render
from tests.helpdesk.conftest import STAFF, Desk
from tests.helpdesk.test_interception import to_basic_data


@pytest.mark.parametrize("command", ["/tickets", "/stats", "/close 1", "/reply 1 hi"])
@pytest.mark.parametrize(("language_code", "locale"), [("en", "en"), ("zh-hant", "zh_TW")])
async def test_staff_commands_are_refused_to_everyone_else(desk: Desk, command: str, language_code: str,
                                                           locale: str) -> None:
    chat = desk.chat(7, language_code)
    await chat.send(f"/start lang_{locale}")
    assert await chat.send(command) == render(STAFF_ONLY, locale)
    replies = await desk.staff(command, user_id=4242, language_code=language_code)
    assert replies == [render(STAFF_ONLY, locale)], "in the staff group too"


def test_the_refusal_is_translated() -> None:
    assert render(STAFF_ONLY, "zh_TW") != render(STAFF_ONLY, "en")


async def test_tickets_lists_open_tickets_with_their_topic_links(desk: Desk) -> None:
    assert await desk.staff("/tickets") == ["No open tickets."]
    chat = desk.chat()
    await chat.send("/start lang_en")
    await chat.send("/human")
    await chat.send("Hello")
    (listing,) = await desk.staff("/tickets")
    assert "Open tickets: 1" in listing and "#1 · English · opened" in listing
    assert "1 from the applicant, 0 from staff" in listing and "waiting for staff since" in listing
    assert "https://t.me/c/1234567890/100" in listing
    private = desk.chat(STAFF)
    await private.send("/start lang_en")
    assert "Open tickets: 1" in await private.send("/tickets"), "staff may ask in a private chat too"


async def test_stats_count_drafts_by_stage_questions_and_feedback(desk: Desk, app: App) -> None:
    first = await to_basic_data(desk, 7)
    await first.send("who won the world cup?")
    await first.send("Who won the world cup?")
    await first.send("how long does it take?")  # the "?" makes it no surname: the question is answered
    await first.press("👍 Yes")
    second = desk.chat(8)
    await second.send("/start lang_en")
    await second.send("can i apply on visa free entry")
    await second.press("👎 No")
    (stats,) = await desk.staff("/stats")
    assert "Drafts by stage (2 in all): Opening questions: 1 · Basic data: 1" in stats
    assert "(answered 2, suggestions 0, no answer 2)" in stats
    assert "👍 1 · 👎 1" in stats and "Answers found unhelpful: visa-exempt-entry (1)" in stats
    assert "2× who won the world cup?" in stats

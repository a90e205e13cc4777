"""Staff mute an abusive applicant (stored with a sealed reason, reversible) and see the unanswered questions."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import App
from storage.models import DeskMute
from tests.helpdesk.conftest import STAFF, Desk


async def mutes(app: App) -> list[DeskMute]:
    async with app.db.transaction() as session:
        return list((await session.execute(select(DeskMute))).scalars())


async def test_a_muted_applicant_no_longer_reaches_staff_until_unmuted(desk: Desk, app: App) -> None:
    chat = desk.chat()
    await chat.send("/start lang_en")
    await chat.send("/human")
    await chat.send("first message")
    assert "first message" in desk.note_texts()[-1]
    assert "Usage: in a ticket's topic /mute REASON" in (await desk.staff("/mute", topic=100))[0], "reason required"
    await desk.staff("/mute insults staff", topic=100)
    assert "was muted by Mei: insults staff" in desk.note_texts()[-1]
    (mute,) = await mutes(app)
    assert mute.muted_by == STAFF and b"insults" not in mute.reason_sealed, "the reason is sealed"
    notes = len(desk.notes)
    await chat.send("you are all useless")
    assert "not passed to the help desk" in await chat.send("/human")
    assert chat.labels() == ["☎️ Contact the Gold Card Office"]
    await chat.send("you are all useless")
    assert len(desk.notes) == notes, "nothing reaches staff while muted"
    await desk.staff("/unmute", topic=100)
    assert "was unmuted by Mei" in desk.note_texts()[-1]
    assert await mutes(app) == []
    await chat.send("/human")
    await chat.send("sorry about that")
    assert "sorry about that" in desk.note_texts()[-1]


async def test_mute_and_unmute_by_number_in_a_private_chat(desk: Desk, app: App) -> None:
    chat = desk.chat()
    await chat.send("/start lang_en")
    await chat.send("/human")
    staff = desk.chat(STAFF)
    await staff.send("/start lang_en")
    assert "muted by" in await staff.send("/mute 1 spam")
    assert len(await mutes(app)) == 1
    assert "not muted" not in await staff.send("/unmute 1")
    assert "is not muted" in await staff.send("/unmute 1")


async def test_mute_is_refused_to_non_staff(desk: Desk, app: App) -> None:
    chat = desk.chat()
    await chat.send("/start lang_en")
    await chat.send("/human")
    assert "staff only" in (await desk.staff("/mute 1 x", user_id=4242))[0]
    assert await mutes(app) == []


async def test_unanswered_lists_the_questions_nothing_answered(desk: Desk) -> None:
    assert "No unanswered questions" in (await desk.staff("/unanswered"))[0]
    chat = desk.chat()
    await chat.send("/start lang_en")
    await chat.send("who won the world cup?")
    await chat.send("Who won the world cup?")
    await chat.send("how long does it take?")  # answered: not listed
    replies = await desk.staff("/unanswered")
    assert "could not answer" in replies[0] and "2× who won the world cup?" in replies[0]
    assert "how long does it take" not in replies[0]

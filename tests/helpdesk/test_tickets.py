"""Tickets: /human, the sharing question, messages both ways until staff close, working hours, /delete."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.app import App
from bot.helpdesk.events import TopicAction, TopicNote
from storage.models import FaqAsk, RejectedField, Ticket, User
from tests.helpdesk.conftest import STAFF, WEEKEND, Desk
from tests.helpdesk.test_interception import to_basic_data


async def tickets(app: App) -> list[Ticket]:
    async with app.db.transaction() as session:
        return list((await session.execute(select(Ticket).order_by(Ticket.id))).scalars())


async def all_rows(app: App) -> str:
    """Every row of every table, as text: to prove what is (not) stored."""
    dump = []
    async with app.db.engine.connect() as connection:
        for table in ("tickets", "faq_asks", "rejected_fields", "conversations", "users", "processed_updates"):
            dump.append(repr((await connection.exec_driver_sql(f"select * from {table}")).all()))
    return "\n".join(dump)


async def test_human_without_answers_opens_a_ticket_at_once(desk: Desk, app: App) -> None:
    chat = desk.chat()
    await chat.send("/start lang_en")
    text = await chat.send("/human")
    assert "✓ Ticket #1 is open." in text and "The help desk is open now" in text
    (ticket,) = await tickets(app)
    assert (ticket.status, ticket.share_summary, ticket.relaying, ticket.topic_id) == ("open", False, True, 100)
    (note,) = desk.notes
    assert note.open_topic_title == "#1 · English" and note.ticket_id == "1"


async def test_messages_go_both_ways_and_are_never_stored(desk: Desk, app: App) -> None:
    chat = await to_basic_data(desk)
    await chat.send("/human")
    await chat.press("🔒 No, keep them private")
    text = await chat.send("My SECRETWORD question about my passport")
    assert text.startswith("✓ Sent to the help desk.")
    relayed = desk.note_texts()[-1]
    assert "Ticket #1, the applicant writes:" in relayed and "My SECRETWORD question" in relayed
    assert desk.notes[-1].topic_id == 100, "into the ticket's topic"

    assert await desk.staff("Please send the STAFFWORD page", topic=100) == []
    (reply,) = desk.pushed.texts(7)
    assert "💬 Help desk (ticket #1):" in reply and "Please send the STAFFWORD page" in reply
    stored = await all_rows(app)
    assert "SECRETWORD" not in stored and "STAFFWORD" not in stored
    (ticket,) = await tickets(app)
    assert (ticket.messages_in, ticket.messages_out) == (1, 1)
    assert ticket.last_applicant_at is not None and ticket.last_staff_at is not None


async def test_back_to_the_application_and_write_again(desk: Desk, app: App) -> None:
    chat = await to_basic_data(desk)
    await chat.send("/human")
    await chat.press("🔒 No, keep them private")
    text = await chat.press("⬅ Back to my application")
    assert "Ticket #1 stays open" in text and "英文姓氏" in text
    assert "Saved: English surname = SMITH" in await chat.send("Smith"), "typed text answers the dialog again"
    await desk.staff("Are you there?", topic=100)
    reply = desk.pushed.outcomes[-1][1].replies[0]
    assert [b.label.msgid for b in reply.button_list()] == ["↩ Write to the help desk"]
    chat.buttons = reply.button_list()
    assert "Type your message for the help desk (ticket #1)." in await chat.press("↩ Write to the help desk")
    assert (await chat.send("Yes, here")).startswith("✓ Sent to the help desk.")


async def test_cancel_stops_talking_to_the_help_desk(desk: Desk) -> None:
    chat = await to_basic_data(desk)
    await chat.send("/human")
    await chat.press("🔒 No, keep them private")
    text = await chat.send("/cancel")
    assert "Your messages no longer go to the help desk; ticket #1 stays open." in text
    assert "What would you like to do?" in text


async def test_staff_close_ends_the_ticket_and_tells_the_applicant(desk: Desk, app: App) -> None:
    chat = await to_basic_data(desk)
    await chat.send("/human")
    await chat.press("🔒 No, keep them private")
    await desk.staff("/close", topic=100)
    (ticket,) = await tickets(app)
    assert ticket.status == "closed" and ticket.closed_at is not None and not ticket.relaying
    assert "✅ The help desk closed ticket #1." in desk.pushed.texts(7)[-1]
    closing = desk.notes[-1]
    assert isinstance(closing, TopicNote) and closing.topic_action is TopicAction.CLOSE
    assert "✅ Ticket #1 closed by Mei." in desk.note_texts()[-1]
    assert "Saved: English surname = SMITH" in await chat.send("Smith")
    assert "Ticket #1 is closed" in (await desk.staff("One more thing", topic=100))[0]
    # a new ticket reuses the applicant's topic, reopened
    await chat.send("/human")
    await chat.press("✅ Yes, share my answers")
    reopened = desk.notes[-1]
    assert isinstance(reopened, TopicNote) and reopened.topic_action is TopicAction.REOPEN
    assert reopened.topic_id == 100 and "🆕 Ticket #2" in desk.note_texts()[-1]


async def test_close_button_and_numbered_commands(desk: Desk, app: App) -> None:
    chat = desk.chat()
    await chat.send("/start lang_en")
    await chat.send("/human")
    close = desk.notes[0].buttons[0][0]
    assert await desk.staff_press(close.data, user_id=12345) == ["Sorry, this command is for the help-desk staff only."]
    assert (await tickets(app))[0].status == "open"
    assert await desk.staff("/reply 1 Hello there") == []
    assert "Hello there" in desk.pushed.texts(7)[-1]
    await desk.staff_press(close.data)
    assert (await tickets(app))[0].status == "closed"
    assert await desk.staff("/close 1") == ["Ticket #1 is already closed."]


async def test_only_staff_answer_applicants(desk: Desk) -> None:
    chat = desk.chat()
    await chat.send("/start lang_en")
    await chat.send("/human")
    replies = await desk.staff("I am not staff", topic=100, user_id=4242)
    assert replies == ["Not sent: only help-desk staff (STAFF_IDS) can answer applicants."]
    assert desk.pushed.outcomes == []
    assert await desk.staff("chatting among ourselves") == [], "the General topic is the staff's own"


async def test_outside_working_hours_the_applicant_is_told_when_staff_are_back(desk: Desk) -> None:
    desk.configure(clock=lambda: WEEKEND)
    chat = desk.chat()
    await chat.send("/start lang_en")
    text = await chat.send("/human")
    assert "The help desk is closed now. Staff are back on Monday 2026-11-23 10:00 (Taiwan time" in text
    assert "Mon–Fri 10:00–18:00" in text
    assert "Staff are back on Monday" in await chat.send("hello?")
    zh = desk.chat(8, "zh-hant")
    await zh.send("/start lang_zh_TW")
    assert "星期一 2026-11-23 10:00" in await zh.send("/human")


async def test_a_failed_delivery_is_reported_to_staff(desk: Desk) -> None:
    chat = desk.chat()
    await chat.send("/start lang_en")
    await chat.send("/human")
    desk.pushed.fail = True
    await desk.staff("Hello?", topic=100)
    assert "could not be delivered to the applicant" in desk.note_texts()[-1]


async def test_delete_erases_tickets_questions_and_keys_and_the_topic(desk: Desk, app: App) -> None:
    chat = await to_basic_data(desk)
    await chat.send("who won the world cup?")  # an unanswered question and a refused field
    await chat.send("/human")
    await chat.press("🔒 No, keep them private")
    await chat.send("/delete")
    text = await chat.press("🗑 Yes, delete everything")
    assert "everything about you is deleted" in text
    note = desk.notes[-1]
    assert isinstance(note, TopicNote) and note.topic_action is TopicAction.DELETE and note.topic_id == 100
    assert "erased their data with /delete" in desk.note_texts()[-1]
    async with app.db.transaction() as session:
        for model in (Ticket, FaqAsk, RejectedField):
            assert (await session.execute(select(func.count()).select_from(model))).scalar_one() == 0
        assert await session.get(User, 7) is None


async def test_a_staff_member_opening_the_bot_privately_is_an_ordinary_user(desk: Desk) -> None:
    chat = desk.chat(STAFF)
    text = await chat.send("/start lang_en")
    assert "What would you like to do?" in text

""""Did this help?", suggestions, and what is kept of an unanswered question (redacted, sealed)."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import App
from bot.engine.events import Button
from bot.engine.state import Action, ButtonData
from bot.helpdesk.questions import redact
from bot.i18n import verbatim
from storage.models import FaqAsk
from tests.helpdesk.conftest import Desk


async def asks(app: App) -> list[FaqAsk]:
    async with app.db.transaction() as session:
        return list((await session.execute(select(FaqAsk).order_by(FaqAsk.id))).scalars())


async def test_thumbs_up_and_down_are_recorded_with_the_entry(desk: Desk, app: App) -> None:
    chat = desk.chat()
    await chat.send("/start lang_en")
    await chat.send("how long does it take")
    assert "Thank you for telling me." in await chat.press("👍 Yes")
    await chat.send("can i apply on visa free entry")
    text = await chat.press("👎 No")
    assert "Sorry it did not help." in text and chat.labels()[-1] == "💬 Ask a person"
    recorded = await asks(app)
    assert [(a.outcome, a.entry_id, a.helpful) for a in recorded] == [
        ("answered", "processing-time", True), ("answered", "visa-exempt-entry", False)]
    assert all(a.question_sealed is None for a in recorded), "answered questions are not kept"


async def test_thumbs_down_offers_the_runner_ups_then_a_person(desk: Desk, app: App) -> None:
    from bot.faq.cards import answer_card
    from bot.faq.search import search

    hits = search("can i apply on visa free entry")
    runner_ups = [answer_card(hit.entry, "en").short_title() for hit in hits[1:3]]
    assert hits[0].strong and runner_ups
    chat = desk.chat()
    await chat.send("/start lang_en")
    await chat.send("can i apply on visa free entry")
    text = await chat.press("👎 No")
    assert "Perhaps one of these answers fits" in text
    assert chat.labels() == [*runner_ups, "💬 Ask a person"]
    card = await chat.press(runner_ups[0])
    assert hits[1].entry.answer_en[:40] in card


async def test_feedback_buttons_stay_valid_on_old_messages(desk: Desk, app: App) -> None:
    chat = desk.chat()
    await chat.send("/start lang_en")
    await chat.send("how long does it take")
    thumbs_up = chat.find("👍 Yes")
    await chat.press("▶ Start: Opening questions")  # the conversation moves on
    assert "Thank you for telling me." in await chat.press_button(thumbs_up)
    assert (await asks(app))[0].helpful is True


async def test_near_misses_become_buttons_then_a_card(desk: Desk, app: App) -> None:
    chat = desk.chat()
    await chat.send("/start lang_en")
    text = await chat.send("what is the fee?")
    assert "These answers may fit your question; tap one:" in text
    labels = chat.labels()
    assert len(labels) >= 3 and "💬 Ask a person" in labels
    card = await chat.press(labels[0])
    assert "Sources:" in card and "Did this answer help?" in card
    await chat.press("👍 Yes")
    (ask,) = await asks(app)
    assert ask.outcome == "suggested" and ask.entry_id and ask.helpful is True


async def test_unanswered_questions_are_kept_redacted_and_sealed(desk: Desk, app: App) -> None:
    chat = desk.chat()
    await chat.send("/start lang_en")
    await chat.send("who won the world cup?")
    await chat.send("can Zyxwvut Smith win the world cup?")
    await chat.send("call me at 0912345678 about the world cup?")
    recorded = await asks(app)
    assert [a.outcome for a in recorded] == ["unanswered"] * 3
    assert recorded[2].question_sealed is None, "a question with digits is not kept at all"
    async with app.db.engine.connect() as connection:
        raw = repr((await connection.exec_driver_sql("select * from faq_asks")).all())
    assert "world cup" not in raw and "Zyxwvut" not in raw, "sealed at rest"
    assert redact("can Zyxwvut Smith win the world cup?") == "can … win the world cup?"


async def test_someone_elses_question_cannot_be_rated(desk: Desk, app: App) -> None:
    owner = desk.chat(7)
    await owner.send("/start lang_en")
    await owner.send("how long does it take")
    (ask,) = await asks(app)
    other = desk.chat(8)
    await other.send("/start lang_en")
    await other.press_button(Button(verbatim("👎"), ButtonData("h", Action.FEEDBACK, f"{ask.id}:n").encode()))
    assert (await asks(app))[0].helpful is None


async def test_without_a_staff_group_the_gold_card_office_is_offered(desk: Desk) -> None:
    desk.configure(staff_chat_id=None)
    chat = desk.chat()
    await chat.send("/start lang_en")
    text = await chat.send("who won the world cup?")
    assert "The Gold Card Office can answer it" in text
    assert chat.labels()[0] == "☎️ Contact the Gold Card Office"
    card = await chat.press("☎️ Contact the Gold Card Office")
    assert "How do I contact the Gold Card Office?" in card
    text = await chat.send("/human")
    assert "A person cannot be reached through this bot." in text


async def test_an_out_of_scope_question_gets_not_my_area_and_the_offices_contacts(desk: Desk, app: App) -> None:
    chat = desk.chat()
    await chat.send("/start lang_en")
    text = await chat.send("台灣駕照怎麼換？")
    assert "not my area" in text or "不是我" in text
    assert chat.labels()[0] in ("☎️ Contact the Gold Card Office", "☎️ 聯絡就業金卡辦公室")
    card = await chat.press(chat.labels()[0])
    assert "+886" in card
    (ask,) = await asks(app)
    assert ask.outcome == "off_topic" and ask.question_sealed is None, "an off-topic question is not kept"

"""Questions answered at any point without losing the place; real answers never taken for questions."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from bot.app import App
from bot.engine.engine import Engine
from bot.engine.flow import Flow, InputKind, Question
from bot.forms.result import Accepted, Rejected, RuleContext
from bot.helpdesk.config import attach
from bot.helpdesk.questions import looks_like_question
from bot.i18n import _
from storage.models import FaqAsk, RejectedField
from tests.dialogs.test_application import ABROAD_EN, draft_sections, play
from tests.helpdesk.conftest import Desk

TO_BASIC_DATA = ["Start: Opening questions", "I agree", "No", "Foreign national (not a US national)",
                 "No, I apply from abroad", "No", "✅ All correct, confirm", "☑ I have read it and agree", "Today",
                 "✅ I agree"]


async def to_basic_data(desk: Desk, user_id: int = 7) -> object:
    chat = desk.chat(user_id)
    await chat.send("/start lang_en")
    for label in TO_BASIC_DATA:
        await chat.press(label)
    return chat


async def test_a_question_in_the_menu_gets_its_answer_card_then_the_menu(desk: Desk) -> None:
    chat = desk.chat()
    await chat.send("/start lang_en")
    text = await chat.send("how long does it take")
    assert "How long does the application take?" in text and "Sources:" in text and "Last verified:" in text
    assert "Did this answer help?" in text
    assert text.rstrip().endswith("What would you like to do?"), "the menu comes back"
    assert {"👍 Yes", "👎 No"} <= set(chat.labels())


async def test_small_talk_in_the_menu_is_left_to_the_dialog(desk: Desk) -> None:
    chat = desk.chat()
    await chat.send("/start lang_en")
    text = await chat.send("hello")
    assert "I did not understand that" in text


async def test_a_question_during_a_closed_question_keeps_the_place(desk: Desk, app: App) -> None:
    chat = desk.chat()
    await chat.send("/start lang_en")
    await chat.press("Start: Opening questions")
    await chat.press("I agree")
    text = await chat.send("What is the Employment Gold Card?")
    assert "4-in-1 card" in text
    assert text.rstrip().split("---")[-1].count("是否現在或曾經持有就業金卡") == 1, "the same question again"
    text = await chat.press("No")
    assert "您的國籍或身分" in text
    sections = await draft_sections(app, 7)
    assert sections["opening"]["held_gold_card"] is False


async def test_a_question_the_rule_refuses_is_answered_and_the_question_asked_again(desk: Desk, app: App) -> None:
    chat = await to_basic_data(desk)
    text = await chat.send("how do I write my surname?")
    assert "How do I enter my English name?" in text
    assert text.rstrip().endswith("As in the passport you use to enter Taiwan; type a hyphen as a space.")
    assert "english_surname" not in (await draft_sections(app, 7)).get("basic_data", {})


async def test_nothing_found_offers_a_person_and_the_dialog_still_explains(desk: Desk) -> None:
    chat = await to_basic_data(desk)
    text = await chat.send("who won the world cup?")
    assert "I have no answer to that in my knowledge base." in text
    assert "Only letters and spaces, please" in text, "the rule's fix-it message follows"
    assert "💬 Ask a person" in chat.labels()


async def test_an_answer_the_rule_accepts_is_never_taken_for_a_question(desk: Desk, app: App) -> None:
    chat = await to_basic_data(desk)
    for typed in ("Smith", "John"):
        await chat.send(typed)
    await chat.press("Skip")
    await chat.send("1990-07-30")
    await chat.press("Male")
    # the address question accepts free text, so even a question-looking answer is the answer
    text = ""
    for typed in ("Germany", "IT professional"):
        text = await chat.send(typed)
    assert "最高學歷" in text
    await chat.press("Master's degree")
    await chat.press("Single")
    await chat.send("john@example.de")
    text = await chat.send("Germany")
    assert "申請人母國地址" in text
    assert looks_like_question("Where is Berlin Str. 1?")
    text = await chat.send("Where is Berlin Str. 1?")
    assert "Saved:" in text and "Did this answer help?" not in text
    sections = await draft_sections(app, 7)
    assert sections["basic_data"]["home_country_address"] == "Where is Berlin Str. 1?"


async def test_the_whole_application_plays_the_same_with_the_help_desk_on(desk: Desk, app: App) -> None:
    """Every typed answer of the full conversation still reaches the dialog."""
    chat = desk.chat()
    await chat.send("/start lang_en")
    await play(chat, ABROAD_EN)
    async with app.db.transaction() as session:
        asks = (await session.execute(select(FaqAsk))).scalars().all()
    assert asks == [], "no typed answer was answered from the FAQ"


PASSWORD = Flow(name="pw", title=_("Opening questions"), questions=(
    Question("password_idea", _("Do you hold an Employment Gold Card now, or have you ever held one?"),
             InputKind.TEXT, label_zh="密碼", ephemeral=True,
             rule=lambda raw, ctx: Accepted(True) if len(raw) >= 40 else Rejected(_("Too short."))),
))


async def test_a_password_question_is_never_intercepted(app: App, desk: Desk) -> None:
    engine = Engine(app.db, app.engine.sealer, {"pw": PASSWORD}, today=lambda: date(2026, 11, 21),
                    services=app.engine.services)
    attach(engine.services, desk.config)
    chat = desk.chat()
    chat.engine = engine
    await chat.send("/start lang_en")
    await chat.send("/start pw")
    text = await chat.send("what is a good password?")
    assert "Too short." in text and "Did this answer help?" not in text
    async with app.db.transaction() as session:
        assert (await session.execute(select(FaqAsk))).scalars().all() == []
        assert (await session.get(RejectedField, 7)) is None, "not even the key of a password question"


async def test_ask_command_answers_anywhere_and_returns_to_the_question(desk: Desk) -> None:
    chat = await to_basic_data(desk)
    text = await chat.send("/ask 補件要多久內")
    assert "補正" in text or "補件" in text
    assert text.rstrip().endswith("As in the passport you use to enter Taiwan; type a hyphen as a space.")
    assert "Type your question after /ask" in await chat.send("/ask")


async def test_refused_answers_leave_only_their_field_key(desk: Desk, app: App) -> None:
    chat = await to_basic_data(desk)
    await chat.send("Smith")
    await chat.send("John")
    await chat.press("Skip")
    await chat.send("31/02/1990 SENTINEL")
    async with app.db.transaction() as session:
        row = await session.get(RejectedField, 7)
    assert row is not None and row.keys == ["basic_data:date_of_birth"]
    async with app.db.engine.connect() as connection:
        raw = await connection.exec_driver_sql("select * from rejected_fields")
        assert "SENTINEL" not in repr(raw.all())


@pytest.mark.parametrize(("text", "question"), [
    ("how long does it take", True), ("can i apply on visa free entry", True), ("費用多少", True),
    ("補件要多久內", True), ("可以線上申請嗎", True), ("Is it free?", True), ("請問", True),
    ("Smith", False), ("1990-07-30", False), ("Berlin", False), ("王小明", False), ("yes", False),
    ("Software engineer", False), ("Can", False), ("", False),
])
def test_what_looks_like_a_question(text: str, question: bool) -> None:
    assert looks_like_question(text) is question


def test_rule_context_is_the_dialogs_own() -> None:
    """The interception checks an answer with the same RuleContext fields the dialog uses."""
    assert set(RuleContext.__dataclass_fields__) >= {"today", "answers", "locale"}

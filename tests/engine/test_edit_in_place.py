"""Edit in place at the engine, without a door: an applied press asks for its message to be edited (the answer
written under it, buttons gone), an outdated press gets only a toast; a suggestion tapped at the occupation list
is written as the option's label; a card's button that leads to one card replaces the pressed message with it."""

from __future__ import annotations

import dataclasses

from bot.app import App
from bot.engine.edit_in_place import replace_card
from bot.engine.events import Attachment, Button, Event, EventKind, MessageEdit, Outcome, Reply
from bot.engine.state import ButtonData
from bot.i18n import PLAIN, render, verbatim
from tests.dialogs.test_occupation import at_occupation
from tests.harness import Chat


async def press(chat: Chat, button: Button, message_id: int) -> Outcome:
    event = Event(chat.user_id, EventKind.BUTTON, update_key=chat._key(), button=button.data,
                  language_code=chat.language_code, source_message_id=message_id)
    outcome = await chat.engine.handle(event)
    await chat.engine.mark_delivered(outcome.delivery_key)
    chat.read(outcome)
    return outcome


async def test_an_applied_press_edits_its_message_and_an_old_one_gets_a_toast(app: App) -> None:
    chat = Chat(app.engine, 95)
    await chat.send("/start lang_en")
    await chat.press("Start: Opening questions")
    agree = chat.find("I agree")
    outcome = await press(chat, agree, 1001)
    assert outcome.edit is not None and outcome.edit.message_id == 1001
    assert outcome.edit.mark is not None and render(outcome.edit.mark, "en", PLAIN) == "✓ I agree"
    assert outcome.toast is None and outcome.replies  # the next question
    outcome = await press(chat, agree, 1001)  # the same, outdated, button again
    assert outcome.toast is not None and "earlier message" in render(outcome.toast, "en", PLAIN)
    assert not outcome.replies and outcome.edit is None


async def test_a_tapped_suggestion_is_written_as_the_options_label(app: App) -> None:
    chat, _prompt = await at_occupation(app, 96)
    await chat.send("software engineer")
    outcome = await press(chat, chat.find("資訊人員 IT professional"), 2002)
    assert outcome.edit is not None and outcome.edit.mark is not None
    assert render(outcome.edit.mark, "en", PLAIN) == "✓ IT professional"


async def test_a_card_press_leading_to_a_card_replaces_the_pressed_message(app: App) -> None:
    chat = Chat(app.engine, 97)
    await chat.send("/start lang_en")
    assert all(ButtonData.parse(button.data).card for button in chat.buttons)  # type: ignore[union-attr]
    outcome = await press(chat, chat.find("🗂 Before and after applying"), 3003)
    assert not outcome.replies and outcome.edit is not None and outcome.edit.message_id == 3003
    card = outcome.edit.replace_with
    assert card is not None and card.card and outcome.edit.mark is None
    assert "⬅ Main menu" in chat.labels()
    outcome = await press(chat, chat.find("⬅ Main menu"), 3003)  # and back: the menu in the same message
    assert not outcome.replies and outcome.edit is not None and outcome.edit.replace_with is not None
    assert "What would you like to do?" in chat.transcript[-1]


async def test_a_card_press_leading_to_a_question_sends_it(app: App) -> None:
    chat = Chat(app.engine, 98)
    await chat.send("/start lang_en")
    outcome = await press(chat, chat.find("Start: Opening questions"), 4004)
    assert outcome.replies and not outcome.replies[0].card  # the question, a new message
    assert outcome.edit is not None and outcome.edit.replace_with is None and outcome.edit.mark is None
    # a question's button is not a card's: the next card is sent, never written over the question
    assert not any(ButtonData.parse(button.data).card for button in chat.buttons)  # type: ignore[union-attr]


async def test_replace_card_needs_a_card_pressed_one_card_and_no_files() -> None:
    menu = Reply((verbatim("menu"),), card=True)
    on_card = Event(1, EventKind.BUTTON, button=ButtonData("1", "menu", card=True).encode(), source_message_id=7)
    on_question = dataclasses.replace(on_card, button=ButtonData("1", "menu").encode())
    replaced = replace_card(Outcome("en", (menu,)), on_card)
    assert replaced.replies == () and replaced.edit == MessageEdit(7, replace_with=menu)
    for outcome, press_event in ((Outcome("en", (menu,)), on_question),  # pressed on a question
                                 (Outcome("en", (Reply.of(verbatim("question")),)), on_card),  # leads to no card
                                 (Outcome("en", (menu, menu)), on_card),  # several messages
                                 (Outcome("en", (Reply((verbatim("f"),), card=True, attachments=(
                                     Attachment(b"x", "a.pdf", "application/pdf"),)),)), on_card),  # a file
                                 (Outcome("en", (menu,)), dataclasses.replace(on_card, source_message_id=None))):
        assert replace_card(outcome, press_event) == outcome



async def test_the_language_picker_takes_the_menus_place_and_gives_it_back(app: App) -> None:
    chat = Chat(app.engine, 99)
    await chat.send("/start lang_en")
    outcome = await press(chat, chat.find("🌐 Language"), 5005)
    assert not outcome.replies and outcome.edit is not None and outcome.edit.replace_with is not None
    assert chat.labels() == ["English", "繁體中文"]
    outcome = await press(chat, chat.find("繁體中文"), 5005)
    assert not outcome.replies and outcome.edit is not None and outcome.edit.replace_with is not None
    assert "語言已設定為繁體中文。" in chat.transcript[-1] and "您想要做什麼？" in chat.transcript[-1]  # the menu again
    await chat.send("/language")  # typed: a new message, never written over another
    assert chat.labels() == ["English", "繁體中文"]
    assert not any(ButtonData.parse(button.data).card for button in chat.buttons)  # type: ignore[union-attr]

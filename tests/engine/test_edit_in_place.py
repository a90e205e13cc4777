"""Edit in place at the engine, without a door: an applied press asks for its message to be edited (the answer
written under it, buttons gone), an outdated press gets only a toast; a suggestion tapped at the occupation list
is written as the option's label."""

from __future__ import annotations

from bot.app import App
from bot.engine.events import Button, Event, EventKind, Outcome
from bot.i18n import PLAIN, render
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

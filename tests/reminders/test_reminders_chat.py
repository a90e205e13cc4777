"""/reminders in the chat: the list, cancelling by button, never another user's reminder."""

from __future__ import annotations

from datetime import timedelta

from bot.app import App
from bot.reminders.book import ReminderBook
from bot.reminders.dispatcher import cancel_button
from bot.reminders.kinds import ReminderKind
from storage.repositories import Store
from tests.conftest import TODAY
from tests.harness import Chat


async def test_list_and_cancel_reminders(app: App) -> None:
    chat = Chat(app.engine, 7)
    assert "You have no reminders" in await chat.send("/reminders")
    async with app.db.transaction() as session:
        user = await Store(session, app.engine.sealer).lock_user(7)
        created = await ReminderBook(session, app.engine.sealer).schedule(
            user, ReminderKind.SUPPLEMENT_DEADLINE, TODAY + timedelta(days=30), today=TODAY)
    text = await chat.send("/reminders")
    assert "Supplement deadline (補正)" in text and (TODAY + timedelta(days=23)).isoformat() in text
    assert len(chat.buttons) == 2
    stranger = Chat(app.engine, 8)
    assert "already sent or cancelled" in await stranger.press_button(cancel_button(created[0].id))
    assert "Reminder cancelled" in await chat.press_button(chat.buttons[0])
    assert "already sent or cancelled" in await chat.press_button(cancel_button(created[0].id))
    text = await chat.send("/reminders")
    assert len(chat.buttons) == 1 and (TODAY + timedelta(days=29)).isoformat() in text

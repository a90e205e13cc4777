"""Helpers for the flows' tests: console conversations, stored answers, pending reminders, the anchor of a
reminder, and a button's label in the user's language."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from bot.app import App
from bot.console import ConsoleDoor
from bot.i18n import Msg, render
from bot.reminders.book import ReminderBook, reminder_local_date
from storage.repositories import Store


async def run_console(app: App, lines: list[str], lang: str, user: int) -> str:
    """A whole conversation through the console door (each line a message; a button's number or label
    presses it); the output as the user saw it."""
    out = io.StringIO()
    door = ConsoleDoor(app.engine, user, lang=lang, stdin=io.StringIO("\n".join(lines) + "\n"), stdout=out)
    await door.run()
    return out.getvalue()


async def sections(app: App, user: int) -> dict[str, Any]:
    async with app.db.transaction() as session:
        store = Store(session, app.engine.sealer)
        return store.answers((await store.drafts_of(user))[0])


async def reminders(app: App, user: int) -> list[tuple[str, date, date]]:
    """The user's pending reminders: (kind, local day it is sent, anchor date)."""
    async with app.db.transaction() as session:
        store = Store(session, app.engine.sealer)
        owner = await store.lock_user(user)
        book = ReminderBook(session, app.engine.sealer)
        return [(r.kind, reminder_local_date(owner, r), book.anchor(r)) for r in await book.pending(user)]


def zh(msgid: str, **params: object) -> str:
    """An English text as a zh_TW reader sees it."""
    return render(Msg(msgid, params), "zh_TW")

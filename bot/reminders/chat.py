"""Reminders in the chat, a feature registered in ``bot/features.py``: /reminders lists the pending ones
with a Cancel button each; a Cancel press (on any message, the reminder's own included) acts on the
presser's reminders only."""

from __future__ import annotations

from collections.abc import Mapping

from bot.engine.core import CommandHandler, Feature, TurnCore
from bot.engine.events import Button
from bot.engine.state import Action, ButtonData
from bot.i18n import _
from bot.reminders.book import ReminderBook, reminder_local_date
from bot.reminders.dispatcher import cancel_button
from bot.reminders.kinds import SPECS, ReminderKind


class Reminders(Feature):
    def commands(self) -> Mapping[str, CommandHandler]:
        return {"reminders": list_reminders}

    async def on_press(self, turn: TurnCore, data: ButtonData) -> bool:
        if data.action != Action.CANCEL_REMINDER:
            return False
        await cancel_reminder(turn, data.arg)
        return True


async def list_reminders(turn: TurnCore, _args: str) -> None:
    book = ReminderBook(turn.store.session, turn.store.sealer)
    pending = await book.pending(turn.user.id)
    if not pending:
        turn.say(_("You have no reminders. I set them up when you give me a deadline, for example the "
                   "date of a supplement notice or of moving house."))
        return
    lines = [_("• {date}: {title}", date=reminder_local_date(turn.user, r), title=SPECS[ReminderKind(r.kind)].title)
             for r in pending]
    turn.say(_("Your reminders (sent at 10:00, your local time):"), *lines,
             buttons=tuple((Button(_("Cancel: {date} {title}", date=reminder_local_date(turn.user, r),
                                     title=SPECS[ReminderKind(r.kind)].title), cancel_button(r.id).data),)
                           for r in pending), card=True)


async def cancel_reminder(turn: TurnCore, reminder_id: str) -> None:
    book = ReminderBook(turn.store.session, turn.store.sealer)
    siblings = reminder_id.endswith("*")
    if await book.cancel(turn.user.id, reminder_id.rstrip("*"), with_siblings=siblings):
        turn.say(_("Reminder cancelled."))
    else:
        turn.say(_("That reminder was already sent or cancelled."))

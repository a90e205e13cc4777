"""Personal data, the user's way (a feature plugged into the engine: :class:`Privacy`): /privacy shows the
notice (:mod:`bot.engine.consent`) again, /mydata what is stored, /delete erases the user and everything that
hangs on them after a confirmation.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from bot.engine.consent import notice, show_notice
from bot.engine.core import ActionHandler, CommandHandler, Feature, TurnCore
from bot.engine.effects import DeleteOwnerFiles
from bot.engine.state import Action, ButtonData
from bot.i18n import LANGUAGE_NAMES, Msg, _
from bot.reminders.book import ReminderBook


class Privacy(Feature):
    """/privacy, /mydata, /delete and the deletion's confirmation button."""

    def commands(self) -> Mapping[str, CommandHandler]:
        return {"privacy": show_privacy, "mydata": my_data, "delete": ask_delete}

    def actions(self) -> Mapping[str, ActionHandler]:
        return {Action.DELETE: on_delete}


async def on_delete(turn: TurnCore, data: ButtonData) -> bool:
    if data.arg == "yes":
        await delete_everything(turn)
    else:
        turn.say(_("Nothing was deleted."))
        await turn.prompt_current()
    return True

async def show_privacy(turn: TurnCore, _args: str = "") -> None:
    parts = notice(turn)
    if turn.user.consent_at is not None:
        turn.say(*parts, _("You agreed on {date}.", date=turn.user.consent_at.date()))
        return
    await show_notice(turn, None)


async def my_data(turn: TurnCore, _args: str = "") -> None:
    drafts = await turn.store.drafts_of(turn.user.id)
    lines: list[Msg] = [_("What I store about you:")]
    for draft in drafts:
        sections = turn.store.answers(draft)
        count = sum(len([k for k in section if not str(k).startswith("_")])
                    for section in sections.values() if isinstance(section, dict))
        updated = draft.updated_at.date()
        lines.append(_("• Draft «{label}»: {count} answers, last changed {updated}, deleted after {until} unless "
                       "used again.", label=turn.store.label(draft), count=count, updated=updated,
                       until=updated + timedelta(days=turn.options.retention_days)))
    reminders = await ReminderBook(turn.store.session, turn.store.sealer).pending(turn.user.id)
    lines.append(_("• Reminders waiting: {count}", count=len(reminders)))
    lines.append(_("• Language: {language}; privacy notice accepted: {consent}", language=LANGUAGE_NAMES[turn.locale],
                   consent=turn.user.consent_at.date() if turn.user.consent_at else _("no")))
    lines.append(_("Send /delete to erase all of it."))
    turn.say(*lines)


async def ask_delete(turn: TurnCore, _args: str = "") -> None:
    turn.say(_("This erases everything I store about you: every draft and answer, uploaded files, exports, "
               "reminders and help-desk conversations. It cannot be undone."),
             buttons=((turn.button(_("🗑 Yes, delete everything"), Action.DELETE, "yes"),),
                      (turn.button(_("Keep my data"), Action.DELETE, "no"),)))


async def delete_everything(turn: TurnCore) -> None:
    await turn.store.delete_user(turn.user.id)
    turn.effects.append(DeleteOwnerFiles(turn.user.id))  # the files go once the erasure is committed
    turn.deleted = True
    turn.say(_("Done: everything about you is deleted. If you send /start, we begin afresh."))

"""Personal data, the user's way: the notice and consent before the first personal question
(Taiwan's Personal Data Protection Act art. 8; GDPR alike), /privacy, /mydata and /delete.

The notice says who collects, for what, which data, how long, who receives it, the user's rights and
what happens if they decline. Consent is recorded with the notice version; /delete erases the user and
everything that hangs on them after a confirmation.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from bot.engine.effects import DeleteOwnerFiles
from bot.engine.state import Action, Step
from bot.i18n import LANGUAGE_NAMES, Msg, _
from storage.models import utcnow

if TYPE_CHECKING:
    from bot.engine.turn import Turn

NOTICE_VERSION = "2026-11-21"


def notice(turn: Turn) -> tuple[Msg, ...]:
    return (
        _("🔒 Before I ask for personal data: how I handle it"),
        _("Who: {operator}, the operator of this bot. It is not the National Immigration Agency: nothing is "
          "sent to the government; you copy your draft into the platform yourself.", operator=turn.options.operator),
        _("What and why: the answers you give (names, passport and birth data, contact details, addresses, "
          "your qualifications) and the documents you upload, only to prepare your Gold Card application, "
          "check it, export it and remind you of your deadlines."),
        _("How long: until you delete it. A draft untouched for {days} days is deleted; I warn you a week "
          "before. Stored data is encrypted.", days=turn.options.retention_days),
        _("Who sees it: nobody else. When you ask for a person, help-desk staff see a summary without your "
          "passport number or other personal details unless you agree to share them."),
        _("Your rights: /mydata shows what is stored, any answer can be changed, /delete erases everything at "
          "any time. If you decline, nothing personal is stored; you can still use the opening questions and "
          "ask questions."),
    )


async def show_notice(turn: Turn, then_flow: str | None) -> None:
    turn.conv.step = Step.CONSENT
    if then_flow:
        turn.conv.flow = then_flow
    turn.new_prompt()
    turn.say(*notice(turn), buttons=(
        (turn.button(_("✅ I agree"), Action.CONSENT, "yes"),),
        (turn.button(_("No, thanks"), Action.CONSENT, "no"),),
    ))


async def answer_consent(turn: Turn, agree: bool) -> None:
    if agree:
        turn.user.consent_at = utcnow()
        turn.user.consent_version = NOTICE_VERSION
        turn.say(_("Thank you. You can read this again with /privacy."))
        flow = turn.current_flow()
        if flow is not None:
            await turn.open_flow(flow)
        else:
            await turn.show_menu()
        return
    turn.say(_("Understood: I will not ask for personal data. You can still go through the opening questions "
               "and ask me anything. If you change your mind, send /privacy."))
    await turn.show_menu()


async def show_privacy(turn: Turn) -> None:
    parts = notice(turn)
    if turn.user.consent_at is not None:
        turn.say(*parts, _("You agreed on {date}.", date=turn.user.consent_at.date()))
        return
    await show_notice(turn, None)


async def my_data(turn: Turn) -> None:
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
    from bot.reminders.book import ReminderBook  # local import: reminders import the engine's state

    reminders = await ReminderBook(turn.store.session, turn.store.sealer).pending(turn.user.id)
    lines.append(_("• Reminders waiting: {count}", count=len(reminders)))
    lines.append(_("• Language: {language}; privacy notice accepted: {consent}", language=LANGUAGE_NAMES[turn.locale],
                   consent=turn.user.consent_at.date() if turn.user.consent_at else _("no")))
    lines.append(_("Send /delete to erase all of it."))
    turn.say(*lines)


async def ask_delete(turn: Turn) -> None:
    turn.say(_("This erases everything I store about you: every draft and answer, uploaded files, exports, "
               "reminders and help-desk conversations. It cannot be undone."),
             buttons=((turn.button(_("🗑 Yes, delete everything"), Action.DELETE, "yes"),),
                      (turn.button(_("Keep my data"), Action.DELETE, "no"),)))


async def delete_everything(turn: Turn) -> None:
    await turn.store.delete_user(turn.user.id)
    turn.effects.append(DeleteOwnerFiles(turn.user.id))  # the files go once the erasure is committed
    turn.deleted = True
    turn.say(_("Done: everything about you is deleted. If you send /start, we begin afresh."))

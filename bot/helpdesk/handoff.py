"""The applicant's side of a ticket: asking for a person, agreeing (or not) to share the draft's answers,
talking to staff, going back to the application, and what /delete does to tickets.

While a ticket is open and the applicant is "talking" (``Ticket.relaying``), everything they type goes to
the staff group (the ticket's forum topic) and nothing of it is stored; "⬅ Back to my application" (or
/cancel) sends typed text to the dialog again, the ticket staying open until staff close it. Staff replies
reach the applicant either way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.engine.core import TurnCore
from bot.engine.events import Button
from bot.engine.state import Action, Step
from bot.helpdesk.answers import Verdict, book_of, judge, person_button
from bot.helpdesk.common import desk_button, parse_int, topic_title
from bot.helpdesk.config import desk_of
from bot.helpdesk.events import TopicAction, TopicNote
from bot.helpdesk.hours import format_moment
from bot.helpdesk.moderation import is_muted, tell_muted
from bot.helpdesk.summary import has_draft, ticket_summary
from bot.i18n import Msg, _, verbatim
from storage.models import Ticket, utcnow

if TYPE_CHECKING:
    from bot.engine.events import Event


def back_button() -> tuple[tuple[Button, ...], ...]:
    return ((desk_button(_("⬅ Back to my application"), Action.DESK_BACK),),)


def hours_note(turn: TurnCore) -> Msg:
    """Whether staff are in now, or when they are back (Taiwan time, and the applicant's own when different)."""
    desk = desk_of(turn)
    now = desk.now()
    hours = desk.hours.describe(turn.locale)
    if desk.hours.is_open(now):
        return _("The help desk is open now ({hours}, Taiwan time): a person will answer here soon.", hours=hours)
    back = desk.hours.next_opening(now)
    return _("The help desk is closed now. Staff are back on {when} (Taiwan time; hours: {hours}). Your messages "
             "wait for them.", when=format_moment(back, turn.locale), hours=hours)


async def request_person(turn: TurnCore, ask_id: int | None = None) -> None:
    """/human or "💬 Ask a person": the open ticket again, or the question of sharing, then a new ticket."""
    desk = desk_of(turn)
    if not desk.reachable:
        turn.say(_("A person cannot be reached through this bot. The Gold Card Office answers applicants "
                   "directly:"), buttons=((person_button(turn, None),),))
        return
    if await _muted(turn):
        return
    book = book_of(turn)
    ticket = await book.open_ticket_of(turn.user.id)
    if ticket is not None:
        ticket.relaying = True
        if ticket.topic_id is None:  # the first summary may never have reached the group: send it again
            await notify_staff(turn, ticket)
        turn.say(_("You are talking with the help desk (ticket #{number}). Type your message: everything you "
                   "type now goes to them.", number=ticket.id), hours_note(turn), buttons=back_button())
        return
    if not await has_draft(turn) or not await _has_answers(turn):
        await open_ticket(turn, share=False, ask_id=ask_id)
        return
    arg = f":{ask_id}" if ask_id else ""
    turn.say(_("I will pass you to a person from the help desk; they answer here, in this chat."),
             _("Staff will see your language, where you are in the application, which fields gave errors and "
               "your document checklist: not your answers."),
             _("May they also see your draft's answers (names, dates, passport number …)? It helps them help you."),
             buttons=((desk_button(_("✅ Yes, share my answers"), Action.SHARE, f"y{arg}"),),
                      (desk_button(_("🔒 No, keep them private"), Action.SHARE, f"n{arg}"),),
                      (desk_button(_("Cancel"), Action.SHARE, "x"),)))


async def _has_answers(turn: TurnCore) -> bool:
    return any(isinstance(section, dict) and any(not str(key).startswith("_") for key in section)
               for section in (await turn.sections()).values())


async def on_share(turn: TurnCore, arg: str) -> None:
    choice, _sep, ask_text = arg.partition(":")
    if choice not in ("y", "n"):
        turn.say(_("No ticket opened. Send /human when you want a person."))
        await turn.prompt_current()
        return
    await open_ticket(turn, share=choice == "y", ask_id=parse_int(ask_text))


async def open_ticket(turn: TurnCore, *, share: bool, ask_id: int | None) -> None:
    if not desk_of(turn).reachable:
        await request_person(turn, ask_id)
        return
    book = book_of(turn)
    if await book.open_ticket_of(turn.user.id) is not None:  # e.g. a second press on the sharing question
        await request_person(turn, ask_id)
        return
    ask = await book.ask_of(ask_id, turn.user.id) if ask_id else None
    ticket = await book.create_ticket(turn.user.id, turn.locale, share, ask.id if ask is not None else None)
    await notify_staff(turn, ticket)
    shared = (_("Staff will see your draft's answers.") if share else
              _("Staff will not see your answers; tell them only what you want to."))
    turn.say(_("✓ Ticket #{number} is open. Type your question here: everything you type now goes to the help "
               "desk, until they close the ticket.", number=ticket.id), shared, hours_note(turn),
             buttons=back_button())


async def notify_staff(turn: TurnCore, ticket: Ticket) -> None:
    """The ticket's summary for the staff group (its forum topic, created or reopened by the door)."""
    book = book_of(turn)
    ask = await book.ask_of(ticket.from_ask_id, turn.user.id) if ticket.from_ask_id else None
    question = book.question_of(ask) if ask is not None else None
    how = (_("Reply in this topic: every message goes to the applicant. /close when done.")
           if ticket.topic_id is not None else
           _("Reply in this ticket's topic, or with /reply {number} TEXT; /close {number} when done.",
             number=ticket.id))
    parts = await ticket_summary(turn, ticket, await book.rejected(turn.user.id), question, how)
    close = ((desk_button(_("✅ Close ticket #{number}", number=ticket.id), Action.CLOSE_TICKET, str(ticket.id)),),)
    reopen = TopicAction.REOPEN if ticket.topic_id is not None else None
    turn.staff.append(TopicNote(parts=parts, ticket_id=str(ticket.id), topic_id=ticket.topic_id,
                                open_topic_title=topic_title(ticket.id, ticket.locale), buttons=close,
                                topic_action=reopen, must_arrive=True))


async def relay_if_talking(turn: TurnCore, text: str) -> bool:
    """Typed text of an applicant talking to the help desk goes to staff (nothing of it is stored)."""
    book = book_of(turn)
    ticket = await book.open_ticket_of(turn.user.id)
    if ticket is None or not ticket.relaying:
        return False
    if Step(turn.conv.step) is Step.ASK and await judge(turn, text) is Verdict.HANDS_OFF:
        return False  # a password question is pending: whatever is typed is the dialog's, never staff's
    if not desk_of(turn).reachable:
        ticket.relaying = False
        return False
    if await _muted(turn):
        return True
    _to_staff(turn, ticket, (_("👤 Ticket #{number}, the applicant writes:", number=ticket.id), verbatim(text)))
    return True


async def _muted(turn: TurnCore) -> bool:
    """Staff muted this applicant: they are told, and nothing reaches staff."""
    if not await is_muted(turn, turn.user.id):
        return False
    tell_muted(turn)
    return True


async def relay_file_if_talking(turn: TurnCore, event: Event) -> bool:
    """A photo, screenshot or document of an applicant talking to the help desk is copied into the ticket's
    topic (copyMessage: the bot neither downloads nor stores it), with its caption."""
    if event.chat_id is None or event.message_id is None:
        return False
    ticket = await book_of(turn).open_ticket_of(turn.user.id)
    if ticket is None or not ticket.relaying or not desk_of(turn).reachable:
        return False
    if await _muted(turn):
        return True
    _to_staff(turn, ticket, (_("👤 Ticket #{number}, the applicant sends a file:", number=ticket.id),),
              copy_of=(event.chat_id, event.message_id))
    return True


async def relay_edit_if_talking(turn: TurnCore, text: str) -> bool:
    """An applicant talking to the help desk edited a message: staff see the new text, marked as an edit."""
    ticket = await book_of(turn).open_ticket_of(turn.user.id)
    if ticket is None or not ticket.relaying or not desk_of(turn).reachable or await _muted(turn):
        return False
    _to_staff(turn, ticket, (_("✏️ Ticket #{number}, the applicant edited a message; it now reads:",
                               number=ticket.id), verbatim(text)))
    return True


def _to_staff(turn: TurnCore, ticket: Ticket, parts: tuple[Msg, ...], copy_of: tuple[int, int] | None = None) -> None:
    ticket.messages_in += 1
    ticket.last_applicant_at = utcnow()
    turn.staff.append(TopicNote(parts=parts, ticket_id=str(ticket.id), topic_id=ticket.topic_id,
                                open_topic_title=topic_title(ticket.id, ticket.locale), must_arrive=True,
                                copy_of=copy_of))
    parts_out: list[Msg] = [_("✓ Sent to the help desk.")]
    if not desk_of(turn).hours.is_open(desk_of(turn).now()):
        parts_out.append(hours_note(turn))
    turn.say(*parts_out, buttons=back_button())


async def back_to_application(turn: TurnCore) -> None:
    ticket = await book_of(turn).open_ticket_of(turn.user.id)
    if ticket is not None:
        ticket.relaying = False
        turn.say(_("Back to your application: what you type now answers its questions. Ticket #{number} stays "
                   "open; the help desk's replies still arrive here.", number=ticket.id))
    await turn.prompt_current()


async def write_again(turn: TurnCore) -> None:
    ticket = await book_of(turn).open_ticket_of(turn.user.id)
    if ticket is None:
        turn.say(_("That ticket is closed. Send /human to ask a person again."))
        return
    ticket.relaying = True
    turn.say(_("Type your message for the help desk (ticket #{number}).", number=ticket.id), buttons=back_button())


async def stop_talking(turn: TurnCore) -> None:
    """/cancel while talking to the help desk: typed text goes to the dialog again (the engine then does
    its own /cancel)."""
    ticket = await book_of(turn).open_ticket_of(turn.user.id)
    if ticket is not None and ticket.relaying:
        ticket.relaying = False
        turn.say(_("Your messages no longer go to the help desk; ticket #{number} stays open.", number=ticket.id))


async def before_delete(turn: TurnCore) -> None:
    """/delete confirmed: staff are told, and the applicant's forum topic (with every relayed message) is
    deleted, before the tickets are erased with the user."""
    if not desk_of(turn).reachable:
        return
    book = book_of(turn)
    topic = await book.topic_of(turn.user.id)
    latest = await book.ticket_in_topic(topic) if topic is not None else await book.open_ticket_of(turn.user.id)
    if latest is None:
        return
    if topic is not None:
        note = _("The applicant of ticket #{number} erased their data with /delete: their topic and its messages "
                 "were deleted.", number=latest.id)
    else:
        note = _("The applicant of ticket #{number} erased their data with /delete: please delete the messages "
                 "of this ticket.", number=latest.id)
    turn.staff.append(TopicNote(parts=(note,), topic_id=topic,
                                topic_action=TopicAction.DELETE if topic is not None else None))

"""The staff's side: events from the staff group (replies in a ticket's topic, /close, buttons) and the
staff-only commands (/tickets, /stats, /close N, /reply N TEXT), refused to everyone else.

A staff reply reaches the applicant through the door's notifier *after* this turn: ``post`` when the door
has it (sent once the transaction is committed, in order with the applicant's own replies, and staff are
told in the topic when it could not be delivered), else ``push``.
"""

from __future__ import annotations

import logging

from bot.engine.core import TurnCore
from bot.engine.events import Event, EventKind, Outcome, Reply, StaffNote
from bot.engine.state import Action, ButtonData
from bot.helpdesk import moderation
from bot.helpdesk.answers import book_of
from bot.helpdesk.common import desk_button, parse_int, topic_title, user_locale
from bot.helpdesk.config import desk_of
from bot.helpdesk.events import CopiedReply, StaffEvent, TopicAction, TopicNote, TopicOpened
from bot.helpdesk.records import OPEN
from bot.helpdesk.stats import stats_parts, tickets_parts
from bot.i18n import Msg, _, verbatim
from storage.models import Ticket, User, utcnow

_log = logging.getLogger(__name__)
STAFF_COMMANDS = ("tickets", "stats", "close", "reply", "mute", "unmute", "unanswered")
STAFF_ONLY = _("Sorry, this command is for the help-desk staff only.")


async def staff_event(turn: TurnCore, event: Event) -> bool:
    """Events from the staff group (and the door's TopicOpened): handled here, True; anything else False."""
    if isinstance(event, TopicOpened):
        ticket = await book_of(turn).ticket(event.ticket_id)
        if ticket is not None:
            ticket.topic_id = event.topic_id
        return True
    desk = desk_of(turn)
    if desk.staff_chat_id is None or event.chat_id != desk.staff_chat_id:
        return False
    topic = event.topic_id if isinstance(event, StaffEvent) else None
    if event.kind is EventKind.COMMAND:
        if event.command in STAFF_COMMANDS or event.command in ("help", "start"):
            await command(turn, event, topic)
    elif event.kind in (EventKind.TEXT, EventKind.FILE) and topic is not None:
        await reply_in_topic(turn, event, topic)
    elif event.kind is EventKind.BUTTON:
        data = ButtonData.parse(event.button)
        if data is not None and data.action == Action.CLOSE_TICKET:
            await close_command(turn, event, data.arg, topic)
    return True  # anything else said in the staff group is the staff's own conversation


async def private_command(turn: TurnCore, command_name: str, args: str) -> None:
    """A staff command in a private chat with the bot (``/close 12``, ``/reply 12 text`` need the number)."""
    event = turn.event or Event(turn.user.id, EventKind.COMMAND, command=command_name, args=args)
    await command(turn, event, None, name=command_name, args=args)


async def command(turn: TurnCore, event: Event, topic: int | None, *, name: str | None = None,
                  args: str | None = None) -> None:
    name = name if name is not None else event.command
    args = args if args is not None else event.args
    if not desk_of(turn).is_staff(event.user_id):
        turn.say(STAFF_ONLY)
        return
    if name == "tickets":
        turn.say(*await tickets_parts(turn))
    elif name == "stats":
        turn.say(*await stats_parts(turn))
    elif name == "close":
        await close_command(turn, event, args, topic)
    elif name in ("mute", "unmute", "unanswered"):
        if name == "unanswered":
            turn.say(*await moderation.unanswered_parts(turn))
            return
        ticket, rest = await moderation.ticket_for(turn, args, topic)
        if name == "mute":
            await moderation.mute_command(turn, event, rest, ticket)
        else:
            await moderation.unmute_command(turn, event, ticket)
    elif name == "reply":
        number, _sep, text = args.strip().partition(" ")
        ticket = await _ticket(turn, parse_int(number), None)
        if ticket is None or not text.strip():
            turn.say(_("Usage: /reply NUMBER TEXT, e.g. /reply 12 Please send your passport's first page."))
            return
        await relay_to_applicant(turn, event, ticket, text.strip())
    else:
        turn.say(_("Help desk: in a ticket's topic every message goes to the applicant, /close closes the "
                   "ticket. Anywhere: /tickets (open tickets), /stats, /reply NUMBER TEXT, /close NUMBER."),
                 _("/unanswered: questions the knowledge base could not answer. /mute NUMBER REASON stops an "
                   "abusive applicant's messages; /unmute NUMBER undoes it."))


async def _ticket(turn: TurnCore, number: int | None, topic: int | None) -> Ticket | None:
    book = book_of(turn)
    if number is not None:
        return await book.ticket(number)
    if topic is not None:
        return await book.ticket_in_topic(topic)
    return None


async def reply_in_topic(turn: TurnCore, event: Event, topic: int) -> None:
    ticket = await book_of(turn).ticket_in_topic(topic)
    if ticket is None:
        return  # a topic the help desk did not open: the staff's own
    if not desk_of(turn).is_staff(event.user_id):
        turn.say(_("Not sent: only help-desk staff (STAFF_IDS) can answer applicants."))
        return
    if event.kind is EventKind.FILE:
        if event.chat_id is not None and event.message_id is not None:
            await relay_to_applicant(turn, event, ticket, "", copy_of=(event.chat_id, event.message_id))
        return
    await relay_to_applicant(turn, event, ticket, event.text)


async def relay_to_applicant(turn: TurnCore, event: Event, ticket: Ticket, text: str,
                             copy_of: tuple[int, int] | None = None) -> None:
    """A staff message for the applicant: its text, or a copy of a photo or file posted in the topic (its
    caption travels with the copy)."""
    if ticket.status != OPEN:
        turn.say(_("Ticket #{number} is closed: the applicant was not sent this message.", number=ticket.id))
        return
    ticket.messages_out += 1
    ticket.last_staff_at = utcnow()
    buttons = () if ticket.relaying else ((desk_button(_("↩ Write to the help desk"), Action.DESK_WRITE),),)
    if copy_of is not None:
        reply: Reply = CopiedReply(parts=(_("💬 Help desk (ticket #{number}) sends a file:", number=ticket.id),),
                                   buttons=buttons, copy_of=copy_of)
    else:
        reply = Reply.of(_("💬 Help desk (ticket #{number}):", number=ticket.id), verbatim(text), buttons=buttons)
    await send_to_applicant(turn, ticket, reply)


async def close_command(turn: TurnCore, event: Event, args: str, topic: int | None) -> None:
    if not desk_of(turn).is_staff(event.user_id):
        turn.say(STAFF_ONLY)
        return
    ticket = await _ticket(turn, parse_int(args), topic)
    if ticket is None:
        turn.say(_("Which ticket? In its topic send /close, elsewhere /close NUMBER."))
        return
    if ticket.status != OPEN:
        turn.say(_("Ticket #{number} is already closed.", number=ticket.id))
        return
    book_of(turn).close(ticket)
    who = event.user_name or str(event.user_id)
    turn.staff.append(TopicNote(parts=(_("✅ Ticket #{number} closed by {who}.", number=ticket.id, who=who),),
                                ticket_id=str(ticket.id), topic_id=ticket.topic_id,
                                open_topic_title=topic_title(ticket.id, ticket.locale),
                                topic_action=TopicAction.CLOSE))
    if event.chat_id != desk_of(turn).staff_chat_id:
        turn.say(_("Ticket #{number} closed.", number=ticket.id))
    await send_to_applicant(turn, ticket, Reply.of(
        _("✅ The help desk closed ticket #{number}. What you type now answers your application's questions "
          "again. If you need a person later, send /human.", number=ticket.id)))


async def send_to_applicant(turn: TurnCore, ticket: Ticket, reply: Reply) -> None:
    applicant = await turn.store.session.get(User, ticket.user_id)
    locale = user_locale(applicant, turn.options.default_locale) if applicant is not None else ticket.locale
    outcome = Outcome(locale, (reply,))
    failed = StaffNote(parts=(_("⚠ Ticket #{number}: the last message could not be delivered to the applicant "
                                "(they may have blocked the bot). Please try again later.", number=ticket.id),),
                       ticket_id=str(ticket.id), topic_id=ticket.topic_id)
    notifier = turn.services.notifier
    post = getattr(notifier, "post", None)
    if callable(post):
        post(ticket.user_id, outcome, failed)
        return
    if notifier is None:
        turn.staff.append(failed)
        return
    try:
        await notifier.push(ticket.user_id, outcome)
    except Exception as exc:  # the applicant blocked the bot, or Telegram is down: staff are told
        _log.warning("a help-desk message was not delivered: %s", type(exc).__name__)
        turn.staff.append(failed)


def refusal() -> Msg:
    return STAFF_ONLY

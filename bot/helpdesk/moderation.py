"""Staff tools beyond replies: muting an abusive applicant, and the questions the knowledge base could not answer.

* ``/mute REASON`` in a ticket's topic (or ``/mute NUMBER REASON`` anywhere): the applicant's messages,
  files and new tickets no longer reach staff; the applicant is told once per attempt, with the Gold Card
  Office's own contacts. The mute is stored with who set it, when, and the reason (sealed), and stays until
  ``/unmute`` (in the topic, or ``/unmute NUMBER``). /delete erases it with the user.
* ``/unanswered``: the questions asked in the chat that nothing in the knowledge base answered (redacted
  when asked), most frequent first, so the knowledge base grows where applicants need it.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from bot.engine.core import TurnCore
from bot.engine.state import Action
from bot.helpdesk.answers import CONTACTS_ENTRY, book_of
from bot.helpdesk.common import desk_button, parse_int
from bot.helpdesk.config import desk_of
from bot.helpdesk.events import TopicNote
from bot.i18n import Msg, _, verbatim
from storage.models import DeskMute, Ticket

if TYPE_CHECKING:
    from bot.engine.events import Event

UNANSWERED_DAYS = 30
UNANSWERED_SHOWN = 20
MAX_REASON = 300


def _reason_context(user_id: int) -> str:
    return f"desk_mutes:{user_id}:reason"


async def is_muted(turn: TurnCore, user_id: int) -> bool:
    return await turn.store.session.get(DeskMute, user_id) is not None


def tell_muted(turn: TurnCore) -> None:
    """What a muted applicant sees instead of "sent": staff are not reading, and who else to ask."""
    turn.say(_("Your messages are not passed to the help desk at the moment. For your application you can "
               "still reach the Gold Card Office directly:"),
             buttons=((desk_button(_("☎️ Contact the Gold Card Office"), Action.FAQ, f"0:{CONTACTS_ENTRY}"),),))


async def mute_command(turn: TurnCore, event: Event, args: str, ticket: Ticket | None) -> None:
    """``/mute [NUMBER] REASON``: a reason is required, so the mute can be reviewed and undone."""
    reason = args.strip()
    if ticket is None or not reason:
        turn.say(_("Usage: in a ticket's topic /mute REASON, elsewhere /mute NUMBER REASON (the reason is "
                   "required, e.g. /mute 12 insults staff)."))
        return
    session = turn.store.session
    mute = await session.get(DeskMute, ticket.user_id)
    sealed = turn.store.sealer.seal(json.dumps(reason[:MAX_REASON], ensure_ascii=False).encode(),
                                    _reason_context(ticket.user_id))
    if mute is None:
        session.add(DeskMute(user_id=ticket.user_id, reason_sealed=sealed, muted_by=event.user_id))
    else:
        mute.reason_sealed, mute.muted_by = sealed, event.user_id
    ticket.relaying = False
    who = event.user_name or str(event.user_id)
    _note(turn, ticket, _("🔇 The applicant of ticket #{number} was muted by {who}: {reason}. /unmute undoes it.",
                          number=ticket.id, who=who, reason=reason[:MAX_REASON]))


async def unmute_command(turn: TurnCore, event: Event, ticket: Ticket | None) -> None:
    if ticket is None:
        turn.say(_("Usage: in a ticket's topic /unmute, elsewhere /unmute NUMBER."))
        return
    mute = await turn.store.session.get(DeskMute, ticket.user_id)
    if mute is None:
        turn.say(_("The applicant of ticket #{number} is not muted.", number=ticket.id))
        return
    await turn.store.session.delete(mute)
    who = event.user_name or str(event.user_id)
    _note(turn, ticket, _("🔈 The applicant of ticket #{number} was unmuted by {who}.", number=ticket.id, who=who))


def _note(turn: TurnCore, ticket: Ticket, text: Msg) -> None:
    turn.staff.append(TopicNote(parts=(text,), ticket_id=str(ticket.id), topic_id=ticket.topic_id))
    if turn.event is not None and turn.event.chat_id != desk_of(turn).staff_chat_id:
        turn.say(text)  # a command in a private chat: the note went to the topic, the issuer sees it here


async def ticket_for(turn: TurnCore, args: str, topic: int | None) -> tuple[Ticket | None, str]:
    """The ticket a staff command names (a leading number, else the topic's) and the rest of the arguments."""
    book = book_of(turn)
    head, _sep, rest = args.strip().partition(" ")
    number = parse_int(head)
    if number is not None:
        return await book.ticket(number), rest
    return (await book.ticket_in_topic(topic) if topic is not None else None), args


async def unanswered_parts(turn: TurnCore) -> tuple[Msg, ...]:
    """``/unanswered``: the questions without an answer in the last days, most frequent first."""
    since = datetime.now(UTC) - timedelta(days=UNANSWERED_DAYS)
    asked = await book_of(turn).unanswered(since, UNANSWERED_SHOWN)
    if not asked:
        return (_("No unanswered questions in the last {days} days.", days=UNANSWERED_DAYS),)
    lines = "\n".join(f"{count}× {question}" for question, count in asked)
    return (_("Questions the knowledge base could not answer in the last {days} days (redacted, most asked "
              "first):", days=UNANSWERED_DAYS), verbatim(lines))

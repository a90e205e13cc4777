"""What the doors and the help desk exchange beyond the engine's own Event and StaffNote.

The engine's ``Event`` has no forum topic and its ``StaffNote`` cannot close or delete a topic, so these
subclasses carry that (the engine passes events and notes through untouched):

* :class:`StaffEvent`: something from the staff group, with the forum topic it was written in;
* :class:`EditedText`: an applicant's edited message (shown to staff, never answered);
* :class:`TopicOpened`: the door created a forum topic for a ticket; the help desk stores its id;
* :class:`TopicNote`: a note for the staff group that also closes, reopens or deletes its topic, or
  that must arrive; with ``copy_of`` set, the door also copies that message (a photo, a document) after it;
* :class:`CopiedReply`: a reply to an applicant followed by a copy of a staff member's message (copyMessage:
  the file is never downloaded or stored by the bot).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.engine.events import Event, Reply, StaffNote


@dataclass(frozen=True)
class StaffEvent(Event):
    """An update from the staff group; ``topic_id`` is its forum topic (None: the General topic, or a group
    without topics)."""

    topic_id: int | None = None


@dataclass(frozen=True)
class EditedText(Event):
    """An applicant edited a text message (Telegram's ``edited_message``): never a question of its own; shown
    to staff while the applicant talks to the help desk, else a correction of their last answer
    (``bot.engine.corrections``)."""

    edited: bool = True


@dataclass(frozen=True)
class TopicOpened(Event):
    """Sent by the door (not by Telegram) after ``createForumTopic`` for a ticket, under the applicant's id."""

    ticket_id: int = 0
    topic_id: int = 0


class TopicAction(StrEnum):
    CLOSE = "close"
    REOPEN = "reopen"
    DELETE = "delete"  # the applicant erased their data: the topic with every relayed message goes


MessageAddress = tuple[int, int]  # (chat id, message id) of a message the door can copy


@dataclass(frozen=True)
class TopicNote(StaffNote):
    """A staff note that also changes its forum topic: reopened before the note is posted, closed after it;
    a deleted topic's note goes to the group itself. ``must_arrive``: the note is what the applicant asked
    for (their message, their new ticket); if it cannot be posted they are told so instead of "✓ sent".
    ``copy_of``: a message of the applicant to copy into the topic after the note."""

    topic_action: TopicAction | None = None
    must_arrive: bool = False
    copy_of: MessageAddress | None = None


@dataclass(frozen=True)
class CopiedReply(Reply):
    """A reply whose text is followed by a copy of the message ``copy_of`` (a staff member's photo or file)."""

    copy_of: MessageAddress | None = None

"""What the doors and the help desk exchange beyond the engine's own Event and StaffNote.

The engine's ``Event`` has no forum topic and its ``StaffNote`` cannot close or delete a topic, so these
subclasses carry that (the engine passes events and notes through untouched):

* :class:`StaffEvent`: something from the staff group, with the forum topic it was written in;
* :class:`TopicOpened`: the door created a forum topic for a ticket; the help desk stores its id;
* :class:`TopicNote`: a note for the staff group that also closes, reopens or deletes its topic, or
  that must arrive.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.engine.events import Event, StaffNote


@dataclass(frozen=True)
class StaffEvent(Event):
    """An update from the staff group; ``topic_id`` is its forum topic (None: the General topic, or a group
    without topics)."""

    topic_id: int | None = None


@dataclass(frozen=True)
class TopicOpened(Event):
    """Sent by the door (not by Telegram) after ``createForumTopic`` for a ticket, under the applicant's id."""

    ticket_id: int = 0
    topic_id: int = 0


class TopicAction(StrEnum):
    CLOSE = "close"
    REOPEN = "reopen"
    DELETE = "delete"  # the applicant erased their data: the topic with every relayed message goes


@dataclass(frozen=True)
class TopicNote(StaffNote):
    """A staff note that also changes its forum topic: reopened before the note is posted, closed after it;
    a deleted topic's note goes to the group itself. ``must_arrive``: the note is what the applicant asked
    for (their message, their new ticket); if it cannot be posted they are told so instead of "✓ sent"."""

    topic_action: TopicAction | None = None
    must_arrive: bool = False

"""The help desk's staff group as a door posts to it: each note in its ticket's forum topic (created on first
use, its id handed back to the engine as a :class:`~bot.helpdesk.events.TopicOpened` event; reopened, closed
or deleted as the note asks); a note goes to the group itself when the group has no topics.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from bot.engine.events import EventKind, StaffNote
from bot.helpdesk.config import DeskConfig
from bot.helpdesk.events import TopicAction, TopicOpened
from bot.telegram.errors import describe, mentions
from bot.telegram.render import OutgoingMessage, render_staff_note

_log = logging.getLogger(__name__)
TOPICS_RETRY_AFTER = 600.0  # seconds without trying to create forum topics after a failure


class ForumTopics(Protocol):
    async def create(self, chat_id: int, name: str) -> int:
        """Create a forum topic; its message thread id."""

    async def change(self, chat_id: int, topic_id: int, action: TopicAction) -> None:
        """Close, reopen or delete a forum topic."""


class StaffGroup:
    """Posts the help desk's notes; ``send_one`` sends one message (with the door's limits and retries),
    ``handle`` gives the engine an event (the forum topic opened for a ticket)."""

    def __init__(self, desk: DeskConfig | None, topics: ForumTopics | None,
                 send_one: Callable[[int, OutgoingMessage], Awaitable[None]],
                 handle: Callable[[Any], Awaitable[Any]]) -> None:
        self.desk = desk
        self.topics = topics
        self.send_one = send_one
        self.handle = handle
        self._ticket_topics: dict[str, int] = {}  # ticket → forum topic, until the engine has stored it
        self._topics_off_until = 0.0

    async def send(self, notes: tuple[StaffNote, ...]) -> bool:
        """Post the help desk's notes in the staff group; False when a note that must arrive (an applicant's
        message, a new ticket) could not be posted."""
        chat_id = self.desk.staff_chat_id if self.desk is not None else None
        if self.desk is None or chat_id is None:
            _log.warning("%d note(s) for the staff group dropped: STAFF_CHAT_ID is not set", len(notes))
            return not any(getattr(note, "must_arrive", False) for note in notes)
        posted = True
        for note in notes:
            try:
                await self._post_note(chat_id, self.desk.staff_locale, note)
            except Exception as exc:
                _log.error("a note for the staff group was not posted: %s", describe(exc))
                posted = posted and not getattr(note, "must_arrive", False)
        return posted

    async def _post_note(self, chat_id: int, locale: str, note: StaffNote) -> None:
        action = getattr(note, "topic_action", None)
        thread = note.topic_id if note.topic_id is not None else self._ticket_topics.get(note.ticket_id or "")
        if action is TopicAction.DELETE:  # the applicant erased their data: the topic goes, the note stays
            if thread is not None:
                await self._change_topic(chat_id, thread, TopicAction.DELETE)
                self._ticket_topics = {k: v for k, v in self._ticket_topics.items() if v != thread}
            await self._send_each(chat_id, render_staff_note(note, locale, None))
            return
        if thread is None and note.open_topic_title:
            thread = await self._open_topic(chat_id, note)
        elif thread is not None and action is TopicAction.REOPEN:
            await self._change_topic(chat_id, thread, TopicAction.REOPEN)
        try:
            await self._send_each(chat_id, render_staff_note(note, locale, thread))
        except Exception as exc:
            if thread is None or not note.open_topic_title or not mentions(exc, "thread not found"):
                raise
            _log.warning("the forum topic of a ticket is gone; opening a new one")  # deleted by hand
            thread = await self._open_topic(chat_id, note)
            await self._send_each(chat_id, render_staff_note(note, locale, thread))
        if thread is not None and action is TopicAction.CLOSE:
            await self._change_topic(chat_id, thread, TopicAction.CLOSE)

    async def _open_topic(self, chat_id: int, note: StaffNote) -> int | None:
        """A forum topic for the note's ticket, its id handed to the engine; None when the group has no
        topics (the note then goes to the group itself)."""
        if self.topics is None or time.monotonic() < self._topics_off_until or not note.open_topic_title:
            return None
        try:
            thread = await self.topics.create(chat_id, note.open_topic_title)
        except Exception as exc:
            _log.warning("no forum topic for a ticket (is the staff group a forum, and the bot an admin that "
                         "may manage topics?): %s", describe(exc))
            self._topics_off_until = time.monotonic() + TOPICS_RETRY_AFTER
            return None
        if note.ticket_id and note.ticket_id.isdigit():
            self._ticket_topics[note.ticket_id] = thread
            try:
                # under the staff group's id: never re-creates an applicant who has just erased their data
                await self.handle(TopicOpened(user_id=chat_id, kind=EventKind.TEXT,
                                                     ticket_id=int(note.ticket_id), topic_id=thread))
            except Exception as exc:  # the door still knows it; a restart would open another topic
                _log.error("storing a ticket's forum topic failed: %s", describe(exc))
        return thread

    async def _change_topic(self, chat_id: int, thread: int, action: TopicAction) -> None:
        if self.topics is None:
            return
        try:
            await self.topics.change(chat_id, thread, action)
        except Exception as exc:  # e.g. already closed: the note itself matters more
            _log.warning("%s of a forum topic failed: %s", action.value, describe(exc))

    async def _send_each(self, chat_id: int, messages: list[OutgoingMessage]) -> None:
        for message in messages:
            await self.send_one(chat_id, message)

"""The neutral language between doors and the engine: an Event comes in, Replies go out.

Nothing here knows Telegram. A door (Telegram library, console) turns what it receives into an
:class:`Event` and shows each :class:`Reply` in its own way.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.i18n import Msg


class EventKind(StrEnum):
    TEXT = "text"
    BUTTON = "button"
    FILE = "file"
    COMMAND = "command"


@dataclass(frozen=True)
class FileRef:
    """A file the user sent. ``file_id`` is the door's handle to download it; ``name`` and ``size``
    are what the door was told (never trusted for the file's type)."""

    file_id: str
    name: str | None = None
    size: int | None = None
    mime_type: str | None = None


@dataclass(frozen=True)
class Event:
    """One thing a user did.

    ``update_key`` identifies the delivery (``"telegram:<update_id>"``, ``"console:<n>"``): a second
    event with the same key is a redelivery and has no second effect.
    """

    user_id: int
    kind: EventKind
    update_key: str | None = None
    chat_id: int | None = None
    text: str = ""
    button: str = ""
    command: str = ""
    args: str = ""
    file: FileRef | None = None
    language_code: str | None = None
    user_name: str | None = None
    message_id: int | None = None  # the door's id of the user's message (to delete a password attempt)
    source_message_id: int | None = None  # the bot's message whose button was pressed (edited in place)
    late: bool = False  # arrived after a later update of this user was applied: shown the question, not applied
    edited: bool = False  # the user edited their message ``message_id`` (text is its new text): corrections.py

    @classmethod
    def from_text(cls, user_id: int, text: str, **extra: object) -> Event:
        """A typed line: ``/command args`` becomes a COMMAND event, anything else TEXT."""
        stripped = text.strip()
        if stripped.startswith("/") and len(stripped) > 1:
            head, _, rest = stripped[1:].partition(" ")
            command = head.split("@", 1)[0].lower()
            return cls(user_id=user_id, kind=EventKind.COMMAND, command=command, args=rest.strip(),
                       text=text, **extra)  # type: ignore[arg-type]
        return cls(user_id=user_id, kind=EventKind.TEXT, text=text, **extra)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Button:
    """An inline button. ``data`` is opaque to the door; it comes back as ``Event.button``. A button
    with ``copy_text`` copies that text when tapped (nothing comes back); one with ``url`` opens it."""

    label: Msg
    data: str
    copy_text: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Attachment:
    """A file sent with a reply: a preview image (``as_photo``) or a document to keep."""

    data: bytes
    filename: str
    media_type: str
    as_photo: bool = False


@dataclass(frozen=True)
class Reply:
    """One message to show: attachments first, then text parts joined by blank lines, then rows of
    buttons. ``card``: a screen of buttons (menu, review, export, applicants, …) that may replace the card
    whose button was pressed (edit in place)."""

    parts: tuple[Msg, ...]
    buttons: tuple[tuple[Button, ...], ...] = ()
    attachments: tuple[Attachment, ...] = ()
    card: bool = False

    @classmethod
    def of(cls, *parts: Msg, buttons: tuple[tuple[Button, ...], ...] = (),
           attachments: tuple[Attachment, ...] = ()) -> Reply:
        return cls(parts=tuple(parts), buttons=buttons, attachments=attachments)

    def button_list(self) -> list[Button]:
        return [button for row in self.buttons for button in row]


@dataclass(frozen=True)
class StaffNote:
    """A message for the help-desk staff group: about a ticket (its forum topic when the group has
    topics), or to the group itself (``ticket_id`` None)."""

    parts: tuple[Msg, ...]
    ticket_id: str | None = None
    topic_id: int | None = None
    open_topic_title: str | None = None  # create a forum topic with this title first
    buttons: tuple[tuple[Button, ...], ...] = ()


@dataclass(frozen=True)
class MessageEdit:
    """A change to a message the bot sent before (the one whose button was pressed): its buttons go, and
    ``mark`` (the chosen answer), when given, is written under its text; or, with ``replace_with`` (a card
    pressed on led to a card), it becomes that card (text and buttons), and nothing new is sent."""

    message_id: int
    mark: Msg | None = None
    replace_with: Reply | None = None


@dataclass(frozen=True)
class Outcome:
    """What the engine answers to one event: the replies in the user's locale.

    ``delivery_key`` is set when the replies were stored for this delivery; the door calls
    ``Engine.mark_delivered(delivery_key)`` once they are sent, so a redelivered event does not send
    them twice.
    """

    locale: str
    replies: tuple[Reply, ...] = ()
    delivery_key: str | None = None
    duplicate: bool = False
    delete_message_id: int | None = None  # the user's message to delete from the chat (a typed password)
    staff: tuple[StaffNote, ...] = ()  # messages for the help-desk group
    edit: MessageEdit | None = None  # the pressed message, answered: edited in place
    toast: Msg | None = None  # a short notice on the pressed button (an outdated press), instead of replies

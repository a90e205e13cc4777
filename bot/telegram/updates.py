"""Telegram's update JSON → the engine's neutral events, once for every door and without a Telegram library.

Both doors hand over an update as the Bot API sends it (a ``dict``: the inbox stores exactly that), and
:func:`route` says what it asks for, in the order the doors always applied:

* ``/whoami`` in any chat → :class:`Whoami` (the help desk's set-up needs the ids);
* a private chat's text, document or photo, anything else it cannot read, an edited text → an
  :class:`~bot.engine.events.Event` (``update_key`` ``"tg:<update_id>"``: a redelivery is recognised);
* the staff group's text, document or photo → a :class:`~bot.helpdesk.events.StaffEvent` with its topic;
* a button press → :class:`Delivery` with the callback query to acknowledge (and the pressed message);
* an inline query → :class:`InlineQuery`; ``my_chat_member`` in a private chat → :class:`Reachability`
  (the user blocked or unblocked the bot).

Anything else (or a malformed part) → None: ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.engine.events import Event, EventKind, FileRef
from bot.helpdesk.events import EditedText, StaffEvent

Json = dict[str, Any]
PHOTO_MIME_TYPE = "image/jpeg"  # Telegram re-encodes photos as JPEG
# Message fields (Bot API names) of things a user can send that the bot cannot read: the door says so.
UNSUPPORTED_CONTENT = ("sticker", "voice", "audio", "video", "video_note", "animation", "location", "contact",
                       "venue", "poll", "dice", "story", "paid_media")
BLOCKED_STATUSES = frozenset({"kicked"})  # a private chat's bot member "kicked": the user blocked the bot
REACHABLE_STATUSES = frozenset({"member"})  # unblocked (or /start again)


# -- what an update asks for ----------------------------------------------------------------------
@dataclass(frozen=True)
class Delivery:
    """An event for the engine; ``callback_query_id``: a press to acknowledge; ``pressed``: the message whose
    button was pressed (its text is written back with the chosen answer)."""

    event: Event
    callback_query_id: str | None = None
    pressed: Json | None = None


@dataclass(frozen=True)
class Acknowledge:
    """A press without callback data: only its spinner is answered."""

    callback_query_id: str


@dataclass(frozen=True)
class Unsupported:
    """Something the bot cannot read (a sticker, a voice message …): the door says so."""

    user_id: int
    chat_id: int
    language_code: str | None


@dataclass(frozen=True)
class Whoami:
    user_id: int
    chat_id: int
    thread_id: int | None
    language_code: str | None


@dataclass(frozen=True)
class InlineQuery:
    query_id: str
    query: str
    language_code: str | None


@dataclass(frozen=True)
class Reachability:
    """``my_chat_member`` of a private chat: ``blocked`` True when the user blocked the bot, False when the
    bot may write to them again."""

    user_id: int
    blocked: bool


Routed = Delivery | Acknowledge | Unsupported | Whoami | InlineQuery | Reachability


def route(data: Json, staff_chat_id: int | None = None) -> Routed | None:
    """What ``data`` (one update) asks the door to do; None for anything the bot does not handle."""
    number = data.get("update_id")
    if not isinstance(number, int):
        return None
    try:
        if isinstance(message := data.get("message"), dict):
            return _message(number, message, staff_chat_id)
        if isinstance(edited := data.get("edited_message"), dict):
            return _edited(number, edited)
        if isinstance(query := data.get("callback_query"), dict):
            return _press(number, query, staff_chat_id)
        if isinstance(inline := data.get("inline_query"), dict):
            return InlineQuery(str(inline["id"]), str(inline.get("query") or ""), _language(inline["from"]))
        if isinstance(member := data.get("my_chat_member"), dict):
            return _member(member)
    except (KeyError, TypeError, ValueError):  # a part missing or of the wrong type: not an update we read
        return None
    return None


def _message(number: int, message: Json, staff_chat_id: int | None) -> Routed | None:
    user, chat = message.get("from"), message["chat"]
    chat_id, text = int(chat["id"]), message.get("text")
    if not isinstance(user, dict):
        return None
    if isinstance(text, str) and _command(text) == "whoami":
        return Whoami(int(user["id"]), chat_id, topic_of(message), _language(user))
    private = chat.get("type") == "private"
    file = file_ref_of(message)
    if private:
        if isinstance(text, str) and text:
            return Delivery(text_event(number, int(user["id"]), chat_id, text, **_who(user, message)))
        if file is not None:
            return Delivery(file_event(number, int(user["id"]), chat_id, file, caption=message.get("caption"),
                                       **_who(user, message)))
        if has_unsupported_content(message):
            return Unsupported(int(user["id"]), chat_id, _language(user))
        return None
    if staff_chat_id is None or chat_id != staff_chat_id or user.get("is_bot"):
        return None
    if isinstance(text, str) and text:
        return Delivery(staff_text_event(number, int(user["id"]), chat_id, text, topic_of(message),
                                         **_who(user, message)))
    if file is not None:
        return Delivery(staff_file_event(number, int(user["id"]), chat_id, file, topic_of(message),
                                         caption=message.get("caption"), **_who(user, message)))
    return None


def _edited(number: int, message: Json) -> Routed | None:
    user, chat, text = message.get("from"), message["chat"], message.get("text")
    if not isinstance(user, dict) or chat.get("type") != "private" or not isinstance(text, str) or not text:
        return None
    return Delivery(edited_text_event(number, int(user["id"]), int(chat["id"]), text, **_who(user, message)))


def _press(number: int, query: Json, staff_chat_id: int | None) -> Routed:
    user, data, message = query["from"], query.get("data"), query.get("message")
    if not isinstance(data, str):
        return Acknowledge(str(query["id"]))
    chat_id = int(message["chat"]["id"]) if isinstance(message, dict) else int(user["id"])
    who = {"language_code": _language(user), "user_name": user.get("first_name")}
    if staff_chat_id is not None and chat_id == staff_chat_id:
        return Delivery(staff_button_event(number, int(user["id"]), chat_id, data,
                                           topic_of(message) if isinstance(message, dict) else None, **who),
                        callback_query_id=str(query["id"]))
    # an inaccessible message (older than 48 hours, deleted) comes with date 0 and no text
    pressed = message if isinstance(message, dict) and message.get("date") != 0 else None
    return Delivery(button_event(number, int(user["id"]), chat_id, data,
                                 message_id=int(pressed["message_id"]) if pressed is not None else None, **who),
                    callback_query_id=str(query["id"]), pressed=pressed)


def _member(member: Json) -> Routed | None:
    chat, status = member["chat"], member["new_chat_member"]["status"]
    if chat.get("type") != "private":
        return None
    if status in BLOCKED_STATUSES:
        return Reachability(int(chat["id"]), blocked=True)
    if status in REACHABLE_STATUSES:
        return Reachability(int(chat["id"]), blocked=False)
    return None


def _command(text: str) -> str | None:
    stripped = text.strip()
    if not stripped.startswith("/") or len(stripped) == 1:
        return None
    return stripped[1:].split(maxsplit=1)[0].split("@", 1)[0].lower()


def _language(user: Json) -> str | None:
    code = user.get("language_code")
    return code if isinstance(code, str) else None


def _who(user: Json, message: Json) -> dict[str, Any]:
    return {"language_code": _language(user), "user_name": user.get("first_name"),
            "message_id": int(message["message_id"])}


def topic_of(message: Json) -> int | None:
    """The forum topic of a message: its thread id when it is a topic message (in a group without topics a
    reply thread also has a thread id, which is no topic)."""
    if not message.get("is_topic_message"):
        return None
    thread = message.get("message_thread_id")
    return thread if isinstance(thread, int) and not isinstance(thread, bool) else None


def file_ref_of(message: Json) -> FileRef | None:
    """The document or the largest photo of a message."""
    document = message.get("document")
    if isinstance(document, dict):
        return FileRef(str(document["file_id"]), document.get("file_name"), document.get("file_size"),
                       document.get("mime_type"))
    photos = message.get("photo")
    if isinstance(photos, list) and photos:
        photo = photos[-1]  # the largest size
        return FileRef(str(photo["file_id"]), None, photo.get("file_size"), PHOTO_MIME_TYPE)
    return None


def has_unsupported_content(message: Json) -> bool:
    """Whether a message carries one of :data:`UNSUPPORTED_CONTENT`."""
    return any(message.get(name) for name in UNSUPPORTED_CONTENT)


# -- events ---------------------------------------------------------------------------------------
def update_key(update_id: int) -> str:
    """The engine's delivery key of a Telegram update (same update_id ⇒ same delivery)."""
    return f"tg:{update_id}"


def text_event(update_id: int, user_id: int, chat_id: int, text: str, *, language_code: str | None = None,
               user_name: str | None = None, message_id: int | None = None) -> Event:
    """A typed message: ``/command args`` (also ``/command@bot``) becomes a COMMAND, anything else TEXT."""
    return Event.from_text(user_id, text, update_key=update_key(update_id), chat_id=chat_id,
                           language_code=language_code, user_name=user_name, message_id=message_id)


def button_event(update_id: int, user_id: int, chat_id: int, data: str, *, language_code: str | None = None,
                 user_name: str | None = None, message_id: int | None = None) -> Event:
    """A press of an inline button under the bot's message ``message_id``: its callback data goes to the
    engine unchanged."""
    return Event(user_id=user_id, kind=EventKind.BUTTON, update_key=update_key(update_id), chat_id=chat_id,
                 button=data, language_code=language_code, user_name=user_name, source_message_id=message_id)


def file_event(update_id: int, user_id: int, chat_id: int, file: FileRef, *, caption: str | None = None,
               language_code: str | None = None, user_name: str | None = None,
               message_id: int | None = None) -> Event:
    """A document or photo; ``file.file_id`` is the Bot API handle to download it, ``message_id`` lets the
    help desk copy the message to staff."""
    return Event(user_id=user_id, kind=EventKind.FILE, update_key=update_key(update_id), chat_id=chat_id,
                 text=caption or "", file=file, language_code=language_code, user_name=user_name,
                 message_id=message_id)


def edited_text_event(update_id: int, user_id: int, chat_id: int, text: str, *, language_code: str | None = None,
                      user_name: str | None = None, message_id: int | None = None) -> EditedText:
    """An applicant edited a message they sent: a correction of their last answer, or a note for staff."""
    return EditedText(user_id=user_id, kind=EventKind.TEXT, update_key=update_key(update_id), chat_id=chat_id,
                      text=text, language_code=language_code, user_name=user_name, message_id=message_id)


def staff_text_event(update_id: int, user_id: int, chat_id: int, text: str, topic_id: int | None, *,
                     language_code: str | None = None, user_name: str | None = None,
                     message_id: int | None = None) -> StaffEvent:
    """A message in the staff group; ``topic_id`` is its forum topic (None in the General topic)."""
    event = StaffEvent.from_text(user_id, text, update_key=update_key(update_id), chat_id=chat_id,
                                 language_code=language_code, user_name=user_name, message_id=message_id,
                                 topic_id=topic_id)
    if not isinstance(event, StaffEvent):  # pragma: no cover - from_text builds its own class
        raise TypeError("not a staff event")
    return event


def staff_file_event(update_id: int, user_id: int, chat_id: int, file: FileRef, topic_id: int | None, *,
                     caption: str | None = None, language_code: str | None = None, user_name: str | None = None,
                     message_id: int | None = None) -> StaffEvent:
    """A photo or document posted in the staff group (in a ticket's topic: copied to the applicant)."""
    return StaffEvent(user_id=user_id, kind=EventKind.FILE, update_key=update_key(update_id), chat_id=chat_id,
                      text=caption or "", file=file, language_code=language_code, user_name=user_name,
                      message_id=message_id, topic_id=topic_id)


def staff_button_event(update_id: int, user_id: int, chat_id: int, data: str, topic_id: int | None, *,
                       language_code: str | None = None, user_name: str | None = None) -> StaffEvent:
    """A press of a button under a staff note."""
    return StaffEvent(user_id=user_id, kind=EventKind.BUTTON, update_key=update_key(update_id), chat_id=chat_id,
                      button=data, language_code=language_code, user_name=user_name, topic_id=topic_id)

"""The door core's reading of Telegram's update JSON (bot/telegram/updates.py), without a library: what each
update asks the door to do, in the order the doors apply."""

from __future__ import annotations

from typing import Any

from bot.engine.events import EventKind, FileRef
from bot.helpdesk.events import EditedText, StaffEvent
from bot.telegram.updates import (
    Acknowledge,
    Delivery,
    InlineQuery,
    Reachability,
    Unsupported,
    Whoami,
    route,
)

USER = {"id": 42, "is_bot": False, "first_name": "Ada", "language_code": "zh-hant"}
PRIVATE = {"id": 42, "type": "private", "first_name": "Ada"}
STAFF = -100777
GROUP = {"id": STAFF, "type": "supergroup", "title": "Desk", "is_forum": True}


def message(**fields: Any) -> dict[str, Any]:
    return {"message_id": 9, "date": 1_700_000_000, "chat": PRIVATE, "from": USER, **fields}


def test_private_text_and_commands_become_events() -> None:
    typed = route({"update_id": 7, "message": message(text="Taipei")})
    assert isinstance(typed, Delivery) and typed.callback_query_id is None
    event = typed.event
    assert (event.kind, event.text, event.update_key, event.user_id, event.chat_id) == (
        EventKind.TEXT, "Taipei", "tg:7", 42, 42)
    assert (event.language_code, event.user_name, event.message_id) == ("zh-hant", "Ada", 9)
    command = route({"update_id": 8, "message": message(text="/start@goldcard_bot lang_zh")})
    assert isinstance(command, Delivery)
    assert (command.event.kind, command.event.command, command.event.args) == (EventKind.COMMAND, "start", "lang_zh")


def test_documents_photos_and_unreadable_things() -> None:
    document = route({"update_id": 1, "message": message(document={
        "file_id": "f1", "file_unique_id": "u1", "file_name": "cv.pdf", "file_size": 10,
        "mime_type": "application/pdf"}, caption="my CV")})
    assert isinstance(document, Delivery) and document.event.kind is EventKind.FILE
    assert document.event.file == FileRef("f1", "cv.pdf", 10, "application/pdf") and document.event.text == "my CV"
    photo = route({"update_id": 2, "message": message(photo=[
        {"file_id": "small", "file_unique_id": "s", "width": 90, "height": 90, "file_size": 1},
        {"file_id": "large", "file_unique_id": "l", "width": 900, "height": 900, "file_size": 99}])})
    assert isinstance(photo, Delivery) and photo.event.file == FileRef("large", None, 99, "image/jpeg")
    sticker = route({"update_id": 3, "message": message(sticker={"file_id": "s"})})
    assert sticker == Unsupported(42, 42, "zh-hant")
    assert route({"update_id": 4, "message": message()}) is None  # nothing to read, nothing unreadable


def test_whoami_anywhere_and_the_staff_group() -> None:
    in_topic = message(chat=GROUP, text="/whoami", is_topic_message=True, message_thread_id=5)
    assert route({"update_id": 1, "message": in_topic}) == Whoami(42, STAFF, 5, "zh-hant")
    reply = message(chat=GROUP, text="/reply 3 hello", is_topic_message=True, message_thread_id=5)
    staff = route({"update_id": 2, "message": reply}, staff_chat_id=STAFF)
    assert isinstance(staff, Delivery) and isinstance(staff.event, StaffEvent)
    assert (staff.event.topic_id, staff.event.command, staff.event.args) == (5, "reply", "3 hello")
    assert route({"update_id": 2, "message": reply}) is None  # no staff group configured: not ours
    thread_not_topic = message(chat=GROUP, text="hi", message_thread_id=5)  # a reply thread, no topic
    routed = route({"update_id": 3, "message": thread_not_topic}, staff_chat_id=STAFF)
    assert isinstance(routed, Delivery) and isinstance(routed.event, StaffEvent) and routed.event.topic_id is None
    from_bot = message(chat=GROUP, text="hi", **{"from": {**USER, "is_bot": True}})
    assert route({"update_id": 4, "message": from_bot}, staff_chat_id=STAFF) is None
    assert route({"update_id": 5, "message": message(chat=GROUP, text="hi")}) is None  # another group


def test_button_presses_carry_the_pressed_message_and_the_query_to_acknowledge() -> None:
    sent = {"message_id": 77, "date": 1_700_000_000, "chat": PRIVATE, "text": "Your surname?"}
    pressed = route({"update_id": 5, "callback_query": {"id": "q1", "from": USER, "chat_instance": "c",
                                                        "data": "3|c:1", "message": sent}})
    assert isinstance(pressed, Delivery) and pressed.callback_query_id == "q1" and pressed.pressed == sent
    assert (pressed.event.kind, pressed.event.button, pressed.event.source_message_id) == (EventKind.BUTTON,
                                                                                          "3|c:1", 77)
    old = {"message_id": 78, "date": 0, "chat": PRIVATE}  # inaccessible: older than 48 hours
    outdated = route({"update_id": 6, "callback_query": {"id": "q2", "from": USER, "chat_instance": "c",
                                                         "data": "3|c:1", "message": old}})
    assert isinstance(outdated, Delivery) and outdated.pressed is None and outdated.event.source_message_id is None
    assert route({"update_id": 7, "callback_query": {"id": "q3", "from": USER, "chat_instance": "c"}}) == \
        Acknowledge("q3")
    staff_press = route({"update_id": 8, "callback_query": {
        "id": "q4", "from": USER, "chat_instance": "c", "data": "t|close:3",
        "message": {"message_id": 1, "date": 1, "chat": GROUP, "is_topic_message": True, "message_thread_id": 5}}},
        staff_chat_id=STAFF)
    assert isinstance(staff_press, Delivery) and isinstance(staff_press.event, StaffEvent)
    assert staff_press.event.topic_id == 5 and staff_press.pressed is None


def test_edited_text_inline_queries_and_blocking() -> None:
    edited = route({"update_id": 9, "edited_message": message(text="Taipei City", edit_date=1_700_000_100)})
    assert isinstance(edited, Delivery) and isinstance(edited.event, EditedText)
    assert (edited.event.text, edited.event.message_id) == ("Taipei City", 9)
    inline = route({"update_id": 10, "inline_query": {"id": "i1", "from": USER, "query": "fee", "offset": ""}})
    assert inline == InlineQuery("i1", "fee", "zh-hant")

    def member(status: str, chat: dict[str, Any] = PRIVATE) -> dict[str, Any]:
        bot = {"id": 1, "is_bot": True, "first_name": "Gold"}
        return {"update_id": 11, "my_chat_member": {"chat": chat, "from": USER, "date": 1,
                                                    "old_chat_member": {"status": "member", "user": bot},
                                                    "new_chat_member": {"status": status, "user": bot}}}

    assert route(member("kicked")) == Reachability(42, blocked=True)
    assert route(member("member")) == Reachability(42, blocked=False)
    assert route(member("kicked", GROUP)) is None  # removed from a group: not a user blocking the bot


def test_malformed_or_unknown_updates_are_ignored() -> None:
    for update in ({"update_id": 1, "message": {}}, {"update_id": 1, "message": {"chat": []}},
                   {"update_id": "1", "message": message(text="hi")}, {"update_id": 1, "poll": {"id": "p"}},
                   {"update_id": 1, "callback_query": {"id": "q"}}):
        assert route(update) is None, update

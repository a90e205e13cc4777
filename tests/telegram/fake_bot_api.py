"""A fake Telegram Bot API server on 127.0.0.1 for end-to-end tests of the Telegram doors.

The real libraries (python-telegram-bot, aiogram) talk real HTTP to it. It serves
``/bot<token>/<method>`` (GET or POST; JSON, urlencoded and multipart bodies) and
``/file/bot<token>/<path>``, keeps the chats' messages, and records every call.

``getUpdates`` behaves like Telegram: updates stay queued until a call with a higher ``offset``
confirms them (a restarted bot gets unconfirmed ones again); a long poll returns as soon as an update
is queued; a second concurrent poll ends the first with 409 Conflict. :meth:`FakeBotAPI.push_update`
with an already confirmed ``update_id`` delivers it once more (a redelivery).

Like Telegram it refuses HTML it cannot parse, texts over 4096 characters and callback data over 64
bytes, so the doors' output is checked too. Tests wait on conditions, never on sleeps.

``latency`` (seconds, default 0: none) delays the answer to every Bot API call, as the network between a
bot and Telegram does; the benchmarks in ``bench/`` use it.

Groups: :meth:`FakeBotAPI.make_forum` turns a chat id into a supergroup with topics (``createForumTopic``,
``closeForumTopic``, ``reopenForumTopic``, ``deleteForumTopic``; messages with ``message_thread_id``);
:meth:`FakeBotAPI.push_group_text` and :meth:`FakeBotAPI.push_group_callback` are what its members do.
Inline mode: :meth:`FakeBotAPI.push_inline_query`; ``answerInlineQuery`` results are kept and checked.
"""

from __future__ import annotations

import asyncio
import html
import json
import re
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT_ID = 4242
BOT_USERNAME = "goldcard_test_bot"
MAX_TEXT = 4096
ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a",
                "tg-emoji", "code", "pre", "blockquote"}
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)((?:\s+[^<>]*)?)>")
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")


CHAT_ACTIONS = frozenset({"typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
                          "upload_document", "choose_sticker", "find_location", "record_video_note",
                          "upload_video_note"})


class BadRequest(Exception):
    def __init__(self, description: str, code: int = 400, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.description = description
        self.code = code
        self.retry_after = retry_after


def visible_text(text: str, parse_mode: str | None) -> str:
    """The text a user sees; raises BadRequest where Telegram would ("can't parse entities")."""
    if parse_mode is None:
        return text
    if parse_mode.upper() != "HTML":
        raise BadRequest(f"Bad Request: unsupported parse_mode {parse_mode}")
    out: list[str] = []
    stack: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "<":
            match = _TAG.match(text, i)
            if match is None:
                raise BadRequest(f"Bad Request: can't parse entities: unexpected '<' at byte offset {i}")
            closing, name = match.group(1), match.group(2).lower()
            if name not in ALLOWED_TAGS:
                raise BadRequest(f"Bad Request: can't parse entities: unsupported start tag \"{name}\"")
            if closing:
                if not stack or stack[-1] != name:
                    raise BadRequest(f"Bad Request: can't parse entities: unmatched end tag \"{name}\"")
                stack.pop()
            else:
                stack.append(name)
            i = match.end()
        elif char == "&":
            match = _ENTITY.match(text, i)
            if match is None:
                raise BadRequest(f"Bad Request: can't parse entities: unescaped '&' at byte offset {i}")
            out.append(html.unescape(match.group(0)))
            i = match.end()
        elif char == ">":
            raise BadRequest(f"Bad Request: can't parse entities: unescaped '>' at byte offset {i}")
        else:
            out.append(char)
            i += 1
    if stack:
        raise BadRequest(f"Bad Request: can't parse entities: can't find end tag corresponding to \"{stack[-1]}\"")
    return "".join(out)


@dataclass
class Call:
    seq: int
    method: str
    params: dict[str, Any]
    at: float


@dataclass
class SentMessage:
    """A message the bot sent, as the fake server keeps it."""

    message_id: int
    chat_id: int
    text: str  # as sent (HTML source when parse_mode is HTML)
    parse_mode: str | None
    reply_markup: dict[str, Any] | None
    raw: dict[str, Any] = field(repr=False)
    thread_id: int | None = None  # the forum topic it was posted in

    @property
    def plain(self) -> str:
        return visible_text(self.text, self.parse_mode)

    @property
    def keyboard(self) -> list[list[dict[str, Any]]]:
        return list((self.reply_markup or {}).get("inline_keyboard") or [])

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """(label, callback data) of the buttons that send a press back (not copy or link buttons)."""
        return [(b["text"], b["callback_data"]) for row in self.keyboard for b in row if "callback_data" in b]

    @property
    def copy_buttons(self) -> list[tuple[str, str]]:
        """(label, text copied) of the tap-to-copy buttons."""
        return [(b["text"], b["copy_text"]["text"]) for row in self.keyboard for b in row if "copy_text" in b]

    @property
    def url_buttons(self) -> list[tuple[str, str]]:
        return [(b["text"], b["url"]) for row in self.keyboard for b in row if "url" in b]

    def button(self, label: str) -> str:
        """The callback data of the button labelled ``label``."""
        for text, data in self.buttons:
            if text == label:
                return data
        raise AssertionError(f"no button {label!r} in {[text for text, _ in self.buttons]}")


class FakeBotAPI:
    def __init__(self, token: str = "123:ABC", latency: float = 0.0, *, for_polling: bool = True) -> None:
        self.token = token
        self.latency = latency  # seconds added to every Bot API call (0: none)
        self.for_polling = for_polling  # False (webhook tests): pushed updates are not queued for getUpdates
        self.calls: list[Call] = []
        self.messages: dict[int, list[SentMessage]] = {}  # chat id -> bot messages in order
        self.commands: dict[str | None, list[dict[str, str]]] = {}  # language_code -> menu
        self.scoped_commands: dict[int, list[dict[str, str]]] = {}  # chat id -> menu (BotCommandScopeChat)
        self.descriptions: dict[str | None, str] = {}  # language_code -> setMyDescription
        self.short_descriptions: dict[str | None, str] = {}  # language_code -> setMyShortDescription
        self.menu_button: Any = None
        self.files: dict[str, bytes] = {}  # file_id -> content
        self.webhook: dict[str, Any] | None = None  # what setWebhook was given
        self._pushed: dict[int, dict[str, Any]] = {}
        self.user_messages: dict[tuple[int, int], dict[str, Any]] = {}  # (chat, message id) → a user's message
        self._queue: list[dict[str, Any]] = []  # updates not yet confirmed
        self._redeliver: list[dict[str, Any]] = []  # confirmed updates to deliver once more
        self._confirmed = 0  # every update_id below this is confirmed
        self._next_update_id = 1000
        self._next_message_id: dict[int, int] = {}
        self._next_callback = 1
        self._failures: list[tuple[str, BadRequest]] = []
        self.forums: set[int] = set()  # supergroups with topics
        self.groups: set[int] = set()  # every group chat the fake knows (forums too)
        self.topics: dict[int, dict[int, dict[str, Any]]] = {}  # chat → thread id → {"name", "closed"}
        self.inline_answers: dict[str, list[dict[str, Any]]] = {}  # inline query id → results
        self.blocked_by: set[int] = set()  # users who blocked the bot: sending to them is a 403
        self._next_inline = 1
        self._held: set[str] = set()
        self._release = asyncio.Event()
        self._changed = asyncio.Event()
        self._poller: asyncio.Future[None] | None = None
        self._closing = False
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle ------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_route("GET", "/file/bot{token}/{path:.+}", self._file)
        self._runner = web.AppRunner(app, handler_cancellation=True, access_log=None, shutdown_timeout=1)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()

    async def stop(self) -> None:
        self._closing = True
        self._release.set()
        self._notify()
        if self._runner is not None:
            await self._runner.cleanup()

    # -- what a user does -----------------------------------------------------------------------
    def user(self, user_id: int, language_code: str | None = "en") -> dict[str, Any]:
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": f"Tester{user_id}"}
        if language_code is not None:
            user["language_code"] = language_code
        return user

    def push_text(self, user_id: int, text: str, language_code: str | None = "en") -> int:
        """The user types ``text`` (commands get their bot_command entity, as Telegram sends them)."""
        message: dict[str, Any] = {
            "message_id": self._message_id(user_id), "date": int(time.time()),
            "chat": {"id": user_id, "type": "private", "first_name": f"Tester{user_id}"},
            "from": self.user(user_id, language_code), "text": text,
        }
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return self.push_update({"message": message})

    def push_document(self, user_id: int, file_name: str, content: bytes, mime_type: str = "application/pdf",
                      language_code: str | None = "en") -> int:
        file_id = f"doc{len(self.files) + 1}"
        self.files[file_id] = content
        message = {
            "message_id": self._message_id(user_id), "date": int(time.time()),
            "chat": {"id": user_id, "type": "private", "first_name": f"Tester{user_id}"},
            "from": self.user(user_id, language_code),
            "document": {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": file_name,
                         "mime_type": mime_type, "file_size": len(content)},
        }
        return self.push_update({"message": message})

    def push_photo(self, user_id: int, content: bytes, caption: str | None = None,
                   language_code: str | None = "en") -> int:
        """The user sends a photo (a screenshot); returns the update id. Its message is kept for copyMessage."""
        return self.push_message(user_id, self._photo_fields(content, caption), language_code)

    def push_group_photo(self, chat_id: int, user_id: int, content: bytes, thread_id: int | None = None,
                         caption: str | None = None, language_code: str | None = "en") -> int:
        """A member of a group posts a photo (in the forum topic ``thread_id``)."""
        message: dict[str, Any] = {"message_id": self._message_id(chat_id), "date": int(time.time()),
                                   "chat": self._group_chat(chat_id), "from": self.user(user_id, language_code),
                                   **self._photo_fields(content, caption)}
        if thread_id is not None:
            message["message_thread_id"] = thread_id
            message["is_topic_message"] = True
        return self.push_update({"message": message})

    def push_edit(self, user_id: int, message_id: int, text: str, language_code: str | None = "en") -> int:
        """The user edits their text message ``message_id`` (an ``edited_message`` update)."""
        message = {"message_id": message_id, "date": int(time.time()), "edit_date": int(time.time()),
                   "chat": {"id": user_id, "type": "private", "first_name": f"Tester{user_id}"},
                   "from": self.user(user_id, language_code), "text": text}
        return self.push_update({"edited_message": message})

    def _photo_fields(self, content: bytes, caption: str | None) -> dict[str, Any]:
        file_id = f"photo{len(self.files) + 1}"
        self.files[file_id] = content
        fields: dict[str, Any] = {"photo": [{"file_id": file_id, "file_unique_id": f"u{file_id}", "width": 800,
                                             "height": 600, "file_size": len(content)}]}
        if caption:
            fields["caption"] = caption
        return fields

    def push_chat_member(self, user_id: int, status: str) -> int:
        """The user blocks (``"kicked"``) or unblocks (``"member"``) the bot: a ``my_chat_member`` update; from
        then on sending to a user who blocked the bot is refused with 403, as Telegram does."""
        bot = self._bot_user()

        def member(state: str) -> dict[str, Any]:
            return {"status": state, "user": bot, **({"until_date": 0} if state == "kicked" else {})}

        if status == "kicked":
            self.blocked_by.add(user_id)
        else:
            self.blocked_by.discard(user_id)
        return self.push_update({"my_chat_member": {
            "chat": {"id": user_id, "type": "private", "first_name": f"Tester{user_id}"},
            "from": self.user(user_id), "date": int(time.time()),
            "old_chat_member": member("member" if status == "kicked" else "kicked"),
            "new_chat_member": member(status)}})

    def push_message(self, user_id: int, fields: dict[str, Any], language_code: str | None = "en") -> int:
        """Any other message (a sticker, a location …): ``fields`` are added to the message."""
        message = {
            "message_id": self._message_id(user_id), "date": int(time.time()),
            "chat": {"id": user_id, "type": "private", "first_name": f"Tester{user_id}"},
            "from": self.user(user_id, language_code), **fields,
        }
        return self.push_update({"message": message})

    def push_callback(self, user_id: int, data: str, message_id: int, language_code: str | None = "en") -> int:
        """The user presses a button with ``data`` under the bot's message ``message_id``."""
        sent = self.message(user_id, message_id)
        query = {"id": str(self._next_callback), "from": self.user(user_id, language_code),
                 "chat_instance": f"ci{user_id}", "data": data, "message": sent.raw}
        self._next_callback += 1
        return self.push_update({"callback_query": query})

    def press(self, user_id: int, label: str, language_code: str | None = "en",
              message: SentMessage | None = None) -> int:
        """Press the button labelled ``label`` under ``message`` (default: the latest with buttons)."""
        target = message or self.last_keyboard(user_id)
        return self.push_callback(user_id, target.button(label), target.message_id, language_code)

    # -- groups, forum topics and inline queries ------------------------------------------------
    def make_group(self, chat_id: int, *, forum: bool = False) -> None:
        """``chat_id`` is a supergroup the bot is an admin of (with topics when ``forum``)."""
        self.groups.add(chat_id)
        if forum:
            self.forums.add(chat_id)
            self.topics.setdefault(chat_id, {})

    def make_forum(self, chat_id: int) -> None:
        self.make_group(chat_id, forum=True)

    def _group_chat(self, chat_id: int) -> dict[str, Any]:
        chat: dict[str, Any] = {"id": chat_id, "type": "supergroup", "title": f"Group {chat_id}"}
        if chat_id in self.forums:
            chat["is_forum"] = True
        return chat

    def push_group_text(self, chat_id: int, user_id: int, text: str, thread_id: int | None = None,
                        language_code: str | None = "en") -> int:
        """A member of a group types ``text`` (in the forum topic ``thread_id``, None: General)."""
        message: dict[str, Any] = {"message_id": self._message_id(chat_id), "date": int(time.time()),
                                   "chat": self._group_chat(chat_id), "from": self.user(user_id, language_code),
                                   "text": text}
        if thread_id is not None:
            message["message_thread_id"] = thread_id
            message["is_topic_message"] = True
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return self.push_update({"message": message})

    def push_group_callback(self, chat_id: int, user_id: int, label: str, message: SentMessage,
                            language_code: str | None = "en") -> int:
        """A member of a group presses the button labelled ``label`` under the bot's ``message``."""
        query = {"id": str(self._next_callback), "from": self.user(user_id, language_code),
                 "chat_instance": f"ci{chat_id}", "data": message.button(label), "message": message.raw}
        self._next_callback += 1
        return self.push_update({"callback_query": query})

    def push_inline_query(self, user_id: int, query: str, language_code: str | None = "en") -> str:
        """A user types ``@bot query`` in any chat; returns the inline query's id."""
        query_id = f"iq{self._next_inline}"
        self._next_inline += 1
        self.push_update({"inline_query": {"id": query_id, "from": self.user(user_id, language_code),
                                           "query": query, "offset": ""}})
        return query_id

    def in_topic(self, chat_id: int, thread_id: int | None) -> list[SentMessage]:
        """The bot's messages in one forum topic of a group (None: outside any topic)."""
        return [m for m in self.messages.get(chat_id, []) if m.thread_id == thread_id]

    def push_update(self, update: dict[str, Any]) -> int:
        """Queue an update; without ``update_id`` it gets the next one. An ``update_id`` already
        confirmed is delivered once more (what Telegram does when a bot dies before confirming)."""
        update = dict(update)
        if "update_id" not in update:
            update["update_id"] = self._next_update_id
        self._next_update_id = max(self._next_update_id, update["update_id"] + 1)
        self._pushed[update["update_id"]] = update
        message = update.get("message")
        if isinstance(message, dict):
            self.user_messages[(int(message["chat"]["id"]), int(message["message_id"]))] = message
        if not self.for_polling:
            pass
        elif update["update_id"] < self._confirmed:
            self._redeliver.append(update)
        else:
            self._queue.append(update)
            self._queue.sort(key=lambda u: u["update_id"])
        self._notify()
        return int(update["update_id"])

    def reserve_update_id(self) -> int:
        """An update id given to an update this fake will not deliver (one a bot fetched before it died)."""
        self._next_update_id += 1
        return self._next_update_id - 1

    def update(self, update_id: int) -> dict[str, Any]:
        """A pushed update, for pushing it again."""
        return dict(self._pushed[update_id])

    # -- what the bot did -----------------------------------------------------------------------
    def sent(self, chat_id: int) -> list[SentMessage]:
        return list(self.messages.get(chat_id, []))

    def message(self, chat_id: int, message_id: int) -> SentMessage:
        for message in self.messages.get(chat_id, []):
            if message.message_id == message_id:
                return message
        raise AssertionError(f"the bot sent no message {message_id} to chat {chat_id}")

    def last_keyboard(self, chat_id: int) -> SentMessage:
        for message in reversed(self.messages.get(chat_id, [])):
            if message.buttons:
                return message
        raise AssertionError(f"no message with buttons in chat {chat_id}")

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    @property
    def unconfirmed(self) -> list[int]:
        """Update ids queued and not yet confirmed, or waiting to be delivered once more."""
        return [update["update_id"] for update in self._redeliver + self._queue]

    @property
    def confirmed(self) -> int:
        """The offset the bot last confirmed: updates below it are gone from Telegram."""
        return self._confirmed

    @property
    def next_update_id(self) -> int:
        return self._next_update_id

    def callback_query_ids(self) -> set[str]:
        """The ids of every button press pushed so far."""
        return {u["callback_query"]["id"] for u in self._pushed.values() if "callback_query" in u}

    async def wait_until(self, condition: Callable[[], Any], within: float = 30.0, what: str = "") -> Any:
        """Wait until ``condition()`` is truthy (checked after every change); returns its value."""
        async def poll() -> Any:
            while True:
                changed = self._changed
                if value := condition():
                    return value
                await changed.wait()

        try:
            return await asyncio.wait_for(poll(), within)
        except TimeoutError:
            raise AssertionError(f"timed out after {within} s waiting for {what or condition}") from None

    async def wait_for_messages(self, chat_id: int, count: int, within: float = 30.0) -> list[SentMessage]:
        """The first ``count`` messages the bot sent to ``chat_id``, once there are that many."""
        await self.wait_until(lambda: len(self.messages.get(chat_id, [])) >= count, within,
                              f"{count} messages in chat {chat_id}")
        return self.sent(chat_id)[:count]

    async def wait_for_prompt(self, chat_id: int, after: int, within: float = 30.0) -> list[SentMessage]:
        """Messages sent after the first ``after`` ones, up to and including the next one with buttons."""
        def ready() -> list[SentMessage] | None:
            new = self.messages.get(chat_id, [])[after:]
            for index, message in enumerate(new):
                if message.keyboard:
                    return new[:index + 1]
            return None

        result: list[SentMessage] = await self.wait_until(ready, within, f"a prompt in chat {chat_id}")
        return result

    async def wait_for_call(self, method: str, count: int = 1, within: float = 30.0,
                            where: Callable[[Call], bool] = lambda call: True) -> list[Call]:
        def ready() -> list[Call] | None:
            found = [call for call in self.calls if call.method == method and where(call)]
            return found if len(found) >= count else None

        result: list[Call] = await self.wait_until(ready, within, f"{count} call(s) to {method}")
        return result

    # -- failure injection ----------------------------------------------------------------------
    def fail_next(self, method: str, description: str = "Too Many Requests: retry after 0", code: int = 429,
                  retry_after: int | None = 0) -> None:
        """The next call to ``method`` gets this error instead of a result."""
        self._failures.append((method, BadRequest(description, code, retry_after)))

    def hold(self, *methods: str) -> None:
        """Calls to ``methods`` take effect but get no response until :meth:`release` (a bot killed
        while waiting for Telegram's answer)."""
        self._held.update(methods)
        self._release.clear()

    def release(self) -> None:
        self._held.clear()
        self._release.set()

    # -- HTTP -----------------------------------------------------------------------------------
    def _notify(self) -> None:
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    def _message_id(self, chat_id: int) -> int:
        self._next_message_id[chat_id] = self._next_message_id.get(chat_id, 0) + 1
        return self._next_message_id[chat_id]

    async def _file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        file_id = request.match_info["path"].rsplit("/", 1)[-1]
        if file_id not in self.files:
            return web.Response(status=404)
        return web.Response(body=self.files[file_id])

    async def _api(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"},
                                     status=401)
        method = request.match_info["method"]
        params = await _read_params(request)
        call = Call(len(self.calls), method, params, time.monotonic())
        self.calls.append(call)
        self._notify()
        if self.latency > 0:
            await asyncio.sleep(self.latency)
        try:
            for index, (failing, error) in enumerate(self._failures):
                if failing.lower() == method.lower():
                    del self._failures[index]
                    raise error
            if str(params.get("chat_id")) in {str(user) for user in self.blocked_by} and \
                    method.lower().startswith(("send", "copy")):
                raise BadRequest("Forbidden: bot was blocked by the user", 403)
            handler = getattr(self, f"_m_{method.lower()}", None)
            if handler is None:
                raise BadRequest("Not Found: method not found", 404)
            result = await handler(params)
        except BadRequest as error:
            body: dict[str, Any] = {"ok": False, "error_code": error.code, "description": error.description}
            if error.retry_after is not None:
                body["parameters"] = {"retry_after": error.retry_after}
            return web.json_response(body, status=error.code)
        if method in self._held:
            await self._release.wait()
        return web.json_response({"ok": True, "result": result})

    # -- methods --------------------------------------------------------------------------------
    def _bot_user(self) -> dict[str, Any]:
        return {"id": BOT_ID, "is_bot": True, "first_name": "Gold Card Guide", "username": BOT_USERNAME}

    async def _m_getme(self, _params: dict[str, Any]) -> Any:
        return {**self._bot_user(), "can_join_groups": False, "can_read_all_group_messages": False,
                "supports_inline_queries": False, "can_connect_to_business": False, "has_main_web_app": False}

    async def _m_deletewebhook(self, _params: dict[str, Any]) -> Any:
        self.webhook = None
        return True

    async def _m_getchat(self, params: dict[str, Any]) -> Any:
        chat_id = _int(params.get("chat_id"))
        if chat_id is None or chat_id not in self.groups:
            raise BadRequest("Bad Request: chat not found")
        return self._group_chat(chat_id)

    async def _m_getchatmember(self, params: dict[str, Any]) -> Any:
        admin = _int(params.get("chat_id")) in self.groups  # make_group: the bot is an admin there
        return {"user": self._bot_user(), "status": "administrator" if admin else "member",
                "can_manage_topics": admin}

    async def _m_getwebhookinfo(self, _params: dict[str, Any]) -> Any:
        webhook = self.webhook or {}
        return {"url": webhook.get("url", ""), "has_custom_certificate": False, "pending_update_count": 0}

    async def _m_setwebhook(self, params: dict[str, Any]) -> Any:
        self.webhook = dict(params)
        return True

    async def _m_logout(self, _params: dict[str, Any]) -> Any:
        return True

    async def _m_close(self, _params: dict[str, Any]) -> Any:
        return True

    async def _m_getupdates(self, params: dict[str, Any]) -> Any:
        offset = _int(params.get("offset"))
        if offset is not None and offset > self._confirmed:
            self._confirmed = offset
            self._queue = [u for u in self._queue if u["update_id"] >= offset]
        limit = _int(params.get("limit")) or 100
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        if self._poller is not None and not self._poller.done():
            self._poller.set_result(None)  # Telegram ends the older poll: 409 Conflict
        mine: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._poller = mine
        while True:
            batch = (self._redeliver + self._queue)[:limit]
            if batch or self._closing:
                break
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            changed = asyncio.ensure_future(self._changed.wait())
            try:
                await asyncio.wait([changed, mine], timeout=remaining, return_when=asyncio.FIRST_COMPLETED)
            finally:
                changed.cancel()
            if mine.done():
                raise BadRequest("Conflict: terminated by other getUpdates request; make sure that only one "
                                 "bot instance is running", 409)
        self._redeliver = [u for u in self._redeliver if u not in batch]
        return batch

    async def _m_setmycommands(self, params: dict[str, Any]) -> Any:
        scope = params.get("scope") or {"type": "default"}
        if scope.get("type") == "chat":  # one chat's own menu (the staff group)
            self.scoped_commands[int(scope["chat_id"])] = list(params["commands"])
        elif scope.get("type") == "default":
            self.commands[params.get("language_code") or None] = list(params["commands"])
        else:
            raise BadRequest(f"Bad Request: scope {scope.get('type')} is not faked")
        return True

    async def _m_getmycommands(self, params: dict[str, Any]) -> Any:
        return self.commands.get(params.get("language_code") or None, [])

    async def _m_deletemycommands(self, params: dict[str, Any]) -> Any:
        self.commands.pop(params.get("language_code") or None, None)
        return True

    async def _m_answercallbackquery(self, params: dict[str, Any]) -> Any:
        if len(str(params.get("text") or "")) > 200:
            raise BadRequest("Bad Request: MESSAGE_TOO_LONG")
        return True

    async def _m_sendchataction(self, params: dict[str, Any]) -> Any:
        if params.get("action") not in CHAT_ACTIONS:
            raise BadRequest("Bad Request: wrong parameter action in request")
        return True

    async def _m_setmydescription(self, params: dict[str, Any]) -> Any:
        if len(str(params.get("description") or "")) > 512:
            raise BadRequest("Bad Request: description is too long")
        self.descriptions[params.get("language_code") or None] = str(params.get("description") or "")
        return True

    async def _m_setmyshortdescription(self, params: dict[str, Any]) -> Any:
        if len(str(params.get("short_description") or "")) > 120:
            raise BadRequest("Bad Request: short description is too long")
        self.short_descriptions[params.get("language_code") or None] = str(params.get("short_description") or "")
        return True

    async def _m_setchatmenubutton(self, params: dict[str, Any]) -> Any:
        self.menu_button = params.get("menu_button")
        return True

    async def _m_sendmessage(self, params: dict[str, Any]) -> Any:
        text = str(params.get("text") or "")
        parse_mode = params.get("parse_mode")
        shown = visible_text(text, parse_mode)
        if not shown.strip():
            raise BadRequest("Bad Request: message text is empty")
        if len(shown.encode("utf-16-le")) // 2 > MAX_TEXT:
            raise BadRequest("Bad Request: message is too long")
        markup = _check_markup(params.get("reply_markup"))
        chat_id = int(params["chat_id"])
        thread = self._thread(chat_id, params.get("message_thread_id"))
        return self._store(chat_id, {"text": shown}, text, parse_mode, markup, thread)

    def _thread(self, chat_id: int, value: Any) -> int | None:
        """The forum topic a message goes to; Telegram refuses a topic that does not exist."""
        thread = _int(value)
        if thread is None:
            return None
        if chat_id in self.forums and thread not in self.topics.get(chat_id, {}):
            raise BadRequest("Bad Request: message thread not found")
        return thread

    async def _m_createforumtopic(self, params: dict[str, Any]) -> Any:
        chat_id = int(params["chat_id"])
        name = str(params.get("name") or "")
        if chat_id not in self.forums:
            raise BadRequest("Bad Request: the chat is not a forum")
        if not 1 <= len(name) <= 128:
            raise BadRequest("Bad Request: TOPIC_NAME_INVALID")
        thread = self._message_id(chat_id)  # a topic's id is the id of its service message
        self.topics[chat_id][thread] = {"name": name, "closed": False}
        self._notify()
        return {"message_thread_id": thread, "name": name, "icon_color": 7322096}

    def _topic(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id, thread = int(params["chat_id"]), int(params["message_thread_id"])
        topic = self.topics.get(chat_id, {}).get(thread)
        if topic is None:
            raise BadRequest("Bad Request: TOPIC_ID_INVALID")
        return topic

    async def _m_closeforumtopic(self, params: dict[str, Any]) -> Any:
        topic = self._topic(params)
        if topic["closed"]:
            raise BadRequest("Bad Request: TOPIC_NOT_MODIFIED")
        topic["closed"] = True
        self._notify()
        return True

    async def _m_reopenforumtopic(self, params: dict[str, Any]) -> Any:
        topic = self._topic(params)
        if not topic["closed"]:
            raise BadRequest("Bad Request: TOPIC_NOT_MODIFIED")
        topic["closed"] = False
        self._notify()
        return True

    async def _m_deleteforumtopic(self, params: dict[str, Any]) -> Any:
        self._topic(params)
        chat_id, thread = int(params["chat_id"]), int(params["message_thread_id"])
        del self.topics[chat_id][thread]
        self.messages[chat_id] = [m for m in self.messages.get(chat_id, []) if m.thread_id != thread]
        self._notify()
        return True

    async def _m_answerinlinequery(self, params: dict[str, Any]) -> Any:
        results = params.get("results") or []
        if isinstance(results, str):
            results = json.loads(results)
        if len(results) > 50:
            raise BadRequest("Bad Request: RESULTS_TOO_MUCH")
        for result in results:
            if not 1 <= len(str(result.get("id", "")).encode()) <= 64:
                raise BadRequest("Bad Request: RESULT_ID_INVALID")
            if not str(result.get("title", "")).strip():
                raise BadRequest("Bad Request: RESULT_TITLE_EMPTY")
            content = result.get("input_message_content") or {}
            shown = visible_text(str(content.get("message_text", "")), content.get("parse_mode"))
            if not shown.strip() or len(shown.encode("utf-16-le")) // 2 > MAX_TEXT:
                raise BadRequest("Bad Request: MESSAGE_TEXT_INVALID")
            _check_markup(result.get("reply_markup"))
        self.inline_answers[str(params["inline_query_id"])] = list(results)
        self._notify()
        return True

    async def _m_editmessagetext(self, params: dict[str, Any]) -> Any:
        message = self.message(int(params["chat_id"]), int(params["message_id"]))
        message.parse_mode = params.get("parse_mode")
        message.text = str(params["text"])
        message.raw["text"] = visible_text(message.text, message.parse_mode)
        message.reply_markup = _check_markup(params.get("reply_markup"))
        self._sync_markup(message)
        return message.raw

    async def _m_editmessagereplymarkup(self, params: dict[str, Any]) -> Any:
        message = self.message(int(params["chat_id"]), int(params["message_id"]))
        message.reply_markup = _check_markup(params.get("reply_markup"))
        self._sync_markup(message)
        return message.raw

    async def _m_deletemessage(self, params: dict[str, Any]) -> Any:
        chat_id, message_id = int(params["chat_id"]), int(params["message_id"])
        self.message(chat_id, message_id)
        self.messages[chat_id] = [m for m in self.messages[chat_id] if m.message_id != message_id]
        return True

    async def _m_senddocument(self, params: dict[str, Any]) -> Any:
        content = params.get("document")
        if isinstance(content, str) and content.startswith("attach://"):  # aiogram uploads the file as a part
            name = content.removeprefix("attach://")
            content, params = params.get(name), {**params, "_filename_document": params.get(f"_filename_{name}"),
                                                 "_type_document": params.get(f"_type_{name}")}
        file_id = f"sent{len(self.files) + 1}"
        self.files[file_id] = bytes(content) if isinstance(content, bytes | bytearray) else str(content).encode()
        document = {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": len(self.files[file_id]),
                    "file_name": params.get("_filename_document", "document"),
                    "mime_type": params.get("_type_document") or "application/octet-stream"}
        return self._store(int(params["chat_id"]), {"document": document, "caption": params.get("caption")},
                           str(params.get("caption") or ""), params.get("parse_mode"),
                           _check_markup(params.get("reply_markup")))

    async def _m_sendphoto(self, params: dict[str, Any]) -> Any:
        content = params.get("photo")
        file_id = f"sent{len(self.files) + 1}"
        self.files[file_id] = bytes(content) if isinstance(content, bytes | bytearray) else str(content).encode()
        photo = [{"file_id": file_id, "file_unique_id": f"u{file_id}", "width": 1, "height": 1,
                  "file_size": len(self.files[file_id])}]
        return self._store(int(params["chat_id"]), {"photo": photo, "caption": params.get("caption")},
                           str(params.get("caption") or ""), params.get("parse_mode"),
                           _check_markup(params.get("reply_markup")))

    async def _m_copymessage(self, params: dict[str, Any]) -> Any:
        """A copy of a user's message (its photo, document, text and caption), without "forwarded from"."""
        source = self.user_messages.get((int(params["from_chat_id"]), int(params["message_id"])))
        if source is None:
            raise BadRequest("Bad Request: message to copy not found")
        chat_id = int(params["chat_id"])
        thread = self._thread(chat_id, params.get("message_thread_id"))
        fields = {key: source[key] for key in ("photo", "document", "text", "caption") if key in source}
        stored = self._store(chat_id, fields, str(source.get("text") or source.get("caption") or ""), None,
                             _check_markup(params.get("reply_markup")), thread)
        return {"message_id": stored["message_id"]}

    async def _m_getfile(self, params: dict[str, Any]) -> Any:
        file_id = str(params["file_id"])
        if file_id not in self.files:
            raise BadRequest("Bad Request: invalid file_id")
        return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": len(self.files[file_id]),
                "file_path": f"documents/{file_id}"}

    def _store(self, chat_id: int, fields: dict[str, Any], text: str, parse_mode: str | None,
               markup: dict[str, Any] | None, thread: int | None = None) -> dict[str, Any]:
        chat = (self._group_chat(chat_id) if chat_id in self.groups else
                {"id": chat_id, "type": "private", "first_name": f"Tester{chat_id}"})
        raw: dict[str, Any] = {
            "message_id": self._message_id(chat_id), "date": int(time.time()), "chat": chat,
            "from": self._bot_user(), **{k: v for k, v in fields.items() if v is not None},
        }
        if thread is not None:
            raw["message_thread_id"] = thread
            raw["is_topic_message"] = True
        if markup:
            raw["reply_markup"] = markup
        self.messages.setdefault(chat_id, []).append(
            SentMessage(raw["message_id"], chat_id, text, parse_mode, markup, raw, thread))
        self._notify()
        return raw

    def _sync_markup(self, message: SentMessage) -> None:
        if message.reply_markup:
            message.raw["reply_markup"] = message.reply_markup
        else:
            message.raw.pop("reply_markup", None)
        self._notify()


def _check_markup(markup: Any) -> dict[str, Any] | None:
    if not markup:
        return None
    if not isinstance(markup, dict):
        raise BadRequest("Bad Request: can't parse reply keyboard markup JSON object")
    for row in markup.get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= 64:
                raise BadRequest("Bad Request: BUTTON_DATA_INVALID")
            if sum(1 for kind in ("callback_data", "url", "copy_text", "web_app")
                   if button.get(kind) is not None) != 1:
                raise BadRequest("Bad Request: can't find field callback_data, url, copy_text or web_app")
            copy = button.get("copy_text")
            if copy is not None and not 1 <= len(str((copy or {}).get("text", ""))) <= 256:
                raise BadRequest("Bad Request: COPY_TEXT_INVALID")
            if not str(button.get("text", "")).strip():
                raise BadRequest("Bad Request: text buttons are unallowed in the inline keyboard")
    return markup


def _int(value: Any) -> int | None:
    return None if value is None or value == "" else int(value)


async def _read_params(request: web.Request) -> dict[str, Any]:
    """Query string, then the body (JSON, urlencoded or multipart). Values that hold JSON as a string (as
    the libraries send reply_markup, commands …) are decoded, in a JSON body too: the real Bot API takes a
    JSON body's string value as the parameter's text (telegram-bot-api's HttpReader), like a form value."""
    params: dict[str, Any] = dict(request.query)
    if request.method == "POST" and request.can_read_body:
        content_type = request.content_type
        if content_type == "application/json":
            params.update(await request.json())
            return {key: _maybe_json(value) if isinstance(value, str) else value for key, value in params.items()}
        if content_type == "multipart/form-data":
            reader = await request.multipart()
            async for part in reader:
                if part.name is None or not hasattr(part, "read"):
                    continue
                if part.filename:  # type: ignore[union-attr]
                    params[part.name] = await part.read()  # type: ignore[union-attr]
                    params[f"_filename_{part.name}"] = part.filename  # type: ignore[union-attr]
                    params[f"_type_{part.name}"] = part.headers.get("Content-Type")
                else:
                    params[part.name] = _maybe_json(await part.text())  # type: ignore[union-attr]
            return params
        form = await request.post()
        for name, value in form.items():
            params[name] = _maybe_json(value) if isinstance(value, str) else value
    return {key: _maybe_json(value) if isinstance(value, str) else value for key, value in params.items()}


def _maybe_json(value: str) -> Any:
    if value[:1] in ("{", "[") or value in ("true", "false", "null"):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value

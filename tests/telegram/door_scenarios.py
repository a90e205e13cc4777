"""Whole conversations through a Telegram door and the fake Bot API, shared by the PTB and aiogram
tests (each test module provides the ``running`` fixture of its door). Every step waits for the
bot's messages; nothing sleeps."""

from __future__ import annotations

import asyncio
import json
import logging
import re
from dataclasses import dataclass, field

import pytest

from bot.config import Settings
from bot.engine.events import EventKind
from bot.i18n import Msg, render
from bot.telegram.render import COMMANDS, SOMETHING_WENT_WRONG, UNSUPPORTED_MESSAGE
from storage.inbox import Inbox
from tests.telegram.bots import TOKEN, StartBot
from tests.telegram.fake_bot_api import FakeBotAPI, SentMessage

USER = 5550001
CJK = re.compile(r"[\u4e00-\u9fff]")

# The opening questions as the platform words them (zh labels are shown verbatim in both languages).
HEADINGS = {
    "agree": "同意",
    "held_gold_card": "是否現在或曾經持有就業金卡",
    "nationality_identity": "您的國籍或身分",
    "inside_taiwan": "您現在是否在中華民國境內申請",
    "roc_nationality": "您是否具中華民國國籍",
}
# The buttons pressed for: agree, no, foreign non-US, not inside, no ROC nationality.
ANSWERS = {
    "en": {"agree": "I agree", "held_gold_card": "No", "nationality_identity": "Foreign national (not a US national)",
           "inside_taiwan": "No, I apply from abroad", "roc_nationality": "No"},
    "zh_TW": {"agree": "同意", "held_gold_card": "否", "nationality_identity": "非美籍外籍人士",
              "inside_taiwan": "否", "roc_nationality": "否"},
}
# How the summary names each question in each language.
SUMMARY_LABELS = {
    "en": {"agree": "Agree to the application rules", "held_gold_card": "Do you hold, or have you held, a Gold Card?",
           "nationality_identity": "Your nationality or identity",
           "inside_taiwan": "Are you applying from inside the ROC (Taiwan) now?",
           "roc_nationality": "Do you hold ROC (Taiwan) nationality?"},
    "zh_TW": HEADINGS,
}
IDENTITY = "非美籍外籍人士境外申請"
INBOX_SENTINEL = "ZQX inbox sentinel 5521"
LANGUAGE_BUTTON = {"en": "English", "zh_TW": "繁體中文"}
TELEGRAM_LANGUAGE = {"en": "en", "zh_TW": "zh-hans"}  # every zh* code means Traditional Chinese here


def text(msgid: str, locale: str, **params: object) -> str:
    """An engine message as the user sees it (to compare with what the bot sent)."""
    return render(Msg(msgid, params), locale)


@dataclass
class Chat:
    """One user talking to the bot through the fake API; ``seen`` counts the bot messages read."""

    api: FakeBotAPI
    user_id: int = USER
    language_code: str | None = "en"
    seen: int = 0
    log: list[SentMessage] = field(default_factory=list)

    async def send(self, typed: str) -> list[SentMessage]:
        self.api.push_text(self.user_id, typed, self.language_code)
        return await self.prompt()

    async def press(self, label: str, message: SentMessage | None = None) -> list[SentMessage]:
        self.api.press(self.user_id, label, self.language_code, message)
        return await self.prompt()

    async def prompt(self) -> list[SentMessage]:
        """The bot's messages up to the next one with buttons."""
        messages = await self.api.wait_for_prompt(self.user_id, self.seen)
        return self._read(messages)

    async def messages(self, count: int) -> list[SentMessage]:
        """The bot's next ``count`` messages."""
        messages = (await self.api.wait_for_messages(self.user_id, self.seen + count))[self.seen:]
        return self._read(messages)

    def _read(self, messages: list[SentMessage]) -> list[SentMessage]:
        self.seen += len(messages)
        self.log.extend(messages)
        return messages

    @property
    def last(self) -> SentMessage:
        return self.api.last_keyboard(self.user_id)

    def start_button(self) -> str:
        """The menu button that opens the opening questions (▶ Start / ▶ 開始)."""
        return next(label for label, _data in self.last.buttons if label.startswith("▶"))


def plain(messages: list[SentMessage]) -> str:
    return "\n\n".join(message.plain for message in messages)


async def reach_question_3(chat: Chat, locale: str) -> None:
    """/start → language picker → language → menu → opening questions 1 and 2 answered."""
    picker = plain(await chat.send("/start"))
    assert text("Please choose your language. You can change it at any time with /language.", locale) in picker
    assert [label for label, _ in chat.last.buttons] == ["English", "繁體中文"]
    await chat.press(LANGUAGE_BUTTON[locale])
    question_1 = plain(await chat.press(chat.start_button()))
    assert HEADINGS["agree"] in question_1
    question_2 = plain(await chat.press(ANSWERS[locale]["agree"]))
    assert HEADINGS["held_gold_card"] in question_2
    question_3 = plain(await chat.press(ANSWERS[locale]["held_gold_card"]))
    assert HEADINGS["nationality_identity"] in question_3


async def restart_and_resume(api: FakeBotAPI, start_bot: StartBot, locale: str) -> None:
    chat = Chat(api, language_code=TELEGRAM_LANGUAGE[locale])
    first = await start_bot()
    await reach_question_3(chat, locale)
    await first.stop()  # a restart: new App (database engine) and new door on the same database file

    second = await start_bot()
    resumed = await chat.send("/start")
    welcome = text("Welcome back! You were at: {flow} ({done} of {total} answered). Everything you entered is "
                   "saved.", locale, flow=Msg("Opening questions"), done=2, total=5)
    assert resumed[0].plain.startswith(welcome), "the first message after a restart answers /start"
    assert HEADINGS["nationality_identity"] in resumed[-1].plain
    assert text("{flow} · question {position} of {total}", locale, flow=Msg("Opening questions"), position=3,
                total=5) in resumed[-1].plain
    for key in ("nationality_identity", "inside_taiwan"):
        await chat.press(ANSWERS[locale][key])
    summary = plain(await chat.press(ANSWERS[locale]["roc_nationality"]))

    assert text("Summary: {flow}", locale, flow=Msg("Opening questions")) in summary
    for key, answer in ANSWERS[locale].items():
        line = text("{label}: {value}", locale, label=SUMMARY_LABELS[locale][key], value=answer)
        assert line in summary, f"{key} missing from the summary"
    assert IDENTITY in summary
    if locale == "zh_TW":
        assert not re.search(r"[A-Za-z]{4,}", summary.replace("ROC", "")), "English words in a zh_TW summary"
    else:
        assert any("<b>" in m.text for m in chat.log), "English headings show the platform label in bold"
    assert {call.params.get("parse_mode") for call in api.calls_to("sendMessage")} == {"HTML"}
    # the events the engine saw: delivery keys from update ids, the user's language code as Telegram sent it
    events = second.events
    assert all(event.update_key and re.fullmatch(r"tg:\d+", event.update_key) for event in events)
    assert {event.language_code for event in events} == {TELEGRAM_LANGUAGE[locale]}
    assert events[0].kind is EventKind.COMMAND and events[0].command == "start"
    assert {event.kind for event in events[1:]} == {EventKind.BUTTON}


async def duplicate_update(api: FakeBotAPI, start_bot: StartBot) -> None:
    """The same update_id delivered again (after it was answered, and twice in one batch): one reply."""
    bot = await start_bot()
    chat = Chat(api)
    await chat.send("/start")
    update_id = api.press(USER, "English")
    menu = await chat.prompt()
    assert len(menu) == 1 and text("Language set to English.", "en") in menu[0].plain  # with the menu
    replies_before = len(api.calls_to("sendMessage"))
    assert bot.engine is not None
    await bot.engine.wait_delivered(f"tg:{update_id}")
    await api.wait_until(lambda: api.confirmed > update_id, what="the update confirmed")

    api.push_update(api.update(update_id))  # redelivered after it was answered
    await api.wait_until(lambda: update_id not in api.unconfirmed, what="the redelivery fetched")
    api.push_text(USER, "/status")  # a later update: its reply follows any reply to the duplicate
    status = await chat.messages(1)
    assert text("Your progress:", "en") in status[0].plain
    assert len(api.calls_to("sendMessage")) == replies_before + 1, "the duplicate got a reply"
    # the poller knows it handled it (an update id it handed over already) and drops it; after a restart,
    # when it does not know, the engine's delivery log does the same (restart_and_resume, the kill tests)
    assert [e.update_key for e in bot.events].count(f"tg:{update_id}") == 1

    # the same new update twice in one getUpdates batch (e.g. a webhook retry while still handling it)
    twice = {"update_id": api.next_update_id, **{k: v for k, v in api.update(update_id).items() if k != "update_id"}}
    twice["callback_query"] = dict(twice["callback_query"], id="dup", data=chat.last.button(chat.start_button()),
                                   message=chat.last.raw)
    api.push_update(twice)
    api.push_update(twice)
    question = await chat.prompt()
    assert HEADINGS["agree"] in question[-1].plain
    api.push_text(USER, "/status")
    (status,) = await chat.messages(1)
    assert text("Your progress:", "en") in status.plain, "the duplicate got a reply"
    assert len(api.calls_to("sendMessage")) == replies_before + 3, "one question, one status, nothing else"


async def outdated_button(api: FakeBotAPI, start_bot: StartBot) -> None:
    """A press on an earlier message is not applied: a toast on the button says so, and nothing is sent."""
    await start_bot()
    chat = Chat(api)
    await chat.send("/start")
    await chat.press("English")
    question_1 = (await chat.press(chat.start_button()))[-1]
    old_agree = question_1.button("I agree")
    await chat.press("I agree")
    answered = len(api.sent(USER))
    api.push_callback(USER, old_agree, question_1.message_id)  # the old question's button again
    toast = text("That button is from an earlier message, so I did not apply it. Please use the latest one.", "en")
    await api.wait_for_call("answerCallbackQuery", where=lambda call: call.params.get("text") == toast)
    await api.wait_for_call("answerCallbackQuery", len(api.callback_query_ids()))  # every press was answered
    chat.seen = answered
    status = plain(await _status(chat))
    assert len(api.sent(USER)) == answered + 1, "the outdated press got messages"
    assert text("{flow}: {done} of {total} answered", "en", flow=Msg("Opening questions"), done=1, total=5) in status


async def _status(chat: Chat) -> list[SentMessage]:
    chat.api.push_text(chat.user_id, "/status", chat.language_code)
    return await chat.messages(1)


async def command_menus(api: FakeBotAPI, start_bot: StartBot) -> None:
    await start_bot()
    await api.wait_for_call("setMyCommands", count=2)  # published while the door already polls
    names = [name for name, _ in COMMANDS]
    assert set(api.commands) == {None, "zh"}
    assert [c["command"] for c in api.commands[None]] == names
    assert [c["command"] for c in api.commands["zh"]] == names
    for (_name, description), english, chinese in zip(COMMANDS, api.commands[None], api.commands["zh"], strict=True):
        assert english["description"] == render(description, "en")
        assert chinese["description"] == render(description, "zh_TW")
        assert CJK.search(chinese["description"]) and not CJK.search(english["description"])


async def order_kept(api: FakeBotAPI, start_bot: StartBot) -> None:
    """Three typed answers in one getUpdates batch are applied in the order they were sent."""
    bot = await start_bot()
    chat = Chat(api)
    await chat.send("/start")
    await chat.press("English")
    await chat.press(chat.start_button())
    sent = [api.push_text(USER, typed) for typed in ("1", "2", "1")]  # agree, no, foreign non-US
    replies = await chat.messages(3)
    assert [HEADINGS[key] in reply.plain for key, reply in
            zip(("held_gold_card", "nationality_identity", "inside_taiwan"), replies, strict=True)] == [True] * 3
    keys = [e.update_key for e in bot.events]
    assert keys[-3:] == [f"tg:{update_id}" for update_id in sent]


async def callback_answered_at_once(api: FakeBotAPI, start_bot: StartBot) -> None:
    """The spinner of a pressed button stops before the engine's work: the engine waits here until
    the fake API received answerCallbackQuery, which would never happen if the door answered after."""
    async def slow_engine(event: object) -> None:
        if getattr(event, "kind", None) is EventKind.BUTTON:
            await api.wait_for_call("answerCallbackQuery", len(api.calls_to("answerCallbackQuery")) + 1, within=30)

    await start_bot(before=slow_engine)
    chat = Chat(api)
    await chat.send("/start")
    menu = await chat.press("English")
    assert text("Language set to English.", "en") in plain(menu)


async def files_and_other_messages(api: FakeBotAPI, start_bot: StartBot) -> None:
    bot = await start_bot()
    chat = Chat(api)
    await chat.send("/start")
    await chat.press("English")
    api.push_document(USER, "passport.pdf", b"%PDF-1.4 test", "application/pdf")
    await chat.prompt()
    event = bot.events[-1]
    assert event.kind is EventKind.FILE and event.file is not None
    assert (event.file.name, event.file.size, event.file.mime_type) == ("passport.pdf", 13, "application/pdf")
    assert event.file.file_id in api.files
    api.push_message(USER, {"photo": [{"file_id": "p-small", "file_unique_id": "ps", "width": 90, "height": 90},
                                      {"file_id": "p-big", "file_unique_id": "pb", "width": 900, "height": 900,
                                       "file_size": 4321}]})
    await chat.prompt()
    photo = bot.events[-1].file
    assert photo is not None and (photo.file_id, photo.size, photo.mime_type) == ("p-big", 4321, "image/jpeg")
    events = len(bot.events)
    api.push_message(USER, {"sticker": {"file_id": "s1", "file_unique_id": "s1", "type": "regular", "width": 512,
                                        "height": 512, "is_animated": False, "is_video": False}})
    notice = await chat.messages(1)
    assert notice[0].plain == render(UNSUPPORTED_MESSAGE, "en")
    assert len(bot.events) == events, "a sticker does not reach the engine"
    api.push_update({"message": {"message_id": 99, "date": 0, "text": "hello group",
                                 "chat": {"id": -100, "type": "group", "title": "A group"},
                                 "from": api.user(USER)}})
    api.push_text(USER, "/help")
    help_reply = await chat.messages(1)
    assert "/language" in help_reply[0].plain
    assert -100 not in api.messages and len(bot.events) == events + 1, "group messages are ignored"


async def failures_are_kind_and_quiet(api: FakeBotAPI, start_bot: StartBot, caplog: pytest.LogCaptureFixture) -> None:
    """The engine fails: the user is told to try again (in their language); the log has no message
    text and no token. Telegram's flood control (429) is waited out."""
    secret = "my passport number is X1234567"

    async def failing(event: object) -> None:
        if getattr(event, "text", "") == secret:
            raise RuntimeError(f"cannot handle {secret!r}")

    caplog.set_level(logging.INFO)  # the production default for libraries
    caplog.set_level(logging.DEBUG, logger="bot")  # and everything this project logs
    await start_bot(before=failing)
    chat = Chat(api, language_code="zh-hant")
    api.push_text(USER, secret, "zh-hant")
    (error,) = await chat.messages(1)
    assert error.plain == render(SOMETHING_WENT_WRONG, "zh_TW")
    api.fail_next("sendMessage", "Too Many Requests: retry after 1", 429, retry_after=1)
    picker = await chat.send("/start")
    assert [label for label, _ in picker[-1].buttons] == ["English", "繁體中文"]
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "RuntimeError" in logged
    assert secret not in logged and "X1234567" not in logged and TOKEN not in logged


async def stops_cleanly_while_busy(api: FakeBotAPI, start_bot: StartBot) -> None:
    """Stopping while an update is being handled lets it finish: its reply goes out and is marked."""
    release = asyncio.Event()

    async def held(event: object) -> None:
        if getattr(event, "kind", None) is EventKind.COMMAND:
            await release.wait()

    bot = await start_bot(before=held)
    chat = Chat(api)
    api.push_text(USER, "/start")
    assert bot.engine is not None
    await bot.engine.wait_until(lambda: bot.events)  # the update reached the engine
    stopping = asyncio.ensure_future(bot.stop())
    await asyncio.sleep(0)
    release.set()
    await stopping
    picker = await chat.prompt()
    assert [label for label, _ in picker[-1].buttons] == ["English", "繁體中文"]


async def inbox_sealed_and_resumed(api: FakeBotAPI, start_bot: StartBot) -> None:
    """Polling confirms an update once it is stored, sealed, in the inbox, while it is still being handled;
    an update a previous run stored and never handled is handled first on the next start, then deleted."""
    release = asyncio.Event()

    async def held(event: object) -> None:
        if getattr(event, "text", None) == INBOX_SENTINEL:
            await release.wait()

    bot = await start_bot(before=held)
    assert bot.app is not None
    chat = Chat(api)
    await chat.send("/start")
    update_id = api.push_text(USER, INBOX_SENTINEL)
    assert bot.engine is not None
    await bot.engine.wait_until(lambda: any(e.text == INBOX_SENTINEL for e in bot.events))
    await api.wait_until(lambda: api.confirmed > update_id, what="the update confirmed while in hand")
    inbox = Inbox(bot.app.db, bot.app.engine.sealer)
    assert [number for number, _ in await inbox.pending()] == [update_id]
    for path in bot.settings.data_dir.rglob("*"):  # the database and its write-ahead log
        assert not path.is_file() or INBOX_SENTINEL.encode() not in path.read_bytes(), path.name
    release.set()
    await chat.prompt()  # not an option: asked again

    left = api.reserve_update_id()  # fetched and stored by a run that died before handling it
    message = {"message_id": 900, "date": 1_800_000_000, "chat": {"id": USER, "type": "private"},
               "from": api.user(USER), "text": "/status",
               "entities": [{"type": "bot_command", "offset": 0, "length": 7}]}
    await inbox.put([(left, json.dumps({"update_id": left, "message": message}).encode())])
    await bot.stop()
    restarted = await start_bot()
    help_id = api.push_text(USER, "/help")
    status, *_ = await chat.messages(2)
    assert text("Your progress:", "en") in status.plain, "the stored update first"
    assert restarted.engine is not None and restarted.app is not None
    engine = restarted.engine
    await engine.wait_until(lambda: len(engine.delivered) == 2)
    assert [e.update_key for e in restarted.events] == [f"tg:{left}", f"tg:{help_id}"]
    inbox = Inbox(restarted.app.db, restarted.app.engine.sealer)
    for _ in range(100):  # deleted just after it was handled
        if not await inbox.pending():
            break
        await asyncio.sleep(0.01)
    assert await inbox.pending() == []


async def play_application(api: FakeBotAPI, user: int) -> None:
    """/start in English, every opening question and tab of tests/dialogs/test_application.py to the
    review card (its last part: the no-refund warning before Export)."""
    from tests.dialogs.test_application import ABROAD_EN

    seen = 0

    async def until(expected: str) -> None:
        nonlocal seen

        def arrived() -> bool:
            texts = [m.plain for m in api.sent(user)[seen:]]
            return bool(texts) and expected in "\n\n".join(texts)

        await api.wait_until(arrived, what=f"{expected!r} in chat {user}")
        seen = len(api.sent(user))

    api.push_text(user, "/start lang_en", "en")
    await until("What would you like to do?")
    for step, expected in ABROAD_EN:
        if step.startswith("press:"):
            wanted = step[6:]
            message = api.last_keyboard(user)
            labels = [label for label, _ in message.buttons]
            label = wanted if wanted in labels else next(
                (label for label in labels if wanted in label), f"{wanted!r} not among {labels}")
            api.press(user, label, "en", message)
        else:
            api.push_text(user, step, "en")
        await until(expected)
    await api.wait_until(lambda: any("never refunded" in m.plain for m in api.sent(user)),
                         what="the review card's last part")


async def whole_application(api: FakeBotAPI, start_bot: StartBot) -> None:
    """/start to the review card through the door: every opening question, the privacy notice and all
    five tabs, typed answers and button presses, as in tests/dialogs/test_application.py."""
    await start_bot()
    user = USER + 7
    await play_application(api, user)
    review = "\n\n".join(m.plain for m in api.sent(user))
    assert "📋 Review: My application" in review and "INCOMPLETE: not ready to submit. 5 missing, 0 to fix" in review
    assert "English surname (英文姓氏): SMITH" in review
    html = "".join(m.text for m in api.sent(user)[-8:])
    assert "<code>SMITH</code>" in html and "<code>1990-07-30</code>" in html


async def reminder_pushed(api: FakeBotAPI, start_bot: StartBot) -> None:
    """A due reminder reaches the user through the door, in their language, with a cancel button."""
    from datetime import UTC, date, datetime

    from bot.reminders.book import ReminderBook
    from bot.reminders.dispatcher import ReminderDispatcher
    from bot.reminders.kinds import ReminderKind
    from storage.repositories import Store

    bot = await start_bot()
    assert bot.app is not None
    chat = Chat(api, language_code="zh-hant")
    await chat.send("/start")
    await chat.press("繁體中文")
    async with bot.app.db.transaction() as session:
        user = await Store(session, bot.app.engine.sealer).lock_user(USER)
        await ReminderBook(session, bot.app.engine.sealer).schedule(
            user, ReminderKind.SUPPLEMENT_DEADLINE, date(2026, 12, 10), today=date(2026, 11, 30))
    notifier = bot.app.engine.services.notifier
    dispatcher = ReminderDispatcher(bot.app.db, bot.app.engine.sealer, notifier, "test",
                                    clock=lambda: datetime(2026, 12, 3, 3, 0, tzinfo=UTC))
    assert await dispatcher.deliver_due() == 1
    pushed = await chat.prompt()
    assert "⏰ 提醒：補正期限" in pushed[-1].plain and "2026-12-10" in pushed[-1].plain
    assert [label for label, _ in pushed[-1].buttons] == ["取消這個提醒"]
    api.press(USER, "取消這個提醒", "zh-hant", pushed[-1])
    reply = plain(await chat.messages(1))
    assert "已取消提醒" in reply, reply  # the reminder the day before is not sent any more


# -- the help desk: staff group, forum topics, inline mode ------------------------------------------
STAFF_CHAT = -1001234567890  # a supergroup (the bot is an admin that may manage topics)
STAFF = 7770001  # a help-desk staff member (STAFF_IDS)
ALWAYS_OPEN = "Mon-Sun 00:00-24:00"


def staff_settings(settings: Settings) -> Settings:
    """The door tests' settings with a staff group, one staff member, English staff notes, always open."""
    return settings.model_copy(update={"staff_chat_id": STAFF_CHAT, "staff_ids": (STAFF,), "staff_locale": "en",
                                       "staff_hours": ALWAYS_OPEN})


async def _until(api: FakeBotAPI, chat_id: int, expected: str, *, thread: int | bool | None = False,
                 after: int = 0) -> SentMessage:
    """The first bot message in ``chat_id`` (after the first ``after``; in topic ``thread`` unless False)
    whose text contains ``expected``."""
    def found() -> SentMessage | None:
        for message in api.sent(chat_id)[after:]:
            if expected in message.plain and (thread is False or message.thread_id == thread):
                return message
        return None

    result: SentMessage = await api.wait_until(found, what=f"{expected!r} in chat {chat_id}")
    return result


async def helpdesk_round_trip(api: FakeBotAPI, start_bot: StartBot) -> None:
    """An applicant finds no answer and asks a person; the staff group gets the ticket's summary in a new
    forum topic; a staff reply reaches the applicant, the applicant's reply reaches the topic; /close
    closes the ticket and the topic, and typed text answers the application again."""
    api.make_forum(STAFF_CHAT)
    await start_bot()
    chat = Chat(api)
    await chat.send("/start lang_en")
    await chat.press(chat.start_button())
    await chat.press("I agree")  # question 2 of the opening questions is pending

    seen = len(api.sent(USER))
    api.push_text(USER, "who won the world cup?")  # nothing in the FAQ: a person is offered
    offer = await _until(api, USER, "I have no answer to that in my knowledge base.", after=seen)
    await _until(api, USER, HEADINGS["held_gold_card"], after=seen)  # and the question, kept where it was
    seen = len(api.sent(USER))
    api.press(USER, "💬 Ask a person", message=offer)
    sharing = await _until(api, USER, "May they also see your draft's answers", after=seen)
    seen = len(api.sent(USER))
    api.press(USER, "🔒 No, keep them private", message=sharing)
    opened = await _until(api, USER, "✓ Ticket #1 is open.", after=seen)
    assert "Staff will not see your answers" in opened.plain

    summary = await _until(api, STAFF_CHAT, "🆕 Ticket #1")
    assert summary.thread_id is not None, "the summary opens a forum topic"
    topic = summary.thread_id
    assert api.topics[STAFF_CHAT][topic]["name"] == "#1 · English"
    for expected in ("Language: English", "Now at: Opening questions › Do you hold, or have you held, a Gold Card?",
                     "Progress: Opening questions 1/5", "Documents: 0 of", "who won the world cup?",
                     "The applicant did not share their answers."):
        assert expected in summary.plain, expected
    assert [label for label, _data in summary.buttons] == ["✅ Close ticket #1"]

    seen = len(api.sent(USER))
    api.push_group_text(STAFF_CHAT, STAFF, "Hello! Which visa do you hold now?", topic)
    staff_reply = await _until(api, USER, "💬 Help desk (ticket #1):", after=seen)
    assert "Hello! Which visa do you hold now?" in staff_reply.plain

    in_topic = len(api.in_topic(STAFF_CHAT, topic))
    api.push_text(USER, "A visitor visa <b>& no ARC</b>")
    await _until(api, USER, "✓ Sent to the help desk.", after=seen)
    relayed = await _until(api, STAFF_CHAT, "the applicant writes:", thread=topic)
    assert "A visitor visa <b>& no ARC</b>" in relayed.plain, "the applicant's text arrives as typed (escaped)"
    assert len(api.in_topic(STAFF_CHAT, topic)) == in_topic + 1

    seen = len(api.sent(USER))
    api.push_group_text(STAFF_CHAT, STAFF, "/close", topic)
    await _until(api, STAFF_CHAT, "✅ Ticket #1 closed by", thread=topic)
    await _until(api, USER, "✅ The help desk closed ticket #1.", after=seen)
    await api.wait_until(lambda: api.topics[STAFF_CHAT][topic]["closed"], what="the topic closed")

    seen = len(api.sent(USER))
    api.push_text(USER, "2")  # answers the pending question again: "No"
    await _until(api, USER, HEADINGS["nationality_identity"], after=seen)
    assert not any("the applicant writes" in m.plain and m.plain.split("\n")[-1] == "2"
                   for m in api.in_topic(STAFF_CHAT, topic)), "after /close nothing is relayed"

    # a second ticket reuses the applicant's topic (one topic per applicant), reopened
    seen = len(api.sent(USER))
    api.push_text(USER, "/human")
    sharing = await _until(api, USER, "May they also see your draft's answers", after=seen)
    api.press(USER, "✅ Yes, share my answers", message=sharing)
    second = await _until(api, STAFF_CHAT, "🆕 Ticket #2", thread=topic)
    assert "The applicant agreed to share their draft's answers:" in second.plain
    await api.wait_until(lambda: not api.topics[STAFF_CHAT][topic]["closed"], what="the topic reopened")

    # /delete erases the applicant's topic with every relayed message; staff are told in the group
    seen = len(api.sent(USER))
    api.push_text(USER, "/delete")
    confirm = await _until(api, USER, "It cannot be undone.", after=seen)
    api.press(USER, "🗑 Yes, delete everything", message=confirm)
    await _until(api, STAFF_CHAT, "erased their data with /delete", thread=None)
    await api.wait_until(lambda: topic not in api.topics[STAFF_CHAT], what="the topic deleted")
    assert api.in_topic(STAFF_CHAT, topic) == []


async def helpdesk_without_topics(api: FakeBotAPI, start_bot: StartBot) -> None:
    """A staff group without topics: the summary goes to the group; staff answer with /reply N and close
    with the button."""
    api.make_group(STAFF_CHAT)
    await start_bot()
    chat = Chat(api, language_code="zh-hant")
    await chat.send("/start lang_zh_TW")
    seen = len(api.sent(USER))
    api.push_text(USER, "/human", "zh-hant")
    await _until(api, USER, "#1", after=seen)
    summary = await _until(api, STAFF_CHAT, "🆕 Ticket #1")
    assert summary.thread_id is None and "Language: 繁體中文" in summary.plain
    assert "/reply 1 TEXT" in summary.plain

    seen = len(api.sent(USER))
    api.push_group_text(STAFF_CHAT, STAFF, "/reply 1 您好，請問有什麼問題？")
    await _until(api, USER, "您好，請問有什麼問題？", after=seen)
    api.push_text(USER, "謝謝，我想問規費", "zh-hant")
    await _until(api, STAFF_CHAT, "謝謝，我想問規費")

    seen = len(api.sent(USER))
    api.push_group_callback(STAFF_CHAT, STAFF, "✅ Close ticket #1", summary)
    await _until(api, STAFF_CHAT, "✅ Ticket #1 closed by")
    closed = await _until(api, USER, "#1", after=seen)
    assert CJK.search(closed.plain), "the applicant is told in their language"


async def staff_commands_refused(api: FakeBotAPI, start_bot: StartBot) -> None:
    """/tickets and /stats: refused to everyone but staff, in their language; staff get them anywhere."""
    api.make_forum(STAFF_CHAT)
    await start_bot()
    english = Chat(api)
    api.push_text(USER, "/tickets")
    (refused,) = await english.messages(1)
    assert refused.plain == "Sorry, this command is for the help-desk staff only."
    chinese = Chat(api, user_id=USER + 1, language_code="zh-hant")
    api.push_text(USER + 1, "/stats", "zh-hant")
    (refused_zh,) = await chinese.messages(1)
    assert CJK.search(refused_zh.plain) and "staff" not in refused_zh.plain
    api.push_group_text(STAFF_CHAT, USER, "/tickets")  # a non-staff member of the staff group
    refused_group = await _until(api, STAFF_CHAT, "Sorry, this command is for the help-desk staff only.")
    assert refused_group.thread_id is None

    staff = Chat(api, user_id=STAFF)
    api.push_text(STAFF, "/tickets")
    (listing,) = await staff.messages(1)
    assert listing.plain == "No open tickets."
    api.push_group_text(STAFF_CHAT, STAFF, "/stats")
    stats = await _until(api, STAFF_CHAT, "📊 Help-desk statistics")
    assert "Drafts by stage" in stats.plain and "Top unanswered questions" in stats.plain


async def inline_answer_cards(api: FakeBotAPI, start_bot: StartBot) -> None:
    """@bot query in any chat: answer cards in the language of the query, each with its source link."""
    await start_bot()
    chinese = api.push_inline_query(USER, "密碼錯太多次", "en")
    await api.wait_until(lambda: chinese in api.inline_answers, what="the Chinese inline answer")
    results = api.inline_answers[chinese]
    assert results and results[0]["id"] == "faq:account-lockout:zh_TW"
    first = results[0]
    assert CJK.search(first["title"]) and first["url"].startswith("https://")
    assert first["url"] in first["input_message_content"]["message_text"]
    assert first["reply_markup"]["inline_keyboard"][0][0] == {"text": "🔗 來源", "url": first["url"]}
    english = api.push_inline_query(USER, "can i apply on visa free entry", "zh-hant")
    await api.wait_until(lambda: english in api.inline_answers, what="the English inline answer")
    top = api.inline_answers[english][0]
    assert top["id"] == "faq:visa-exempt-entry:en" and not CJK.search(top["title"])
    assert top["reply_markup"]["inline_keyboard"][0][0]["text"] == "🔗 Source"
    empty = api.push_inline_query(USER, "", "en")
    await api.wait_until(lambda: empty in api.inline_answers, what="the empty inline answer")
    assert api.inline_answers[empty] == []


async def _ticket_by_human(api: FakeBotAPI, start_bot: StartBot) -> int | None:
    """A bot with a forum staff group; the applicant opens ticket #1 with /human. The ticket's topic."""
    api.make_forum(STAFF_CHAT)
    await start_bot()
    chat = Chat(api)
    await chat.send("/start lang_en")
    seen = len(api.sent(USER))
    api.push_text(USER, "/human")
    await _until(api, USER, "✓ Ticket #1 is open.", after=seen)
    return (await _until(api, STAFF_CHAT, "🆕 Ticket #1")).thread_id


async def staff_group_unreachable(api: FakeBotAPI, start_bot: StartBot) -> None:
    """When the applicant's message cannot be posted in the staff group, they are told to send it again
    instead of "✓ sent"; the next message goes through."""
    topic = await _ticket_by_human(api, start_bot)
    seen = len(api.sent(USER))
    api.fail_next("sendMessage", "Forbidden: bot was kicked from the supergroup chat", 403, retry_after=None)
    api.push_text(USER, "first try")
    failed = await _until(api, USER, "could not reach the help desk", after=seen)
    assert "✓ Sent" not in failed.plain
    seen = len(api.sent(USER))
    api.push_text(USER, "second try")
    await _until(api, USER, "✓ Sent to the help desk.", after=seen)
    await _until(api, STAFF_CHAT, "second try", thread=topic)
    # a topic deleted by hand: the next message opens a new one for the ticket
    del api.topics[STAFF_CHAT][topic]
    seen = len(api.sent(USER))
    api.push_text(USER, "third try")
    await _until(api, USER, "✓ Sent to the help desk.", after=seen)
    moved = await _until(api, STAFF_CHAT, "third try")
    assert moved.thread_id not in (None, topic) and api.topics[STAFF_CHAT][moved.thread_id]["name"] == "#1 · English"


PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64  # the fake never decodes it; copyMessage moves it untouched


async def photo_relayed_both_ways(api: FakeBotAPI, start_bot: StartBot) -> None:
    """An applicant talking to the help desk sends a screenshot: it is copied (copyMessage, caption and all)
    into the ticket's topic after a note; a staff member's photo in the topic is copied back to the
    applicant; an edited message is shown to staff as an edit."""
    topic = await _ticket_by_human(api, start_bot)
    assert topic is not None
    seen = len(api.sent(USER))
    in_topic = len(api.in_topic(STAFF_CHAT, topic))
    api.push_photo(USER, PNG_BYTES, caption="the upload tab says 系統錯誤")
    await _until(api, USER, "✓ Sent to the help desk.", after=seen)
    note = await _until(api, STAFF_CHAT, "the applicant sends a file:", thread=topic)
    copies = await api.wait_until(
        lambda: [m for m in api.in_topic(STAFF_CHAT, topic)[in_topic:] if "photo" in m.raw],
        what="the screenshot copied into the topic")
    (copy,) = copies
    assert copy.message_id > note.message_id, "the note announces the copy"
    assert copy.raw["caption"] == "the upload tab says 系統錯誤"
    assert api.files[copy.raw["photo"][-1]["file_id"]] == PNG_BYTES
    (call,) = api.calls_to("copyMessage")
    assert int(call.params["from_chat_id"]) == USER and int(call.params["message_thread_id"]) == topic

    seen = len(api.sent(USER))
    api.push_group_photo(STAFF_CHAT, STAFF, PNG_BYTES + b"staff", topic, caption="Tap here, then 儲存")
    await _until(api, USER, "💬 Help desk (ticket #1) sends a file:", after=seen)
    back = await api.wait_until(lambda: [m for m in api.sent(USER)[seen:] if "photo" in m.raw],
                                what="the staff photo copied to the applicant")
    assert back[0].raw["caption"] == "Tap here, then 儲存"
    assert len(api.calls_to("copyMessage")) == 2

    seen = len(api.sent(USER))
    typed = api.push_text(USER, "I use Safri")
    await _until(api, STAFF_CHAT, "I use Safri", thread=topic)
    message_id = int(api.update(typed)["message"]["message_id"])
    api.push_edit(USER, message_id, "I use Safari 17")
    edited = await _until(api, STAFF_CHAT, "edited a message; it now reads:", thread=topic)
    assert "I use Safari 17" in edited.plain

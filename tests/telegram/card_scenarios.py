"""Cards edited in place, through a Telegram door and the fake Bot API (shared by the PTB and aiogram tests in
test_native_chat.py): a card's button that leads to another card (the menu's grouped sub-menu and back, the review
card and the menu) turns the pressed message into that card, text and keyboard, and sends nothing new; a card's
button that opens a question sends it and strips the card's buttons; an edit Telegram refuses falls back to a
new message, and "message is not modified" counts as done."""

from __future__ import annotations

import pytest

from bot.engine import review
from bot.engine.export_menu import PLATFORM_URL
from tests.telegram.bots import StartBot
from tests.telegram.door_scenarios import ANSWERS, USER, Chat
from tests.telegram.fake_bot_api import Call, FakeBotAPI, SentMessage

GROUPED = "🗂 Before and after applying"
SUB_MENU = "Before and after applying:"
MENU = "What would you like to do?"


async def at_menu(api: FakeBotAPI, start_bot: StartBot) -> tuple[Chat, SentMessage]:
    await start_bot()
    chat = Chat(api)
    await chat.send("/start")
    await chat.press("English")
    menu = chat.last
    assert MENU in menu.plain and GROUPED in [label for label, _ in menu.buttons]
    return chat, menu


async def press_edited(api: FakeBotAPI, card: SentMessage, label: str) -> Call:
    """Press ``label`` on ``card`` and wait for the edit of that message."""
    before = len(api.calls_to("editMessageText"))
    api.press(USER, label, "en", card)
    calls = await api.wait_for_call("editMessageText", count=before + 1)
    return calls[-1]


async def nothing_else_sent(api: FakeBotAPI, chat: Chat, sent: int) -> None:
    """The next message the bot sends answers /status: the presses before it sent none."""
    chat.seen = sent
    api.push_text(USER, "/status")
    status = await chat.messages(1)
    assert "Your progress" in status[0].plain and len(api.sent(USER)) == sent + 1


async def sub_menu_edits_the_menu(api: FakeBotAPI, start_bot: StartBot) -> None:
    chat, menu = await at_menu(api, start_bot)
    sent = len(api.sent(USER))
    call = await press_edited(api, menu, GROUPED)
    assert int(call.params["message_id"]) == menu.message_id
    assert call.params.get("reply_markup"), "the sub-menu's keyboard goes with the edit"
    card = api.message(USER, menu.message_id)
    assert SUB_MENU in card.plain and "⬅ Main menu" in [label for label, _ in card.buttons]
    assert len(api.sent(USER)) == sent
    await press_edited(api, card, "⬅ Main menu")
    card = api.message(USER, menu.message_id)
    assert MENU in card.plain and GROUPED in [label for label, _ in card.buttons]
    await nothing_else_sent(api, chat, sent)


async def review_card_edited_in_place(api: FakeBotAPI, start_bot: StartBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """The review card (one tab, so it fits one message: a card split over several is sent anew) and the menu
    take turns in one message, and so does the export menu (its link button kept)."""
    real = review.application_flows
    monkeypatch.setattr(review, "application_flows", lambda turn: real(turn)[:1])
    await start_bot()
    chat = Chat(api)
    await chat.send("/start")
    await chat.press("English")
    await chat.press(chat.start_button())
    for key in ("agree", "held_gold_card", "nationality_identity", "inside_taiwan", "roc_nationality"):
        await chat.press(ANSWERS["en"][key])
    await chat.press(next(label for label, _ in chat.last.buttons if "confirm" in label))
    menu = (await chat.send("/menu"))[-1]
    sent = len(api.sent(USER))
    await press_edited(api, menu, "📋 Review")
    card = api.message(USER, menu.message_id)
    assert "📋 Review: My application" in card.plain and "Main menu" in [label for label, _ in card.buttons]
    await press_edited(api, card, "Main menu")
    assert MENU in api.message(USER, menu.message_id).plain
    await press_edited(api, api.message(USER, menu.message_id), "📋 Review")
    assert "📋 Review: My application" in api.message(USER, menu.message_id).plain
    await press_edited(api, api.message(USER, menu.message_id), "📤 Export")  # a link button survives the edit
    export = api.message(USER, menu.message_id)
    assert "📤 Export" in export.plain and export.url_buttons == [("🌐 Open the platform", PLATFORM_URL)]
    await nothing_else_sent(api, chat, sent)


async def question_is_sent_and_the_card_loses_its_buttons(api: FakeBotAPI, start_bot: StartBot) -> None:
    chat, menu = await at_menu(api, start_bot)
    sent = len(api.sent(USER))
    question = await chat.press(chat.start_button())
    assert len(api.sent(USER)) == sent + 1 and question[-1].buttons and question[-1].message_id != menu.message_id
    await api.wait_until(lambda: api.message(USER, menu.message_id).reply_markup is None,
                         what="the menu's buttons removed")
    assert MENU in api.message(USER, menu.message_id).plain


async def failed_edit_sends_the_card(api: FakeBotAPI, start_bot: StartBot) -> None:
    chat, menu = await at_menu(api, start_bot)
    sent = len(api.sent(USER))
    api.fail_next("editMessageText", "Bad Request: message can't be edited", 400, retry_after=None)
    card = (await chat.press(GROUPED))[-1]
    assert SUB_MENU in card.plain and card.message_id != menu.message_id and len(api.sent(USER)) == sent + 1
    # "not modified": the message already shows the card, nothing is sent
    api.fail_next("editMessageText", "Bad Request: message is not modified: specified new message content and "
                  "reply markup are exactly the same", 400, retry_after=None)
    before = len(api.calls_to("editMessageText"))
    api.press(USER, "⬅ Main menu", "en", card)
    await api.wait_for_call("editMessageText", count=before + 1)
    await nothing_else_sent(api, chat, sent + 1)

"""The engine in whole conversations: navigation, stale buttons, language switch, redelivery, resume."""

from __future__ import annotations

import asyncio

from bot.app import App, build_app
from bot.config import Settings
from bot.engine.events import Event, EventKind
from bot.i18n_catalogs import simplified_characters
from storage.repositories import Store
from tests.conftest import TODAY
from tests.harness import Chat


async def start_english(app: App, user_id: int = 7) -> Chat:
    chat = Chat(app.engine, user_id)
    first = await chat.send("/start")
    assert "Please choose your language" in first
    assert chat.labels() == ["English", "繁體中文"]
    await chat.press("English")
    assert chat.labels()[0] == "▶ Start: Opening questions"
    return chat


async def stored_opening(app: App, user_id: int = 7) -> dict:
    async with app.db.transaction() as session:
        store = Store(session, app.engine.sealer)
        drafts = await store.drafts_of(user_id)
        return store.answers(drafts[0]).get("opening", {})


async def test_abroad_applicant_gets_identity_and_second_confirmation(app: App) -> None:
    chat = await start_english(app)
    text = await chat.press("Start")
    assert "question 1 of" in text and "同意" in text
    await chat.press("I agree")
    await chat.press("No")
    text = await chat.press("Foreign national (not a US national)")
    assert "您現在是否在中華民國境內申請" in text
    await chat.press("No, I apply from abroad")
    text = await chat.press("No")  # ROC nationality
    assert "非美籍外籍人士境外申請" in text
    assert "cannot be changed on the platform later" in text
    assert chat.labels() == ["✅ All correct, confirm", "✏️ Change an answer"]
    text = await chat.press("✅ All correct, confirm")
    assert "Confirmed and saved" in text and "非美籍外籍人士境外申請" in text
    opening = await stored_opening(app)
    assert opening == {"agree": True, "held_gold_card": False, "nationality_identity": "foreign_non_us",
                       "inside_taiwan": False, "roc_nationality": False, "_confirmed": TODAY.isoformat()}


async def test_visa_exempt_picked_as_visa_is_caught_and_reasked(app: App) -> None:
    chat = await start_english(app)
    await chat.press("Start")
    await chat.press("I agree")
    await chat.press("No")
    await chat.press("US national")
    text = await chat.press("Yes, I am in Taiwan")
    assert "at least 7 days" in text
    await chat.press("60 days or more, with no restriction")
    text = await chat.press("No, only an entry stamp")
    assert "Then you entered visa-exempt" in text and "以免簽證方式入國" in text
    assert "How did you enter Taiwan" in text  # the entry document is asked again
    text = await chat.press("I entered visa-exempt")
    assert "請留意在臺停留期限" in text
    await chat.press("No")
    opening = await stored_opening(app)
    assert opening["entry_document"] == "visa_exempt"
    assert "has_visa_sticker" not in opening


async def test_excluded_identity_is_explained_and_can_be_changed(app: App) -> None:
    chat = await start_english(app)
    await chat.press("Start")
    await chat.press("I agree")
    await chat.press("No")
    text = await chat.press("Citizen of mainland China")
    assert "cannot apply" in text
    assert chat.labels() == ["✏️ Change this answer", "Main menu"]
    text = await chat.press("✏️ Change this answer")
    assert "Which nationality or identity" in text
    text = await chat.press("Hong Kong resident")
    assert "您現在是否在中華民國境內申請" in text


async def test_non_convertible_visa_blocks_inside_application(app: App) -> None:
    chat = await start_english(app)
    await chat.press("Start")
    for label in ("I agree", "No", "Foreign national (not a US national)", "Yes, I am in Taiwan",
                  "valid ROC residence permit"):
        await chat.press(label)
    text = await chat.press("Yes")  # one of ABTC, FL, FO, FR, IM, M, WH
    assert "cannot be converted" in text and "apply from abroad" in text


async def test_stale_button_is_answered_not_applied(app: App) -> None:
    chat = await start_english(app)
    await chat.press("Start")
    await chat.press("I agree")
    old_no = chat.find("No")
    await chat.press("No")
    text = await chat.press_button(old_no)  # the "No" of the previous question, pressed again
    assert text == "That button is from an earlier message, so I did not apply it. Please use the latest one."
    assert (await stored_opening(app)) == {"agree": True, "held_gold_card": False}


async def test_back_then_keep_walks_forward_without_losing_answers(app: App) -> None:
    chat = await start_english(app)
    await chat.press("Start")
    await chat.press("I agree")
    await chat.press("Yes")
    text = await chat.press("⬅ Back")
    assert "Do you hold an Employment Gold Card" in text and "Current answer: Yes" in text
    text = await chat.press("Keep this answer")
    assert "Which nationality or identity" in text
    assert (await stored_opening(app))["held_gold_card"] is True


async def test_change_from_summary_returns_to_summary_with_new_value(app: App) -> None:
    chat = await start_english(app)
    await chat.press("Start")
    for label in ("I agree", "No", "Foreign national (not a US national)", "No, I apply from abroad", "No"):
        await chat.press(label)
    await chat.press("✏️ Change an answer")
    text = await chat.press("Are you applying from inside the ROC (Taiwan) now?")
    assert "Current answer: No, I apply from abroad" in text
    text = await chat.press("Yes, I am in Taiwan")
    assert "How did you enter Taiwan" in text  # the newly needed question first
    text = await chat.press("I hold a valid ROC residence permit")
    text = await chat.press("No")  # not a non-convertible visa
    assert "Summary: Opening questions" in text
    assert "非美籍外籍人士境內申請(持有效居留證件)" in text
    opening = await stored_opening(app)
    assert opening["inside_taiwan"] is True and opening["nationality_identity"] == "foreign_non_us"
    assert opening["roc_nationality"] is False


async def test_language_switch_keeps_answers_and_reasks_in_chinese(app: App) -> None:
    chat = await start_english(app)
    await chat.press("Start")
    await chat.press("I agree")
    await chat.send("/language")
    text = await chat.press("繁體中文")
    assert "語言已設定為繁體中文" in text
    assert "是否現在或曾經持有就業金卡" in text
    assert not simplified_characters(text)
    await chat.press("否")
    assert (await stored_opening(app)) == {"agree": True, "held_gold_card": False}


async def test_typed_answers_match_numbers_and_labels(app: App) -> None:
    chat = await start_english(app)
    await chat.press("Start")
    await chat.send("I agree")
    await chat.send("2")  # "No" by its number
    text = await chat.send("something else")
    assert "choose one of the options" in text
    await chat.send("非美籍外籍人士")  # the platform's wording is accepted too
    assert (await stored_opening(app))["nationality_identity"] == "foreign_non_us"


async def test_redelivered_update_has_no_second_effect_or_reply(app: App) -> None:
    chat = await start_english(app)
    await chat.press("Start")
    press = Event(7, EventKind.BUTTON, update_key="tg:1001", button=chat.find("I agree").data)
    first = await app.engine.handle(press)
    await app.engine.mark_delivered(first.delivery_key)
    assert first.replies and not first.duplicate
    second = await app.engine.handle(press)
    assert second.duplicate and second.replies == ()


async def test_redelivered_update_whose_reply_was_lost_shows_current_question(app: App) -> None:
    chat = await start_english(app)
    await chat.press("Start")
    press = Event(7, EventKind.BUTTON, update_key="tg:2002", button=chat.find("I agree").data)
    await app.engine.handle(press)  # handled and committed, but the reply never went out
    again = await app.engine.handle(press)
    assert again.duplicate
    text = " ".join(p.msgid for r in again.replies for p in r.parts)
    assert "Do you hold an Employment Gold Card now" in text
    assert (await stored_opening(app)) == {"agree": True}


async def test_cancel_keeps_answers_and_start_resumes(app: App, settings: Settings) -> None:
    chat = await start_english(app)
    await chat.press("Start")
    await chat.press("I agree")
    text = await chat.send("/cancel")
    assert "Everything you answered is kept" in text
    assert chat.labels()[0] == "▶ Continue: Opening questions (1/5)"
    text = await chat.send("/status")
    assert "Opening questions: 1 of 5 answered" in text
    # a new process on the same database: the user continues where they stopped
    restarted = build_app(settings, today=lambda: TODAY)
    await restarted.start()
    try:
        again = Chat(restarted.engine, 7)
        await again.send("/start")
        text = await again.press("Continue")
        assert "Do you hold an Employment Gold Card now" in text
    finally:
        await restarted.close()


async def test_users_are_isolated_and_served_concurrently(app: App) -> None:
    chats = [await start_english(app, user_id) for user_id in range(100, 110)]
    for chat in chats:
        await chat.press("Start")
    await asyncio.gather(*(chat.press("I agree") for chat in chats))
    await asyncio.gather(*(chat.press("Yes" if chat.user_id % 2 else "No") for chat in chats))
    for chat in chats:
        assert (await stored_opening(app, chat.user_id)) == {"agree": True, "held_gold_card": chat.user_id % 2 == 1}


async def test_one_users_burst_is_applied_in_order(app: App) -> None:
    chat = await start_english(app)
    await chat.press("Start")
    lines = ["I agree", "No", "US national", "No, I apply from abroad", "No"]
    events = [Event.from_text(7, line, update_key=f"burst:{i}") for i, line in enumerate(lines)]
    outcomes = await asyncio.gather(*(app.engine.handle(event) for event in events))
    assert all(not outcome.duplicate for outcome in outcomes)
    opening = await stored_opening(app)
    assert opening == {"agree": True, "held_gold_card": False, "nationality_identity": "foreign_us",
                       "inside_taiwan": False, "roc_nationality": False}


async def test_unknown_command_and_free_text_in_menu_get_help(app: App) -> None:
    chat = await start_english(app)
    assert "/help" in await chat.send("/frobnicate")
    assert "choose from the menu" in await chat.send("hello?")
    assert "/cancel" in await chat.send("/help")

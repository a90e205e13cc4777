"""Answers a person would type: 不是/沒有/無/no/none where they mean "no" or "nothing to declare", in both
languages; Back and Skip typed; and a question typed at a free-text field answered, not saved."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.app import App
from bot.engine.checking import match_choice
from bot.engine.flow import Choice, InputKind, Question
from bot.engine.typed_answers import Navigation, means_nothing, navigation, yes_no_index
from bot.forms.choices import yes_no
from bot.forms.result import Accepted, RuleContext
from bot.i18n import verbatim
from storage.repositories import Store
from tests.dialogs.test_application import ABROAD_EN, play
from tests.harness import Chat

YES_NO = Question(key="q", prompt=verbatim("?"), kind=InputKind.YES_NO)


def test_yes_and_no_words_in_both_languages() -> None:
    for word in ("不是", "沒有", "否", "無", "no", "N", "No.", "none", "NOPE"):
        assert YES_NO.choices[yes_no_index(YES_NO, word) or 0].value is False, word
    for word in ("是", "有", "yes", "Y", "對"):
        assert YES_NO.choices[yes_no_index(YES_NO, word) or 0].value is True, word
    assert yes_no_index(YES_NO, "maybe") is None and yes_no_index(YES_NO, "不知道") is None
    assert all(means_nothing(word) for word in ("無", "none", "N/A", "n/a", "—", "沒有", "不適用"))
    assert not means_nothing("Germany") and not means_nothing("無錫")
    assert navigation("Skip") is Navigation.SKIP and navigation("跳過") is Navigation.SKIP
    assert navigation("back") is Navigation.BACK and navigation("上一題") is Navigation.BACK
    assert navigation("Backstreet") is None


def test_back_skip_and_nothing_typed_in_simplified_characters() -> None:
    """A reader of Simplified Chinese types 略过, 上一题, 无: the lists hold the Traditional words."""
    assert navigation("略过") is Navigation.SKIP and navigation("跳过") is Navigation.SKIP
    assert navigation("上一题") is Navigation.BACK
    assert means_nothing("无") and means_nothing("不适用") and not means_nothing("无锡")


def test_an_option_typed_in_simplified_characters_or_in_part_is_chosen() -> None:
    fields = Question(key="field", prompt=verbatim("?"), kind=InputKind.CHOICE, choices=(
        Choice("tech", verbatim("科技領域")), Choice("digital", verbatim("數位領域")),
        Choice("finance", verbatim("金融領域"))))
    assert match_choice(fields, "数位") == 1 and match_choice(fields, "数位领域") == 1
    assert match_choice(fields, "金融") == 2 and match_choice(fields, "领域") is None  # in every option: no pick


def test_the_chat_and_the_yes_no_rule_take_the_same_words() -> None:
    """One list (bot/forms/choices.py): words only one side knew before ("yeah", "從未"; "對的", "no thanks"), and
    both read Simplified characters as Traditional (没有, 对, 不对, 从未)."""
    context = RuleContext(today=date(2026, 12, 6))
    for word, meant in (("yeah", True), ("從未", False), ("對的", True), ("no thanks", False),
                        ("没有", False), ("对", True), ("不对", False), ("从未", False)):
        assert YES_NO.choices[yes_no_index(YES_NO, word) or 0].value is meant, word
        result = yes_no(word, context)
        assert isinstance(result, Accepted) and result.value is meant, word
    assert yes_no_index(YES_NO, "1") is None  # in the chat a digit is a button's number, never "yes"


async def sections(app: App, user_id: int) -> dict[str, Any]:
    async with app.db.transaction() as session:
        store = Store(session, app.engine.sealer)
        return store.answers((await store.drafts_of(user_id))[0])


async def test_typed_no_words_answer_yes_no_questions_in_chinese(app: App) -> None:
    chat = Chat(app.engine, 81)
    await chat.send("/start lang_zh_TW")
    await chat.press("開始")
    await chat.press("同意")
    text = await chat.send("沒有")  # 是否現在或曾經持有就業金卡
    assert "您的國籍或身分" in text
    await chat.press("非美籍外籍人士")
    await chat.send("不是")  # 您現在是否在中華民國境內申請
    text = await chat.send("否")  # 您是否具中華民國國籍
    assert "非美籍外籍人士境外申請" in text
    opening = (await sections(app, 81))["opening"]
    assert opening["held_gold_card"] is False and opening["inside_taiwan"] is False
    assert opening["roc_nationality"] is False


async def test_typed_no_in_english_and_none_at_an_optional_field(app: App) -> None:
    chat = Chat(app.engine, 82)
    await chat.send("/start lang_en")
    await play(chat, ABROAD_EN[:4])  # to 您現在是否在中華民國境內申請
    await chat.send("no")
    text = await chat.send("n")
    assert "非美籍外籍人士境外申請" in text
    # confirm, declaration, plan, privacy and the basic data up to the former nationality
    await play(chat, ABROAD_EN[6:ABROAD_EN.index(("+49 30 1234567", "舊有或其他國籍(如有)")) + 1])
    assert "舊有或其他國籍(如有)" in chat.transcript[-1]
    text = await chat.send("none")
    assert "I do not know a country" not in text and "出生地點(市/州)" in text
    assert (await sections(app, 82))["basic_data"]["former_or_other_nationality"] is None


async def test_none_and_wu_in_chinese_at_optional_fields(app: App) -> None:
    chat = Chat(app.engine, 83)
    await chat.send("/start lang_zh_TW")
    for label in ("開始", "同意", "否", "非美籍外籍人士", "否", "否", "✅ 全部正確，確認", "同意", "今天", "✅ 我同意"):
        await chat.press(label)
    text = await chat.send("Wang")
    await chat.send("Da Ming")
    text = await chat.send("無")  # 中文姓名 is optional
    assert "出生日期(西元)" in text
    assert (await sections(app, 83))["basic_data"]["chinese_name"] is None


async def test_a_question_at_the_english_surname_is_answered_not_saved(app: App) -> None:
    chat = Chat(app.engine, 84)
    await chat.send("/start lang_en")
    await play(chat, ABROAD_EN[:ABROAD_EN.index(("press:✅ I agree", "英文姓氏")) + 1])  # to 英文姓氏
    text = await chat.send("WHAT IS THE FEE")
    assert "Saved:" not in text
    assert "英文姓氏" in chat.transcript[-1]  # asked again
    assert "english_surname" not in (await sections(app, 84)).get("basic_data", {})
    text = await chat.send("Smith")
    assert "Saved: English surname = SMITH" in text


async def test_an_unsure_question_asks_is_this_your_answer(app: App) -> None:
    chat = Chat(app.engine, 85)
    await chat.send("/start lang_en")
    await play(chat, ABROAD_EN[:ABROAD_EN.index(("press:✅ I agree", "英文姓氏")) + 1])  # to 英文姓氏
    text = await chat.send("can I apply again")  # a name would pass; the FAQ is not sure of it: the bot asks
    assert "Is this your answer to «English surname»" in text
    assert chat.labels() == ["✓ Yes, save it", "❓ No, it is a question"]
    text = await chat.press("❓ No, it is a question")
    assert "英文姓氏" in chat.transcript[-1] and "Saved" not in text
    assert "english_surname" not in (await sections(app, 85)).get("basic_data", {})
    await chat.send("Can I Apply Again")
    text = await chat.press("✓ Yes, save it")  # it was the answer after all
    assert "Saved: English surname = CAN I APPLY AGAIN" in text
    assert (await sections(app, 85))["basic_data"]["english_surname"] == "CAN I APPLY AGAIN"


async def test_an_answer_of_several_words_that_asks_nothing_is_saved_without_searching_the_faq(
        app: App, monkeypatch: Any) -> None:
    chat = Chat(app.engine, 86)
    await chat.send("/start lang_en")
    await play(chat, ABROAD_EN[:ABROAD_EN.index(("press:✅ I agree", "英文姓氏")) + 1])  # to 英文姓氏

    def searched(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("the FAQ was searched for an answer that asks nothing")

    monkeypatch.setattr("bot.helpdesk.stray_questions.search", searched)
    text = await chat.send("van der Berg")
    assert "Saved: English surname = VAN DER BERG" in text


def yes_no_questions() -> list[tuple[str, Question]]:
    """Every question of every flow whose choices are a yes and a no (bools, "yes"/"no" values, or 是/否)."""
    from bot.dialogs import FLOWS

    found = []
    for flow in FLOWS.values():
        for question in flow.questions:
            values = [choice.value for choice in question.choices]
            platform = [choice.platform_label for choice in question.choices]
            if {True, False} <= set(values) or {"yes", "no"} <= set(values) or {"是", "否"} <= set(platform):
                found.append((f"{flow.name}.{question.key}", question))
    return found


def test_every_yes_no_question_takes_the_words_of_both_languages() -> None:
    questions = yes_no_questions()
    assert len(questions) > 40 and "qualification.salary_route" in dict(questions)  # Yes / No / Not sure
    for name, question in questions:
        for word in ("不是", "沒有", "否", "no", "n", "No."):
            assert question.choices[yes_no_index(question, word) or 0].value in (False, "no"), (name, word)
        for word in ("是", "有", "yes", "Y"):
            assert question.choices[yes_no_index(question, word) or 0].value in (True, "yes"), (name, word)


def test_nothing_words_pick_the_platforms_none_option() -> None:
    from bot.dialogs import FLOWS

    email = next(q for q in FLOWS["taiwan_jobs"].questions if q.key == "email")  # 電子郵件 with the option 無
    for word in ("無", "none", "n/a", "—", "沒有"):
        assert email.choices[yes_no_index(email, word) or 0].platform_label == "無", word
    assert yes_no_index(email, "me@example.com") is None


async def test_chinese_words_in_english_and_english_words_in_chinese(app: App) -> None:
    """The words of either language work whatever the chat's language: 不是 in English, none and n/a in Chinese;
    Back and Skip typed without the emoji."""
    chat = Chat(app.engine, 86)
    await chat.send("/start lang_en")
    await play(chat, ABROAD_EN[:4])  # to 您現在是否在中華民國境內申請
    await chat.send("不是")
    text = await chat.send("沒有")  # ROC nationality
    assert "非美籍外籍人士境外申請" in text
    await play(chat, ABROAD_EN[6:ABROAD_EN.index(("John", "中文姓名")) + 1])
    text = await chat.send("back")
    assert "英文名字" in text and "Current answer" in text
    await chat.send("John")
    text = await chat.send("skip")  # 中文姓名 is optional
    assert "出生日期(西元)" in text
    await chat.send("/language")
    await chat.press("繁體中文")
    await play(chat, [
        ("1990-07-30", "性別"), ("press:男", "國籍"), ("Germany", "現職"),
        ("IT professional", "最高學歷"), ("press:碩士", "婚姻狀況"),
        ("press:未婚", "電子郵件"), ("john@example.de", "出生地點(國家)"),
        ("Germany", "申請人母國地址"), ("Berliner Str. 1, Berlin", "申請人母國電話號碼"),
        ("+49 30 1234567", "舊有或其他國籍(如有)")])
    text = await chat.send("n/a")
    assert "出生地點(市/州)" in text
    basic = (await sections(app, 86))["basic_data"]
    assert basic["chinese_name"] is None and basic["former_or_other_nationality"] is None
    assert (await sections(app, 86))["opening"]["roc_nationality"] is False


async def test_questions_with_a_question_mark_in_both_languages_are_not_saved(app: App) -> None:
    """The issue's two: "what is the fee?" at the English surname, 上傳的檔案最大可以多大? at the home address."""
    chat = Chat(app.engine, 87)
    await chat.send("/start lang_en")
    await play(chat, ABROAD_EN[:ABROAD_EN.index(("press:✅ I agree", "英文姓氏")) + 1])
    text = await chat.send("what is the fee?")
    assert "Saved:" not in text and "英文姓氏" in chat.transcript[-1]
    start, end = ABROAD_EN.index(("Smith", "英文名字")), ABROAD_EN.index(("Germany", "申請人母國地址"))
    await play(chat, ABROAD_EN[start:end + 1])
    await chat.send("/language")
    await chat.press("繁體中文")
    text = await chat.send("上傳的檔案最大可以多大?")
    assert "已儲存" not in text
    assert "home_country_address" not in (await sections(app, 87))["basic_data"]
    assert (await sections(app, 87))["basic_data"]["english_surname"] == "SMITH"


async def test_a_refused_choice_offers_each_option_once(app: App) -> None:
    chat = Chat(app.engine, 88)
    await chat.send("/start lang_zh_TW")
    for label in ("開始", "同意", "否", "非美籍外籍人士", "否", "否", "✅ 全部正確，確認", "同意", "今天", "✅ 我同意"):
        await chat.press(label)
    for typed in ("Wang", "Da Ming", "無", "1990-07-30"):
        await chat.send(typed)
    await chat.send("不知道")  # 性別: neither option
    labels = chat.labels()
    assert labels.count("男") == 1 and labels.count("女") == 1 and len(labels) == len(set(labels))

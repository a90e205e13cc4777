"""The copy sheet in chat: one phone screen per message, tab by tab under the tab's zh name, values
tap-to-copy, identity and warnings first, an incomplete draft marked with what is missing."""

from __future__ import annotations

import pytest

from bot.engine.events import Reply
from bot.export.chat import SCREEN_LINES, copy_sheet_replies, screen_lines
from bot.forms.sections import SECTIONS
from bot.i18n import HTML, render
from bot.i18n_catalogs import simplified_characters
from tests.conftest import TODAY
from tests.export.conftest import draft_of

LANGS = ("en", "zh_TW")
TABS = ["會員註冊", "基本資料", "護照資料", "簽證申請(繳驗護照)", "居留申請", "領域專長", "文件上傳"]


def text_of(reply: Reply, locale: str, markup: object = None) -> str:
    return "\n\n".join(render(part, locale, HTML) if markup else render(part, locale) for part in reply.parts)


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_fits_one_phone_screen(sample: str, lang: str) -> None:
    replies = copy_sheet_replies(draft_of(sample), lang, TODAY)
    assert len(replies) >= 9
    for reply in replies:
        text = text_of(reply, lang)
        assert screen_lines(text) <= SCREEN_LINES, text
        assert len(text_of(reply, lang, HTML)) < 4096  # Telegram's limit for one message
        assert not reply.buttons


@pytest.mark.parametrize("lang", LANGS)
def test_identity_and_warnings_come_first_then_the_tabs_in_platform_order(lang: str) -> None:
    texts = [text_of(reply, lang) for reply in copy_sheet_replies(draft_of("problems"), lang, TODAY)]
    assert "非美籍外籍人士境外申請" in texts[0]
    assert ("INCOMPLETE" if lang == "en" else "尚未完成") in texts[0]
    assert "同意" in texts[1] and "您的國籍或身分" in texts[1]  # the answers that cannot change later
    warnings = next(index for index, text in enumerate(texts) if "護照效期(西元)" in text and "2027-05-21" in text)
    headings = [text.split("\n", 1)[0] for text in texts]
    order = [next(index for index, heading in enumerate(headings) if tab in heading) for tab in TABS]
    assert warnings < order[0]
    assert order == sorted(order)
    for index in order:  # each tab headed by its zh name, after its number
        assert headings[index].split(" ", 1)[1].startswith(TABS[order.index(index)])


def test_values_are_tap_to_copy_in_telegram() -> None:
    replies = copy_sheet_replies(draft_of("complete"), "en", TODAY)
    html = "\n".join(text_of(reply, "en", HTML) for reply in replies)
    for value in ("C01X00T47", "2033-02-14", "HUNT", "ETHAN MATTHEW", "韓以森", "ethan.hunt@example.com",
                  "+4915123456789", "台北市中正區寶慶路3號2樓", "非美籍外籍人士境外申請"):
        assert f"<code>{value}</code>" in html, value
    assert "<code>男</code> (Male)" in html  # a choice: the platform's wording to find, the English beside
    assert "<code>臺北市</code>" in html and "<code>中正區</code>" in html  # the address's list parts
    assert "<code>photo.jpg</code>" in html


def test_zh_tw_messages_are_chinese_and_traditional() -> None:
    replies = copy_sheet_replies(draft_of("complete"), "zh_TW", TODAY)
    text = "\n".join(text_of(reply, "zh_TW") for reply in replies)
    assert "已完整" in text and "護照號碼：C01X00T47" in text
    assert "Passport number" not in text  # labels in the platform's words only
    assert not simplified_characters(text)


@pytest.mark.parametrize("lang", LANGS)
def test_incomplete_draft_is_marked_with_what_is_missing(lang: str) -> None:
    texts = [text_of(reply, lang) for reply in copy_sheet_replies(draft_of("incomplete"), lang, TODAY)]
    assert ("INCOMPLETE" if lang == "en" else "尚未完成") in texts[0]
    missing = texts[1]
    assert ("Still missing (12)" if lang == "en" else "尚未填寫（12 項）") in missing
    for label in ("電子郵件", "護照號碼", "就業金卡有效期間", "領域專長", "開頭答案確認", "國內外服務證明"):
        assert label in missing
    assert any(("護照號碼 · Passport number: ⚠️ missing" if lang == "en" else "護照號碼：⚠️ 未填") in text
               for text in texts)
    complete = copy_sheet_replies(draft_of("complete"), lang, TODAY)
    assert ("Complete" if lang == "en" else "已完整") in text_of(complete[0], lang)


def test_a_long_tab_is_split_into_numbered_parts() -> None:
    texts = [text_of(reply, "en") for reply in copy_sheet_replies(draft_of("complete"), "en", TODAY)]
    visa = [text for text in texts if text.startswith("5. 簽證申請(繳驗護照)")]  # after STEP 10's declaration
    assert len(visa) >= 2
    assert [text.split("\n", 1)[0].rsplit(" ", 1)[1] for text in visa] == [
        f"({part}/{len(visa)})" for part in range(1, len(visa) + 1)]
    questions = sum(text.count(": 否 (No)") for text in visa)
    assert questions == 11  # every yes/no question once, none lost between the parts
    sizes = [screen_lines(text) for text in visa]
    assert max(sizes) - min(sizes) <= 10  # evenly filled, no part of a single line


def test_every_application_tab_is_there_even_when_not_started() -> None:
    texts = [text_of(reply, "zh_TW") for reply in copy_sheet_replies(draft_of("incomplete"), "zh_TW", TODAY)]
    headings = "\n".join(text.split("\n", 1)[0] for text in texts)
    for item in SECTIONS:
        if item.required and item.key != "opening":
            assert item.zh in headings
    assert "就業金卡資料異動申請" not in headings  # not started: left out


def test_screen_lines_counts_wide_characters_twice() -> None:
    assert screen_lines("a" * 40) == 1
    assert screen_lines("a" * 41) == 2
    assert screen_lines("護" * 20) == 1
    assert screen_lines("護" * 21) == 2
    assert screen_lines("a\n\nb") == 3

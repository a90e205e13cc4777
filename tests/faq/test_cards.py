"""Answer cards: one language per card, sources and verified date, Telegram HTML and inline fields."""

from __future__ import annotations

import pytest

from bot.faq.cards import DESCRIPTION_LENGTH, answer_card
from bot.faq.models import FaqEntry
from bot.faq.search import search
from bot.faq.store import default_knowledge_base
from bot.i18n import HTML, PLAIN, render


def entry(entry_id: str) -> FaqEntry:
    found = default_knowledge_base().get(entry_id)
    assert found is not None
    return found


def test_english_card_has_question_answer_sources_and_verified_line() -> None:
    card = answer_card(entry("visa-exempt-entry"), "en")
    text = card.text()
    assert text.startswith("I entered Taiwan visa-exempt.")
    assert card.answer in text and "Sources:\nhttps://goldcard.nat.gov.tw/en/apply/step-2/new-applicant/" in text
    assert text.endswith("Last verified: 2026-11-21 · official source")
    assert card.url == "https://goldcard.nat.gov.tw/en/apply/step-2/new-applicant/"


def test_chinese_card_is_translated_and_says_when_unconfirmed() -> None:
    text = answer_card(entry("fields-environment-biotech"), "zh_TW").text()
    assert text.startswith("新的環境領域和生技領域")
    assert "資料來源：" in text
    assert text.endswith("最後查證：2026-11-21 · 尚未確認：請向台灣就業金卡辦公室查證")


def test_single_source_stays_on_one_line_and_secondary_is_labelled() -> None:
    card = answer_card(entry("field-economics"), "en")
    assert card.sources_line.startswith("Source: https://tw.news.yahoo.com/")
    assert "secondary source" in card.verified_line


def test_card_keeps_its_language_whatever_the_reader_interface_is() -> None:
    card = answer_card(entry("account-lockout"), "en")
    rendered_for_chinese_ui = "\n\n".join(render(part, "zh_TW", PLAIN) for part in card.parts)
    assert rendered_for_chinese_ui == card.text()
    assert "最後查證" not in rendered_for_chinese_ui


def test_html_escapes_text_bolds_the_question_and_keeps_urls_tappable() -> None:
    card = answer_card(entry("visitor-visa-convertible"), "en")
    html = card.text(HTML)
    assert html.startswith("<b>I entered on a visitor visa.")
    assert "pcode=D0080132&amp;bp=5" in html  # Telegram reads &amp; back as & in the link it detects


def test_inline_fields_fit_telegram() -> None:
    for item in default_knowledge_base():
        for locale in ("en", "zh_TW"):
            card = answer_card(item, locale)
            assert len(card.inline_id.encode()) <= 64
            assert 0 < len(card.description) <= DESCRIPTION_LENGTH
            assert len(card.text(HTML)) < 4096
            assert len(card.short_title()) <= 60


def test_cards_follow_search_hits() -> None:
    hit = search("補件要多久內")[0]
    card = answer_card(hit.entry, hit.locale)
    assert card.locale == "zh_TW" and card.title == hit.entry.question_zh


@pytest.mark.parametrize("locale", ["fr", "zh", ""])
def test_other_locales_fall_back_to_english(locale: str) -> None:
    assert answer_card(entry("appeal"), locale).locale == "en"

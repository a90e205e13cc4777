"""English names as in the passport, and Chinese names."""

from __future__ import annotations

import pytest

from bot.forms.names import chinese_name, english_name
from bot.i18n import render
from tests.forms.helpers import accepted, both, ctx, rejected


@pytest.mark.parametrize(("raw", "value"), [
    ("Hunt", "HUNT"),
    ("  ethan   matthew ", "ETHAN MATTHEW"),
    ("ＨＵＮＴ", "HUNT"),  # fullwidth letters
    ("Chen\u200bMei", "CHENMEI"),  # zero-width space dropped
])
def test_english_name_accepts_letters_and_spaces(raw: str, value: str) -> None:
    result = accepted(english_name(raw, ctx()))
    assert result.value == value
    assert result.shown == value
    assert result.notes == ()


@pytest.mark.parametrize("hyphen", ["-", "‐", "–", "—", "－"])
def test_hyphen_becomes_space_and_the_user_is_told(hyphen: str) -> None:
    result = accepted(english_name(f"Jean{hyphen}Luc", ctx()))
    assert result.value == "JEAN LUC"
    english, chinese = both(result.notes[0])
    assert "JEAN LUC" in english and "JEAN LUC" in chinese
    assert "空格" in chinese


def test_digits_are_refused_with_an_example() -> None:
    english, chinese = both(rejected(english_name("Hunt2", ctx())).message)
    assert "no digits" in english
    assert "CHEN MEI LING" in chinese and "數字" in chinese


def test_chinese_characters_point_to_the_chinese_name_box() -> None:
    english, chinese = both(rejected(english_name("王小明", ctx())).message)
    assert "Chinese name" in english
    assert "中文姓名" in chinese


def test_accents_get_the_passport_spelling_offered() -> None:
    result = rejected(english_name("José Müller", ctx()))
    assert [s.value for s in result.suggestions] == ["JOSE MULLER"]
    english, chinese = both(result.message)
    assert "JOSE MULLER" in english and "AE" in chinese


@pytest.mark.parametrize(("raw", "suggestion"), [("O'Neil", "ONEIL"), ("Smith, Jr.", "SMITH JR"),
                                                  ("Hunt (Ethan)", "HUNT ETHAN")])
def test_punctuation_is_refused_with_a_corrected_form(raw: str, suggestion: str) -> None:
    result = rejected(english_name(raw, ctx()))
    assert result.suggestions[0].value == suggestion
    assert accepted(english_name(result.suggestions[0].value, ctx())).value == suggestion
    both(result.message)


@pytest.mark.parametrize("raw", ["", "   ", "\u200f\u200e", "!!!"])
def test_empty_or_symbol_only_names_are_refused(raw: str) -> None:
    both(rejected(english_name(raw, ctx())).message)


def test_overlong_name_is_refused() -> None:
    english, chinese = both(rejected(english_name("A" * 61, ctx())).message)
    assert "60" in english and "60" in chinese


@pytest.mark.parametrize(("raw", "value"), [
    ("王小明", "王小明"), (" 王 小明 ", "王小明"), ("約翰·史密斯", "約翰·史密斯"),
])
def test_chinese_name_accepts_han_characters(raw: str, value: str) -> None:
    result = accepted(chinese_name(raw, ctx()))
    assert (result.value, result.notes) == (value, ())


def test_simplified_chinese_name_is_kept_with_the_traditional_form_offered() -> None:
    result = accepted(chinese_name("王丽华", ctx()))
    assert result.value == "王丽华"
    english, chinese = both(result.notes[0])
    assert "王麗華" in english and "王麗華" in chinese


@pytest.mark.parametrize("raw", ["Wang", "王Xiao明", "王小明1", "ワン", "王?"])
def test_chinese_name_refuses_other_characters(raw: str) -> None:
    both(rejected(chinese_name(raw, ctx())).message)


def test_chinese_name_message_for_latin_letters_says_skip() -> None:
    message = rejected(chinese_name("Ethan", ctx())).message
    assert "skip" in render(message, "en")
    assert "略過" in render(message, "zh_TW")

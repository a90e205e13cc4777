"""Answers picked from a list, and yes/no answers."""

from __future__ import annotations

import pytest

from bot.forms.choices import list_rule, professional_field, professional_field_options, yes_no
from bot.forms.facts import professional_fields
from tests.forms.helpers import accepted, both, ctx, rejected


@pytest.mark.parametrize(("raw", "value"), [("male", "male"), ("Male", "male"), ("男", "male"), ("M", "male"),
                                            ("女", "female"), ("Ｆｅｍａｌｅ", "female")])
def test_closed_list(raw: str, value: str) -> None:
    assert accepted(list_rule("gender")(raw, ctx())).value == value


def test_shown_in_the_users_language() -> None:
    assert accepted(list_rule("gender")("male", ctx("zh_TW"))).shown == "男"
    assert accepted(list_rule("gender")("男", ctx("en"))).shown == "Male"


def test_closed_list_refuses_other_answers_with_the_options() -> None:
    result = rejected(list_rule("gender")("other", ctx("zh_TW")))
    assert [s.value for s in result.suggestions] == ["male", "female"]
    english, chinese = both(result.message)
    assert "choose one of" in english and "男" in chinese and "女" in chinese


def test_near_miss_is_suggested() -> None:
    result = rejected(list_rule("military_service")("complted", ctx()))
    assert result.suggestions[0].value == "completed"


def test_open_list_keeps_a_typed_answer_with_a_note() -> None:
    result = accepted(list_rule("marital_status")("Civil partnership", ctx()))
    assert result.value == "Civil partnership"
    english, chinese = both(result.notes[0])
    assert "closest" in english and "最接近" in chinese
    assert accepted(list_rule("occupation")("公教職員", ctx())).value == "public_servant_teacher"


@pytest.mark.parametrize(("raw", "closest"), [
    ("software engineer", ["it_professional", "engineer"]), ("Senior software developer", ["it_professional"]),
    ("designer", ["freelance", "artist"]), ("軟體工程師", ["it_professional", "engineer"]), ("postdoc", ["researcher"]),
    ("product manager", ["business"]), ("PhD student", ["student"]), ("astronaut", ["other"])])
def test_a_typed_job_off_the_list_is_never_kept_only_the_closest_options_offered(raw: str, closest: list[str]) -> None:
    """The occupation list says keeps_typed: false; related words (the synonym table) only suggest."""
    result = rejected(list_rule("occupation")(raw, ctx()))
    assert [s.value for s in result.suggestions][:len(closest)] == closest
    english, chinese = both(result.message)
    assert "list" in english and "清單" in chinese


@pytest.mark.parametrize(("raw", "value"), [("教授", "professor"), ("Professor", "professor"), ("engineer", "engineer"),
                                            ("freelancer", "freelance"), ("公務機關", "government_agency")])
def test_an_option_or_its_alias_is_taken(raw: str, value: str) -> None:
    assert accepted(list_rule("occupation")(raw, ctx())).value == value


@pytest.mark.parametrize(("raw", "value"), [("工程师", "engineer"), ("资讯人员", "it_professional"),
                                            ("医生", "doctor"), ("会计员", "accountant")])
def test_an_option_typed_in_simplified_characters_is_taken(raw: str, value: str) -> None:
    """工程师 is 工程師: a Simplified-Chinese reader types the platform's option in their own characters."""
    assert accepted(list_rule("occupation")(raw, ctx("zh_TW"))).value == value


def test_a_near_miss_in_simplified_characters_is_suggested_as_its_traditional_option() -> None:
    result = rejected(list_rule("occupation")("软体工程师", ctx("zh_TW")))
    assert "engineer" in [s.value for s in result.suggestions]


def test_no_word_names_two_options() -> None:
    """A label or alias accepted as one option must not be another's: that answer would be a coin toss."""
    from bot.forms.facts import choice_lists

    for item in choice_lists().values():
        seen: dict[str, str] = {}
        for option in item.options:
            for word in {option.value, option.zh, option.en, *option.aliases}:
                key = word.casefold()
                assert seen.setdefault(key, option.value) == option.value, (item.key, word)


def test_the_platforms_options_are_the_seeds_ten_fields() -> None:
    """Seed 001 line 72 names ten fields; 環境 and 生技 (news only) are data, but never an option."""
    values = [item.value for item in professional_fields()]
    assert len(values) == 12 and {"environment", "biotechnology"} <= set(values)
    options = [option.zh for option in professional_field_options()]
    assert options == ["科技領域", "經濟領域", "教育領域", "文化、藝術領域", "體育領域", "金融領域", "法律",
                       "建築設計領域", "國防領域", "數位領域"]
    assert accepted(professional_field("數位領域", ctx())).value == "digital"
    assert accepted(professional_field("Digital", ctx())).notes == ()


@pytest.mark.parametrize("raw", ["Environment", "環境", "生技領域", "biotech"])
def test_environment_and_biotechnology_are_only_an_unconfirmed_note(raw: str) -> None:
    english, chinese = both(rejected(professional_field(raw, ctx())).message)
    assert "unconfirmed" in english and "Environment" in english and "環境領域" in chinese


def test_professional_field_with_unconfirmed_criteria_has_a_note() -> None:
    result = accepted(professional_field("Architecture", ctx()))
    assert result.value == "architecture"
    english, chinese = both(result.notes[0])
    assert "could not be confirmed" in english and "goldcard.nat.gov.tw" in chinese


@pytest.mark.parametrize(("raw", "value"), [("yes", True), ("Y", True), ("是", True), ("有", True), ("no", False),
                                            ("否", False), ("沒有", False), ("No.", False)])
def test_yes_no(raw: str, value: bool) -> None:
    assert accepted(yes_no(raw, ctx())).value is value


def test_yes_no_echo_and_refusal() -> None:
    assert accepted(yes_no("yes", ctx("zh_TW"))).shown == "是"
    result = rejected(yes_no("maybe", ctx()))
    assert [s.value for s in result.suggestions] == ["yes", "no"]
    both(result.message)

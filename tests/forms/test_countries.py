"""Countries by any name, code, alias or typo, stored as ISO alpha-2, shown in the user's language."""

from __future__ import annotations

import pytest

from bot.forms.chinese import simplified_characters
from bot.forms.countries import birth_country, countries, country_name, nationality, other_nationality, resolve
from tests.forms.helpers import accepted, both, ctx, rejected


@pytest.mark.parametrize(("raw", "code"), [
    ("Germany", "DE"), ("germany", "DE"), ("DE", "DE"), ("de", "DE"), ("DEU", "DE"), ("德國", "DE"), ("德国", "DE"),
    ("German", "DE"), ("United Kingdom", "GB"), ("UK", "GB"), ("England", "GB"), ("英國", "GB"),
    ("United States", "US"), ("USA", "US"), ("America", "US"), ("美國", "US"), ("Viet Nam", "VN"),
    ("Vietnam", "VN"), ("越南", "VN"), ("Ivory Coast", "CI"), ("Côte d’Ivoire", "CI"), ("Türkiye", "TR"),
    ("Turkey", "TR"), ("Holland", "NL"), ("Taiwan", "TW"), ("台灣", "TW"), ("臺灣", "TW"), ("中華民國", "TW"),
    ("Hong Kong", "HK"), ("香港", "HK"), ("Macao", "MO"), ("澳門", "MO"), ("Kosovo", "XK"), ("Saudi", "SA"),
    ("South Korea", "KR"), ("南韓", "KR"), ("Czech Republic", "CZ"), ("Burma", "MM"), ("紐西蘭", "NZ"),
    ("Niger", "NE"), ("Nigeria", "NG"), ("the Netherlands", "NL"),
])
def test_names_codes_and_aliases(raw: str, code: str) -> None:
    assert resolve(raw).code == code
    assert accepted(nationality(raw, ctx())).value == code


@pytest.mark.parametrize(("raw", "candidates"), [
    ("Korea", {"KR", "KP"}), ("Congo", {"CG", "CD"}), ("China", {"CN", "TW", "HK", "MO"}), ("中國", {"CN", "TW"}),
])
def test_ambiguous_names_offer_choices(raw: str, candidates: set[str]) -> None:
    result = rejected(nationality(raw, ctx()))
    assert candidates <= {s.value for s in result.suggestions}
    both(result.message)


@pytest.mark.parametrize(("raw", "code"), [("Germny", "DE"), ("Frence", "FR"), ("Austrlia", "AU"),
                                           ("Phillipines", "PH"), ("Columbia", "CO")])
def test_typos_are_suggested_not_taken(raw: str, code: str) -> None:
    result = rejected(nationality(raw, ctx("zh_TW")))
    assert result.suggestions[0].value == code
    english, chinese = both(result.message)
    assert f"({code})" in english or f"（{code}）" in chinese
    # a suggestion's value is accepted as it is
    assert accepted(nationality(result.suggestions[0].value, ctx())).value == code


def test_unknown_country() -> None:
    english, chinese = both(rejected(nationality("Narnia", ctx())).message)
    assert "Narnia" in english and "Narnia" in chinese


def test_too_many_matches() -> None:
    both(rejected(nationality("Republic", ctx())).message)


def test_names_are_shown_in_the_users_language() -> None:
    assert accepted(nationality("de", ctx("en"))).shown == "Germany (DE)"
    assert accepted(nationality("de", ctx("zh_TW"))).shown == "德國（DE）"
    assert country_name("TW", "zh_TW") == "臺灣" and country_name("TW", "en") == "Taiwan"
    assert country_name("HK", "en") == "Hong Kong" and country_name("MO", "zh_TW") == "澳門"


def test_every_chinese_name_is_traditional_and_every_code_is_named() -> None:
    table = countries()
    assert len(table) >= 249
    for code, item in table.items():
        assert item.en and item.zh, code
        assert not simplified_characters(item.zh), (code, item.zh)
        assert "Province of China" not in item.en


def test_nationality_notes_for_authentication_and_guarantor() -> None:
    english, chinese = both(accepted(nationality("Vietnam", ctx())).notes[0])
    assert "authenticated" in english and "驗證" in chinese
    english, chinese = both(accepted(nationality("Pakistan", ctx())).notes[0])
    assert "guarantor" in english and "保證人" in chinese
    english, _zh = both(accepted(nationality("India", ctx())).notes[0])
    assert "Identity Certificate" in english
    assert accepted(nationality("Germany", ctx())).notes == ()


def test_mainland_china_notes() -> None:
    english, chinese = both(accepted(nationality("CN", ctx())).notes[0])
    assert "cannot apply" in english and "不能申請" in chinese
    english, chinese = both(accepted(birth_country("CN", ctx())).notes[0])
    assert "extra documents" in english and "另外上傳" in chinese
    assert accepted(birth_country("DE", ctx())).notes == ()


def test_other_nationality_must_differ() -> None:
    english, chinese = both(rejected(other_nationality("Germany", ctx(nationality="DE"))).message)
    assert "same" in english and "相同" in chinese
    assert accepted(other_nationality("France", ctx(nationality="DE"))).value == "FR"

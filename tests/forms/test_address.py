"""Taiwan addresses: Traditional Chinese characters and Arabic numerals only."""

from __future__ import annotations

import pytest

from bot.forms.address import split_address, taiwan_address
from tests.forms.helpers import accepted, both, ctx, rejected


def test_the_official_right_example_is_accepted_and_split_for_the_drop_downs() -> None:
    result = accepted(taiwan_address("台北市中正區寶慶路3號2樓", ctx("zh_TW")))
    assert result.value == "台北市中正區寶慶路3號2樓"
    assert result.shown == "台北市中正區寶慶路3號2樓（縣市：臺北市，鄉鎮市區：中正區，其餘填寫：寶慶路3號2樓）"
    assert result.notes == ()


def test_the_official_wrong_example_is_refused_with_the_right_form() -> None:
    result = rejected(taiwan_address("台北市中正區寶慶路No. 3, 2F", ctx()))
    assert [s.value for s in result.suggestions] == ["台北市中正區寶慶路3號2樓"]
    english, chinese = both(result.message)
    assert "no English letters" in english and "台北市中正區寶慶路3號2樓" in english
    assert "英文字母" in chinese and "台北市中正區寶慶路3號2樓" in chinese


@pytest.mark.parametrize(("raw", "suggestion"), [
    ("新北市板橋區中山路1段100號B1", "新北市板橋區中山路1段100號地下1樓"),
    ("台北市中正區寶慶路 No.3-1, 5F Rm. 2", "台北市中正區寶慶路3之1號5樓2室"),
    ("台北市大安區仁愛路四段Lane 27, Alley 5, No. 3", "台北市大安區仁愛路四段27巷5弄3號"),
])
def test_english_parts_are_converted_in_the_suggestion(raw: str, suggestion: str) -> None:
    assert [s.value for s in rejected(taiwan_address(raw, ctx())).suggestions] == [suggestion]


def test_a_romanised_address_gets_the_example() -> None:
    result = rejected(taiwan_address("2F, No. 3, Baoqing Rd., Zhongzheng Dist., Taipei", ctx()))
    assert result.suggestions == ()
    english, chinese = both(result.message)
    assert "台北市中正區寶慶路3號2樓" in english and "Google" in chinese


def test_simplified_characters_are_refused_with_the_traditional_form() -> None:
    result = rejected(taiwan_address("台北市中正区宝庆路3号2楼", ctx()))
    assert [s.value for s in result.suggestions] == ["台北市中正區寶慶路3號2樓"]
    english, chinese = both(result.message)
    assert "Simplified" in english and "簡體字" in chinese and "台北市中正區寶慶路3號2樓" in chinese


def test_fullwidth_digits_and_spaces_are_normalised() -> None:
    assert accepted(taiwan_address("台北市 中正區 寶慶路３號２樓", ctx())).value == "台北市中正區寶慶路3號2樓"


def test_village_and_tai_are_kept() -> None:
    value = accepted(taiwan_address("臺中市西屯區福恩里7鄰台灣大道三段99號", ctx())).value
    assert value == "臺中市西屯區福恩里7鄰台灣大道三段99號"


def test_hyphen_is_refused_with_zhi() -> None:
    result = rejected(taiwan_address("臺北市大安區仁愛路四段27巷5弄3-1號", ctx()))
    assert [s.value for s in result.suggestions] == ["臺北市大安區仁愛路四段27巷5弄3之1號"]
    english, chinese = both(result.message)
    assert "3之1號" in english and "3之1號" in chinese


@pytest.mark.parametrize("raw", ["123", "！？", "ソウル3号"])
def test_no_chinese_characters(raw: str) -> None:
    both(rejected(taiwan_address(raw, ctx())).message)


def test_missing_city_is_accepted_with_a_note() -> None:
    result = accepted(taiwan_address("寶慶路3號2樓", ctx()))
    english, chinese = both(result.notes[0])
    assert "city" in english and "縣市" in chinese


def test_too_long() -> None:
    both(rejected(taiwan_address("台北市" + "一" * 130, ctx())).message)


def test_split_address() -> None:
    parts = split_address("新北市板橋區中山路1段100號")
    assert (parts.city, parts.district, parts.rest) == ("新北市", "板橋區", "中山路1段100號")
    parts = split_address("彰化縣員林市中山路100號")
    assert (parts.city, parts.district, parts.rest) == ("彰化縣", "員林市", "中山路100號")
    assert split_address("中山路100號").city is None

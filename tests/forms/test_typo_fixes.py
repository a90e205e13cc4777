"""One-tap fixes offered by the rules: an email domain one slip from a popular provider, Chinese numerals
in a Taiwan address."""

from __future__ import annotations

from bot.forms.address import taiwan_address
from bot.forms.contact import email
from bot.forms.email_typos import corrected_address
from bot.forms.numerals import arabic_address, chinese_number
from tests.forms.helpers import accepted, ctx, rejected


def test_email_domain_typos_are_offered_the_fix() -> None:
    result = rejected(email("maria.garcia@gmial.com", ctx()))
    assert [s.value for s in result.suggestions] == ["maria.garcia@gmail.com"]
    assert corrected_address("a@hotmial.com") == "a@hotmail.com" and corrected_address("a@gmail.con") == "a@gmail.com"
    assert corrected_address("a@yaho.com.tw") == "a@yahoo.com.tw"
    for fine in ("john@example.de", "a@gmx.de", "a@web.de", "a@ymail.com", "a@msa.hinet.net", "a@company.com.tw"):
        assert corrected_address(fine) is None, fine
    assert accepted(email("maria.garcia@gmail.com", ctx())).value == "maria.garcia@gmail.com"


def test_chinese_numerals_in_a_taiwan_address_become_a_suggestion() -> None:
    assert chinese_number("二一六") == 216 and chinese_number("二百一十六") == 216 and chinese_number("十二") == 12
    assert arabic_address("新北市三重區中山北路二段十二號三樓") == "新北市三重區中山北路二段12號3樓"  # 段 and 三重 stay
    assert arabic_address("八德區十分路五之一號") == "八德區十分路5之1號"
    assert arabic_address("台北市中正區寶慶路3號2樓") is None
    result = rejected(taiwan_address("台北市中正區寶慶路二一六巷五號", ctx("zh_TW")))
    assert [s.value for s in result.suggestions] == ["台北市中正區寶慶路216巷5號"]
    assert accepted(taiwan_address("台北市中正區寶慶路216巷5號", ctx("zh_TW")))

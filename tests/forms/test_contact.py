"""Email addresses and phone numbers."""

from __future__ import annotations

import pytest

from bot.forms.contact import email, international_phone, phone_extension, taiwan_mobile, taiwan_phone
from tests.forms.helpers import accepted, both, ctx, rejected


@pytest.mark.parametrize(("raw", "value"), [
    ("ethan.hunt@example.com", "ethan.hunt@example.com"), ("  Ethan@Example.COM ", "Ethan@example.com"),
    ("mailto:a.b+tag@gmail.com", "a.b+tag@gmail.com"), ("ｅｔｈａｎ＠ｇｍａｉｌ．ｃｏｍ", "ethan@gmail.com"),
])
def test_valid_email_is_normalised(raw: str, value: str) -> None:
    result = accepted(email(raw, ctx()))
    assert (result.value, result.notes) == (value, ())


@pytest.mark.parametrize(("raw", "fragment"), [
    ("ethan.example.com", "@"), ("a@@b.com", "@"), ("a b@c.com", "space"), ("@example.com", "before the @"),
    ("a@localhost", "dot"), ("é@x.com", "English letters"), ("a@test.test", "not a valid email"),
    ("a@exa mple.com", "space"),
])
def test_invalid_email_gets_a_fix_it_message(raw: str, fragment: str) -> None:
    english, _chinese = both(rejected(email(raw, ctx())).message)
    assert fragment in english


@pytest.mark.parametrize("domain", ["qq.com", "163.com", "126.com", "sina.com", "sohu.com", "aliyun.com", "139.com",
                                    "yeah.net", "foxmail.com", "vip.qq.com", "mail.example.cn"])
def test_mainland_providers_are_accepted_with_a_warning(domain: str) -> None:
    result = accepted(email(f"user@{domain}", ctx()))
    assert result.value == f"user@{domain}"
    english, chinese = both(result.notes[0])
    assert domain in english and "中國大陸" in chinese


def test_encrypted_provider_warning() -> None:
    english, chinese = both(accepted(email("a@proton.me", ctx())).notes[0])
    assert "encrypted" in english and "加密" in chinese


def test_lookalike_domain_is_not_flagged() -> None:
    assert accepted(email("a@notqq.com", ctx())).notes == ()


@pytest.mark.parametrize(("raw", "value", "shown"), [
    ("+49 30 123456", "+4930123456", "+49 30 123456"),
    ("0049 30 123456", "+4930123456", "+49 30 123456"),
    ("+1 (415) 555-0100", "+14155550100", "+1 415-555-0100"),
    ("+886 2 2345 6789 ext. 12", "+886223456789;ext=12", "+886 2 2345 6789#12"),
    ("+886223456789;ext=12", "+886223456789;ext=12", "+886 2 2345 6789#12"),
])
def test_international_phone(raw: str, value: str, shown: str) -> None:
    result = accepted(international_phone(raw, ctx()))
    assert (result.value, result.shown) == (value, shown)


def test_local_number_uses_the_nationality_country_code_and_says_so() -> None:
    result = accepted(international_phone("030 123456", ctx("en", nationality="DE")))
    assert result.value == "+4930123456"
    english, chinese = both(result.notes[0])
    assert "Germany" in english and "國碼" in chinese
    # data names (countries) follow the locale of the rule's context
    chinese_note = accepted(international_phone("030 123456", ctx("zh_TW", nationality="DE"))).notes[0]
    assert "德國" in both(chinese_note)[1]


def test_taiwan_mobile_without_country_code() -> None:
    assert accepted(international_phone("0912-345-678", ctx())).value == "+886912345678"


@pytest.mark.parametrize(("raw", "fragment"), [
    ("030 123456", "country code"), ("+999 123456", "country code"), ("+49 1", "too short"),
    ("+1 123 456 7890", "not a valid phone number"),
    ("call me", "not a phone number"),
])
def test_invalid_international_phone(raw: str, fragment: str) -> None:
    english, _chinese = both(rejected(international_phone(raw, ctx())).message)
    assert fragment in english


@pytest.mark.parametrize("raw", ["0912345678", "0912-345-678", "0912 345 678", "+886 912 345 678", "886912345678",
                                 "912345678", "０９１２３４５６７８", "(0912) 345-678"])
def test_taiwan_mobile(raw: str) -> None:
    result = accepted(taiwan_mobile(raw, ctx()))
    assert (result.value, result.shown) == ("0912345678", "0912-345-678")


def test_taiwan_mobile_refuses_landline_and_foreign_numbers() -> None:
    english, chinese = both(rejected(taiwan_mobile("02-2345-6789", ctx())).message)
    assert "landline" in english and "市話" in chinese
    english, chinese = both(rejected(taiwan_mobile("+1 415 555 0100", ctx())).message)
    assert "Taiwan mobile number only" in english and "0912345678" in chinese
    english, _zh = both(rejected(taiwan_mobile("091234567", ctx())).message)
    assert "10 in all" in english


@pytest.mark.parametrize(("raw", "value"), [("02-2345-6789", "+886223456789"), ("(02) 2345-6789 #123",
                                                                                  "+886223456789;ext=123"),
                                            ("0912345678", "+886912345678"), ("07-123-4567", "+88671234567")])
def test_taiwan_phone(raw: str, value: str) -> None:
    assert accepted(taiwan_phone(raw, ctx())).value == value


@pytest.mark.parametrize("raw", ["+1 415 555 0100", "123", "phone"])
def test_taiwan_phone_refused(raw: str) -> None:
    both(rejected(taiwan_phone(raw, ctx())).message)


@pytest.mark.parametrize(("raw", "value"), [("123", "123"), ("#123", "123"), ("ext. 45", "45"), ("分機 7", "7")])
def test_extension(raw: str, value: str) -> None:
    assert accepted(phone_extension(raw, ctx())).value == value


def test_extension_refused_with_digits_offered() -> None:
    result = rejected(phone_extension("12a3", ctx()))
    assert [s.value for s in result.suggestions] == ["123"]
    both(result.message)
    both(rejected(phone_extension("1234567", ctx())).message)

"""The platform login id and the in-memory password checkers."""

from __future__ import annotations

import logging

import pytest

from bot.forms.account import check_platform_password, check_taiwan_jobs_password, login_account
from bot.i18n import render
from tests.forms.helpers import accepted, both, ctx, rejected


@pytest.mark.parametrize("raw", ["ethanhunt1990", "EthanHunt", "12345678", "ｅｔｈａｎ１"])
def test_login_account_letters_and_digits(raw: str) -> None:
    accepted(login_account(raw, ctx()))


@pytest.mark.parametrize(("raw", "suggestion"), [("ethan.hunt", "ethanhunt"), ("ethan hunt", "ethanhunt"),
                                                 ("ethan@mail", "ethanmail"), ("韓以森", None)])
def test_login_account_refuses_symbols(raw: str, suggestion: str | None) -> None:
    result = rejected(login_account(raw, ctx()))
    assert [s.value for s in result.suggestions] == ([suggestion] if suggestion else [])
    english, chinese = both(result.message)
    assert "letters and digits" in english and "英文字母與數字" in chinese


def _failures(check: object) -> list[str]:
    return [render(message, "en") for message in check.failures]  # type: ignore[attr-defined]


def test_platform_password_rules() -> None:
    assert check_platform_password("goldcard24", "ethan").ok
    assert _failures(check_platform_password("gold24", "ethan")) == ["Use 8 to 12 characters (this has 6)."]
    assert _failures(check_platform_password("GOLDCARD24", None)) == [
        "Include at least one lowercase English letter (a–z)."]
    assert _failures(check_platform_password("goldcardxx", None)) == ["Include at least one digit (0–9)."]
    assert _failures(check_platform_password("gold-card24", None)) == [
        "Use English letters and digits only: no spaces or special symbols."]
    assert _failures(check_platform_password("Ethan12345", "ethan12345")) == [
        "The password must differ from the account."]
    assert len(check_platform_password("", None).failures) == 3
    for message in check_platform_password("x", "x").failures:
        both(message)


def test_taiwan_jobs_password_rules() -> None:
    assert check_taiwan_jobs_password("goldcard24").ok
    assert check_taiwan_jobs_password("GOLDCARD#").ok
    assert _failures(check_taiwan_jobs_password("goldcardgold")) == [
        "Mix at least 2 of: capital letters, small letters, digits, symbols (such as & # *)."]
    assert _failures(check_taiwan_jobs_password("Ab1")) == ["Use 8 to 20 characters (this has 3)."]
    assert "Use only letters" in _failures(check_taiwan_jobs_password("gold card 24"))[0]
    for message in check_taiwan_jobs_password("密碼").failures:
        both(message)


def test_password_check_keeps_and_logs_nothing(caplog: pytest.LogCaptureFixture) -> None:
    secret = "s3cretpass"
    with caplog.at_level(logging.DEBUG):
        result = check_platform_password(secret, "account")
        other = check_taiwan_jobs_password(secret)
    assert secret not in repr(result) and secret not in repr(other)
    assert all(secret not in str(message.params) for message in (*result.failures, *other.failures))
    assert secret not in caplog.text

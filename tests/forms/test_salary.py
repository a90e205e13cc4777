"""The salary criterion and its arithmetic."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.forms.salary import (
    SalaryClaim,
    assess_salary,
    check_salary_claim,
    currency_rule,
    earned_in_rule,
    exchange_rate,
    salary_amount,
)
from bot.i18n import render
from tests.forms.helpers import TODAY, accepted, both, ctx, rejected


def claim(amount: str, cur: str = "TWD", period: str = "month", rate: str | None = None,
          earned: str = "2026-09") -> SalaryClaim:
    return SalaryClaim(amount=Decimal(amount), currency=cur, period=period,
                       rate_to_twd=Decimal(rate) if rate else None, earned_in=earned)


def test_foreign_monthly_salary_with_its_arithmetic() -> None:
    result = assess_salary(claim("6000", "USD", rate="31.25"), TODAY)
    assert result is not None and result.meets
    assert result.monthly_twd == Decimal("187500")
    english, chinese = both(result.explanation)
    assert english.splitlines() == [
        "6,000 USD a month × 31.25 NT$/USD = NT$187,500 a month.",
        "NT$187,500 ≥ NT$160,000: the amount meets the salary criterion.",
        "2026-09 is within the 3 years before the application month (2026-11).",
    ]
    assert "新臺幣 187,500 元" in chinese and "符合薪資條件" in chinese


def test_thresholds_are_inclusive() -> None:
    assert assess_salary(claim("160000"), TODAY).meets  # type: ignore[union-attr]
    assert not assess_salary(claim("159999"), TODAY).meets  # type: ignore[union-attr]
    annual = assess_salary(claim("1920000", period="year", earned="2025-12"), TODAY)
    assert annual is not None and annual.meets and annual.monthly_twd == Decimal("160000")


def test_below_the_threshold_says_so() -> None:
    result = assess_salary(claim("1900000", period="year", earned="2025-12"), TODAY)
    assert result is not None and not result.meets_amount
    english, chinese = both(result.explanation)
    assert "NT$1,900,000 a year ÷ 12 = NT$158,333.33 a month." in english
    assert "1,920,000" in english and "未達薪資條件" in chinese


def test_three_year_window_before_the_application_month() -> None:
    assert assess_salary(claim("200000", earned="2023-11"), TODAY).in_window  # type: ignore[union-attr]
    outside = assess_salary(claim("200000", earned="2023-10"), TODAY)
    assert outside is not None and outside.meets_amount and not outside.in_window and not outside.meets
    english, chinese = both(outside.explanation)
    assert "from 2023-11 on" in english and "2023-11" in chinese


def test_incomplete_claim_is_not_assessed() -> None:
    assert assess_salary(SalaryClaim(amount=Decimal(1)), TODAY) is None
    assert assess_salary(claim("6000", "USD"), TODAY) is None  # no rate


def test_stored_claim_check() -> None:
    ok = accepted(check_salary_claim(claim("6000", "EUR", rate="34.5"), ctx()))
    assert "207,000" in render(ok.notes[0], "en")
    english, chinese = both(rejected(check_salary_claim(claim("100000"), ctx())).message)
    assert "below" in english and "未達" in chinese
    both(rejected(check_salary_claim(claim("6000", "USD"), ctx())).message)
    both(rejected(check_salary_claim(SalaryClaim(amount=Decimal(5)), ctx())).message)
    english, _zh = both(rejected(check_salary_claim(claim("6000", "ABC", rate="1"), ctx())).message)
    assert english.startswith("Currency:")


@pytest.mark.parametrize(("raw", "value"), [("160000", "160000"), ("160,000", "160000"), ("16萬", "160000"),
                                            ("160k", "160000"), ("6500.50", "6500.5"), ("１６００００", "160000")])
def test_amount(raw: str, value: str) -> None:
    assert accepted(salary_amount(raw, ctx())).value == value


@pytest.mark.parametrize(("raw", "suggestion"), [("6,000 USD", "6000"), ("-3", "3"), ("zero", None), ("0", None)])
def test_amount_refused(raw: str, suggestion: str | None) -> None:
    result = rejected(salary_amount(raw, ctx()))
    assert [s.value for s in result.suggestions] == ([suggestion] if suggestion else [])
    both(result.message)


@pytest.mark.parametrize(("raw", "code"), [("usd", "USD"), ("US$", "USD"), ("美金", "USD"), ("NT$", "TWD"),
                                           ("新台幣", "TWD"), ("€", "EUR"), ("RMB", "CNY"), ("chf", "CHF")])
def test_currency_rule(raw: str, code: str) -> None:
    assert accepted(currency_rule(raw, ctx())).value == code


def test_currency_shown_in_the_users_language() -> None:
    assert accepted(currency_rule("usd", ctx("zh_TW"))).shown == "美元（USD）"
    assert accepted(currency_rule("usd", ctx("en"))).shown == "US Dollar (USD)"


def test_ambiguous_or_unknown_currency_rule() -> None:
    result = rejected(currency_rule("$", ctx()))
    assert "USD" in [s.value for s in result.suggestions]
    both(result.message)
    both(rejected(currency_rule("doubloons", ctx())).message)


def test_exchange_rate() -> None:
    assert accepted(exchange_rate("31.25", ctx(currency="USD"))).value == "31.25"
    assert accepted(exchange_rate("31,25", ctx(currency="USD"))).value == "31.25"
    both(rejected(exchange_rate("0", ctx())).message)
    result = rejected(exchange_rate("31", ctx(currency="TWD")))
    assert [s.value for s in result.suggestions] == ["1"]
    both(result.message)


def test_earned_in_rule() -> None:
    assert accepted(earned_in_rule("2025-06", ctx(period="month"))).value == "2025-06"
    assert accepted(earned_in_rule("2024", ctx(period="year"))).value == "2024-12"
    assert accepted(earned_in_rule("2026", ctx(period="year"))).value == "2026-11"  # this year: up to now
    both(rejected(earned_in_rule("2024", ctx(period="month"))).message)
    both(rejected(earned_in_rule("2027-01", ctx(period="month"))).message)


def test_other_application_month() -> None:
    result = assess_salary(claim("200000", earned="2023-10"), date(2026, 10, 5))
    assert result is not None and result.in_window

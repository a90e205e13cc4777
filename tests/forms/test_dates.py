"""Dates as people type them: stored ISO, echoed back, ROC years only where the form shows them."""

from __future__ import annotations

from datetime import date

import pytest

from bot.forms.dates import (
    add_months,
    birth_date,
    birth_date_roc,
    graduation_year_month,
    passport_expiry_date,
    passport_issue_date,
    past_date,
    read_date,
)
from bot.forms.result import Rejected
from tests.forms.helpers import TODAY, accepted, both, ctx, rejected


@pytest.mark.parametrize("raw", [
    "2024-07-30", "2024/7/30", "2024.07.30", "20240730", "2024年7月30日", "２０２４－０７－３０",
    "30.07.2024", "30/07/2024", "7/30/2024", "30 Jul 2024", "30 JUL/JUIL 2024", "July 30, 2024", "30th July 2024",
    "2024-Jul-30", "  2024 - 07 - 30 ",
])
def test_unambiguous_forms_are_read(raw: str) -> None:
    assert read_date(raw) == date(2024, 7, 30)


def test_same_day_and_month_is_not_ambiguous() -> None:
    assert read_date("05.05.2024") == date(2024, 5, 5)


def test_ambiguous_day_month_is_refused_with_both_readings() -> None:
    result = read_date("03/07/2024")
    assert isinstance(result, Rejected)
    assert [s.value for s in result.suggestions] == ["2024-07-03", "2024-03-07"]
    english, chinese = both(result.message)
    assert "2024-07-03" in english and "2024-03-07" in chinese and "YYYY-MM-DD" in chinese


@pytest.mark.parametrize("raw", ["2024-02-30", "31.04.2024", "2024-13-01"])
def test_impossible_dates_are_refused(raw: str) -> None:
    result = read_date(raw)
    assert isinstance(result, Rejected)
    both(result.message)


@pytest.mark.parametrize("raw", ["30/07/24", "7/30/24"])
def test_two_digit_years_are_refused(raw: str) -> None:
    result = read_date(raw)
    assert isinstance(result, Rejected)
    english, chinese = both(result.message)
    assert "four digits" in english and "四位數" in chinese


@pytest.mark.parametrize("raw", ["民國113年7月30日", "113年7月30日", "113/07/30", "民國113/7/30", "1130730"])
def test_roc_years_where_the_form_allows(raw: str) -> None:
    assert read_date(raw, allow_roc=True) == date(2024, 7, 30)


@pytest.mark.parametrize("raw", ["民國113年7月30日", "113/07/30", "1130730"])
def test_roc_years_elsewhere_are_refused_with_the_gregorian_date(raw: str) -> None:
    result = read_date(raw)
    assert isinstance(result, Rejected)
    assert [s.value for s in result.suggestions] == ["2024-07-30"]
    english, chinese = both(result.message)
    assert "2024-07-30" in english and "西元" in chinese and "民國 113 年" in chinese


def test_two_digit_roc_year_above_31() -> None:
    assert read_date("80/05/03", allow_roc=True) == date(1991, 5, 3)


@pytest.mark.parametrize("raw", ["yesterday", "2024", "July 2024", "32/13/2024", "", "١٢/٠٣/٢٠٢٤x"])
def test_unreadable(raw: str) -> None:
    result = read_date(raw)
    assert isinstance(result, Rejected)
    both(result.message)


def test_year_out_of_range() -> None:
    result = read_date("1800-01-01")
    assert isinstance(result, Rejected)
    english, _zh = both(result.message)
    assert "1800" in english


def test_birth_date_echoes_the_understood_date_in_both_languages() -> None:
    english = accepted(birth_date("3 May 1990", ctx("en")))
    chinese = accepted(birth_date("3 May 1990", ctx("zh_TW")))
    assert english.value == chinese.value == "1990-05-03"
    assert english.shown == "1990-05-03 (Thursday, May 3, 1990)"
    assert chinese.shown == "1990-05-03（1990年5月3日 星期四）"


@pytest.mark.parametrize("raw", ["2026-11-21", "2030-01-01"])
def test_birth_date_must_be_in_the_past(raw: str) -> None:
    english, chinese = both(rejected(birth_date(raw, ctx())).message)
    assert "past" in english and "過去" in chinese


@pytest.mark.parametrize(("raw", "age"), [("2015-01-01", 11), ("1920-01-01", 106)])
def test_birth_date_must_be_plausible(raw: str, age: int) -> None:
    english, chinese = both(rejected(birth_date(raw, ctx())).message)
    assert f"{age} years" in english and f"{age} 歲" in chinese


def test_birth_date_on_taiwan_jobs_takes_roc_years_and_shows_them() -> None:
    result = accepted(birth_date_roc("民國79年5月3日", ctx("zh_TW")))
    assert result.value == "1990-05-03"
    assert result.shown is not None and "民國 79 年" in result.shown
    assert "ROC year 79" in str(accepted(birth_date_roc("1990-05-03", ctx("en"))).shown)


def test_birth_date_on_the_platform_refuses_roc_years() -> None:
    rejected(birth_date("民國79年5月3日", ctx()))


def test_passport_issue_date_not_in_the_future() -> None:
    accepted(passport_issue_date("2026-11-21", ctx()))
    english, chinese = both(rejected(passport_issue_date("2026-11-22", ctx())).message)
    assert "2026-11-22" in english and "2026-11-21" in chinese


def test_passport_issue_date_before_expiry_and_after_birth() -> None:
    both(rejected(passport_issue_date("2024-01-01", ctx(passport_expiry_date="2023-12-31"))).message)
    both(rejected(passport_issue_date("1989-01-01", ctx(date_of_birth="1990-05-03"))).message)
    accepted(passport_issue_date("2024-01-01", ctx(passport_expiry_date="2034-01-01", date_of_birth="1990-05-03")))


def test_passport_expiry_needs_six_months_on_the_application_date() -> None:
    assert accepted(passport_expiry_date("2027-05-21", ctx())).value == "2027-05-21"
    result = rejected(passport_expiry_date("2027-05-20", ctx()))
    english, chinese = both(result.message)
    assert "2027-05-21" in english and "6" in english
    assert "2027-05-21" in chinese and "換發" in chinese


def test_passport_expiring_in_five_months() -> None:
    english, chinese = both(rejected(passport_expiry_date("2027-04-21", ctx())).message)
    assert "less than 6 months" in english and "不足 6 個月" in chinese


def test_expired_passport() -> None:
    for raw in ("2026-11-21", "2020-01-01"):
        english, chinese = both(rejected(passport_expiry_date(raw, ctx())).message)
        assert "expired" in english and "到期" in chinese


def test_passport_expiry_after_issue() -> None:
    both(rejected(passport_expiry_date("2030-01-01", ctx(passport_issue_date="2030-01-01"))).message)


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)
    assert add_months(date(2026, 11, 21), -36) == date(2023, 11, 21)


def test_past_date() -> None:
    assert accepted(past_date("2026-11-01", ctx())).value == "2026-11-01"
    both(rejected(past_date("2026-12-01", ctx())).message)


@pytest.mark.parametrize(("raw", "value"), [("2015-06", "2015-06"), ("2015/6", "2015-06"), ("06/2015", "2015-06"),
                                            ("June 2015", "2015-06"), ("2015年6月", "2015-06")])
def test_graduation_year_month(raw: str, value: str) -> None:
    assert accepted(graduation_year_month(raw, ctx())).value == value


@pytest.mark.parametrize("raw", ["2015", "13/2015", "2027-01", "soon"])
def test_graduation_year_month_refused(raw: str) -> None:
    both(rejected(graduation_year_month(raw, ctx())).message)


def test_stored_values_are_accepted_unchanged() -> None:
    for rule, value in ((birth_date, "1990-05-03"), (passport_issue_date, "2023-02-15"),
                        (passport_expiry_date, "2033-02-14"), (birth_date_roc, "1990-05-03")):
        assert accepted(rule(value, ctx(today=TODAY))).value == value

"""Passport numbers, the previous passport number and the 12-digit application number."""

from __future__ import annotations

import pytest

from bot.forms.identifiers import application_number, passport_number, previous_passport_number
from tests.forms.helpers import accepted, both, ctx, rejected


@pytest.mark.parametrize(("raw", "value"), [("c01x00t47", "C01X00T47"), ("A 1234 5678", "A12345678"),
                                            ("Ｅ１２３４５６７８", "E12345678")])
def test_passport_number(raw: str, value: str) -> None:
    assert accepted(passport_number(raw, ctx())).value == value


@pytest.mark.parametrize(("raw", "suggestion"), [("A1234/5678", "A12345678"), ("A123*4567", "A1234567"), ("12", None)])
def test_passport_number_refused(raw: str, suggestion: str | None) -> None:
    result = rejected(passport_number(raw, ctx()))
    assert [s.value for s in result.suggestions] == ([suggestion] if suggestion else [])
    english, chinese = both(result.message)
    assert "A12345678" in english and "護照" in chinese


def test_previous_passport_must_differ() -> None:
    english, chinese = both(rejected(previous_passport_number("c01x00t47", ctx(passport_number="C01X00T47"))).message)
    assert "earlier passport" in english and "略過" in chinese
    assert accepted(previous_passport_number("X9876543", ctx(passport_number="C01X00T47"))).value == "X9876543"


@pytest.mark.parametrize("raw", ["113551045830", "1135 5104 5830", "113-551-045-830"])
def test_application_number(raw: str) -> None:
    assert accepted(application_number(raw, ctx())).value == "113551045830"


@pytest.mark.parametrize("raw", ["11355104583", "1135510458301", "A13551045830"])
def test_application_number_refused(raw: str) -> None:
    english, chinese = both(rejected(application_number(raw, ctx())).message)
    assert "12 digits" in english and "12 位數" in chinese

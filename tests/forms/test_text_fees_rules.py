"""Input hygiene, the documented-rule wrapper, fees."""

from __future__ import annotations

import logging

import pytest

from bot.forms import fees
from bot.forms.result import Accepted, Rejected, RuleContext, RuleResult
from bot.forms.rules import FieldRule
from bot.forms.sections import DataChange
from bot.forms.text import clean, prepare
from bot.i18n import _
from tests.forms.helpers import both, ctx


def test_clean() -> None:
    assert clean(" a\u200b b\u00a0\u3000c\x00 ") == "a b c"
    assert clean("Ａ\u0301") == "Á"
    assert clean("A\x08\u0300") == "À"
    assert clean("line 1\r\n\r\n\r\n\r\nline  2", multiline=True) == "line 1\n\nline 2"
    assert clean("\ud800x") == "x"


def test_prepare_limits_and_empties() -> None:
    assert prepare("ok", 5) == "ok"
    too_long = prepare("x" * 6, 5)
    assert isinstance(too_long, Rejected)
    english, chinese = both(too_long.message)
    assert "5" in english and "5" in chinese
    assert isinstance(prepare("\u200b\u200f ", 5), Rejected)


def test_a_failing_rule_becomes_a_polite_rejection_and_logs_no_answer(caplog: pytest.LogCaptureFixture) -> None:
    def broken(raw: str, context: RuleContext) -> RuleResult:
        raise ValueError(f"cannot parse {raw}")

    rule = FieldRule(name="broken", summary=_("Free text."), sources=("test",), fn=broken)
    with caplog.at_level(logging.ERROR):
        result = rule("A123456789", ctx())
    assert isinstance(result, Rejected)
    both(result.message)
    assert "broken" in caplog.text and "ValueError" in caplog.text and "A123456789" not in caplog.text


def test_rule_call_coerces_non_text() -> None:
    rule = FieldRule(name="echo", summary=_("Free text."), sources=("test",), fn=lambda raw, c: Accepted(raw))
    assert rule(12, ctx()).value == "12"  # type: ignore[arg-type, union-attr]


def test_application_fees() -> None:
    quote = fees.application_fee("B", 3)
    assert quote is not None and quote.amount == 5700 and not quote.plus_special_handling_fee
    english, chinese = both(quote.explanation)
    assert "5,700" in english and "5,700" in chinese
    special = fees.application_fee("A", 1)
    assert special is not None and special.amount == 1500 and special.plus_special_handling_fee
    both(special.explanation)
    assert fees.application_fee("H", 2).amount == 3100  # type: ignore[union-attr]
    assert fees.application_fee("Z", 1) is None and fees.application_fee("B", 4) is None


def test_extension_and_reissue_fees() -> None:
    assert fees.extension_fee(False, 2).amount == 2500  # type: ignore[union-attr]
    assert fees.extension_fee(True, 1).confidence == "UNCONFIRMED"  # type: ignore[union-attr]
    assert (fees.reissue_fee(False).amount, fees.reissue_fee(True).amount) == (500, 2600)


def test_data_change_fee() -> None:
    free = fees.data_change_fee(DataChange(residence_address="台北市中正區寶慶路3號2樓"), False)
    assert free.amount == 0 and free.confidence == "OFFICIAL"
    both(free.explanation)
    assert fees.data_change_fee(DataChange(passport_data_change=True, passport_number="X1234567"), True).amount == 0
    paid = fees.data_change_fee(DataChange(english_surname="HUNT"), True)
    assert paid.amount == 2600 and paid.confidence == "UNCONFIRMED"
    both(paid.explanation)

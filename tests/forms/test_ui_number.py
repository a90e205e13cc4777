"""UI numbers (統一證號) and National ID numbers with their check digit (research/domain.md §6.5)."""

from __future__ import annotations

import pytest

from bot.forms.ui_number import checksum_ok, national_id_or_ui_number, ui_number
from tests.forms.helpers import accepted, both, ctx, rejected

WORKED_EXAMPLES = ["A800000014", "AA00000009", "F912345678", "A810000008", "FC12345674"]


@pytest.mark.parametrize("value", [*WORKED_EXAMPLES, "A123456789"])
def test_worked_examples_of_domain_md_pass(value: str) -> None:
    assert checksum_ok(value)


@pytest.mark.parametrize("value", ["A800000015", "AA00000008", "F912345679", "A123456788", "A8000000", "1234567890"])
def test_wrong_check_digit_or_format_fails(value: str) -> None:
    assert not checksum_ok(value)


def test_every_wrong_last_digit_is_caught() -> None:
    for value in WORKED_EXAMPLES:
        wrong = [value[:-1] + str(d) for d in range(10) if str(d) != value[-1]]
        assert not any(checksum_ok(candidate) for candidate in wrong)


@pytest.mark.parametrize(("raw", "value"), [("A800000014", "A800000014"), ("a 8000-00014", "A800000014"),
                                            ("Ｆ９１２３４５６７８", "F912345678")])
def test_new_format_accepted(raw: str, value: str) -> None:
    result = accepted(ui_number(raw, ctx()))
    assert (result.value, result.notes) == (value, ())


def test_old_format_accepted_with_a_note() -> None:
    result = accepted(ui_number("FC12345674", ctx()))
    english, chinese = both(result.notes[0])
    assert "2031-01-01" in english and "2031-01-01" in chinese


def test_bad_checksum_is_refused() -> None:
    english, chinese = both(rejected(ui_number("A800000015", ctx())).message)
    assert "A800000015" in english and "check digit" in english and "檢查碼" in chinese


def test_national_id_is_not_a_ui_number() -> None:
    english, chinese = both(rejected(ui_number("A123456789", ctx())).message)
    assert "National ID" in english and "身分證" in chinese


@pytest.mark.parametrize("raw", ["A80000001", "8000000014", "AB1234567X"])
def test_wrong_format(raw: str) -> None:
    english, _chinese = both(rejected(ui_number(raw, ctx())).message)
    assert "A800000014" in english


def test_taiwan_jobs_takes_national_id_or_ui_number() -> None:
    assert accepted(national_id_or_ui_number("a123456789", ctx())).value == "A123456789"
    assert accepted(national_id_or_ui_number("A800000014", ctx())).value == "A800000014"
    both(rejected(national_id_or_ui_number("A123456788", ctx())).message)
    both(rejected(national_id_or_ui_number("A800000015", ctx())).message)

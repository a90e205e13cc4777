"""Flows as data: visibility, next question, pruning, blockers and the button-data format."""

from __future__ import annotations

import pytest

from bot.dialogs.eligibility import OPENING
from bot.engine.state import ButtonData, encode_token
from bot.forms.opening import OpeningAnswers, derive_identity


def test_questions_follow_the_platform_order_and_show_if() -> None:
    keys = [q.key for q in OPENING.visible({})]
    assert keys == ["agree", "held_gold_card", "nationality_identity", "inside_taiwan", "roc_nationality"]
    inside = {"inside_taiwan": True, "entry_document": "visitor_visa_60_unrestricted", "roc_nationality": True}
    assert [q.key for q in OPENING.visible(inside)] == [
        "agree", "held_gold_card", "nationality_identity", "inside_taiwan", "entry_document", "has_visa_sticker",
        "non_convertible_visa", "roc_nationality", "roc_household_registration", "entered_on_roc_passport"]


def test_next_missing_and_progress() -> None:
    answers = {"agree": True, "held_gold_card": False}
    assert OPENING.next_missing(answers).key == "nationality_identity"
    assert OPENING.progress(answers) == (2, 5)
    assert OPENING.next_after(answers, "agree").key == "held_gold_card"


def test_prune_drops_answers_of_hidden_questions() -> None:
    answers = {"inside_taiwan": False, "entry_document": "visa_exempt", "has_visa_sticker": True, "_confirmed": "x"}
    assert OPENING.prune(answers) == {"inside_taiwan": False, "_confirmed": "x"}


@pytest.mark.parametrize(("answers", "blocked_at"), [
    ({"nationality_identity": "mainland_china"}, "nationality_identity"),
    ({"nationality_identity": "hong_kong", "roc_nationality": True}, "roc_nationality"),
    ({"roc_nationality": True, "roc_household_registration": True}, "roc_household_registration"),
    ({"inside_taiwan": True, "entry_document": "residence_permit", "non_convertible_visa": True},
     "non_convertible_visa"),
    ({"nationality_identity": "foreign_non_us", "roc_nationality": True, "roc_household_registration": False},
     None),
])
def test_blockers(answers: dict, blocked_at: str | None) -> None:
    blocked = OPENING.blocker(answers)
    assert (blocked[0].key if blocked else None) == blocked_at


@pytest.mark.parametrize(("nationality", "inside", "document", "zh", "case", "inspection"), [
    ("foreign_non_us", False, None, "非美籍外籍人士境外申請", "B", True),
    ("foreign_us", False, None, "美籍人士境外申請", "A", True),
    ("foreign_non_us", True, "residence_permit", "非美籍外籍人士境內申請(持有效居留證件)", "C", False),
    ("foreign_us", True, "visitor_visa_60_unrestricted", "美籍人士境內申請(60天以上未加註限制停留簽證)", "D", False),
    ("foreign_non_us", True, "visitor_visa_60_restricted", "非美籍外籍人士境內申請(60天以上加註限制停留簽證)", "E",
     True),
    ("foreign_non_us", True, "visitor_visa_under_60", "非美籍外籍人士境內申請(60天以下停留簽證)", "F", True),
    ("foreign_non_us", True, "visa_exempt", "非美籍外籍人士境內申請(免簽證入國)", "G", True),
    ("hong_kong", False, None, "香港居民境外申請", "H", False),
    ("macau", True, "visa_exempt", "澳門居民境內申請(免簽證入國)", "H", False),
])
def test_identity_table(nationality: str, inside: bool, document: str | None, zh: str, case: str,
                        inspection: bool) -> None:
    identity = derive_identity(OpeningAnswers(nationality_identity=nationality, inside_taiwan=inside,
                                              entry_document=document))
    assert identity is not None
    assert (identity.zh, identity.case, identity.passport_inspection_abroad) == (zh, case, inspection)
    assert identity.confidence == ("OFFICIAL" if zh == "非美籍外籍人士境外申請" else "UNCONFIRMED")


def test_no_identity_for_excluded_or_incomplete_answers() -> None:
    assert derive_identity(OpeningAnswers(nationality_identity="mainland_china", inside_taiwan=False)) is None
    assert derive_identity(OpeningAnswers(nationality_identity="foreign_us", inside_taiwan=True)) is None
    assert derive_identity(OpeningAnswers()) is None


def test_button_data_round_trip_and_limits() -> None:
    data = ButtonData(encode_token(12345), "c", "3").encode()
    assert data == "9ix|c:3" and ButtonData.parse(data) == ButtonData("9ix", "c", "3")
    assert ButtonData.parse("garbage") is None and ButtonData.parse("|c") is None
    with pytest.raises(ValueError):
        ButtonData("1", "edit", "x" * 80).encode()

"""What a turn works out once (issue 22's hot path): each option's names per list of options, and the
answers as a flow sees them until they change (each caller getting its own copy)."""

from __future__ import annotations

from typing import Any, cast
from unittest.mock import patch

from bot.engine import checking
from bot.engine.checking import choice_names, match_choice
from bot.engine.core import TurnCore
from bot.engine.flow import Choice, Flow, Question
from bot.engine.turn import Turn
from bot.forms.spec import InputKind
from bot.i18n import Msg, _, verbatim

FIELDS = (Choice("digital", _("Digital")), Choice("finance", _("Finance")),
          Choice("science", _("Science and technology"), platform_label="科技"))


def test_option_names_are_rendered_once_per_list_of_options() -> None:
    question = Question("field", _("Field?"), InputKind.CHOICE, choices=FIELDS)
    assert match_choice(question, "finance") == 1
    with patch.object(Msg, "render", side_effect=AssertionError("rendered again")):
        assert match_choice(question, "科技") == 2 and match_choice(question, "digit") == 0
    assert choice_names(FIELDS)[2] >= {"science and technology", "科技"}


def test_the_names_cache_is_bounded(monkeypatch: Any) -> None:
    monkeypatch.setattr(checking, "_NAMES_KEPT", 3)
    monkeypatch.setattr(checking, "_NAMES", {})
    for label in "abcdefg":
        choice_names((Choice(label, verbatim(label)),))
    assert len(checking._NAMES) <= 3


class _Store:
    def __init__(self, sections: dict[str, Any]) -> None:
        self.sections, self.opened = sections, 0
        self.saved: dict[str, Any] | None = None

    def answers(self, _draft: object) -> dict[str, Any]:
        self.opened += 1
        return self.sections

    def set_answers(self, _draft: object, answers: dict[str, Any]) -> None:
        self.saved = answers


def _turn(store: _Store) -> TurnCore:
    turn = Turn.__new__(Turn)
    turn.store = cast(Any, store)
    turn._draft, turn._answers, turn._views, turn._publics, turn._checked = cast(Any, object()), None, {}, {}, {}
    return turn


async def test_a_flows_view_is_worked_out_once_and_follows_saved_answers() -> None:
    basic = Flow("basic", _("Basic"), (Question("name", _("Name?"), InputKind.TEXT),))
    passport = Flow("passport", _("Passport"), (Question("number", _("Number?"), InputKind.TEXT),))
    store = _Store({"basic": {"name": "Lin", "_private": 1}, "passport": {"number": "X1"}})
    turn = _turn(store)
    view = await turn.answers(passport)
    assert view == {"name": "Lin", "number": "X1"}  # another tab's private keys are not shown
    view["number"] = "changed by a caller"
    assert (await turn.answers(passport))["number"] == "X1"  # each caller has its own copy
    with patch.object(TurnCore, "_view", side_effect=AssertionError("worked out again")):
        assert await turn.answers(passport) == {"name": "Lin", "number": "X1"}
    await turn.save_answers(basic, {"name": "Chen"})
    assert (await turn.answers(passport))["name"] == "Chen" and store.opened == 1

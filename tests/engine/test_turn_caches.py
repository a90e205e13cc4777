"""What a turn works out once (issue 22's hot path): each option's names per list of options, the answers as
a flow sees them until they change (each caller getting its own copy), and a flow's visible questions per
distinct answers."""

from __future__ import annotations

from datetime import date
from typing import Any, cast
from unittest.mock import patch

from bot.engine import checking
from bot.engine import flow as flow_module
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


def _counted_flow(seen: list[str]) -> Flow:
    def shown_when_married(answers: Any) -> bool:
        seen.append("asked")
        return answers.get("married") is True

    return Flow("family", _("Family"), (
        Question("married", _("Married?"), InputKind.YES_NO),
        Question("spouse", _("Spouse?"), InputKind.TEXT, show_if=shown_when_married),
    ))


def test_visible_questions_are_worked_out_once_per_distinct_answers() -> None:
    seen: list[str] = []
    flow = _counted_flow(seen)
    shown = flow.visible({"married": True})
    assert [q.key for q in shown] == ["married", "spouse"] and len(seen) == 1
    shown.clear()  # each caller has its own list
    assert [q.key for q in flow.visible({"married": True})] == ["married", "spouse"] and len(seen) == 1
    assert [q.key for q in flow.visible({"married": False})] == ["married"] and len(seen) == 2
    assert [q.key for q in flow.visible({"married": 1})] == ["married"] and len(seen) == 3  # 1 is not true
    assert flow.next_missing({"married": True}).key == "spouse" and len(seen) == 3  # type: ignore[union-attr]
    flow.visible({"married": True, "spouse": "Lin Mei"})
    assert all(len(name) == 16 and b"Lin" not in name for name in flow._visible)  # digests: no answer is kept


def test_answers_that_are_not_plain_json_are_not_remembered() -> None:
    seen: list[str] = []
    flow = _counted_flow(seen)
    for _round in range(2):  # a date is not told from its text: worked out each time
        assert [q.key for q in flow.visible({"married": True, "on": date(2026, 1, 1)})] == ["married", "spouse"]
    assert len(seen) == 2


def test_the_visible_cache_is_bounded(monkeypatch: Any) -> None:
    monkeypatch.setattr(flow_module, "VISIBLE_KEPT", 3)
    flow = _counted_flow([])
    for number in range(7):
        flow.visible({"married": True, "n": number})
    assert 0 < len(flow._visible) <= 3


def test_questions_and_options_are_found_by_key_and_value_as_a_scan_would() -> None:
    first, second = Question("a", _("A?"), InputKind.TEXT), Question("a", _("A again?"), InputKind.TEXT)
    flow = Flow("f", _("F"), (first, second))
    assert flow.question("a") is first and flow.question("b") is None
    choices = (Choice(True, _("Yes")), Choice(1, _("One")), Choice("x", _("X")))
    question = Question("q", _("Q?"), InputKind.CHOICE, choices=choices)
    assert question.choice(1) is choices[0]  # 1 == True: the first equal option, as before
    assert question.choice("x") is choices[2] and question.choice("y") is None
    assert question.choice(["x"]) is None  # an unhashable value is compared, not looked up
    listed = Question("l", _("L?"), InputKind.CHOICE, choices=(Choice(["a"], _("A")), Choice("b", _("B"))))
    assert listed.choice(["a"]) is listed.choices[0] and listed.choice("b") is listed.choices[1]

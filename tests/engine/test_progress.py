"""Question counters that never jump: the position grows by one per answer, whatever show_if opens or closes."""

from __future__ import annotations

import re
from typing import Any

from bot.app import App
from bot.engine.flow import Flow, InputKind, Question
from bot.engine.progress import question_counter
from bot.i18n import _
from tests.dialogs.test_application import ABROAD_EN
from tests.harness import Chat


def _q(key: str, show_if: Any = None) -> Question:
    return Question(key=key, prompt=_("Please type it."), kind=InputKind.TEXT, show_if=show_if)


# "pet" opens two questions midway; "details" (before them in the flow) opens only once "pet_name" is answered,
# and "job" closes "employer" further on: answers that show or hide questions before and after the current one
FLOW = Flow("f", _("Test"), (
    _q("name"), _q("pet"),
    _q("details", lambda a: "pet_name" in a),
    _q("pet_name", lambda a: a.get("pet") == "yes"), _q("pet_age", lambda a: a.get("pet") == "yes"),
    _q("job"), _q("employer", lambda a: a.get("job") != "none"), _q("city")))


def index_counter(flow: Flow, question: Question, answers: dict[str, Any]) -> tuple[int, int]:
    """The counter before this change: the question's index among the questions shown now."""
    keys = [q.key for q in flow.visible(answers)]
    return keys.index(question.key) + 1, len(keys)


def walk(counter: Any, answers_given: dict[str, str]) -> list[tuple[int, int]]:
    answers: dict[str, Any] = {}
    seen = []
    while (question := FLOW.next_missing(answers)) is not None:
        seen.append(counter(FLOW, question, answers))
        answers[question.key] = answers_given.get(question.key, "x")
    return seen


def test_the_position_grows_by_one_per_answer_while_questions_appear_and_disappear() -> None:
    counters = walk(question_counter, {"pet": "yes", "job": "none"})
    assert counters == [(1, 5), (2, 5), (3, 7), (4, 8), (5, 8), (6, 8), (7, 7)]
    assert [position for position, _total in counters] == list(range(1, len(counters) + 1))
    assert all(position <= total for position, total in counters)
    assert counters[-1][0] == counters[-1][1]  # the last question says "n of n"
    # the index counted the question that appeared before the current one: "3 of 7", "3 of 8", then "5 of 8"
    old = [position for position, _total in walk(index_counter, {"pet": "yes", "job": "none"})]
    assert old[:5] == [1, 2, 3, 3, 5]


def test_after_back_an_answered_question_has_its_own_position() -> None:
    answers = {"name": "a", "pet": "no", "job": "x"}
    assert question_counter(FLOW, FLOW.questions[1], answers) == (2, 5)  # "pet" again: 2 of name, pet, job, …
    assert question_counter(FLOW, FLOW.questions[6], answers) == (4, 5)  # employer, the next to answer


async def test_the_whole_application_counts_one_by_one_in_every_tab(app: App) -> None:
    """The real flows (the visa tab opens 簽證資料 after 是, the residence tab asks 統一證號 only after Yes):
    within a tab, each new prompt's position is the previous one plus one."""
    chat = Chat(app.engine, 81)
    await chat.send("/start lang_en")
    last: dict[str, int] = {}
    for step, _expected in ABROAD_EN:
        text = await chat.press(step[6:]) if step.startswith("press:") else await chat.send(step)
        for flow, position, total in re.findall(r"([\w ()&]+) · question (\d+) of (\d+)", text):
            position_number, total_number = int(position), int(total)
            assert position_number <= total_number, text
            if flow in last:
                assert position_number == last[flow] + 1, (flow, last[flow], position_number)
            last[flow] = position_number
    assert len(last) >= 6

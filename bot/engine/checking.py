"""One check of a typed answer against its question: the option it names, or what the question's rule says.

The dialog (:mod:`bot.engine.answering`) acts on it and the help desk's judgement (is this an answer, or
a question for the FAQ?) reads it; :meth:`bot.engine.core.TurnCore.check` works it out once per event,
so a rule never runs twice for one message.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from bot.engine.flow import Choice, Question
from bot.engine.typed_answers import yes_no_index
from bot.forms.chinese import readings
from bot.forms.result import Accepted, Rejected, RuleContext
from bot.i18n import SUPPORTED_LOCALES


class Problem(StrEnum):
    NOT_A_CHOICE = "not_a_choice"  # a closed question, and the text names none of its options
    REQUIRED = "required"  # nothing typed at a question that must be answered


@dataclass(frozen=True)
class Checked:
    """Exactly one of: the index of the option named, the rule's result (``Accepted(text)`` without a
    rule), or a problem."""

    choice: int | None = None
    result: Accepted | Rejected | None = None
    problem: Problem | None = None

    @property
    def refused(self) -> bool:
        return self.problem is not None or isinstance(self.result, Rejected)


def check_answer(question: Question, text: str, answers: Mapping[str, Any], *, today: date,
                 locale: str) -> Checked:
    """What ``question`` makes of ``text`` given the ``answers`` so far (the rule may raise: a bug in it)."""
    raw = text.strip()
    if question.closed:
        index = match_choice(question, raw)
        if index is not None:
            return Checked(choice=index)
        if not question.open_list or question.rule is None:
            return Checked(problem=Problem.NOT_A_CHOICE)
    if not raw and not question.is_optional(answers):
        return Checked(problem=Problem.REQUIRED)
    if question.rule is None:
        return Checked(result=Accepted(raw))
    return Checked(result=question.rule(raw, RuleContext(today=today, answers=answers, locale=locale)))


_NAMES: dict[int, tuple[tuple[Choice, ...], tuple[frozenset[str], ...]]] = {}
_NAMES_KEPT = 4096  # lists of options remembered at most (options made per event would otherwise pile up)


def choice_names(choices: tuple[Choice, ...]) -> tuple[frozenset[str], ...]:
    """Each option's names, casefolded: its label in every language and the platform's wording. Worked out
    once per list of options (kept by identity: the flows' options live as long as the process)."""
    known = _NAMES.get(id(choices))
    if known is not None and known[0] is choices:
        return known[1]
    names = []
    for choice in choices:
        labels = {choice.label.render(locale).casefold() for locale in SUPPORTED_LOCALES}
        if choice.platform_label:
            labels.add(choice.platform_label.casefold())
        names.append(frozenset(labels))
    if len(_NAMES) >= _NAMES_KEPT:
        _NAMES.clear()
    _NAMES[id(choices)] = (choices, tuple(names))
    return tuple(names)


def match_choice(question: Question, raw: str) -> int | None:
    """The option ``raw`` names: its number, yes/no words, its label in any language, or a unique part of it
    (Simplified characters read as Traditional too)."""
    wanted = raw.strip().casefold()
    if wanted.isdigit() and 1 <= int(wanted) <= len(question.choices):
        return int(wanted) - 1
    if (yes_no := yes_no_index(question, wanted)) is not None:  # 不是, 沒有, no, yes …
        return yes_no
    names = choice_names(question.choices)
    typed = readings(wanted)  # 数位 is 數位
    exact = [index for index, labels in enumerate(names) if any(word in labels for word in typed)]
    if exact:
        return exact[0]
    # a unique part of one option's label ("數位" for 數位領域, "digital" for Digital)
    partial = [index for index, labels in enumerate(names)
               if len(wanted) >= 2 and any(word in x for word in typed for x in labels)]
    return partial[0] if len(partial) == 1 else None

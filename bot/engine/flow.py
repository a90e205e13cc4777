"""Flows declared as data: a Flow is an ordered list of Questions; one generic engine asks them.

A Question carries its key, the platform's label (zh, verbatim) beside the English one, the prompt
and hint, the input kind, the rule that checks a typed answer, the choices for buttons, and a
``show_if`` condition over the answers given so far. Nothing here talks to a door or a database; a flow's
screen and hooks see a turn through :class:`TurnView`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from hashlib import blake2b
from typing import TYPE_CHECKING, Any, Protocol

import orjson

from bot.forms.result import Rejected, Rule
from bot.forms.spec import InputKind as InputKind  # the one enum, shared with the field specs
from bot.i18n import Msg, _

if TYPE_CHECKING:  # types of TurnView only: the flows' declarations load no database or document code
    from datetime import date

    from bot.engine.effects import Effect
    from bot.engine.events import Button, Reply
    from bot.engine.intake import Prepared, Services
    from bot.engine.state import Action, Step
    from storage.models import Conversation, Draft, User
    from storage.repositories import Store

Answers = Mapping[str, Any]
VISIBLE_KEPT = 64  # distinct answers whose visible questions a flow remembers (the latest turns' answers)
# orjson refuses (TypeError) what JSON does not name exactly: dates, enums and other subclasses, non-str keys
_EXACT = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_SUBCLASS | orjson.OPT_PASSTHROUGH_DATACLASS


@dataclass(frozen=True)
class Choice:
    """One option of a closed question. ``value`` is stored; ``label`` is the button text;
    ``platform_label`` is the platform's own wording, shown verbatim beside it.

    ``note`` is shown after the choice is accepted; ``blocks`` explains why this answer means the
    applicant cannot go on this way (an excluded identity, a visa that cannot be converted);
    ``rejects`` refuses the choice because it shows that an earlier answer was wrong."""

    value: Any
    label: Msg
    platform_label: str | None = None
    note: Msg | None = None
    blocks: Msg | None = None
    rejects: Rejected | None = None


YES_NO_CHOICES = (
    Choice(True, _("Yes"), platform_label="是"),
    Choice(False, _("No"), platform_label="否"),
)


@dataclass(frozen=True)
class Question:
    key: str
    prompt: Msg
    kind: InputKind
    label_zh: str | None = None
    label_en: str | Msg | None = None
    title: Msg | None = None  # short name of the bot's own questions (those without a platform label)
    hint: Msg | None = None
    choices: tuple[Choice, ...] = ()
    rule: Rule | None = None
    show_if: Callable[[Answers], bool] | None = None
    optional: bool | Callable[[Answers], bool] = False  # may be left empty (Skip), always or given the answers
    irreversible: bool = False
    blocks_if: Callable[[Answers], Msg | None] | None = None
    open_list: bool = False  # a typed answer that is none of the choices goes to the rule
    ephemeral: bool = False  # checked in memory only (a password idea): never stored, message deleted
    listed: bool = False  # a long list (the occupation): numbered in the hint and typed, no button per option

    def __post_init__(self) -> None:
        if self.kind is InputKind.YES_NO and not self.choices:
            object.__setattr__(self, "choices", YES_NO_CHOICES)

    def visible(self, answers: Answers) -> bool:
        return self.show_if is None or bool(self.show_if(answers))

    def is_optional(self, answers: Answers) -> bool:
        return self.optional(answers) if callable(self.optional) else self.optional

    def choice(self, value: Any) -> Choice | None:
        """The first option whose value equals ``value`` (found by its hash when the values have one)."""
        by_value = self._choice_by_value
        if by_value is not None:
            try:
                return by_value.get(value)
            except TypeError:  # an unhashable value (a list): compared with each option's below
                pass
        return next((c for c in self.choices if c.value == value), None)

    @cached_property
    def _choice_by_value(self) -> dict[Any, Choice] | None:
        """The options by value, the first of equal values kept (None when a value has no hash)."""
        by_value: dict[Any, Choice] = {}
        try:
            for choice in self.choices:
                by_value.setdefault(choice.value, choice)
        except TypeError:
            return None
        return by_value

    @property
    def closed(self) -> bool:
        return bool(self.choices)


class TurnView(Protocol):
    """What a flow's screen and its ``on_answer`` hook may use of a turn (the engine's
    :class:`bot.engine.core.TurnCore` is one): the user, the conversation, the draft's answers, replies and
    buttons, and the few moves a screen makes."""

    user: User
    conv: Conversation
    store: Store
    flows: Mapping[str, Flow]
    replies: list[Reply]
    effects: list[Effect]
    prepared: Prepared | None
    today: date

    @property
    def services(self) -> Services: ...

    @property
    def locale(self) -> str: ...

    def say(self, *parts: Msg, buttons: tuple[tuple[Button, ...], ...] = (), card: bool = False) -> None: ...

    def button(self, label: Msg, action: Action | str, arg: str = "") -> Button: ...

    def new_prompt(self) -> None: ...

    async def draft(self) -> Draft: ...

    async def sections(self) -> dict[str, Any]: ...

    async def answers(self, flow: Flow) -> dict[str, Any]: ...

    async def save_answers(self, flow: Flow, view: dict[str, Any]) -> None: ...

    async def prompt_current(self) -> None: ...

    async def show_menu(self, greeting: bool = False) -> None: ...

    async def edit(self, flow: Flow, key: str, *, back_to: Step | None = None) -> None: ...


@dataclass(frozen=True)
class AnswerContext:
    """What a flow's ``on_answer`` hook may use after an answer is stored (in the same transaction)."""

    turn: TurnView
    key: str
    value: Any
    answers: Mapping[str, Any]

    @property
    def today(self) -> date:
        return self.turn.today


class Screen(Protocol):
    """A flow that is a screen of its own rather than questions (the documents tab, a supplement's files).

    While it is current the conversation's step is ``Step.SCREEN`` and ``conversation.question`` holds the
    screen's own position. Buttons with other actions than the engine's go to :meth:`act`.
    """

    takes_files: bool  # files sent anywhere else in the conversation are offered to this screen

    async def open(self, turn: TurnView, flow: Flow) -> None: ...

    async def prompt(self, turn: TurnView, flow: Flow) -> None: ...

    async def receive(self, turn: TurnView, flow: Flow, prepared: Prepared | None) -> None: ...

    async def act(self, turn: TurnView, flow: Flow, action: str, arg: str) -> bool: ...


@dataclass(frozen=True)
class Flow:
    """An ordered set of questions stored under ``name`` in the draft.

    ``summary`` builds the closing card from the answers (shown before the final confirmation when
    ``confirm`` is set, and again after it); ``title`` names the flow in progress reports.
    """

    name: str
    title: Msg
    questions: tuple[Question, ...]
    summary: Callable[[Answers], tuple[Msg, ...]] = field(default=lambda answers: ())
    confirm: Msg | None = None
    done: Callable[[Answers], tuple[Msg, ...]] = field(default=lambda answers: ())
    personal: bool = False  # asks for personal data: the privacy notice must be accepted first
    label_zh: str | None = None  # the platform's name of the tab or form, verbatim
    next_flow: str | None = None  # where the applicant goes on once this flow is complete
    part_of: str | None = None  # "application": shown in the review card and counted in its progress
    in_menu: bool = True  # False for a step reached only from another flow (e.g. a supplement's files)
    screen: Screen | None = None  # a flow shown by its own screen instead of questions (the documents tab)
    unfinished: Callable[[Answers], bool] | None = None  # for screens: is something still to do?
    # after an answer is stored: e.g. schedule a reminder; returns notes to show
    on_answer: Callable[[AnswerContext], Awaitable[tuple[Msg, ...]]] | None = None
    _visible: dict[bytes, tuple[Question, ...]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def question(self, key: str) -> Question | None:
        return self._by_key.get(key)

    @cached_property
    def _by_key(self) -> dict[str, Question]:
        by_key: dict[str, Question] = {}
        for question in self.questions:
            by_key.setdefault(question.key, question)  # the first of a key, as a scan finds it
        return by_key

    def visible(self, answers: Answers) -> list[Question]:
        """The questions shown given ``answers`` (a new list for each caller). Worked out once per distinct
        answers: a turn asks this several times of the same answers (the blocker, the next question, its
        counter, the pruning), and ``show_if`` may be dear (the opening answers validated)."""
        try:  # the answers' exact JSON (types kept: 1, 1.0 and true differ), digested: no answer is kept
            name = blake2b(orjson.dumps(answers, option=_EXACT), digest_size=16).digest()
        except TypeError:  # a value that is not plain JSON (a date, an enum): not remembered
            return [q for q in self.questions if q.visible(answers)]
        known = self._visible.get(name)
        if known is None:
            known = tuple(q for q in self.questions if q.visible(answers))
            if len(self._visible) >= VISIBLE_KEPT:
                self._visible.clear()  # (one call: safe should a thread ask too)
            self._visible[name] = known
        return list(known)

    def next_missing(self, answers: Answers, after: str | None = None) -> Question | None:
        """The first visible unanswered question (after ``after`` when given)."""
        questions = self.visible(answers)
        if after is not None:
            keys = [q.key for q in questions]
            if after in keys:
                questions = questions[keys.index(after) + 1:]
        return next((q for q in questions if q.key not in answers), None)

    def next_after(self, answers: Answers, key: str) -> Question | None:
        """The visible question right after ``key`` (answered or not): for stepping forward after Back."""
        questions = self.visible(answers)
        keys = [q.key for q in questions]
        if key in keys and keys.index(key) + 1 < len(keys):
            return questions[keys.index(key) + 1]
        return None

    def prune(self, view: Mapping[str, Any]) -> dict[str, Any]:
        """This flow's section out of ``view``: its questions' answers (without those no longer shown,
        e.g. after an earlier answer changed) and its private ``_`` keys."""
        own = {q.key for q in self.questions}
        pruned = dict(view)
        changed = True
        while changed:
            changed = False
            for question in self.questions:
                if question.key in pruned and not question.visible(pruned):
                    del pruned[question.key]
                    changed = True
        return {k: v for k, v in pruned.items() if k in own or k.startswith("_")}

    def blocker(self, answers: Answers) -> tuple[Question, Msg] | None:
        """The first answer that stops the applicant (an excluded identity), with the reason."""
        for question in self.visible(answers):
            if question.key not in answers:
                continue
            choice = question.choice(answers[question.key])
            if choice is not None and choice.blocks is not None:
                return question, choice.blocks
            if question.blocks_if is not None and (reason := question.blocks_if(answers)) is not None:
                return question, reason
        return None

    def progress(self, answers: Answers) -> tuple[int, int]:
        questions = self.visible(answers)
        return sum(1 for q in questions if q.key in answers), len(questions)

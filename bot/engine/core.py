r"""The core of a turn: one user's state for one event, the replies, the draft's answers, and the labels.

:class:`TurnCore` is what every part of the engine and every feature sees of a turn: the user, the
conversation, the draft's answers (read once, saved by flow), ``say``/``button`` to collect replies, and
the conversation moves (ask, accept, open a flow, show the menu ...) as abstract methods. Those are
implemented by :mod:`bot.engine.answering` and :mod:`bot.engine.prompting` and joined in
:class:`bot.engine.turn.Turn`, so a feature names the core, never the whole Turn, and no import circle
forms. Features (help desk, privacy, export, reminders, the copy desk) plug in as :class:`Feature`\s,
registered once on :class:`Services` at the composition root (``bot/features.py``, used by ``bot/app.py``);
the engine imports none of them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, TypeVar, cast

from bot.engine import intake
from bot.engine.checking import Checked, check_answer, match_choice
from bot.engine.effects import BuildExport, Effect
from bot.engine.events import Button, Event, MessageEdit, Reply, StaffNote
from bot.engine.flow import Choice, Flow, Question
from bot.engine.intake import Prepared
from bot.engine.state import Action, ButtonData, Step, card_data, encode_token
from bot.forms.result import Accepted, Rejected
from bot.forms.verdict_model import Verdict
from bot.i18n import DEFAULT_LOCALE, LANGUAGE_NAMES, Bold, Code, Msg, _, is_chinese, normalize_locale, render, verbatim
from storage.models import Conversation, Draft, User
from storage.repositories import Store


@dataclass(frozen=True)
class EngineOptions:
    """Operator policy the dialogs need to state and apply."""

    default_locale: str = DEFAULT_LOCALE
    retention_days: int = 90
    operator: str = "Gold Card Guide"
    # the shared verdict (bot.forms.verdict) on the stored sections, shown by the review card, /status and
    # the menu: (sections of the draft, today) -> Verdict (None when the stored answers no longer fit)
    checker: Callable[[Mapping[str, Any], date], Verdict | None] | None = None
    webapp_url: str | None = None  # the copy desk (Mini App): its buttons and /desk (bot/webapp/chat.py)


class Feature:
    """A part of the bot that plugs into the engine. Every hook is optional: the defaults take nothing.

    The hooks that return a bool say whether they took the event (then nothing else sees it)."""

    def commands(self) -> Mapping[str, CommandHandler]:
        """``/command`` → handler(turn, args)."""
        return {}

    def actions(self) -> Mapping[str, ActionHandler]:
        """Button actions on the latest prompt (at any step) → handler(turn, data)."""
        return {}

    async def on_command(self, turn: TurnCore, command: str, args: str) -> bool:
        """Any command, before the registered ones (e.g. the help desk also stops a chat on /cancel)."""
        return False

    async def on_press(self, turn: TurnCore, data: ButtonData) -> bool:
        """Any button press, on any message (before outdated presses are refused)."""
        return False

    async def on_text(self, turn: TurnCore, text: str) -> bool:
        """Typed text, before the dialog sees it."""
        return False

    async def on_file(self, turn: TurnCore, event: Event) -> bool:
        """A file, before the dialog's screens see it."""
        return False

    async def on_staff_event(self, turn: TurnCore, event: Event) -> bool:
        """An event that may come from the staff group (replies for staff in ``turn.replies``)."""
        return False

    def rows(self, turn: TurnCore) -> tuple[tuple[Button, ...], ...]:
        """Rows of buttons added under the menu and the review card (e.g. the copy desk's)."""
        return ()

    async def build(self, effect: BuildExport, services: intake.Services) -> tuple[Reply, ...] | None:
        """Make an export's part after the commit (the export feature); None: not this feature's."""
        return None


CommandHandler = Callable[["TurnCore", str], Awaitable[None]]
ActionHandler = Callable[["TurnCore", ButtonData], Awaitable[bool]]  # False: not taken, the router goes on
F = TypeVar("F", bound=Feature)


@dataclass
class Services(intake.Services):
    """What the engine uses besides the database (files, the door's fetcher and notifier: ``intake.Services``)
    and the features plugged in, in the order their hooks are asked."""

    features: tuple[Feature, ...] = ()
    _found: dict[type, tuple[tuple[Feature, ...], Feature | None]] = field(default_factory=dict, init=False,
                                                                          repr=False, compare=False)

    def feature(self, kind: type[F]) -> F | None:
        """The registered feature of type ``kind`` (e.g. the help desk, for its configuration): looked for once
        per kind while the features stay the same (asked on every event)."""
        known = self._found.get(kind)
        if known is None or known[0] is not self.features:
            known = self._found[kind] = (self.features,
                                         next((found for found in self.features if isinstance(found, kind)), None))
        return cast(F | None, known[1])

    async def build_export(self, effect: BuildExport) -> tuple[Reply, ...]:
        """An export's part, made by the feature that makes it (the engine's ``EffectRunner`` asks here)."""
        for feature in self.features:
            made = await feature.build(effect, self)
            if made is not None:
                return made
        raise LookupError("no feature builds exports")


class TurnCore(ABC):
    """State, replies and answers of one turn; the moves are implemented by the Turn's parts."""

    def __init__(self, store: Store, user: User, conversation: Conversation, flows: Mapping[str, Flow],
                 today: date, options: EngineOptions | None = None, *, services: Services | None = None,
                 prepared: Prepared | None = None) -> None:
        self.services = services or Services()
        self.prepared = prepared
        self.store = store
        self.user = user
        self.conv = conversation
        self.flows = flows
        self.today = today
        self.options = options or EngineOptions()
        self.default_locale = self.options.default_locale
        self.deleted = False
        self.keep_token = False  # showing the same prompt again: earlier buttons stay valid
        self.replies: list[Reply] = []
        self.staff: list[StaffNote] = []  # messages for the help-desk group
        self.effects: list[Effect] = []  # run after the commit, outside the transaction (effects.py)
        self.delete_message_id: int | None = None  # the user's message to remove (a typed password idea)
        self.event: Event | None = None
        self.pressed_edit: MessageEdit | None = None  # the pressed message, edited in place (edit_in_place.py)
        self.toast: Msg | None = None  # a notice on the pressed button instead of replies
        self._draft: Draft | None = None
        self._answers: dict[str, Any] | None = None
        self._views: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}  # per flow: (the sections, its view)
        self._publics: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}  # per section: (it, its public part)
        self._checked: dict[tuple[str, str, str], Checked] = {}  # check() once per typed answer and event

    # -- locale ---------------------------------------------------------------------------------
    @property
    def locale(self) -> str:
        return (self.user.locale or normalize_locale(self.user.language_code) or self.default_locale)

    # -- replies --------------------------------------------------------------------------------
    def say(self, *parts: Msg, buttons: tuple[tuple[Button, ...], ...] = (), card: bool = False) -> None:
        """A reply; ``card``: a screen of buttons (menu, review, …) that replaces the card pressed on."""
        if card:
            buttons = tuple(tuple(replace(button, data=card_data(button.data)) for button in row) for row in buttons)
        self.replies.append(Reply(parts=tuple(parts), buttons=buttons, card=card))

    def button(self, label: Msg, action: Action | str, arg: str = "") -> Button:
        return Button(label, ButtonData(encode_token(self.conv.seq), action, arg).encode())

    def new_prompt(self) -> None:
        """A new question or card: buttons of earlier messages become outdated."""
        if not self.keep_token:
            self.conv.seq += 1

    def is_current(self, data: ButtonData) -> bool:
        """The press was on the latest prompt (its token is the conversation's)."""
        return data.token == encode_token(self.conv.seq)

    def feature_rows(self) -> tuple[tuple[Button, ...], ...]:
        """The rows the features add under the menu and the review card."""
        return tuple(row for feature in self.services.features for row in feature.rows(self))

    def language_buttons(self) -> tuple[tuple[Button, ...], ...]:
        return (tuple(self.button(verbatim(name), Action.LANGUAGE, code) for code, name in LANGUAGE_NAMES.items()),)

    # -- drafts ---------------------------------------------------------------------------------
    async def draft(self) -> Draft:
        if self._draft is None:
            draft = None
            if self.conv.draft_id:
                draft = await self.store.draft(self.conv.draft_id, self.user.id)
            if draft is None:
                existing = await self.store.drafts_of(self.user.id)
                draft = existing[0] if existing else await self.store.create_draft(
                    self.user.id, render(_("My application"), self.locale))
                self.conv.draft_id = draft.id
            self._draft = draft
        return self._draft

    def forget_answers(self) -> None:
        self._answers = None

    def reset_position(self) -> None:
        self.conv.flow = None
        self.conv.question = None
        self.conv.history = []
        self.conv.return_to = None

    def switch_draft(self, draft: Draft) -> None:
        self.conv.draft_id = draft.id
        self._draft = draft
        self.forget_answers()
        self.reset_position()

    async def sections(self) -> dict[str, Any]:
        """Every flow's answers of the current draft, by flow name."""
        if self._answers is None:
            self._answers = self.store.answers(await self.draft())
        return self._answers

    async def answers(self, flow: Flow) -> dict[str, Any]:
        """The answers as ``flow`` sees them: its own section (with its private ``_`` keys) over the
        public answers of every other section, so conditions and rules can look across tabs. Worked out
        once per flow until the answers change; each caller gets its own copy to change."""
        sections = await self.sections()
        known = self._views.get(flow.name)
        if known is None or known[0] is not sections:
            known = self._views[flow.name] = (sections, await self._view(flow))
        return dict(known[1])

    async def _view(self, flow: Flow) -> dict[str, Any]:
        view: dict[str, Any] = {}
        sections = await self.sections()
        for name, section in sections.items():
            if name != flow.name and isinstance(section, dict):
                view.update(self._public(section))
        for question in flow.questions:  # another tab's answer never hides this flow's own field
            view.pop(question.key, None)
        own = sections.get(flow.name)
        if isinstance(own, dict):
            view.update(own)
        return view

    def _public(self, section: dict[str, Any]) -> dict[str, Any]:
        """A section's answers other flows may see (no private ``_`` keys), once per section as stored."""
        known = self._publics.get(id(section))
        if known is None or known[0] is not section:
            known = self._publics[id(section)] = (section, {k: v for k, v in section.items() if not k.startswith("_")})
        return known[1]

    async def save_answers(self, flow: Flow, view: dict[str, Any]) -> None:
        """Store the keys of ``flow`` from ``view`` as its section (answers no longer shown pruned)."""
        all_answers = dict(await self.sections())
        all_answers[flow.name] = flow.prune(view)
        self._answers = all_answers
        self._checked.clear()
        self.store.set_answers(await self.draft(), all_answers)

    def current_flow(self) -> Flow | None:
        return self.flows.get(self.conv.flow or "")

    async def reusable(self, flow: Flow, question: Question) -> tuple[Any, Flow] | None:
        """The same field answered in another flow of this draft (e.g. the name typed at registration),
        offered with one tap so nothing is typed twice."""
        for name, section in (await self.sections()).items():
            other = self.flows.get(name)
            if name != flow.name and other is not None and isinstance(section, dict):
                value = section.get(question.key)
                if value not in (None, "", [], {}) and isinstance(value, str | int | bool):
                    return value, other
        return None

    def current_question(self) -> tuple[Flow, Question] | None:
        """The flow and question being asked (step ASK), if any."""
        flow = self.current_flow()
        question = flow.question(self.conv.question or "") if flow is not None else None
        if flow is None or question is None or self.conv.step != Step.ASK:
            return None
        return flow, question

    async def check(self, flow: Flow, question: Question, text: str) -> Checked:
        """What ``question`` makes of the typed ``text`` (its choice, its rule): worked out once per event,
        whoever asks first (the help desk's judgement or the dialog)."""
        key = (flow.name, question.key, text.strip())
        if key not in self._checked:
            self._checked[key] = check_answer(question, text, await self.answers(flow), today=self.today,
                                              locale=self.locale)
        return self._checked[key]

    async def verdict(self) -> Verdict | None:
        """The shared verdict on this draft (None without a checker or when the answers no longer fit)."""
        checker = self.options.checker
        return checker(await self.sections(), self.today) if checker else None

    # -- labels ---------------------------------------------------------------------------------
    def heading(self, question: Question) -> Msg:
        """The platform's label, verbatim, beside the English one (zh_TW readers see the label alone)."""
        label_zh = question.label_zh or ""
        if is_chinese(self.locale):
            return verbatim(label_zh)
        return _("{english} — on the platform: {platform}", english=self.english_label(question),
                 platform=Bold(label_zh))

    @staticmethod
    def english_label(question: Question) -> Msg:
        label = question.label_en or ""
        return label if isinstance(label, Msg) else verbatim(label)

    def short_label(self, question: Question) -> Msg:
        if question.label_zh and (is_chinese(self.locale) or not question.label_en):
            return verbatim(question.label_zh)
        if question.label_en and question.label_zh:
            return self.english_label(question)
        return question.title or question.prompt

    def choice_label(self, choice: Choice) -> Msg:
        if is_chinese(self.locale) and choice.platform_label:
            return verbatim(choice.platform_label)
        return choice.label

    def choice_button(self, question: Question, index: int, *, marked: bool = False) -> Button:
        label = self.choice_label(question.choices[index])
        return self.button(_("✓ {answer}", answer=label) if marked else label, Action.CHOICE, str(index))

    def shown_value(self, question: Question, value: Any) -> Msg | Code:
        choice = question.choice(value) if question.closed else None
        if choice is not None:
            return self.choice_label(choice)
        return Code(str(value))

    @staticmethod
    def match_choice(question: Question, raw: str) -> int | None:
        return match_choice(question, raw)

    # -- the moves (bot.engine.prompting) -------------------------------------------------------
    @abstractmethod
    async def prompt_current(self) -> None:
        """Show the pending question or card again (after a restart, a stale press, a language change)."""

    @abstractmethod
    async def show_menu(self, greeting: bool = False) -> None: ...

    @abstractmethod
    async def open_flow(self, flow: Flow) -> None: ...

    @abstractmethod
    async def flow_button(self, flow: Flow) -> Button: ...

    @abstractmethod
    async def ask(self, flow: Flow, question: Question, before: tuple[Msg, ...] = (),
                  extra: tuple[tuple[Msg, Action, str], ...] = ()) -> None: ...

    @abstractmethod
    async def set_language(self, value: str) -> None: ...

    @abstractmethod
    async def where(self) -> Msg: ...

    # -- the moves (bot.engine.answering) -------------------------------------------------------
    @abstractmethod
    async def answer_text(self, flow: Flow, question: Question, text: str) -> None: ...

    @abstractmethod
    async def choose(self, flow: Flow, arg: str) -> None: ...

    @abstractmethod
    async def accept(self, flow: Flow, question: Question, result: Accepted) -> None: ...

    @abstractmethod
    async def reject(self, flow: Flow, question: Question, result: Rejected) -> None: ...

    @abstractmethod
    async def advance(self, flow: Flow, answers: dict[str, Any], after: str | None,
                      before: tuple[Msg, ...] = ()) -> None: ...

    @abstractmethod
    async def finish_flow(self, flow: Flow, before: tuple[Msg, ...] = ()) -> None: ...

    @abstractmethod
    async def go_back(self, flow: Flow) -> None: ...

    @abstractmethod
    async def skip(self, flow: Flow) -> None: ...

    @abstractmethod
    async def show_summary(self, flow: Flow, before: tuple[Msg, ...] = ()) -> None: ...

    @abstractmethod
    async def edit(self, flow: Flow, key: str, *, back_to: Step | None = None) -> None: ...

    @abstractmethod
    async def show_blocked(self, flow: Flow, question: Question, reason: Msg,
                           before: tuple[Msg, ...] = ()) -> None: ...

"""One event for one user, inside one transaction: the generic dialog logic.

The Turn reads the user's conversation state, applies the event (a command, a button press, typed
text), stores accepted answers in the draft and collects the replies. It asks the next missing
question of a flow, re-asks with a fix-it message after a validation error, steps back, shows the
summary for confirmation, lets the user change any answer and return to the summary, and answers a
press on an outdated message with a hint. It knows flows and storage, never a door.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot import helpdesk
from bot.engine import applicants, edit_in_place, keyboards, privacy, review, stray_questions, typed_answers
from bot.engine.effects import Effect
from bot.engine.events import Button, Event, EventKind, MessageEdit, Reply, StaffNote
from bot.engine.flow import Choice, Flow, InputKind, Question
from bot.engine.intake import Prepared, Services
from bot.engine.state import Action, ButtonData, Step, encode_token
from bot.forms.result import Accepted, Rejected, RuleContext
from bot.forms.verdict_model import Verdict
from bot.forms.verdict_text import headline, tab_line
from bot.i18n import (
    DEFAULT_LOCALE,
    LANGUAGE_NAMES,
    SUPPORTED_LOCALES,
    Bold,
    Code,
    Msg,
    _,
    normalize_locale,
    render,
    verbatim,
)
from bot.reminders.book import ReminderBook, reminder_local_date
from bot.reminders.dispatcher import cancel_button
from bot.reminders.kinds import SPECS, ReminderKind
from bot.webapp.chat import send_desk_link
from storage.models import Conversation, Draft, User, utcnow
from storage.repositories import Store

COMMAND_EXCERPT = 32  # characters of an unknown command quoted back


@dataclass(frozen=True)
class AnswerContext:
    """What a flow's ``on_answer`` hook may use after an answer is stored (in the same transaction)."""

    turn: Turn
    key: str
    value: Any
    answers: Mapping[str, Any]

    @property
    def today(self) -> date:
        return self.turn.today

    async def schedule(self, kind: ReminderKind, anchor: date) -> int:
        """Schedule the reminders of ``kind`` for ``anchor`` (idempotent); how many were created."""
        draft = await self.turn.draft()
        book = ReminderBook(self.turn.store.session, self.turn.store.sealer)
        return len(await book.schedule(self.turn.user, kind, anchor, today=self.turn.today, draft_id=draft.id))


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


class Turn:
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

    # -- locale ---------------------------------------------------------------------------------
    @property
    def locale(self) -> str:
        return (self.user.locale or normalize_locale(self.user.language_code) or self.default_locale)

    # -- entry point ----------------------------------------------------------------------------
    async def run(self, event: Event) -> None:
        self.event = event
        if event.kind is EventKind.COMMAND:
            await self.on_command(event.command, event.args)
        elif event.kind is EventKind.BUTTON:
            before = edit_in_place.before_press(self)
            await self.on_button(event.button)
            self.pressed_edit = await edit_in_place.edit_after_press(self, before, event)
        elif event.kind is EventKind.FILE and self.prepared is not None and self.prepared.import_data is not None:
            from bot.engine import export_chat  # the export's PDF library loads only when used

            await export_chat.import_file(self, self.prepared.import_data)
        elif event.kind is EventKind.FILE and await helpdesk.intercept_file(self, event):
            return  # a screenshot for the help desk: copied to staff
        elif event.kind is EventKind.FILE:
            current = self.current_flow()
            if current is not None and current.screen is not None and self.conv.step == Step.SCREEN:
                await current.screen.receive(self, current, self.prepared)
                return
            taker = next((flow for flow in self.flows.values() if flow.screen and flow.screen.takes_files), None)
            if taker is None or taker.screen is None:
                self.say(_("Thanks for the file. Documents are collected in the documents step; "
                           "I will ask for each one there."))
                await self.prompt_current()
            else:
                await taker.screen.receive(self, taker, self.prepared)
        else:
            await self.on_text(event.text)

    async def resend_current(self) -> None:
        """For a redelivered event whose replies may never have gone out: show where the user is now,
        with the same button token, so buttons the user may already have stay valid."""
        self.keep_token = True
        await self.prompt_current()

    async def refuse_late(self) -> None:
        """An update that arrived after a later one of this user was applied: not applied, the current
        question shown (so an answer never lands on the wrong question)."""
        self.say(_("A message of yours arrived after a later one and was not applied. Here is where you are:"))
        await self.prompt_current()

    # -- replies --------------------------------------------------------------------------------
    def say(self, *parts: Msg, buttons: tuple[tuple[Button, ...], ...] = ()) -> None:
        self.replies.append(Reply(parts=tuple(parts), buttons=buttons))

    def button(self, label: Msg, action: Action, arg: str = "") -> Button:
        return Button(label, ButtonData(encode_token(self.conv.seq), action, arg).encode())

    def new_prompt(self) -> None:
        """A new question or card: buttons of earlier messages become outdated."""
        if not self.keep_token:
            self.conv.seq += 1

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
        public answers of every other section, so conditions and rules can look across tabs."""
        view: dict[str, Any] = {}
        own_keys = {q.key for q in flow.questions}
        for name, section in (await self.sections()).items():
            if name != flow.name and isinstance(section, dict):
                view.update({k: v for k, v in section.items() if not k.startswith("_") and k not in own_keys})
        own = (await self.sections()).get(flow.name)
        if isinstance(own, dict):
            view.update(own)
        return view

    async def save_answers(self, flow: Flow, view: dict[str, Any]) -> None:
        """Store the keys of ``flow`` from ``view`` as its section (answers no longer shown pruned)."""
        all_answers = dict(await self.sections())
        all_answers[flow.name] = flow.prune(view)
        self._answers = all_answers
        self.store.set_answers(await self.draft(), all_answers)

    def current_flow(self) -> Flow | None:
        return self.flows.get(self.conv.flow or "")

    # -- commands -------------------------------------------------------------------------------
    async def on_command(self, command: str, args: str) -> None:
        if await helpdesk.on_command(self, command, args):
            return
        handlers = {
            "start": self.cmd_start,
            "help": self.cmd_help,
            "language": self.cmd_language,
            "cancel": self.cmd_cancel,
            "status": self.cmd_status,
            "menu": self.cmd_menu,
            "reminders": self.cmd_reminders,
            "export": self.cmd_export,
            "privacy": lambda _args: privacy.show_privacy(self),
            "mydata": lambda _args: privacy.my_data(self),
            "delete": lambda _args: privacy.ask_delete(self),
            "desk": lambda _args: send_desk_link(self),
        }
        handler = handlers.get(command)
        if handler is None:
            quoted = command if len(command) <= COMMAND_EXCERPT else command[:COMMAND_EXCERPT] + "…"
            self.say(_("I do not know the command /{command}. Send /help to see what I can do.",
                       command=quoted))  # a short excerpt: never a long text echoed back
            return
        await handler(args)

    async def cmd_start(self, args: str) -> None:
        payload = args.strip().lower()
        if payload.startswith("lang_") and (locale := normalize_locale(payload[5:])):
            self.user.locale = locale
        if self.user.locale is None and self.conv.step in (Step.MENU, Step.LANGUAGE) and not self.conv.flow:
            self.conv.step = Step.LANGUAGE
            self.new_prompt()
            self.say(_("Welcome to Gold Card Guide! I help you prepare your Taiwan Employment Gold Card "
                       "application step by step, so that you can copy it into the official platform "
                       "in minutes."),
                     _("Please choose your language. You can change it at any time with /language."),
                     buttons=self.language_buttons())
            return
        if payload in self.flows:
            await self.open_flow(self.flows[payload])
            return
        if self.conv.step in (Step.ASK, Step.CONFIRM, Step.PICK_EDIT, Step.BLOCKED, Step.REVIEW, Step.SCREEN,
                              Step.CONSENT):
            flow = self.current_flow()
            if flow is not None and self.conv.step in (Step.ASK, Step.CONFIRM, Step.PICK_EDIT, Step.BLOCKED,
                                                       Step.CONSENT):
                done, total = flow.progress(await self.answers(flow))
                self.say(_("Welcome back! You were at: {flow} ({done} of {total} answered). "
                           "Everything you entered is saved.", flow=flow.title, done=done, total=total))
            await self.prompt_current()
            return
        await self.show_menu(greeting=True)

    async def cmd_help(self, _args: str) -> None:
        self.say(_("I prepare your Gold Card application with you, question by question, in the "
                   "platform's own order and wording. Every answer is checked at once and saved, so you "
                   "can stop and come back at any time."),
                 _("Commands:\n/start: start or continue\n/status: where you are\n/language: English or "
                   "Traditional Chinese\n/cancel: stop the current questions (answers are kept)\n"
                   "/export: the copy sheet, PDF and ZIP\n/ask: ask a question\n/human: talk to a person\n"
                   "/reminders: your reminders\n/privacy: how your data is handled\n/mydata: what is stored\n"
                   "/delete: erase everything\n/help: this help"))

    async def cmd_language(self, _args: str) -> None:
        self.say(_("Choose your language:"), buttons=self.language_buttons())

    async def cmd_cancel(self, _args: str) -> None:
        if self.conv.step in (Step.ASK, Step.CONFIRM, Step.PICK_EDIT, Step.BLOCKED, Step.REVIEW):
            self.say(_("Stopped. Everything you answered is kept: choose Continue in the menu or send "
                       "/start when you want to go on."))
        await self.show_menu()

    async def cmd_status(self, _args: str) -> None:
        from bot.engine.status import status_lines

        lines = await status_lines(self)
        where = await self.where()
        judged = await self.verdict()
        if judged is not None:
            lines.extend((headline(judged), *(tab_line(tab, self.locale) for tab in judged.tabs)))
        self.say(_("Your progress:"), *lines, where)

    async def verdict(self) -> Verdict | None:
        """The shared verdict on this draft (None without a checker or when the answers no longer fit)."""
        checker = self.options.checker
        return checker(await self.sections(), self.today) if checker else None

    async def cmd_menu(self, _args: str) -> None:
        await self.show_menu()

    async def cmd_export(self, _args: str) -> None:
        from bot.engine import export_menu  # the export's PDF library loads only when used

        await export_menu.show_export(self)

    async def cmd_reminders(self, _args: str) -> None:
        book = ReminderBook(self.store.session, self.store.sealer)
        pending = await book.pending(self.user.id)
        if not pending:
            self.say(_("You have no reminders. I set them up when you give me a deadline, for example the "
                       "date of a supplement notice or of moving house."))
            return
        lines = [_("• {date}: {title}", date=reminder_local_date(self.user, r), title=SPECS[ReminderKind(r.kind)].title)
                 for r in pending]
        self.say(_("Your reminders (sent at 10:00, your local time):"), *lines,
                 buttons=tuple((Button(_("Cancel: {date} {title}", date=reminder_local_date(self.user, r),
                                         title=SPECS[ReminderKind(r.kind)].title), cancel_button(r.id).data),)
                               for r in pending))

    async def cancel_reminder(self, reminder_id: str) -> None:
        book = ReminderBook(self.store.session, self.store.sealer)
        siblings = reminder_id.endswith("*")
        if await book.cancel(self.user.id, reminder_id.rstrip("*"), with_siblings=siblings):
            self.say(_("Reminder cancelled."))
        else:
            self.say(_("That reminder was already sent or cancelled."))

    async def where(self) -> Msg:
        flow = self.current_flow()
        if self.conv.step is Step.ASK and flow and (question := flow.question(self.conv.question or "")):
            return _("Now: {flow}, question «{question}».", flow=flow.title, question=self.short_label(question))
        if self.conv.step in (Step.CONFIRM, Step.PICK_EDIT) and flow:
            return _("Now: {flow}, checking the summary.", flow=flow.title)
        return _("Now: main menu.")

    # -- buttons --------------------------------------------------------------------------------
    async def on_button(self, data: str) -> None:
        parsed = ButtonData.parse(data)
        if parsed is None:
            self.say(_("I could not read that button. Here is where you are:"))
            await self.prompt_current()
            return
        if parsed.action == Action.LANGUAGE:  # valid on any message: it changes nothing else
            if parsed.arg:
                await self.set_language(parsed.arg)
            else:
                await self.cmd_language("")
            return
        if await helpdesk.on_action(self, parsed):  # answer cards and "ask a person": valid on any message
            return
        if parsed.action == Action.KEEP_DRAFT:  # from a retention warning: only the presser's own draft
            draft = await self.store.draft(parsed.arg, self.user.id)
            if draft is not None:
                draft.updated_at = utcnow()
                self.say(_("Kept: «{label}» stays.", label=self.store.label(draft)))
            await self.prompt_current()
            return
        if parsed.action == Action.CANCEL_REMINDER:  # from a reminder message: acts on the presser's own only
            await self.cancel_reminder(parsed.arg)
            return
        if parsed.action == Action.EXPORT and parsed.arg:  # a part of the export: valid on any message
            from bot.engine import export_menu  # the export's PDF library loads only when used

            await export_menu.send_part(self, parsed.arg)
            return
        if parsed.token != encode_token(self.conv.seq):
            self.toast = edit_in_place.OUTDATED_TOAST
            return
        await self.apply_action(parsed)

    async def apply_action(self, data: ButtonData) -> None:
        flow = self.current_flow()
        step = Step(self.conv.step)
        if data.action == Action.MENU and data.arg == keyboards.OTHER_FLOWS:
            await keyboards.show_other_flows(self)
        elif data.action == Action.MENU:
            await self.show_menu()
        elif data.action == Action.DELETE:
            if data.arg == "yes":
                await privacy.delete_everything(self)
            else:
                self.say(_("Nothing was deleted."))
                await self.prompt_current()
        elif data.action == Action.APPLICANTS:
            await applicants.show_applicants(self)
        elif data.action == Action.APPLICANT:
            await applicants.on_applicant(self, data.arg)
        elif step is Step.CONSENT and data.action == Action.CONSENT:
            await privacy.answer_consent(self, data.arg == "yes")
        elif data.action == Action.HELP:
            await self.cmd_help("")
        elif data.action == Action.OPEN and data.arg in self.flows:
            await self.open_flow(self.flows[data.arg])
        elif data.action == Action.REVIEW:
            await review.show_review(self)
        elif data.action == Action.EXPORT:
            await self.cmd_export("")
        elif (step is Step.SCREEN and flow is not None and flow.screen is not None
              and await flow.screen.act(self, flow, data.action, data.arg)):
            pass
        elif step is Step.REVIEW and data.action == Action.EDIT and data.arg in self.flows:
            self.conv.return_to = None
            await self.edit(self.flows[data.arg], "", back_to=Step.REVIEW)
        elif flow is None:
            await self.show_menu()
        elif step is Step.ASK and data.action == Action.CHOICE:
            await self.choose(flow, data.arg)
        elif step is Step.ASK and data.action == Action.BACK:
            await self.go_back(flow)
        elif step is Step.ASK and data.action == Action.KEEP:
            await self.keep(flow)
        elif step is Step.ASK and data.action == Action.SKIP:
            await self.skip(flow)
        elif step is Step.ASK and data.action == Action.SUGGEST:
            await self.suggest(flow, data.arg)
        elif step is Step.ASK and data.action == Action.REUSE:
            await self.reuse(flow)
        elif step is Step.ASK and data.action == Action.TYPED:
            await stray_questions.on_choice(self, flow, data)
        elif step is Step.CONFIRM and data.action == Action.CONFIRM:
            await self.confirm(flow)
        elif step in (Step.CONFIRM, Step.BLOCKED, Step.PICK_EDIT) and data.action == Action.EDIT:
            await self.edit(flow, data.arg)
        elif step is Step.PICK_EDIT and data.action == Action.BACK:
            if self.conv.return_to == Step.REVIEW:
                self.conv.return_to = None
                await review.show_review(self)
            else:
                self.conv.return_to = None
                await self.show_summary(flow)
        else:
            self.say(_("That button does not fit this step. Here is where you are:"))
            await self.prompt_current()

    async def set_language(self, value: str) -> None:
        locale = normalize_locale(value)
        if locale not in SUPPORTED_LOCALES:
            await self.prompt_current()
            return
        first_time = self.conv.step == Step.LANGUAGE
        self.user.locale = locale
        self.say(_("Language set to English."))
        if first_time:
            self.conv.step = Step.MENU
            await self.show_menu(greeting=True)
        else:
            await self.prompt_current()

    def language_buttons(self) -> tuple[tuple[Button, ...], ...]:
        return (tuple(self.button(verbatim(name), Action.LANGUAGE, code) for code, name in LANGUAGE_NAMES.items()),)

    # -- menu -----------------------------------------------------------------------------------
    async def show_menu(self, greeting: bool = False) -> None:
        self.conv.step = Step.MENU
        self.conv.return_to = None
        self.new_prompt()
        rows: list[tuple[Button, ...]] = []
        application = [flow for flow in self.flows.values() if flow.part_of]
        if application:
            following = await self.next_incomplete(application)
            judged = await self.verdict() if following is None else None
            if following is None and judged is not None and not judged.complete:
                rows.append((self.button(_("📋 Review: not complete yet"), Action.REVIEW),))
                rows.append((self.button(_("📤 Export"), Action.EXPORT),))
            elif following is None:
                rows.append((self.button(_("✓ Application complete: review"), Action.REVIEW),))
                rows.append((self.button(_("📤 Export"), Action.EXPORT),))
            else:
                rows.append((await self.flow_button(following),))
                if following is not application[0]:
                    rows.append((self.button(_("📋 Review"), Action.REVIEW),
                                 self.button(_("📤 Export"), Action.EXPORT)))
        rows.extend(await keyboards.menu_tail(self, len(rows)))  # at most six rows: the other flows under one entry
        parts: list[Msg] = []
        if len(await self.store.drafts_of(self.user.id)) > 1:
            parts.append(_("Applicant: {label}", label=self.store.label(await self.draft())))
        if greeting:
            parts.append(_("Let's prepare your Employment Gold Card (就業金卡) application. We start with the "
                           "platform's opening questions: they decide your identity on the platform and "
                           "cannot be changed there later."))
        parts.append(_("What would you like to do?"))
        self.say(*parts, buttons=tuple(rows))

    async def flow_button(self, flow: Flow) -> Button:
        answers = await self.answers(flow)
        done, total = flow.progress(answers)
        if answers.get("_confirmed"):
            label = _("✓ {flow}: review", flow=flow.title)
        elif done:
            label = _("▶ Continue: {flow} ({done}/{total})", flow=flow.title, done=done, total=total)
        else:
            label = _("▶ Start: {flow}", flow=flow.title)
        return self.button(label, Action.OPEN, flow.name)

    async def next_incomplete(self, flows: list[Flow]) -> Flow | None:
        """The first flow with a question left, a blocking answer, or a summary still to confirm."""
        for flow in flows:
            answers = await self.answers(flow)
            if (flow.next_missing(answers) is not None or flow.blocker(answers) is not None
                    or (flow.confirm is not None and not answers.get("_confirmed"))
                    or (flow.unfinished is not None and flow.unfinished(answers))):
                return flow
        return None

    # -- flows ----------------------------------------------------------------------------------
    async def open_flow(self, flow: Flow) -> None:
        if flow.personal and self.user.consent_at is None:
            await privacy.show_notice(self, flow.name)
            return
        if flow.screen is not None:
            self.conv.flow = flow.name
            self.conv.step = Step.SCREEN
            self.conv.history = []
            self.conv.return_to = None
            await flow.screen.open(self, flow)
            return
        self.conv.flow = flow.name
        self.conv.history = []
        self.conv.return_to = None
        answers = await self.answers(flow)
        if (blocked := flow.blocker(answers)) is not None:
            self.conv.question = blocked[0].key
            await self.show_blocked(flow, *blocked)
            return
        question = flow.next_missing(answers)
        if question is None:
            if flow.confirm is not None:
                await self.show_summary(flow)
            else:
                await self.finish_flow(flow)
        else:
            await self.ask(flow, question)

    async def prompt_current(self) -> None:
        """Show the pending question or card again (after a restart, a stale press, a language change)."""
        flow = self.current_flow()
        step = Step(self.conv.step)
        if step is Step.CONSENT:
            await privacy.show_notice(self, None)
            return
        if step is Step.NAME_DRAFT:
            await applicants.on_applicant(self, "new")
            return
        if step is Step.REVIEW:
            await review.show_review(self)
            return
        if step is Step.SCREEN and flow is not None and flow.screen is not None:
            await flow.screen.prompt(self, flow)
            return
        if flow is None or step in (Step.MENU, Step.DONE, Step.LANGUAGE):
            if step is Step.LANGUAGE:
                self.say(_("Please choose your language."), buttons=self.language_buttons())
            else:
                await self.show_menu()
            return
        answers = await self.answers(flow)
        if step is Step.ASK and (question := flow.question(self.conv.question or "")) and question.visible(answers):
            await self.ask(flow, question)
        elif step is Step.PICK_EDIT:
            await self.edit(flow, "")
        elif step is Step.BLOCKED and (blocked := flow.blocker(answers)):
            await self.show_blocked(flow, *blocked)
        else:
            await self.advance(flow, answers, None)

    async def ask(self, flow: Flow, question: Question, before: tuple[Msg, ...] = (),
                  extra: tuple[tuple[Msg, Action, str], ...] = ()) -> None:
        """Ask ``question``; ``extra`` buttons (label, action, argument) come first, e.g. suggestions."""
        self.conv.step = Step.ASK
        self.conv.question = question.key
        self.new_prompt()
        answers = await self.answers(flow)
        total = len(flow.visible(answers))
        position = [q.key for q in flow.visible(answers)].index(question.key) + 1
        parts: list[Msg] = list(before)
        parts.append(_("{flow} · question {position} of {total}", flow=flow.title, position=position,
                       total=total))
        if question.label_zh:
            parts.append(self.heading(question))
        parts.append(question.prompt)
        if question.hint is not None:
            parts.append(question.hint)
        if self.locale != "zh_TW" and question.kind is InputKind.CHOICE:
            wording = "\n".join(f"{i}. {c.platform_label}" for i, c in enumerate(question.choices, 1)
                                 if c.platform_label)
            if wording:
                parts.append(_("On the platform the options read:\n{options}", options=wording))
        if question.key in answers:
            parts.append(_("Current answer: {value}", value=self.shown_value(question, answers[question.key])))
        rows: list[tuple[Button, ...]] = [(self.button(label, action, arg),) for label, action, arg in extra]
        reuse = await self.reusable(flow, question) if question.key not in answers else None
        if reuse is not None:
            value, source = reuse
            shown = self.shown_value(question, value)
            parts.append(_("You already gave this in {source}: {value}", source=source.title, value=shown))
            label = shown if isinstance(shown, Msg) else verbatim(str(value)[:40])
            if not (question.closed and question.choice(value) is not None):  # else its choice is marked ✓
                rows.append((self.button(_("✓ Use {value}", value=label), Action.REUSE),))
        rows.extend(keyboards.arrange([self.choice_button(question, i, marked=reuse is not None and question.closed
                                                          and question.choices[i].value == reuse[0])
                                       for i in range(len(question.choices))], self.locale))
        nav: list[Button] = []
        if self.conv.history:
            nav.append(self.button(_("⬅ Back"), Action.BACK))
        if question.key in answers:
            nav.append(self.button(_("Keep this answer"), Action.KEEP))
        if question.is_optional(answers):
            nav.append(self.button(_("Skip"), Action.SKIP))
        if nav:
            rows.append(tuple(nav))
        self.say(*parts, buttons=keyboards.without_repeats(rows, self.locale))

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

    async def reuse(self, flow: Flow) -> None:
        question = flow.question(self.conv.question or "")
        found = await self.reusable(flow, question) if question else None
        if question is None or found is None:
            await self.prompt_current()
            return
        value = found[0]
        if question.closed and (choice := question.choice(value)) is not None:
            await self.choose(flow, str(question.choices.index(choice)))
        else:
            await self.answer_text(flow, question, str(value))

    def heading(self, question: Question) -> Msg:
        """The platform's label, verbatim, beside the English one (zh_TW readers see the label alone)."""
        label_zh = question.label_zh or ""
        if self.locale == "zh_TW":
            return verbatim(label_zh)
        return _("{english} — on the platform: {platform}", english=self.english_label(question),
                 platform=Bold(label_zh))

    @staticmethod
    def english_label(question: Question) -> Msg:
        label = question.label_en or ""
        return label if isinstance(label, Msg) else verbatim(label)

    def short_label(self, question: Question) -> Msg:
        if question.label_zh and (self.locale == "zh_TW" or not question.label_en):
            return verbatim(question.label_zh)
        if question.label_en and question.label_zh:
            return self.english_label(question)
        return question.title or question.prompt

    def choice_label(self, choice: Choice) -> Msg:
        if self.locale == "zh_TW" and choice.platform_label:
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

    # -- answering ------------------------------------------------------------------------------
    async def on_text(self, text: str) -> None:
        if await helpdesk.intercept_text(self, text):
            return
        step = Step(self.conv.step)
        flow = self.current_flow()
        if step is Step.ASK and flow and (question := flow.question(self.conv.question or "")):
            if not await stray_questions.intercept(self, flow, question, text):  # "what is the fee?" at a name
                await self.answer_text(flow, question, text)
        elif step is Step.NAME_DRAFT:
            await applicants.name_new_draft(self, text)
        elif step is Step.LANGUAGE:
            chosen = next((code for code, name in LANGUAGE_NAMES.items()
                           if text.strip().lower() in (name.lower(), code.lower())), None)
            if chosen:
                await self.set_language(chosen)
            else:
                self.say(_("Please choose your language with the buttons."), buttons=self.language_buttons())
        elif step in (Step.CONFIRM, Step.PICK_EDIT, Step.BLOCKED, Step.REVIEW):
            self.say(_("Please use the buttons below the latest message."))
            await self.prompt_current()
        else:
            self.say(_("I did not understand that. Please choose from the menu, or send /help."))
            await self.show_menu()

    async def answer_text(self, flow: Flow, question: Question, text: str) -> None:
        raw = text.strip()
        if await typed_answers.take_word(self, flow, question, raw):  # Back/Skip typed, "none" when optional
            return
        if question.closed:
            index = self.match_choice(question, raw)
            if index is not None:
                await self.choose(flow, str(index))
                return
            if not question.open_list or question.rule is None:
                self.say(_("Please choose one of the options with the buttons (or type its number)."))
                await self.ask(flow, question)
                return
        if not raw and not question.is_optional(await self.answers(flow)):
            self.say(_("This answer is required. Please type it."))
            await self.ask(flow, question)
            return
        if question.rule is None:
            await self.accept(flow, question, Accepted(raw))
            return
        answers = await self.answers(flow)
        result = question.rule(raw, RuleContext(today=self.today, answers=answers, locale=self.locale))
        if question.ephemeral:  # checked in memory only: never stored, and the user's message is removed
            self.delete_message_id = self.event.message_id if self.event else None
            if isinstance(result, Rejected):
                await self.ask(flow, question, before=(result.message,))
            else:
                await self.accept(flow, question, Accepted(True, notes=result.notes))
            return
        if isinstance(result, Rejected):
            await self.reject(flow, question, result)
        else:
            await self.accept(flow, question, result)

    def match_choice(self, question: Question, raw: str) -> int | None:
        wanted = raw.strip().casefold()
        if wanted.isdigit() and 1 <= int(wanted) <= len(question.choices):
            return int(wanted) - 1
        if (yes_no := typed_answers.yes_no_index(question, wanted)) is not None:  # 不是, 沒有, no, yes …
            return yes_no
        names = []
        for choice in question.choices:
            labels = {choice.label.render(locale).casefold() for locale in SUPPORTED_LOCALES}
            if choice.platform_label:
                labels.add(choice.platform_label.casefold())
            names.append(labels)
        exact = [index for index, labels in enumerate(names) if wanted in labels]
        if exact:
            return exact[0]
        # a unique part of one option's label ("數位" for 數位領域, "digital" for Digital)
        partial = [index for index, labels in enumerate(names) if len(wanted) >= 2 and any(wanted in x for x in labels)]
        return partial[0] if len(partial) == 1 else None

    async def choose(self, flow: Flow, arg: str) -> None:
        question = flow.question(self.conv.question or "")
        if question is None or not arg.isdigit() or int(arg) >= len(question.choices):
            await self.prompt_current()
            return
        choice = question.choices[int(arg)]
        if question.kind is InputKind.DATE and question.rule is not None:  # a button for a date ("Today")
            answers = await self.answers(flow)
            result = question.rule(str(choice.value), RuleContext(today=self.today, answers=answers,
                                                                  locale=self.locale))
            await (self.reject(flow, question, result) if isinstance(result, Rejected)
                   else self.accept(flow, question, result))
            return
        if choice.rejects is not None:
            await self.reject(flow, question, choice.rejects)
            return
        await self.accept(flow, question, Accepted(choice.value, notes=(choice.note,) if choice.note else ()))

    async def suggest(self, flow: Flow, value: str) -> None:
        """A suggested correction was tapped: check it with the rule like a typed answer."""
        question = flow.question(self.conv.question or "")
        if question is None:
            await self.prompt_current()
            return
        await self.answer_text(flow, question, value)

    async def reject(self, flow: Flow, question: Question, result: Rejected) -> None:
        if result.reset:
            answers = await self.answers(flow)
            for key in (question.key, *result.reset):
                answers.pop(key, None)
            await self.save_answers(flow, answers)
            target = flow.question(result.reset[0]) or question
            self.conv.history = [k for k in self.conv.history if k not in result.reset]
            await self.ask(flow, target, before=(result.message,))
            return
        suggestions = tuple((s.label, Action.SUGGEST, s.value) for s in result.suggestions
                            if len(s.value.encode()) <= 48)
        await self.ask(flow, question, before=(result.message,), extra=suggestions)

    async def accept(self, flow: Flow, question: Question, result: Accepted) -> None:
        answers = await self.answers(flow)
        answers[question.key] = result.value
        answers.pop("_confirmed", None)
        await self.save_answers(flow, answers)
        answers = await self.answers(flow)
        if question.key not in self.conv.history:
            self.conv.history = [*self.conv.history, question.key]
        shown: Msg | Code = (Code(result.shown) if result.shown else _("(left empty)") if result.value is None
                             else self.shown_value(question, result.value))
        if question.ephemeral:
            echo: tuple[Msg, ...] = (_("✓ Checked in memory only: nothing of what you typed was kept."), *result.notes)
        else:
            echo = (_("Saved: {label} = {value}", label=self.short_label(question), value=shown), *result.notes)
        if flow.on_answer is not None:
            echo = (*echo, *await flow.on_answer(AnswerContext(self, question.key, result.value, answers)))
        await self.advance(flow, answers, question.key, before=echo)

    async def advance(self, flow: Flow, answers: dict[str, Any], after: str | None,
                      before: tuple[Msg, ...] = ()) -> None:
        """Ask what comes next: after a change from the summary, the first missing question or the
        summary; after Back, the next question in order; otherwise the next missing one."""
        if (blocked := flow.blocker(answers)) is not None:
            await self.show_blocked(flow, *blocked, before=before)
            return
        following = None
        if after is not None and self.conv.return_to is None:
            following = flow.next_after(answers, after)
        if following is None or (following.key in answers and self.conv.return_to is not None):
            following = flow.next_missing(answers)
        if following is not None:
            await self.ask(flow, following, before=before)
            return
        returning = self.conv.return_to
        self.conv.return_to = None
        if returning == Step.REVIEW and flow.confirm is not None and not answers.get("_confirmed"):
            await self.show_summary(flow, before)  # a changed irreversible answer is confirmed again
        elif returning == Step.REVIEW:
            await review.show_review(self, before)
        else:
            await self.finish_flow(flow, before)

    async def finish_flow(self, flow: Flow, before: tuple[Msg, ...] = ()) -> None:
        """A flow with every answer given: its summary to confirm, or on to the next tab, or the review."""
        if flow.confirm is not None:
            await self.show_summary(flow, before=before)
        elif flow.next_flow in self.flows:
            self.say(*before, _("✓ {flow} complete.", flow=flow.title))
            await self.open_flow(self.flows[flow.next_flow or ""])
        elif flow.part_of:
            await review.show_review(self, before)
        else:
            await self.show_summary(flow, before=before)

    async def go_back(self, flow: Flow) -> None:
        history = list(self.conv.history)
        current = self.conv.question
        if current in history:
            history = history[:history.index(current)]
        if not history:
            await self.prompt_current()
            return
        previous = flow.question(history[-1])
        self.conv.history = history[:-1]
        if previous is None:
            await self.prompt_current()
            return
        await self.ask(flow, previous)

    async def keep(self, flow: Flow) -> None:
        answers = await self.answers(flow)
        key = self.conv.question or ""
        if key not in self.conv.history:
            self.conv.history = [*self.conv.history, key]
        await self.advance(flow, answers, key)

    async def skip(self, flow: Flow) -> None:
        question = flow.question(self.conv.question or "")
        if question is None or not question.is_optional(await self.answers(flow)):
            await self.prompt_current()
            return
        await self.accept(flow, question, Accepted(None))

    # -- summary, confirmation, blocked ------------------------------------------------------------
    async def show_summary(self, flow: Flow, before: tuple[Msg, ...] = ()) -> None:
        self.conv.step = Step.CONFIRM
        self.conv.question = None
        self.conv.return_to = None
        self.new_prompt()
        answers = await self.answers(flow)
        lines = [_("{label}: {value}", label=self.short_label(q),
                   value=_("(left empty)") if answers[q.key] is None else self.shown_value(q, answers[q.key]))
                 for q in flow.visible(answers) if q.key in answers and not q.ephemeral]
        parts = [*before, _("Summary: {flow}", flow=flow.title), *lines, *flow.summary(answers)]
        if flow.confirm is not None:
            parts.append(flow.confirm)
        self.say(*parts, buttons=(
            (self.button(_("✅ All correct, confirm"), Action.CONFIRM),),
            (self.button(_("✏️ Change an answer"), Action.EDIT),),
        ))

    async def confirm(self, flow: Flow) -> None:
        answers = await self.answers(flow)
        if flow.next_missing(answers) is not None or flow.blocker(answers) is not None:
            await self.open_flow(flow)
            return
        answers["_confirmed"] = self.today.isoformat()
        await self.save_answers(flow, answers)
        self.conv.step = Step.DONE
        self.conv.history = []
        self.say(_("Confirmed and saved."), *flow.done(answers))
        if flow.next_flow in self.flows:
            await self.open_flow(self.flows[flow.next_flow or ""])
        else:
            await self.show_menu()

    async def edit(self, flow: Flow, key: str, *, back_to: Step | None = None) -> None:
        """Change one answer (``key``), or list the answers to pick one; afterwards the user returns to
        the flow's summary or to the review card, whichever they came from."""
        if back_to is not None:
            self.conv.return_to = back_to
        elif self.conv.return_to is None:
            self.conv.return_to = Step.REVIEW if flow.confirm is None and flow.part_of else Step.CONFIRM
        answers = await self.answers(flow)
        question = flow.question(key) if key else None
        if question is not None and question.visible(answers):
            self.conv.flow = flow.name
            self.conv.history = []
            await self.ask(flow, question)
            return
        self.conv.flow = flow.name
        self.conv.step = Step.PICK_EDIT
        self.new_prompt()
        rows = tuple((self.button(self.short_label(q), Action.EDIT, q.key),) for q in flow.visible(answers))
        back = _("⬅ Back to the review") if self.conv.return_to == Step.REVIEW else _("⬅ Back to the summary")
        self.say(_("Which answer do you want to change?"), buttons=(*rows, (self.button(back, Action.BACK),)))

    async def show_blocked(self, flow: Flow, question: Question, reason: Msg,
                           before: tuple[Msg, ...] = ()) -> None:
        self.conv.step = Step.BLOCKED
        self.conv.question = question.key
        self.new_prompt()
        self.say(*before, reason, buttons=(
            (self.button(_("✏️ Change this answer"), Action.EDIT, question.key),),
            (self.button(_("Main menu"), Action.MENU),),
        ))

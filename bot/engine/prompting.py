"""Prompting: renders the current position, once per event. The question with its heading, hint, choices,
"already given" offer and navigation; the main menu; opening a flow; the pending card shown again after a
restart, an outdated press or a language change (a step with a card of its own is shown by its screen,
:mod:`bot.engine.screens`).
"""

from __future__ import annotations

from bot.engine import consent, keyboards, progress, screens
from bot.engine.core import TurnCore
from bot.engine.events import Button
from bot.engine.flow import Flow, InputKind, Question
from bot.engine.state import Action, Step
from bot.i18n import SUPPORTED_LOCALES, Msg, _, is_chinese, normalize_locale, verbatim


class Prompting(TurnCore):
    """The moves that show something (joined with :class:`~bot.engine.answering.Answering`)."""

    async def prompt_current(self) -> None:
        """Show the pending question or card again (after a restart, a stale press, a language change)."""
        flow = self.current_flow()
        step = Step(self.conv.step)
        if await screens.prompt(self, step):
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
        position, total = progress.question_counter(flow, question, answers)
        parts: list[Msg] = list(before)
        parts.append(_("{flow} · question {position} of {total}", flow=flow.title, position=position,
                       total=total))
        if question.label_zh:
            parts.append(self.heading(question))
        parts.append(question.prompt)
        if question.hint is not None and not (extra and question.listed):  # a long list: once, not with suggestions
            parts.append(question.hint)
        if not is_chinese(self.locale) and question.kind is InputKind.CHOICE and not question.listed:
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
                                       for i in range(len(question.choices)) if not question.listed], self.locale))
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
        self.say(*parts, buttons=tuple(rows), card=True)

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

    async def where(self) -> Msg:
        flow = self.current_flow()
        if self.conv.step is Step.ASK and flow and (question := flow.question(self.conv.question or "")):
            return _("Now: {flow}, question «{question}».", flow=flow.title, question=self.short_label(question))
        if self.conv.step in (Step.CONFIRM, Step.PICK_EDIT) and flow:
            return _("Now: {flow}, checking the summary.", flow=flow.title)
        return _("Now: main menu.")

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

    # -- flows ----------------------------------------------------------------------------------
    async def open_flow(self, flow: Flow) -> None:
        if flow.personal and self.user.consent_at is None:
            await consent.show_notice(self, flow.name)
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

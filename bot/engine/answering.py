"""Answering: what moves the position. A typed answer or a choice is checked, accepted (stored, echoed,
the flow's ``on_answer`` hook run) or refused with the fix-it message; then the next question, the
summary, the review or the next flow. Back, Keep, Skip, the summary with its confirmation, "Change an
answer" and the blocked card live here too.
"""

from __future__ import annotations

from typing import Any

from bot.engine import review
from bot.engine.checking import Problem
from bot.engine.core import TurnCore
from bot.engine.corrections import note_answer
from bot.engine.flow import AnswerContext, Flow, InputKind, Question
from bot.engine.state import Action, Step
from bot.engine.typed_answers import Navigation, means_nothing, navigation
from bot.forms.result import Accepted, Rejected, RuleContext
from bot.i18n import Code, Msg, _


class Answering(TurnCore):
    """The moves that take an answer and go on (joined with :class:`~bot.engine.prompting.Prompting`)."""

    async def answer_text(self, flow: Flow, question: Question, text: str) -> None:
        raw = text.strip()
        if await self.take_word(flow, question, raw):  # Back/Skip typed, "none" when optional
            return
        checked = await self.check(flow, question, raw)
        if checked.choice is not None:
            await self.choose(flow, str(checked.choice))
            return
        if checked.problem is Problem.NOT_A_CHOICE:
            self.say(_("Please choose one of the options with the buttons (or type its number)."))
            await self.ask(flow, question)
            return
        if checked.problem is Problem.REQUIRED:
            self.say(_("This answer is required. Please type it."))
            await self.ask(flow, question)
            return
        result = checked.result
        assert result is not None  # a checked answer without a problem has a result
        if question.rule is not None and question.ephemeral:  # checked in memory only: never stored, message removed
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

    async def take_word(self, flow: Flow, question: Question, raw: str) -> bool:
        """Back or Skip typed, or "nothing" typed at an optional question (not one of its choices): done here."""
        answers = await self.answers(flow)
        kind = navigation(raw)
        if kind is Navigation.BACK and self.conv.history:
            await self.go_back(flow)
            return True
        if kind is Navigation.SKIP and question.is_optional(answers):
            await self.skip(flow)
            return True
        if question.closed and self.match_choice(question, raw) is not None:
            return False
        if question.is_optional(answers) and not question.ephemeral and means_nothing(raw):
            await self.accept(flow, question, Accepted(None))
            return True
        return False

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
        note_answer(self, flow, question)  # its message may be edited to correct it
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

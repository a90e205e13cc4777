"""One event for one user, inside one transaction: the Turn, joined from its parts.

    core.py        state, replies (say/button), the draft's answers, labels, check(text)  (TurnCore)
    answering.py   what moves the position: answer, choose, accept, reject, back/keep/skip, summary, edit
    prompting.py   what shows the position: the question, the menu, opening a flow, the pending card again
    router.py      which part an event goes to: tables keyed by action and by step and action
    commands.py    the registry of commands; features add theirs (core.Feature)
    screens.py     the registry of steps with a card of their own (consent, applicants, review, Flow.screen)

The Turn reads the user's conversation state, applies the event, stores accepted answers in the draft and
collects the replies. It knows flows and storage, never a door, and imports no feature: the help desk,
privacy, export, reminders and the copy desk plug in through ``Services.features``.
"""

from __future__ import annotations

from bot.engine import router
from bot.engine.answering import Answering
from bot.engine.core import EngineOptions
from bot.engine.corrections import intercept_edit
from bot.engine.events import Event
from bot.engine.flow import AnswerContext
from bot.engine.prompting import Prompting
from bot.i18n import _

__all__ = ["AnswerContext", "EngineOptions", "Turn"]


class Turn(Answering, Prompting):
    async def run(self, event: Event) -> None:
        self.event = event
        if await intercept_edit(self, event):  # an edited message: the latest answer corrected, or a note
            return
        await router.run(self, event)

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

    async def staff_event(self, event: Event) -> bool:
        """An event from the staff group, taken by a feature (the help desk); False when it is not one."""
        return await router.staff_event(self, event)

"""The registry of screens: steps that show a card of their own instead of a question, looked up by step.

    Step.CONSENT     the privacy notice (bot.engine.consent)
    Step.NAME_DRAFT  naming a new applicant (bot.engine.applicants)
    Step.REVIEW      the review card (bot.engine.review)
    Step.SCREEN      the current flow's own screen (Flow.screen: the documents tab, a supplement's files)

Each shows itself again (:meth:`StepScreen.prompt`), may take a press at its step (:meth:`StepScreen.act`)
and typed text (:meth:`StepScreen.text`). The router and the prompting ask here before the question logic.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.engine import applicants, consent, review
from bot.engine.core import TurnCore
from bot.engine.state import Action, ButtonData, Step


class StepScreen:
    """A step's own card; the defaults take nothing."""

    async def prompt(self, turn: TurnCore) -> bool:
        """Show the card again; False when there is nothing to show (the question logic goes on)."""
        return False

    async def act(self, turn: TurnCore, data: ButtonData) -> bool:
        """A press on the latest card at this step; False when it is not this screen's."""
        return False

    async def text(self, turn: TurnCore, text: str) -> bool:
        """Typed text at this step; False when it is not this screen's."""
        return False


class ConsentScreen(StepScreen):
    async def prompt(self, turn: TurnCore) -> bool:
        await consent.show_notice(turn, None)
        return True

    async def act(self, turn: TurnCore, data: ButtonData) -> bool:
        if data.action != Action.CONSENT:
            return False
        await consent.answer_consent(turn, data.arg == "yes")
        return True


class NameDraftScreen(StepScreen):
    async def prompt(self, turn: TurnCore) -> bool:
        await applicants.on_applicant(turn, "new")
        return True

    async def text(self, turn: TurnCore, text: str) -> bool:
        await applicants.name_new_draft(turn, text)
        return True


class ReviewScreen(StepScreen):
    async def prompt(self, turn: TurnCore) -> bool:
        await review.show_review(turn)
        return True

    async def act(self, turn: TurnCore, data: ButtonData) -> bool:
        if data.action != Action.EDIT or data.arg not in turn.flows:  # "Change" a tab
            return False
        turn.conv.return_to = None
        await turn.edit(turn.flows[data.arg], "", back_to=Step.REVIEW)
        return True


class FlowScreen(StepScreen):
    """The current flow's own screen (``Flow.screen``)."""

    async def prompt(self, turn: TurnCore) -> bool:
        flow = turn.current_flow()
        if flow is None or flow.screen is None:
            return False
        await flow.screen.prompt(turn, flow)
        return True

    async def act(self, turn: TurnCore, data: ButtonData) -> bool:
        flow = turn.current_flow()
        return flow is not None and flow.screen is not None and await flow.screen.act(turn, flow, data.action,
                                                                                      data.arg)


SCREENS: Mapping[Step, StepScreen] = {
    Step.CONSENT: ConsentScreen(),
    Step.NAME_DRAFT: NameDraftScreen(),
    Step.REVIEW: ReviewScreen(),
    Step.SCREEN: FlowScreen(),
}
NO_SCREEN = StepScreen()


def screen_at(step: Step) -> StepScreen:
    return SCREENS.get(step, NO_SCREEN)


async def prompt(turn: TurnCore, step: Step) -> bool:
    """Show the screen of ``step`` again, if the step has one."""
    return await screen_at(step).prompt(turn)

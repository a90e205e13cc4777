"""The help desk's hooks into the engine (a :class:`~bot.engine.core.Feature`): typed text (a message for
staff, a question for the FAQ), files while talking to staff, its commands (/ask, /human, the staff's),
its buttons (valid on any message) and the staff group's events."""

from __future__ import annotations

from collections.abc import Mapping

from bot.engine.core import ActionHandler, TurnCore
from bot.engine.events import Event
from bot.engine.state import Action, ButtonData, Step
from bot.helpdesk import answers, handoff, staff, stray_questions
from bot.helpdesk.common import parse_int
from bot.helpdesk.config import DeskFeature
from bot.helpdesk.events import EditedText


class HelpDesk(DeskFeature):
    async def on_text(self, turn: TurnCore, text: str) -> bool:
        """Typed text before the dialog sees it: a message for staff, a question to answer, a question typed
        at a free-text field."""
        if await handoff.relay_if_talking(turn, text):
            return True
        if await answers.intercept(turn, text):
            return True
        asked = turn.current_question()
        return asked is not None and await stray_questions.intercept(turn, *asked, text)

    async def on_file(self, turn: TurnCore, event: Event) -> bool:
        """A photo or document: copied to staff while the applicant talks to the help desk, else the dialog's."""
        return await handoff.relay_file_if_talking(turn, event)

    async def on_command(self, turn: TurnCore, command: str, args: str) -> bool:
        """Help-desk commands (/ask, /human, staff commands)."""
        if command == "ask":
            await answers.answer_command(turn, args)
        elif command == "human":
            await handoff.request_person(turn)
        elif command in staff.STAFF_COMMANDS:
            await staff.private_command(turn, command, args)
        elif command == "cancel":
            await handoff.stop_talking(turn)
            return False  # the engine's own /cancel follows
        else:
            return False
        return True

    def actions(self) -> Mapping[str, ActionHandler]:
        return {Action.TYPED: stray_questions.on_typed}

    async def on_press(self, turn: TurnCore, data: ButtonData) -> bool:
        """Help-desk buttons (an answer card, "did this help?", "ask a person"): valid on any message."""
        current = turn.is_current(data)
        if data.action == Action.DELETE and data.arg == "yes" and current:
            await handoff.before_delete(turn)  # the engine then erases everything
            return False
        if data.action == Action.CHOICE and current and turn.conv.step == Step.ASK:
            await _note_refused_choice(turn, data.arg)
            return False
        if data.action == Action.FAQ:
            await answers.on_answer_button(turn, data.arg)
        elif data.action == Action.FEEDBACK:
            await answers.on_feedback(turn, data.arg)
        elif data.action == Action.HUMAN:
            await handoff.request_person(turn, parse_int(data.arg))
        elif data.action == Action.SHARE:
            await handoff.on_share(turn, data.arg)
        elif data.action == Action.DESK_BACK:
            await handoff.back_to_application(turn)
        elif data.action == Action.DESK_WRITE:
            await handoff.write_again(turn)
        elif data.action == Action.CLOSE_TICKET:
            await staff.private_command(turn, "close", data.arg)
        else:
            return False
        return True

    async def on_staff_event(self, turn: TurnCore, event: Event) -> bool:
        """An event from the staff group (a reply in a ticket's topic, /close ...): handled here (replies for
        the staff chat in ``turn.replies``, messages for applicants through ``turn.services.notifier``), or
        False when it is not one."""
        if isinstance(event, EditedText):  # staff see it while the applicant talks to them; else it corrects an answer
            return await handoff.relay_edit_if_talking(turn, event.text)
        return await staff.staff_event(turn, event)


async def _note_refused_choice(turn: TurnCore, arg: str) -> None:
    """A choice that shows an earlier answer was wrong is a refused answer too (its key is kept for staff)."""
    flow = turn.current_flow()
    question = flow.question(turn.conv.question or "") if flow is not None else None
    if (question is not None and arg.isdigit() and int(arg) < len(question.choices)
            and question.choices[int(arg)].rejects is not None):
        await answers.note_rejection(turn)

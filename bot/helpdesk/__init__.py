"""The help desk: answers with sources at any point of a conversation, and a person when needed.

The engine calls these hooks; each returns whether it took the event.

* ``answers``: FAQ answers in the chat (/ask, typed questions), "did this help?";
* ``handoff``: the applicant's side of a ticket (/human, sharing, talking to staff, back to the application);
* ``staff``: the staff group and the staff-only commands (/tickets, /stats, /close, /reply);
* ``summary``: what staff see of an applicant; ``records``: what is stored; ``inline``: inline mode.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.engine.state import Action, ButtonData, Step, encode_token

if TYPE_CHECKING:
    from bot.engine.events import Event
    from bot.engine.turn import Turn


async def intercept_text(turn: Turn, text: str) -> bool:
    """Typed text before the dialog sees it: a message for staff, or a question to answer."""
    from bot.helpdesk import answers, handoff

    if await handoff.relay_if_talking(turn, text):
        return True
    return await answers.intercept(turn, text)


async def intercept_file(turn: Turn, event: Event) -> bool:
    """A photo or document: copied to staff while the applicant talks to the help desk, else the dialog's."""
    from bot.helpdesk import handoff

    return await handoff.relay_file_if_talking(turn, event)


async def on_command(turn: Turn, command: str, args: str) -> bool:
    """Help-desk commands (/ask, /human, staff commands)."""
    from bot.helpdesk import answers, handoff, staff

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


async def on_action(turn: Turn, data: ButtonData) -> bool:
    """Help-desk buttons (an answer card, "did this help?", "ask a person"): valid on any message."""
    from bot.helpdesk import answers, handoff, staff
    from bot.helpdesk.common import parse_int

    current = data.token == encode_token(turn.conv.seq)
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


async def _note_refused_choice(turn: Turn, arg: str) -> None:
    """A choice that shows an earlier answer was wrong is a refused answer too (its key is kept for staff)."""
    from bot.helpdesk.answers import note_rejection

    flow = turn.current_flow()
    question = flow.question(turn.conv.question or "") if flow is not None else None
    if (question is not None and arg.isdigit() and int(arg) < len(question.choices)
            and question.choices[int(arg)].rejects is not None):
        await note_rejection(turn)


async def staff_event(turn: Turn, event: Event) -> bool:
    """An event from the staff group (a reply in a ticket's topic, /close ...): handled here (replies for
    the staff chat in ``turn.replies``, messages for applicants through ``turn.services.notifier``), or
    False when it is not one."""
    from bot.helpdesk import handoff, staff
    from bot.helpdesk.events import EditedText

    if isinstance(event, EditedText):  # staff see it while the applicant talks to them; else it corrects an answer
        return await handoff.relay_edit_if_talking(turn, event.text)
    return await staff.staff_event(turn, event)

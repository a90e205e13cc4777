"""Telegram lets a user edit a message they sent. An edit of the message that gave the latest answer, while
nothing else happened since, corrects that answer: the new text goes through the same rule, the user is told,
and the conversation goes on from there. An edit of any other message changes nothing; the user is told how
to change an earlier answer (⬅ Back, or "Change an answer" from the summary).

The conversation keeps the minimum for this: the message id and "flow/question" of the latest typed answer
(``Conversation.answer_message_id``, ``answer_key``), forgotten at the user's next event.

    if await intercept_edit(turn, event):   # at the start of a turn: an edit is handled here
        return
    note_answer(turn, flow, question)   # when a typed answer is accepted
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from bot.engine.events import Button, Event, EventKind
from bot.engine.flow import Flow, Question
from bot.engine.state import Step
from bot.i18n import Msg, _
from storage.models import Conversation


class Turn(Protocol):
    """What this module uses of a turn (bot.engine.turn.Turn)."""

    conv: Conversation
    event: Event | None
    flows: Mapping[str, Flow]

    def say(self, *parts: Msg, buttons: tuple[tuple[Button, ...], ...] = ()) -> None: ...
    def short_label(self, question: Question) -> Msg: ...
    async def answer_text(self, flow: Flow, question: Question, text: str) -> None: ...

EARLIER_EDIT = _("✏️ You edited an earlier message; that changes nothing here. To change an earlier answer, use "
                 "⬅ Back, or “Change an answer” from the summary.")


async def intercept_edit(turn: Turn, event: Event) -> bool:
    """An edited message: the latest answer corrected, or a note how to change an earlier one (True). Any other
    event makes the latest answer's message an earlier one (False: the turn goes on)."""
    conv = turn.conv
    if not event.edited:
        if conv.answer_message_id is not None or conv.answer_key is not None:
            conv.answer_message_id, conv.answer_key = None, None
        return False
    target = _latest_answer(turn, event)
    if target is None:
        turn.say(EARLIER_EDIT)
        return True
    flow, question = target
    conv.flow, conv.step, conv.question = flow.name, Step.ASK, question.key
    if question.key in conv.history:  # asked again, as after Back: accepting it puts it back in the history
        conv.history = conv.history[:conv.history.index(question.key)]
    turn.say(_("✏️ You edited your answer to “{label}”: the new text replaces it.", label=turn.short_label(question)))
    await turn.answer_text(flow, question, event.text)
    return True


def note_answer(turn: Turn, flow: Flow, question: Question) -> None:
    """A typed answer was accepted: its message may be edited to correct it (until the user's next event). Not
    for answers given from the summary (they return there) or never stored (a password idea)."""
    event = turn.event
    if (event is None or event.kind is not EventKind.TEXT or event.message_id is None or question.ephemeral
            or turn.conv.return_to is not None):
        return
    turn.conv.answer_message_id = event.message_id
    turn.conv.answer_key = f"{flow.name}/{question.key}"


def _latest_answer(turn: Turn, event: Event) -> tuple[Flow, Question] | None:
    conv = turn.conv
    if event.message_id is None or conv.answer_message_id != event.message_id or not conv.answer_key:
        return None
    flow_name, _sep, key = conv.answer_key.partition("/")
    flow = turn.flows.get(flow_name)
    question = flow.question(key) if flow is not None else None
    if flow is None or question is None:
        return None
    return flow, question

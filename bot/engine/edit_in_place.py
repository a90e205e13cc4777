"""Edit in place: a button press that was applied turns the pressed message into a record of the answer.

Telegram keeps every message's buttons live; once a press made a new prompt, the pressed message's
buttons are outdated. The engine then asks the door (``Outcome.edit``) to remove them and, when the
press answered the question the message asked, to write the chosen answer under its text ("✓ No").
A press on an outdated message is not applied and gets only a short toast on the button
(``Outcome.toast``), never new messages.

A press on a card (a reply made with ``card=True``: the menu, the review card, the export menu, the applicants,
the reminders; its buttons carry the card mark) whose answer is one card, without files, turns the pressed message
into that card (:func:`replace_card`: ``MessageEdit.replace_with``) instead of sending a new message.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.engine.core import TurnCore
from bot.engine.events import Event, EventKind, MessageEdit, Outcome
from bot.engine.flow import Question
from bot.engine.state import Action, ButtonData, Step
from bot.i18n import Code, Msg, _

OUTDATED_TOAST = _("That button is from an earlier message, so I did not apply it. Please use the latest one.")
# actions that answer the question of the pressed message
ANSWERING = frozenset({Action.CHOICE, Action.SKIP, Action.REUSE, Action.SUGGEST, Action.KEEP})


@dataclass(frozen=True)
class BeforePress:
    """Where the conversation stood when the press arrived."""

    seq: int
    step: str
    flow: str | None
    question: Question | None


def before_press(turn: TurnCore) -> BeforePress:
    flow = turn.current_flow()
    question = flow.question(turn.conv.question or "") if flow is not None and turn.conv.step == Step.ASK else None
    return BeforePress(turn.conv.seq, str(turn.conv.step), turn.conv.flow, question)


async def edit_after_press(turn: TurnCore, before: BeforePress, press: Event) -> MessageEdit | None:
    """The edit of the pressed message once the press was applied; None when it stays as it is (no
    message id, an outdated press, or the press left its buttons valid)."""
    if press.source_message_id is None or turn.toast is not None or turn.conv.seq == before.seq:
        return None
    return MessageEdit(press.source_message_id, await _mark(turn, before, ButtonData.parse(press.button)))


def replace_card(outcome: Outcome, press: Event) -> Outcome:
    """``outcome`` with its one reply moved into ``edit.replace_with`` when a card's button led to one card
    (no files, no toast); else unchanged. The door sends the card as a new message if the edit fails."""
    parsed = ButtonData.parse(press.button) if press.kind is EventKind.BUTTON else None
    if parsed is None or not parsed.card or press.source_message_id is None or outcome.toast is not None \
            or outcome.duplicate or len(outcome.replies) != 1:
        return outcome
    card = outcome.replies[0]
    if not card.card or card.attachments:
        return outcome
    return replace(outcome, replies=(), edit=MessageEdit(press.source_message_id, replace_with=card))


async def _mark(turn: TurnCore, before: BeforePress, parsed: ButtonData | None) -> Msg | None:
    if parsed is None:
        return None
    if parsed.action == Action.CONFIRM and before.step == Step.CONFIRM:
        return _("✓ Confirmed")
    question = before.question
    flow = turn.flows.get(before.flow or "")
    if parsed.action not in ANSWERING or question is None or flow is None:
        return None
    if turn.conv.step == Step.ASK and turn.conv.question == question.key and turn.conv.flow == before.flow:
        return None  # asked again: the answer was refused
    answers = await turn.answers(flow)
    if question.key not in answers:
        return None
    value = answers[question.key]
    shown: Msg | Code = _("(left empty)") if value is None else turn.shown_value(question, value)
    return _("✓ {answer}", answer=shown)

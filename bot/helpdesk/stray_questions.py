"""A question typed where a free-text answer is expected ("WHAT IS THE FEE" at the English surname) is
answered from the FAQ, not saved as the answer.

The help desk (bot/helpdesk/answers.py) already answers questions the current field would refuse; this
module looks at text the field would *accept*. When the text reads as a question and the FAQ's best answer
scores as a clear match, the answer (or the close answers, as buttons) is shown and the field asked again.
When it reads as a question but the FAQ is less sure, the bot asks "Is this your answer?" with two
buttons: save it, or treat it as a question. Anything else is the field's answer.
"""

from __future__ import annotations

from bot.engine.core import TurnCore
from bot.engine.flow import Flow, Question
from bot.engine.state import Action, ButtonData, Step
from bot.faq.search import default_index, search
from bot.forms.result import Accepted
from bot.helpdesk.answers import answer_command, show_hits
from bot.helpdesk.questions import looks_like_question
from bot.i18n import Code, _

MAX_ARG_BYTES = 48  # the typed text travels in the buttons' data (64 bytes with the token and action)
SAVE_TYPED = "s"  # typed:s:<text>: save it after all
ASK_TYPED = "q"  # typed:q:<text>: it was a question


async def intercept(turn: TurnCore, flow: Flow, question: Question, text: str) -> bool:
    """Answer ``text`` as a question instead of saving it; True when handled here."""
    raw = text.strip()
    if question.closed or question.ephemeral or not raw:
        return False
    asks = looks_like_question(raw)
    if not asks:  # the field's answer, whatever the FAQ holds: no search (it is the dearest part of an answer)
        return False
    hits = search(raw, fallback_locale=turn.locale)
    clear = bool(hits) and hits[0].score >= default_index().tuning.strong_score  # clear, or close runners-up
    if clear:
        await show_hits(turn, raw, hits)
        await turn.ask(flow, question)
        return True
    if not hits or len(raw.encode()) > MAX_ARG_BYTES:
        return False
    turn.new_prompt()
    turn.say(_("Is this your answer to «{question}»: {value}?", question=turn.short_label(question), value=Code(raw)),
             buttons=((turn.button(_("✓ Yes, save it"), Action.TYPED, f"{SAVE_TYPED}:{raw}"),
                       turn.button(_("❓ No, it is a question"), Action.TYPED, f"{ASK_TYPED}:{raw}")),))
    return True


async def on_typed(turn: TurnCore, data: ButtonData) -> bool:
    """A press of "Is this your answer?" on the latest prompt: taken at a question only."""
    flow = turn.current_flow()
    if turn.conv.step != Step.ASK or flow is None:
        return False
    await on_choice(turn, flow, data)
    return True


async def on_choice(turn: TurnCore, flow: Flow, data: ButtonData) -> None:
    """One of the two buttons of "Is this your answer?"."""
    kind, _sep, raw = data.arg.partition(":")
    question = flow.question(turn.conv.question or "")
    if question is None or not raw:
        await turn.prompt_current()
    elif kind == ASK_TYPED:
        await answer_command(turn, raw)  # the answer, then the field again
    else:
        result = (await turn.check(flow, question, raw)).result or Accepted(raw)  # a free-text field: a result
        if isinstance(result, Accepted):
            await turn.accept(flow, question, result)
        else:
            await turn.reject(flow, question, result)

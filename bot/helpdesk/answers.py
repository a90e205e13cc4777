"""Answers from the FAQ in the chat, at any point of any flow, without losing the user's place.

When typed text is answered here (the interception rule):

* in the main menu (or after a flow is done) any text the FAQ has answers for, and any question;
* during a question of a flow only text that looks like a question (bot/helpdesk/questions.py) AND that
  the current question would refuse: a typed answer the question's rule accepts (or a choice it
  matches) always goes to the dialog; nothing is ever taken from a password question;
* on the other steps (language, privacy notice, summary, review, documents tab) only questions.

A clear match is shown as its answer card, near misses as up to three buttons, nothing as an offer of a
person; then "did this help?" and the user's current question again. During a question, when the FAQ has
nothing, the dialog still answers with its own fix-it message after the offer of a person.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from bot.engine.core import TurnCore
from bot.engine.state import Action, Step
from bot.faq.cards import answer_card
from bot.faq.scope import out_of_scope
from bot.faq.search import Hit, search
from bot.faq.store import default_knowledge_base
from bot.faq.text import detect_locale
from bot.helpdesk.common import desk_button, parse_int
from bot.helpdesk.config import desk_of
from bot.helpdesk.questions import looks_like_question, redact
from bot.helpdesk.records import DeskBook
from bot.i18n import Msg, _, verbatim

if TYPE_CHECKING:
    from bot.engine.events import Button

CONTACTS_ENTRY = "help-desk-contacts"  # offered instead of a person when the bot has no staff group
MAX_RUNNER_UPS = 2  # answers offered after 👎, before a person
MENU_STEPS = (Step.MENU, Step.DONE)


class Verdict(Enum):
    ACCEPTED = "accepted"  # the current question takes this text as its answer
    REFUSED = "refused"  # the current question would refuse it
    HANDS_OFF = "hands_off"  # never look at it (a password question)


def book_of(turn: TurnCore) -> DeskBook:
    return DeskBook(turn.store)


async def judge(turn: TurnCore, text: str) -> Verdict:
    """What the pending question of a flow would do with ``text``: the dialog's own check (``TurnCore.check``,
    worked out once for both)."""
    flow = turn.current_flow()
    question = flow.question(turn.conv.question or "") if flow is not None else None
    if flow is None or question is None:
        return Verdict.REFUSED
    if question.ephemeral:
        return Verdict.HANDS_OFF
    try:
        checked = await turn.check(flow, question, text)
    except Exception:  # a broken rule is the dialog's to report: never intercept on its account
        return Verdict.ACCEPTED
    return Verdict.REFUSED if checked.refused else Verdict.ACCEPTED


async def note_rejection(turn: TurnCore) -> None:
    """The dialog is about to refuse a typed answer: keep the field's key (never the value) for staff."""
    if turn.conv.flow and turn.conv.question:
        await book_of(turn).note_rejected(turn.user.id, f"{turn.conv.flow}:{turn.conv.question}")


async def intercept(turn: TurnCore, text: str) -> bool:
    """Answer ``text`` from the FAQ when the rule of the module docstring says so; True when answered."""
    if not text.strip():
        return False
    step = Step(turn.conv.step)
    if step is Step.ASK and turn.current_flow() is not None:
        verdict = await judge(turn, text)
        if verdict is not Verdict.REFUSED:
            return False
        if not looks_like_question(text):
            await note_rejection(turn)
            return False
        hits = search(text, fallback_locale=turn.locale)
        if not hits:  # the dialog's fix-it message follows the offer of a person
            await note_rejection(turn)
            await say_unanswered(turn, text)
            return False
        await show_hits(turn, text, hits)
        await turn.prompt_current()
        return True
    question = looks_like_question(text)
    if step in MENU_STEPS or question:
        hits = search(text, fallback_locale=turn.locale)
        if hits:
            await show_hits(turn, text, hits)
        elif question:
            await say_unanswered(turn, text)
        else:
            return False  # "hello" in the menu: the dialog's own answer
        await turn.prompt_current()
        return True
    return False


async def answer_command(turn: TurnCore, query: str) -> None:
    """/ask QUERY: the same answers, whatever the step; then the current question again."""
    if not query.strip():
        turn.say(_("Type your question after /ask, for example: /ask how long does processing take?"))
        return
    hits = search(query, fallback_locale=turn.locale)
    if hits:
        await show_hits(turn, query, hits)
    else:
        await say_unanswered(turn, query)
    await turn.prompt_current()


async def show_hits(turn: TurnCore, query: str, hits: list[Hit]) -> None:
    book = book_of(turn)
    if hits[0].strong:
        ask = await book.record_ask(turn.user.id, hits[0].locale, "answered", hits[0].entry.id)
        show_card(turn, ask.id, hits[0].entry.id, hits[0].locale, [hit.entry.id for hit in hits[1:]])
        return
    ask = await book.record_ask(turn.user.id, hits[0].locale, "suggested", None)
    rows: list[tuple[Button, ...]] = [
        (desk_button(verbatim(answer_card(hit.entry, hit.locale).short_title()), Action.FAQ,
                     f"{ask.id}:{hit.entry.id}"),) for hit in hits]
    rows.append((person_button(turn, ask.id),))
    turn.say(_("These answers may fit your question; tap one:"), buttons=tuple(rows))


def runner_up_code(entry_ids: list[str]) -> str:
    """Runner-up entries packed into a 👎 button as their positions in the knowledge base ("4,17"): entry ids
    would not fit Telegram's 64 bytes of callback data."""
    positions = {entry.id: position for position, entry in enumerate(default_knowledge_base())}
    return ",".join(str(positions[entry_id]) for entry_id in entry_ids[:MAX_RUNNER_UPS] if entry_id in positions)


def runner_ups_of(code: str) -> list[str]:
    """The entry ids of a :func:`runner_up_code` (positions out of range, e.g. after a data update, dropped)."""
    entries = default_knowledge_base().entries
    positions = [parse_int(part) for part in code.split(",")[:MAX_RUNNER_UPS]]
    return [entries[position].id for position in positions if position is not None and 0 <= position < len(entries)]


def show_card(turn: TurnCore, ask_id: int, entry_id: str, locale: str, runner_ups: list[str] | None = None) -> bool:
    entry = default_knowledge_base().get(entry_id)
    if entry is None:
        return False
    card = answer_card(entry, locale)
    buttons: tuple[tuple[Button, ...], ...] = ()
    parts: tuple[Msg, ...] = card.parts
    if ask_id:
        parts = (*parts, _("Did this answer help?"))
        buttons = ((desk_button(_("👍 Yes"), Action.FEEDBACK, f"{ask_id}:y"),
                    desk_button(_("👎 No"), Action.FEEDBACK, f"{ask_id}:n:{runner_up_code(runner_ups or [])}")),)
    turn.say(*parts, buttons=buttons)
    return True


def person_button(turn: TurnCore, ask_id: int | None) -> Button:
    """"Ask a person", or, without a staff group, the answer that says how to reach the Gold Card Office."""
    if desk_of(turn).reachable:
        return desk_button(_("💬 Ask a person"), Action.HUMAN, str(ask_id or ""))
    return desk_button(_("☎️ Contact the Gold Card Office"), Action.FAQ, f"0:{CONTACTS_ENTRY}")


async def say_unanswered(turn: TurnCore, query: str) -> None:
    locale = detect_locale(query, turn.locale)
    if out_of_scope(query):  # not a Gold Card question at all: say so, and who else may help
        await book_of(turn).record_ask(turn.user.id, locale, "off_topic", None)
        turn.say(_("That is not my area: I only know the Employment Gold Card and its application."),
                 _("For other questions about life in Taiwan, the Gold Card Office may point you to the right "
                   "place:"),
                 buttons=((desk_button(_("☎️ Contact the Gold Card Office"), Action.FAQ, f"0:{CONTACTS_ENTRY}"),),))
        return
    ask = await book_of(turn).record_ask(turn.user.id, locale, "unanswered", None, redact(query))
    if desk_of(turn).reachable:
        tail = _("A person from the help desk can answer it: tap below, or send /human.")
    else:
        tail = _("The Gold Card Office can answer it: tap below to see how to reach them.")
    turn.say(_("I have no answer to that in my knowledge base."), tail, buttons=((person_button(turn, ask.id),),))


async def on_answer_button(turn: TurnCore, arg: str) -> None:
    """An answer picked among the suggestions (or the Gold Card Office's contacts)."""
    ask_text, _sep, entry_id = arg.partition(":")
    ask_id = parse_int(ask_text) or 0
    ask = await book_of(turn).ask_of(ask_id, turn.user.id) if ask_id else None
    locale = ask.locale if ask is not None else turn.locale
    if ask is not None and ask.outcome == "suggested":
        ask.entry_id = entry_id[:64]
    if not show_card(turn, ask.id if ask is not None else 0, entry_id, locale):
        turn.say(_("That answer is no longer available. Please ask again."))
    await turn.prompt_current()


async def on_feedback(turn: TurnCore, arg: str) -> None:
    ask_text, _sep, rest = arg.partition(":")
    verdict, _sep, code = rest.partition(":")
    ask_id = parse_int(ask_text)
    ask = await book_of(turn).ask_of(ask_id, turn.user.id) if ask_id else None
    if ask is None:
        return
    ask.helpful = verdict == "y"
    if ask.helpful:
        turn.say(_("Thank you for telling me."))
    else:  # first the answers that came next, then a person
        rows: list[tuple[Button, ...]] = [
            (desk_button(verbatim(answer_card(entry, ask.locale).short_title()), Action.FAQ, f"{ask.id}:{entry.id}"),)
            for entry_id in runner_ups_of(code) if (entry := default_knowledge_base().get(entry_id)) is not None]
        text = _("Sorry it did not help. Perhaps one of these answers fits; if not, ask a person:") if rows else \
            _("Sorry it did not help.")
        turn.say(text, buttons=(*rows, (person_button(turn, ask.id),)))

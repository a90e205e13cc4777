"""The router: which part of the turn an event goes to. Commands go to the registry
(:mod:`bot.engine.commands`); button presses are looked up in tables keyed by action (at any step) and by
step and action; typed text and files go to the features' hooks first, then to the step's screen or the
question. Nothing here renders or answers: the handlers do.

Presses are taken in this order: :data:`ANY_MESSAGE` (the language, a retention warning's "keep") and the
features' ``on_press`` hooks, valid on any message; then a press on an outdated message is refused with a
toast; then :data:`ANY_STEP` and the features' actions, the step's screen, :data:`AT_STEP`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from bot.engine import applicants, edit_in_place, keyboards, review, screens
from bot.engine.answering import Answering
from bot.engine.commands import choose_language, run_command, show_help
from bot.engine.core import ActionHandler, TurnCore
from bot.engine.events import Event, EventKind
from bot.engine.flow import Flow
from bot.engine.state import Action, ButtonData, Step
from bot.i18n import LANGUAGE_NAMES, _
from storage.models import utcnow

FlowHandler = Callable[[Answering, Flow, ButtonData], Awaitable[None]]


async def _menu(turn: TurnCore, data: ButtonData) -> bool:
    if data.arg == keyboards.OTHER_FLOWS:
        await keyboards.show_other_flows(turn)
    else:
        await turn.show_menu()
    return True


async def _applicants(turn: TurnCore, data: ButtonData) -> bool:
    await applicants.show_applicants(turn)
    return True


async def _applicant(turn: TurnCore, data: ButtonData) -> bool:
    await applicants.on_applicant(turn, data.arg)
    return True


async def _help(turn: TurnCore, data: ButtonData) -> bool:
    await show_help(turn)
    return True


async def _open(turn: TurnCore, data: ButtonData) -> bool:
    if data.arg not in turn.flows:
        return False
    await turn.open_flow(turn.flows[data.arg])
    return True


async def _review(turn: TurnCore, data: ButtonData) -> bool:
    await review.show_review(turn)
    return True


async def _language(turn: TurnCore, data: ButtonData) -> bool:
    if data.arg:
        await turn.set_language(data.arg)
    else:
        await choose_language(turn, card=data.card)  # from the menu: the menu's message becomes the picker
    return True


async def _keep_draft(turn: TurnCore, data: ButtonData) -> bool:
    """From a retention warning: only the presser's own draft."""
    draft = await turn.store.draft(data.arg, turn.user.id)
    if draft is not None:
        draft.updated_at = utcnow()
        turn.say(_("Kept: «{label}» stays.", label=turn.store.label(draft)))
    await turn.prompt_current()
    return True


# actions valid on any message, old ones too (features add theirs: Feature.on_press)
ANY_MESSAGE: Mapping[str, ActionHandler] = {
    Action.LANGUAGE: _language,  # it changes nothing else
    Action.KEEP_DRAFT: _keep_draft,
}

# actions on the latest prompt at any step (features add theirs: Feature.actions)
ANY_STEP: Mapping[str, ActionHandler] = {
    Action.MENU: _menu,
    Action.APPLICANTS: _applicants,
    Action.APPLICANT: _applicant,
    Action.HELP: _help,
    Action.OPEN: _open,
    Action.REVIEW: _review,
}


async def _back_from_pick(turn: Answering, flow: Flow, data: ButtonData) -> None:
    returning = turn.conv.return_to
    turn.conv.return_to = None
    if returning == Step.REVIEW:
        await review.show_review(turn)
    else:
        await turn.show_summary(flow)


async def _edit(turn: Answering, flow: Flow, data: ButtonData) -> None:
    await turn.edit(flow, data.arg)


# actions at a step of a flow's questions (the flow is the current one)
AT_STEP: Mapping[tuple[Step, str], FlowHandler] = {
    (Step.ASK, Action.CHOICE): lambda turn, flow, data: turn.choose(flow, data.arg),
    (Step.ASK, Action.BACK): lambda turn, flow, data: turn.go_back(flow),
    (Step.ASK, Action.KEEP): lambda turn, flow, data: turn.keep(flow),
    (Step.ASK, Action.SKIP): lambda turn, flow, data: turn.skip(flow),
    (Step.ASK, Action.SUGGEST): lambda turn, flow, data: turn.suggest(flow, data.arg),
    (Step.ASK, Action.REUSE): lambda turn, flow, data: turn.reuse(flow),
    (Step.CONFIRM, Action.CONFIRM): lambda turn, flow, data: turn.confirm(flow),
    (Step.CONFIRM, Action.EDIT): _edit,
    (Step.BLOCKED, Action.EDIT): _edit,
    (Step.PICK_EDIT, Action.EDIT): _edit,
    (Step.PICK_EDIT, Action.BACK): _back_from_pick,
}


async def run(turn: Answering, event: Event) -> None:
    """Apply one user event."""
    if event.kind is EventKind.COMMAND:
        await run_command(turn, event.command, event.args)
    elif event.kind is EventKind.BUTTON:
        before = edit_in_place.before_press(turn)
        await on_button(turn, event.button)
        turn.pressed_edit = await edit_in_place.edit_after_press(turn, before, event)
    elif event.kind is EventKind.FILE:
        await on_file(turn, event)
    else:
        await on_text(turn, event.text)


async def staff_event(turn: TurnCore, event: Event) -> bool:
    """An event from the staff group, taken by a feature (the help desk); False when it is not one."""
    for feature in turn.services.features:
        if await feature.on_staff_event(turn, event):
            return True
    return False


async def on_file(turn: TurnCore, event: Event) -> None:
    for feature in turn.services.features:  # a draft to import, a screenshot for the help desk
        if await feature.on_file(turn, event):
            return
    current = turn.current_flow()
    if current is not None and current.screen is not None and turn.conv.step == Step.SCREEN:
        await current.screen.receive(turn, current, turn.prepared)
        return
    taker = next((flow for flow in turn.flows.values() if flow.screen and flow.screen.takes_files), None)
    if taker is None or taker.screen is None:
        turn.say(_("Thanks for the file. Documents are collected in the documents step; "
                   "I will ask for each one there."))
        await turn.prompt_current()
    else:
        await taker.screen.receive(turn, taker, turn.prepared)


async def on_text(turn: Answering, text: str) -> None:
    for feature in turn.services.features:  # a message for staff, a question for the FAQ
        if await feature.on_text(turn, text):
            return
    step = Step(turn.conv.step)
    asked = turn.current_question()
    if asked is not None:
        await turn.answer_text(*asked, text)
    elif await screens.screen_at(step).text(turn, text):
        return
    elif step is Step.LANGUAGE:
        chosen = next((code for code, name in LANGUAGE_NAMES.items()
                       if text.strip().lower() in (name.lower(), code.lower())), None)
        if chosen:
            await turn.set_language(chosen)
        else:
            turn.say(_("Please choose your language with the buttons."), buttons=turn.language_buttons())
    elif step in (Step.CONFIRM, Step.PICK_EDIT, Step.BLOCKED, Step.REVIEW):
        turn.say(_("Please use the buttons below the latest message."))
        await turn.prompt_current()
    else:
        turn.say(_("I did not understand that. Please choose from the menu, or send /help."))
        await turn.show_menu()


async def on_button(turn: Answering, data: str) -> None:
    parsed = ButtonData.parse(data)
    if parsed is None:
        turn.say(_("I could not read that button. Here is where you are:"))
        await turn.prompt_current()
        return
    any_message = ANY_MESSAGE.get(parsed.action)
    if any_message is not None and await any_message(turn, parsed):
        return
    for feature in turn.services.features:  # answer cards, "ask a person", a reminder's Cancel: any message
        if await feature.on_press(turn, parsed):
            return
    if not turn.is_current(parsed):
        turn.toast = edit_in_place.OUTDATED_TOAST
        return
    await apply_action(turn, parsed)


async def apply_action(turn: Answering, data: ButtonData) -> None:
    """A press on the latest prompt: the tables, in order (see the module's docstring)."""
    step = Step(turn.conv.step)
    handler = ANY_STEP.get(data.action)
    for feature in turn.services.features:
        handler = feature.actions().get(data.action, handler)
    if handler is not None and await handler(turn, data):
        return
    if await screens.screen_at(step).act(turn, data):
        return
    flow = turn.current_flow()
    if flow is None:
        await turn.show_menu()
        return
    at_step = AT_STEP.get((step, data.action))
    if at_step is not None:
        await at_step(turn, flow, data)
        return
    turn.say(_("That button does not fit this step. Here is where you are:"))
    await turn.prompt_current()

"""Several applicants per user: the platform's employer and agency roles (seed 000 STEP 4) apply for
others, so a user keeps one named draft per applicant, lists them, switches, adds, and starts one over.

Every read of answers goes through the conversation's current draft and the owner check in storage,
so nothing of one draft ever shows in another.
"""

from __future__ import annotations

from bot.engine.core import TurnCore
from bot.engine.effects import DeleteFiles, referenced_files
from bot.engine.events import Button
from bot.engine.state import Action, Step
from bot.i18n import _, verbatim

MAX_LABEL = 60


async def show_applicants(turn: TurnCore) -> None:
    turn.conv.step = Step.MENU
    turn.new_prompt()
    current = await turn.draft()
    rows: list[tuple[Button, ...]] = []
    for draft in await turn.store.drafts_of(turn.user.id):
        mark = "● " if draft.id == current.id else "○ "
        rows.append((turn.button(verbatim(mark + turn.store.label(draft)), Action.APPLICANT, draft.id),))
    rows.append((turn.button(_("➕ New applicant"), Action.APPLICANT, "new"),))
    rows.append((turn.button(_("🗑 Start this applicant over"), Action.APPLICANT, "reset"),))
    rows.append((turn.button(_("Main menu"), Action.MENU),))
    turn.say(_("Applicants: one draft each. Employers and agencies can prepare several; nothing of one "
               "draft shows in another. Now working on: {label}", label=turn.store.label(current)),
             buttons=tuple(rows), card=True)


async def on_applicant(turn: TurnCore, arg: str) -> None:
    if arg == "new":
        turn.conv.step = Step.NAME_DRAFT
        turn.new_prompt()
        turn.say(_("Type a name for the new applicant (only for your list, e.g. the employee's name)."),
                 buttons=((turn.button(_("Main menu"), Action.MENU),),))
    elif arg == "reset":
        turn.new_prompt()
        turn.say(_("Start {label} over? Every answer of this applicant is deleted; other applicants are kept.",
                   label=turn.store.label(await turn.draft())),
                 buttons=((turn.button(_("🗑 Yes, start over"), Action.APPLICANT, "reset-yes"),),
                          (turn.button(_("Keep the answers"), Action.APPLICANT, "list"),)))
    elif arg == "reset-yes":
        draft = await turn.draft()
        turn.effects.append(DeleteFiles(turn.user.id, tuple(referenced_files(await turn.sections()))))
        turn.store.set_answers(draft, {})
        turn.forget_answers()
        turn.reset_position()
        turn.say(_("{label} starts over: all answers were deleted.", label=turn.store.label(draft)))
        await turn.show_menu()
    elif arg == "list":
        await show_applicants(turn)
    else:
        chosen = await turn.store.draft(arg, turn.user.id)
        if chosen is None:  # not this user's draft, or gone
            await show_applicants(turn)
            return
        turn.switch_draft(chosen)
        turn.say(_("Now working on: {label}", label=turn.store.label(chosen)))
        await turn.show_menu()


async def name_new_draft(turn: TurnCore, text: str) -> None:
    label = " ".join(text.split())
    if not label or len(label) > MAX_LABEL or not any(ch.isalnum() for ch in label):
        turn.say(_("Please type a name of 1 to {limit} characters.", limit=MAX_LABEL))
        return
    draft = await turn.store.create_draft(turn.user.id, label)
    turn.switch_draft(draft)
    turn.say(_("Added {label}. Now working on this applicant.", label=label))
    await turn.show_menu()

"""The privacy notice and consent before the first personal question (Taiwan's Personal Data Protection Act
art. 8; GDPR alike): who collects, for what, which data, how long, who receives it, the user's rights and
what happens if they decline. Consent is recorded with the notice version. The engine's own screen at
``Step.CONSENT``; /privacy, /mydata and /delete are the privacy feature's (:mod:`bot.engine.privacy`).
"""

from __future__ import annotations

from bot.engine.core import TurnCore
from bot.engine.state import Action, Step
from bot.i18n import Msg, _
from storage.models import utcnow

NOTICE_VERSION = "2026-11-21"


def notice(turn: TurnCore) -> tuple[Msg, ...]:
    return (
        _("🔒 Before I ask for personal data: how I handle it"),
        _("Who: {operator}, the operator of this bot. It is not the National Immigration Agency: nothing is "
          "sent to the government; you copy your draft into the platform yourself.", operator=turn.options.operator),
        _("What and why: the answers you give (names, passport and birth data, contact details, addresses, "
          "your qualifications) and the documents you upload, only to prepare your Gold Card application, "
          "check it, export it and remind you of your deadlines."),
        _("How long: until you delete it. A draft untouched for {days} days is deleted; I warn you a week "
          "before. Stored data is encrypted.", days=turn.options.retention_days),
        _("Who sees it: nobody else. When you ask for a person, help-desk staff see a summary without your "
          "passport number or other personal details unless you agree to share them."),
        _("Your rights: /mydata shows what is stored, any answer can be changed, /delete erases everything at "
          "any time. If you decline, nothing personal is stored; you can still use the opening questions and "
          "ask questions."),
    )


async def show_notice(turn: TurnCore, then_flow: str | None) -> None:
    turn.conv.step = Step.CONSENT
    if then_flow:
        turn.conv.flow = then_flow
    turn.new_prompt()
    turn.say(*notice(turn), buttons=(
        (turn.button(_("✅ I agree"), Action.CONSENT, "yes"),),
        (turn.button(_("No, thanks"), Action.CONSENT, "no"),),
    ))


async def answer_consent(turn: TurnCore, agree: bool) -> None:
    if agree:
        turn.user.consent_at = utcnow()
        turn.user.consent_version = NOTICE_VERSION
        turn.say(_("Thank you. You can read this again with /privacy."))
        flow = turn.current_flow()
        if flow is not None:
            await turn.open_flow(flow)
        else:
            await turn.show_menu()
        return
    turn.say(_("Understood: I will not ask for personal data. You can still go through the opening questions "
               "and ask me anything. If you change your mind, send /privacy."))
    await turn.show_menu()



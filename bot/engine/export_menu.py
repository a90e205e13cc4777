"""/export as one message with buttons: the PDF, the ZIP, the copy sheet (each value with a tap-to-copy
button) and a link to the official platform. Each file is built when its button is pressed, after the
turn's commit and outside its transaction (:mod:`bot.engine.effects`; the door shows "sending a file…"
meanwhile); the buttons stay valid on any later message, as they change nothing.
"""

from __future__ import annotations

from bot.dialogs.registration import PLATFORM_URL
from bot.engine.core import TurnCore
from bot.engine.effects import PDF, SHEET, ZIP, BuildExport
from bot.engine.events import Button
from bot.engine.state import Action, ButtonData
from bot.export.sheet import build_sheet
from bot.forms.draft_io import to_draft
from bot.forms.verdict_text import NO_REFUND, verdict_lines
from bot.i18n import Msg, _

EXPORT_TOKEN = "x"  # export buttons are valid on any message


def export_button(label: Msg, part: str) -> Button:
    return Button(label, ButtonData(EXPORT_TOKEN, Action.EXPORT, part).encode())


async def show_export(turn: TurnCore) -> None:
    """The one export message: the verdict (the same lines as the review card, /status and the files: what
    is missing, what to fix, the open notes), the no-refund warning, and a button per part."""
    sections = await turn.sections()
    try:
        draft = to_draft(sections)
    except ValueError:
        turn.say(_("Some stored answers no longer fit the platform's form; check the tabs again."))
        return
    sheet = build_sheet(draft, turn.today)
    label = turn.store.label(await turn.draft())
    turn.say(_("📤 Export: {label}", label=label), *verdict_lines(sheet.verdict, turn.locale), NO_REFUND,
             _("Choose what you need: the copy sheet shows every value with a button that copies it; the ZIP holds "
               "the PDF, the draft (JSON) and your converted documents."),
             buttons=((export_button(_("📄 PDF"), PDF), export_button(_("🗜 ZIP"), ZIP)),
                      (export_button(_("📋 Copy sheet"), SHEET),
                       Button(_("🌐 Open the platform"), "", url=PLATFORM_URL)),
                      *turn.feature_rows()), card=True)  # the copy desk's button, when it is on


async def send_part(turn: TurnCore, part: str) -> None:
    """One part of the export, as its button asked: built after the commit, outside the transaction
    (:class:`~bot.engine.effects.BuildExport`), from the answers as this turn read them."""
    sections = await turn.sections()
    try:
        to_draft(sections)
    except ValueError:
        turn.say(_("Some stored answers no longer fit the platform's form; check the tabs again."))
        return
    turn.effects.append(BuildExport(turn.user.id, part if part in (PDF, ZIP, SHEET) else PDF, sections, turn.locale,
                                    turn.today, turn.store.label(await turn.draft())))

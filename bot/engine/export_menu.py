"""/export as one message with buttons: the PDF, the ZIP, the copy sheet (each value with a tap-to-copy
button) and a link to the official platform. Each file is built when its button is pressed (the door
shows "sending a file…" meanwhile); the buttons stay valid on any later message, as they change nothing.
"""

from __future__ import annotations

from bot.dialogs.registration import PLATFORM_URL
from bot.engine.copy_buttons import with_copy_buttons
from bot.engine.core import TurnCore
from bot.engine.events import Attachment, Button, Reply
from bot.engine.state import Action, ButtonData
from bot.export.bundle import export_of_sections
from bot.export.chat import copy_sheet_replies
from bot.export.sheet import build_sheet
from bot.forms.draft_io import to_draft
from bot.forms.verdict_text import NO_REFUND, verdict_lines
from bot.i18n import Msg, _

EXPORT_TOKEN = "x"  # export buttons are valid on any message
PDF, ZIP, SHEET = "pdf", "zip", "sheet"


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
                      *turn.feature_rows()))  # the copy desk's button, when it is on


async def send_part(turn: TurnCore, part: str) -> None:
    """One part of the export, as its button asked."""
    sections = await turn.sections()
    try:
        application = to_draft(sections)
    except ValueError:
        turn.say(_("Some stored answers no longer fit the platform's form; check the tabs again."))
        return
    if part == SHEET:
        turn.replies.extend(with_copy_buttons(reply) for reply in
                            copy_sheet_replies(application, turn.locale, turn.today))
        return
    files = turn.services.files

    def read(sha256: str) -> bytes:
        if files is None:
            raise KeyError(sha256)
        return files.get(turn.user.id, sha256)

    bundle = await turn.services.cpu(export_of_sections, sections, read=read, locale=turn.locale,
                                     today=turn.today, label=turn.store.label(await turn.draft()))
    attachment = (Attachment(bundle.zip, bundle.zip_name, "application/zip") if part == ZIP else
                  Attachment(bundle.pdf, "copy-sheet.pdf", "application/pdf"))
    turn.replies.append(Reply(parts=(), attachments=(attachment,)))

"""/export as one message with buttons: the PDF, the ZIP, the copy sheet (each value with a tap-to-copy
button) and a link to the official platform. Each file is built when its button is pressed (the door
shows "sending a file…" meanwhile); the buttons stay valid on any later message, as they change nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from bot.dialogs.draft_io import to_draft
from bot.engine.events import Attachment, Button, Reply
from bot.engine.state import Action, ButtonData
from bot.export.bundle import export_of_sections
from bot.export.chat import copy_sheet_replies
from bot.export.sheet import build_sheet
from bot.flows.registration import PLATFORM_URL
from bot.i18n import Code, Msg, _, verbatim

if TYPE_CHECKING:
    from bot.engine.turn import Turn

EXPORT_TOKEN = "x"  # export buttons are valid on any message
PDF, ZIP, SHEET = "pdf", "zip", "sheet"
MAX_COPY_TEXT = 256  # Bot API: CopyTextButton.text is 1-256 characters


def export_button(label: Msg, part: str) -> Button:
    return Button(label, ButtonData(EXPORT_TOKEN, Action.EXPORT, part).encode())


async def show_export(turn: Turn) -> None:
    """The one export message: where the draft stands, and a button per part."""
    sections = await turn.sections()
    try:
        draft = to_draft(sections)
    except ValueError:
        turn.say(_("Some stored answers no longer fit the platform's form; check the tabs again."))
        return
    sheet = build_sheet(draft, turn.today)
    label = turn.store.label(await turn.draft())
    if sheet.complete:
        status = _("✅ Complete: every answer the platform asks for is here.")
    else:
        status = _("⚠️ INCOMPLETE: not ready to submit. {missing} answer(s) missing, {invalid} to fix.",
                   missing=len(sheet.missing), invalid=len(sheet.invalid))
    turn.say(_("📤 Export: {label}", label=label), status,
             _("Choose what you need: the copy sheet shows every value with a button that copies it; the ZIP holds "
               "the PDF, the draft (JSON) and your converted documents."),
             buttons=((export_button(_("📄 PDF"), PDF), export_button(_("🗜 ZIP"), ZIP)),
                      (export_button(_("📋 Copy sheet"), SHEET),
                       Button(_("🌐 Open the platform"), "", url=PLATFORM_URL))))


async def send_part(turn: Turn, part: str) -> None:
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


def with_copy_buttons(reply: Reply) -> Reply:
    """``reply`` with a tap-to-copy button for each value it shows (two to a row), labelled by the field."""
    buttons = [Button(label, "", copy_text=value) for label, value in copy_values(reply.parts)]
    if not buttons:
        return reply
    rows = tuple(tuple(buttons[i:i + 2]) for i in range(0, len(buttons), 2))
    return Reply(parts=reply.parts, buttons=(*reply.buttons, *rows), attachments=reply.attachments)


def copy_values(parts: tuple[Msg, ...]) -> Iterator[tuple[Msg, str]]:
    """(label, exact value) of every line ``{label}: {value}`` whose value is shown as code."""
    for part in parts:
        yield from _lines(part)


def _lines(message: Msg) -> Iterator[tuple[Msg, str]]:
    label = message.params.get("label")
    value = _code(message.params.get("value"))
    if label is not None and value is not None and 0 < len(value) <= MAX_COPY_TEXT:
        yield (label if isinstance(label, Msg) else verbatim(str(label))), value
        return
    for param in message.params.values():
        if isinstance(param, Msg):
            yield from _lines(param)


def _code(value: Any) -> str | None:
    if isinstance(value, Code):
        return value.value
    if isinstance(value, Msg):
        return next((found for param in value.params.values() if (found := _code(param)) is not None), None)
    return None

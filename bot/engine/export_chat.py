"""/export and import in the chat: the copy sheet tab by tab (tap a value to copy it), the PDF and the
ZIP (PDF, JSON and the converted documents) as files; a draft.json sent in the chat becomes a new
applicant's draft, checked by the shared rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.dialogs.draft_io import to_draft
from bot.engine.events import Attachment, Reply
from bot.export.bundle import export_of_sections
from bot.export.chat import copy_sheet_replies
from bot.export.json_file import ImportRefused, read_export
from bot.i18n import _, render
from bot.webapp.chat import desk_buttons

if TYPE_CHECKING:
    from bot.engine.turn import Turn

async def send_export(turn: Turn) -> None:
    sections = await turn.sections()
    draft = await turn.draft()
    label = turn.store.label(draft)
    try:
        application = to_draft(sections)
    except ValueError:
        turn.say(_("Some stored answers no longer fit the platform's form; check the tabs again."))
        return
    files = turn.services.files

    def read(sha256: str) -> bytes:
        if files is None:
            raise KeyError(sha256)
        return files.get(turn.user.id, sha256)

    bundle = await turn.services.cpu(export_of_sections, sections, read=read, locale=turn.locale,
                                     today=turn.today, label=label)
    turn.replies.extend(copy_sheet_replies(application, turn.locale, turn.today))
    note = (_("Your export: the copy sheet (PDF) and a ZIP with the PDF, the draft (JSON) and your converted "
              "documents. Send the draft.json back to me on another device to continue there.")
            if bundle.complete else
            _("Your export, marked INCOMPLETE: the PDF lists what is still missing. The ZIP holds the PDF, the "
              "draft (JSON) and your converted documents."))
    turn.replies.append(Reply(parts=(note,), buttons=desk_buttons(turn), attachments=(
        Attachment(bundle.pdf, "copy-sheet.pdf", "application/pdf"),
        Attachment(bundle.zip, bundle.zip_name, "application/zip"),
    )))


async def import_file(turn: Turn, data: bytes) -> None:
    """A draft.json from an export (this bot's, from another device or a help-desk colleague)."""
    try:
        exported = read_export(data)
    except ImportRefused as refused:
        turn.say(refused.message)
        await turn.prompt_current()
        return
    from bot.dialogs.draft_io import to_sections
    from bot.export.import_check import refused_note, screen

    checked, left_out = screen(exported.draft, turn.today)
    label = exported.label or render(_("Imported draft"), turn.locale)
    draft = await turn.store.create_draft(turn.user.id, label)
    sections: dict[str, Any] = to_sections(checked)
    # a draft.json lists the uploaded files by name, it does not hold them: nothing is ready until sent here
    listed = sections["documents"].pop("files", None) if isinstance(sections.get("documents"), dict) else None
    turn.store.set_answers(draft, sections)
    turn.switch_draft(draft)
    turn.say(_("Imported «{label}» as a new applicant; your other drafts are unchanged. Now working on it.",
               label=label))
    if listed:
        turn.say(_("The draft names its uploaded files but does not carry them: send the documents again in "
                   "文件上傳 (Documents) before you export."))
    if left_out:
        turn.say(refused_note(left_out, turn.locale))
    await turn.show_menu()

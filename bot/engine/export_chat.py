"""Import in the chat: a draft.json sent in the chat becomes a new applicant's draft, checked by the shared
rules (the export itself is one message with its parts as buttons: :mod:`bot.engine.export_menu`).
"""

from __future__ import annotations

from typing import Any

from bot.engine.core import TurnCore
from bot.export.import_check import refused_note, screen
from bot.export.json_file import ImportRefused, read_export
from bot.forms.draft_io import to_sections
from bot.i18n import _, render


async def import_file(turn: TurnCore, data: bytes) -> None:
    """A draft.json from an export (this bot's, from another device or a help-desk colleague)."""
    try:
        exported = read_export(data)
    except ImportRefused as refused:
        turn.say(refused.message)
        await turn.prompt_current()
        return
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

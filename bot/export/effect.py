"""The export's part of a committed turn (:class:`bot.engine.effects.BuildExport`), made after the commit,
outside any transaction: the copy sheet as messages with copy buttons, or the PDF or ZIP as one file (built
in a CPU slot). The export feature (:mod:`bot.export.feature`) offers it to the engine."""

from __future__ import annotations

from bot.engine.copy_buttons import with_copy_buttons
from bot.engine.effects import SHEET, ZIP, BuildExport
from bot.engine.events import Attachment, Reply
from bot.engine.intake import Services
from bot.forms.draft_io import to_draft


async def build_export(effect: BuildExport, services: Services) -> tuple[Reply, ...]:
    from bot.export.chat import copy_sheet_replies

    if effect.part == SHEET:
        application = to_draft(effect.sections)
        return tuple(with_copy_buttons(reply) for reply in
                     copy_sheet_replies(application, effect.locale, effect.today))
    from bot.export.bundle import pdf_of_sections, zip_name, zip_of_sections  # lazy for start-up
    files = services.files

    def read(sha256: str) -> bytes:
        if files is None:
            raise KeyError(sha256)
        return files.get(effect.owner_id, sha256)

    build = zip_of_sections if effect.part == ZIP else pdf_of_sections
    data = await services.cpu(build, effect.sections, read=read, locale=effect.locale, today=effect.today,
                              label=effect.label)
    attachment = (Attachment(data, zip_name(effect.today), "application/zip") if effect.part == ZIP else
                  Attachment(data, "copy-sheet.pdf", "application/pdf"))
    return (Reply(parts=(), attachments=(attachment,)),)

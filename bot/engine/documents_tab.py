"""The documents tab (文件上傳): the personal checklist, and taking each document in — photos and PDFs,
several pages made one PDF, every file converted to what the platform accepts.

Uploads live in the documents section under ``_uploads``: per checklist item either the pages received
so far (``{"pages": [sha256 ...]}``, packed pages in the sealed file store) or the finished file
(``{"sha256", "media_type", "size", "pages", "file_name", "warnings", "made_from"}``).
"""

from __future__ import annotations

from typing import Any

from bot.documents.checklist import Checklist, Status, build_checklist, document_facts
from bot.documents.notes import format_size
from bot.documents.results import Converted, DocumentKind, Page
from bot.engine.effects import DeleteFiles
from bot.engine.events import Attachment, Button, Reply
from bot.engine.flow import Answers, Flow, TurnView
from bot.engine.intake import Prepared, document_work
from bot.engine.state import Action, Step
from bot.forms.qualification import documents_for
from bot.forms.qualification import qualification_documents as chosen_documents
from bot.i18n import Msg, _, ngettext, render

MARKS = {Status.MISSING: "⬜", Status.IN_PROGRESS: "⏳", Status.UPLOADED: "✅", Status.NEEDS_FIX: "⚠️"}


def uploads_of(answers: Answers) -> dict[str, Any]:
    value = answers.get("_uploads")
    return dict(value) if isinstance(value, dict) else {}


def pending_pages(upload: Any) -> list[str]:
    """The hashes of the pages received so far for an item (none once it is a finished file)."""
    pages = upload.get("pages") if isinstance(upload, dict) else None
    return [str(sha) for sha in pages] if isinstance(pages, list) else []


def checklist_of(answers: Answers) -> Checklist:
    return build_checklist(answers, uploads_of(answers), qualification_documents)


def qualification_documents(answers: Answers) -> tuple[str, ...] | None:
    """The documents of the route chosen in the qualification check, when there is one."""
    route = answers.get("qualification_route")  # an imported draft stores the route in 領域專長
    documents = (documents_for(route) if isinstance(route, str) else ()) or chosen_documents(answers)
    return tuple(documents) if documents else None


def checklist_lines(answers: Answers) -> tuple[Msg, ...]:
    """The checklist as lines, for the tab and for the review card."""
    checklist = checklist_of(answers)
    warned = sum(1 for entry in checklist.entries if entry.status is Status.NEEDS_FIX)
    lines: list[Msg] = [_("{done} of {total} documents ready.", done=checklist.done - warned,
                          total=len(checklist.entries))]
    if warned:
        lines.append(_("{count} uploaded with a warning still open: read it below, or send a better file.",
                       count=warned))
    for entry in checklist.entries:
        upload = uploads_of(answers).get(entry.item.key, {})
        if entry.status is Status.UPLOADED:
            # the size as every other message prints it (format_size: KB rounded up, MB when large)
            detail = ngettext("{name}: {size}, {count} page", "{name}: {size}, {count} pages",
                              int(upload.get("pages", 1)), name=upload.get("file_name", ""),
                              size=format_size(int(upload.get("size", 0))))
        elif entry.status is Status.IN_PROGRESS:
            detail = ngettext("{count} page received, tap Done when complete",
                              "{count} pages received, tap Done when complete", len(upload.get("pages", [])))
        elif entry.status is Status.NEEDS_FIX:
            detail = entry.reason or _("needs a fix")
        else:
            detail = _("missing")
        lines.append(_("{mark} {name}: {detail}", mark=MARKS[entry.status], name=entry.item.name, detail=detail))
    lines.extend(note.text for note in checklist.notes)
    return tuple(lines)


async def open_documents(turn: TurnView, flow: Flow, before: tuple[Msg, ...] = ()) -> None:
    turn.conv.flow = flow.name
    turn.conv.step = Step.SCREEN
    turn.conv.question = None
    turn.new_prompt()
    answers = await turn.answers(flow)
    checklist = checklist_of(answers)
    rows: list[tuple[Button, ...]] = [
        (turn.button(_("📎 {name}", name=entry.item.name), Action.DOC, entry.item.key),)
        for entry in checklist.entries]
    rows.append((turn.button(_("📋 Review"), Action.REVIEW),))
    turn.say(*before, _("Documents · 文件上傳: your checklist. Tap a document to send it (photos or PDF; several "
                        "photos become one PDF)."), *checklist_lines(answers), buttons=tuple(rows), card=True)


async def ask_upload(turn: TurnView, flow: Flow, key: str, before: tuple[Msg, ...] = ()) -> None:
    item = document_facts().item(key)
    if item is None:
        await open_documents(turn, flow)
        return
    turn.conv.flow = flow.name
    turn.conv.step = Step.SCREEN
    turn.conv.question = key
    turn.new_prompt()
    pending = pending_pages(uploads_of(await turn.answers(flow)).get(key))
    parts: list[Msg] = [*before, _("📎 {name}", name=item.name), item.explanation]
    if item.kind == "photo":
        parts.append(_("Send the photo as a picture or as a file."))
    else:
        parts.append(_("Send a PDF, or photos of the pages one after another (an album works too), then tap Done."))
    rows: list[tuple[Button, ...]] = []
    if pending:
        rows.append((turn.button(ngettext("✅ Done ({count} page)", "✅ Done ({count} pages)", len(pending),
                                          count=len(pending)), Action.DOC_DONE),))
    rows.append((turn.button(_("⬅ Checklist"), Action.DOCS),))
    turn.say(*parts, buttons=tuple(rows))


async def receive(turn: TurnView, flow: Flow, prepared: Prepared | None) -> None:
    """A file arrived while a document is being collected."""
    here = turn.conv.step == Step.SCREEN and turn.conv.flow == flow.name
    key = (turn.conv.question or "") if here else ""
    item = document_facts().item(key)
    if here and item is None:
        await open_documents(turn, flow, before=(_("Which document is this? Tap it in the checklist, then send "
                                                   "the file again."),))
        return
    if item is None:
        turn.say(_("Thanks for the file. Documents are collected in the documents tab (文件上傳), where you pick "
                   "each one from your checklist; I kept your place here."))
        await turn.prompt_current()
        return
    if prepared is None or prepared.failed or turn.services.files is None:
        await ask_upload(turn, flow, key, before=(_("I could not download that file. Please send it again."),))
        return
    if prepared.page is None:
        await ask_upload(turn, flow, key, before=tuple(prepared.refusal.messages))
        return
    sha256 = prepared.page_sha256 or turn.services.files.put(turn.user.id, prepared.page.pack()).sha256
    answers = await turn.answers(flow)
    uploads = uploads_of(answers)
    earlier = uploads.get(key)
    pending = [*pending_pages(earlier), sha256]
    if isinstance(earlier, dict) and isinstance(earlier.get("sha256"), str):  # a new file replaces the finished one
        turn.effects.append(DeleteFiles(turn.user.id, (earlier["sha256"],)))  # once no longer referred to
    uploads[key] = {"pages": pending}
    answers["_uploads"] = uploads
    await turn.save_answers(flow, answers)
    if item.kind == "photo":
        await complete(turn, flow)
        return
    await ask_upload(turn, flow, key, before=(_("Page {count} received: {source}.", count=len(pending),
                                                  source=prepared.page.source.description),))


async def complete(turn: TurnView, flow: Flow) -> None:
    """Done: the pages become one platform-ready file."""
    key = turn.conv.question or ""
    item = document_facts().item(key)
    files = turn.services.files
    answers = await turn.answers(flow)
    uploads = uploads_of(answers)
    pending = pending_pages(uploads.get(key))
    if item is None or files is None or not pending:
        await open_documents(turn, flow)
        return
    from bot.documents.pipeline import finish  # Pillow, pikepdf: loaded with the first document

    kind = DocumentKind.PHOTO if item.kind == "photo" else DocumentKind.DOCUMENT
    owner = turn.user.id

    def load() -> tuple[Any, ...]:  # read outside the transaction, only when the work is done
        return [Page.unpack(files.get(owner, sha)) for sha in pending], kind

    def keep(done: Converted | Any) -> None:  # written outside the transaction, before the commit naming it
        if isinstance(done, Converted):
            files.put(owner, done.data)

    result = document_work(turn.prepared, f"finish:{key}:{','.join(pending)}", finish, load=load, keep=keep)
    turn.effects.append(DeleteFiles(owner, tuple(pending)))  # the pages, once the draft no longer lists them
    if not isinstance(result, Converted):
        uploads.pop(key, None)
        answers["_uploads"] = uploads
        await turn.save_answers(flow, answers)
        await ask_upload(turn, flow, key, before=tuple(result.messages))
        return
    if not files.exists(owner, result.sha256):  # kept when the work was done: written only if it went since
        files.put(owner, result.data)
    uploads[key] = {
        "sha256": result.sha256, "media_type": result.media_type, "size": result.size, "pages": result.pages,
        "file_name": f"{key}{result.extension}",
        "warnings": [{"en": render(note.message, "en"), "zh": render(note.message, "zh_TW")}
                     for note in result.warnings],
    }
    answers["_uploads"] = uploads
    await turn.save_answers(flow, answers)
    if result.preview:
        turn.replies.append(_preview_reply(result))
    await open_documents(turn, flow, before=result.summary())


def _preview_reply(result: Converted) -> Reply:
    return Reply(parts=(), attachments=(Attachment(result.preview or b"", "preview.jpg", result.preview_media_type,
                                                   as_photo=True),))


class DocumentsScreen:
    """The documents tab as a :class:`~bot.engine.flow.Screen`: the checklist, or one item being collected
    (``conversation.question`` = its key)."""

    takes_files = True
    receives_uploads = True  # a file sent on this screen is downloaded (elsewhere: refused before download)
    keeps_pages = True  # its page is stored before the transaction (intake.prepare)

    @staticmethod
    def progress(answers: Answers) -> tuple[int, int]:
        """Documents ready of the checklist's items (for /status)."""
        checklist = checklist_of(answers)
        return checklist.done, len(checklist.entries)

    async def open(self, turn: TurnView, flow: Flow) -> None:
        await open_documents(turn, flow)

    async def prompt(self, turn: TurnView, flow: Flow) -> None:
        if turn.conv.question:
            await ask_upload(turn, flow, turn.conv.question)
        else:
            await open_documents(turn, flow)

    async def receive(self, turn: TurnView, flow: Flow, prepared: Prepared | None) -> None:
        await receive(turn, flow, prepared)

    async def act(self, turn: TurnView, flow: Flow, action: str, arg: str) -> bool:
        if action == Action.DOC:
            await ask_upload(turn, flow, arg)
        elif action == Action.DOC_DONE and turn.conv.question:
            await complete(turn, flow)
        elif action == Action.DOCS:
            await open_documents(turn, flow)
        else:
            return False
        return True


DOCUMENTS_SCREEN = DocumentsScreen()

"""The supplement's files (補正(件) → 文件上傳; seed 003 STEP 11), as a screen of its own, and the copy sheet.

Each file the applicant sends (a PDF, or a photo or scan of a page) goes through the document pipeline like
the documents tab (fetched and checked before the transaction, :mod:`bot.engine.intake`), and becomes one
platform-ready PDF of at most 1024 KB, sealed in the file store. The platform takes at most 5 files: when
there are more, "Done" merges neighbours into PDFs (:func:`bot.documents.supplement.limit_files`). "Done"
then shows the copy sheet (case, deadlines, reviewer's comment, files, the reply in Chinese with its
meaning, what to do on the platform) with the files attached, ready to upload.

State: the screen's section keeps ``_files`` (name, size, pages, hash of each file, in order).
"""

from __future__ import annotations

from typing import Any

from bot.dialogs.common import bullets, section_lines
from bot.dialogs.platform_advice import BROWSER_ADVICE
from bot.dialogs.supplement import SECTION, deadline_lines, reply_lines
from bot.documents.limits import PLATFORM_MAX_BYTES
from bot.documents.notes import Refusal, format_limit, format_size
from bot.documents.results import Converted, DocumentKind
from bot.engine.effects import DeleteFiles, SendStoredFiles
from bot.engine.events import Button
from bot.engine.flow import Flow, TurnView
from bot.engine.intake import Prepared, document_work
from bot.engine.state import ButtonData, Step, encode_token
from bot.forms.facts import number
from bot.i18n import Msg, _, ngettext

DONE = "spdone"  # merge when more than 5, then the copy sheet
CLEAR = "spclear"  # remove the files and start again
EDIT = "spedit"  # change an answer of the supplement's questions
FILES = "spfiles"  # back to the list of files
MAX_KEPT = 20  # files taken before "Done" (then merged into 5)


def files_of(answers: dict[str, Any]) -> list[dict[str, Any]]:
    value = answers.get("_files")
    return [dict(item) for item in value] if isinstance(value, list) else []


def _button(turn: TurnView, label: Msg, action: str) -> Button:
    return Button(label, ButtonData(encode_token(turn.conv.seq), action).encode())


def _file_lines(files: list[dict[str, Any]]) -> list[Msg]:
    return [ngettext("{number}. {name}: {size}, {pages} page", "{number}. {name}: {size}, {pages} pages",
                     int(item["pages"]), number=index, name=item["file_name"], size=format_size(int(item["size"])),
                     pages=item["pages"])
            for index, item in enumerate(files, 1)]


async def show_files(turn: TurnView, flow: Flow, before: tuple[Msg, ...] = ()) -> None:
    turn.conv.flow = flow.name
    turn.conv.step = Step.SCREEN
    turn.conv.question = None
    turn.new_prompt()
    files = files_of(await turn.answers(flow))
    most = number("supplement_max_files")
    parts: list[Msg] = [*before, _("補正(件) · 文件上傳: send the files for the supplement, one after another (PDF, "
                                   "or a photo or scan of a page). I check each one and make it a PDF of at most "
                                   "{limit} (the platform's limit is 1024 KB), without encryption.",
                                   limit=format_limit(PLATFORM_MAX_BYTES))]
    if files:
        parts.append(_("Files so far ({count}):\n{lines}", count=len(files), lines=bullets(_file_lines(files))))
        if len(files) > most:
            parts.append(_("The platform takes at most {most} files: when you tap Done I merge neighbouring files "
                           "into PDFs.", most=most))
    else:
        parts.append(_("No files yet. The platform takes at most {most} files; send more and I merge them.",
                       most=most))
    rows: list[tuple[Button, ...]] = [(_button(turn, _("✅ Done: show the copy sheet"), DONE),)]
    if files:
        rows.append((_button(turn, _("🗑 Remove these files"), CLEAR),))
    rows.append((_button(turn, _("✏️ Change an answer"), EDIT),))
    turn.say(*parts, buttons=tuple(rows))


async def receive(turn: TurnView, flow: Flow, prepared: Prepared | None) -> None:
    answers = await turn.answers(flow)
    files = files_of(answers)
    store = turn.services.files
    if prepared is None or prepared.failed or store is None:
        await show_files(turn, flow, before=(_("I could not download that file. Please send it again."),))
        return
    if prepared.page is None:
        await show_files(turn, flow, before=tuple(prepared.refusal.messages))
        return
    if len(files) >= MAX_KEPT:
        await show_files(turn, flow, before=(_("That is {count} files already: tap Done, or remove them and send "
                                               "fewer, larger PDFs.", count=len(files)),))
        return
    from bot.documents.pipeline import finish  # Pillow, pikepdf: loaded with the first document

    owner = turn.user.id
    result = document_work(prepared, "supplement:finish", finish, [prepared.page], DocumentKind.DOCUMENT,
                           keep=lambda done: _keep(store, owner, [done]))  # written outside the transaction
    if isinstance(result, Refusal):
        await show_files(turn, flow, before=result.messages)
        return
    _keep(store, owner, [result])  # a file only when it went since (put is idempotent)
    files.append({"sha256": result.sha256, "size": result.size, "pages": result.pages,
                  "media_type": result.media_type, "file_name": f"supplement-{len(files) + 1}{result.extension}"})
    answers["_files"] = files
    await turn.save_answers(flow, answers)
    await show_files(turn, flow, before=result.summary())


def _keep(store: Any, owner_id: int, results: Any) -> None:
    """Store the converted files not stored yet (the document work stores them before the transaction)."""
    for result in results if isinstance(results, list | tuple) else ():
        if isinstance(result, Converted) and not store.exists(owner_id, result.sha256):
            store.put(owner_id, result.data)


def _drop(turn: TurnView, files: list[dict[str, Any]], keep: set[str] | None = None) -> None:
    """The files go after the commit, unless a committed draft still refers to them (e.g. the documents tab)."""
    gone = tuple(str(item["sha256"]) for item in files if item["sha256"] not in (keep or set()))
    if gone:
        turn.effects.append(DeleteFiles(turn.user.id, gone))


async def clear(turn: TurnView, flow: Flow) -> None:
    answers = await turn.answers(flow)
    _drop(turn, files_of(answers))
    answers["_files"] = []
    await turn.save_answers(flow, answers)
    await show_files(turn, flow, before=(_("Files removed."),))


def _converted(item: dict[str, Any], data: bytes) -> Converted:
    return Converted(data=data, media_type=item["media_type"], kind=DocumentKind.DOCUMENT, pages=int(item["pages"]),
                     preview=None, sources=())


async def done(turn: TurnView, flow: Flow) -> None:
    """Merge when there are more than 5 files, then the copy sheet with the files attached."""
    answers = await turn.answers(flow)
    store = turn.services.files
    files = [item for item in files_of(answers) if store is not None and store.exists(turn.user.id, item["sha256"])]
    notes: list[Msg] = []
    if store is not None and len(files) > number("supplement_max_files"):
        from bot.documents.supplement import limit_files

        owner, reader = turn.user.id, store

        def load() -> tuple[Any, ...]:  # read outside the transaction, only when the merge is done
            return ([_converted(item, reader.get(owner, item["sha256"])) for item in files],)

        merged = document_work(turn.prepared, "supplement:limit:" + ",".join(item["sha256"] for item in files),
                               limit_files, load=load, keep=lambda done: _keep(reader, owner, done))
        if isinstance(merged, Refusal):
            await show_files(turn, flow, before=merged.messages)
            return
        _keep(store, owner, merged)
        kept = [{"sha256": file.sha256, "size": file.size, "pages": file.pages,
                 "media_type": file.media_type, "file_name": f"supplement-{index}{file.extension}"}
                for index, file in enumerate(merged, 1)]
        _drop(turn, files, keep={str(item["sha256"]) for item in kept})
        notes.append(_("{before} files merged into {after}, as the platform takes at most {most}.",
                       before=len(files), after=len(kept), most=number("supplement_max_files")))
        files = kept
        answers["_files"] = files
        await turn.save_answers(flow, answers)
    supplement = (await turn.sections()).get(SECTION, {})
    turn.conv.step = Step.SCREEN
    turn.conv.question = "sheet"
    turn.new_prompt()
    attached = tuple((str(item["sha256"]), str(item["file_name"]), str(item["media_type"])) for item in files)
    turn.effects.append(SendStoredFiles(turn.user.id, (*notes, *copy_sheet(supplement, files)),  # read after commit
                                        attached if store is not None else (),
                                        buttons=((_button(turn, _("📎 Back to the files"), FILES),),)))


def copy_sheet(supplement: dict[str, Any], files: list[dict[str, Any]]) -> tuple[Msg, ...]:
    lines: list[Msg] = [_("📋 Copy sheet: 補正(件) (supplement)")]
    lines.extend(section_lines(SECTION, supplement, ["application_number"]))
    lines.extend(deadline_lines(supplement))
    if supplement.get("reviewer_comment"):
        lines.append(_("審核意見 (the reviewer's comment), as you copied it:\n{comment}",
                       comment=str(supplement["reviewer_comment"])))
    lines.append(_("文件上傳 (files, attached above):\n{lines}", lines=bullets(_file_lines(files))) if files else
                 _("文件上傳: no files prepared. Upload what the comment asks for, each at most {limit}, at most 5.",
                   limit=format_limit(PLATFORM_MAX_BYTES)))
    lines.extend(reply_lines(supplement))
    lines.append(BROWSER_ADVICE)
    lines.append(bullets([
        _("On the platform: log in → 進度查詢 → 補正(件)列表 → 檢視 on the case → 補正."),
        _("Read the 審核意見 at the top of every tab and fix what it asks."),
        _("文件上傳: upload the files (no encryption, at most {limit} each, at most 5).",
          limit=format_limit(PLATFORM_MAX_BYTES)),
        _("完成送出: paste the reply into 審核意見回覆, then press 送出."),
    ]))
    lines.append(_("⚠️ After 送出 nothing can be changed or added (提交後就不能再更改資料或補送文件). Each login lasts "
                   "30 minutes and there is no save button: have the files and the reply ready before you log in."))
    return tuple(lines)


class SupplementFilesScreen:
    """The supplement's files as a :class:`~bot.engine.flow.Screen`."""

    takes_files = False  # files sent elsewhere go to the application's documents tab
    receives_uploads = True

    async def open(self, turn: TurnView, flow: Flow) -> None:
        await show_files(turn, flow)

    async def prompt(self, turn: TurnView, flow: Flow) -> None:
        await show_files(turn, flow)

    async def receive(self, turn: TurnView, flow: Flow, prepared: Any) -> None:
        await receive(turn, flow, prepared)

    async def act(self, turn: TurnView, flow: Flow, action: str, arg: str) -> bool:
        if action == DONE:
            await done(turn, flow)
        elif action == CLEAR:
            await clear(turn, flow)
        elif action == FILES:
            await show_files(turn, flow)
        elif action == EDIT and SECTION in turn.flows:
            await turn.edit(turn.flows[SECTION], "")
        else:
            return False
        return True


SUPPLEMENT_FILES = Flow(
    name="supplement_files",
    title=_("Supplement: files and copy sheet"),
    label_zh="補正(件) 文件上傳",
    questions=(),
    screen=SupplementFilesScreen(),
    personal=True,
    in_menu=False,
)

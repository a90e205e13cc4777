"""Supplement (補正) as whole conversations in both languages, ending in the copy sheet: the notice date and
the deadlines as dates, the reviewer's comment, the reply drafted in Traditional Chinese (or the applicant's
own), the files through the document pipeline (at most 5, merged when more, each ≤ 1024 KB) attached to
the copy sheet, and the supplement-deadline reminder."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pikepdf

from bot.app import App
from bot.documents.limits import PLATFORM_MAX_BYTES
from bot.engine.events import Event, EventKind, FileRef
from bot.engine.intake import LocalFileFetcher
from bot.i18n_catalogs import simplified_characters
from tests.dialogs.helpers import reminders, run_console, sections
from tests.documents import corpus
from tests.harness import Chat


def pdfs(folder: Path, count: int) -> list[Path]:
    """``count`` different small PDFs (1, 2, 3 … pages)."""
    paths = []
    for number in range(1, count + 1):
        path = folder / f"certificate-{number}.pdf"
        path.write_bytes(corpus._save(corpus.text_pdf(pages=number)))
        paths.append(path)
    return paths


async def test_english_supplement_with_six_files_in_the_console(app: App, tmp_path: Path) -> None:
    files = pdfs(tmp_path, 6)
    lines = ["/start supplement", "✅ I agree", "113551045830", "2026-11-10", "No", "請補附薪資證明及在職證明。",
             "1 3 4", "✅ Use the drafted reply", *(f"/upload {path}" for path in files),
             "✅ Done: show the copy sheet"]
    output = await run_console(app, lines, "en", user=331)
    assert "Upload by 2026-12-10 (30 days after the notice). If documents from abroad take longer, 2027-05-10" in output
    assert "⏰ Reminder set (Supplement deadline (補正)): 2026-12-03, 2026-12-09" in output
    # the drafted reply right after choosing what is provided: Chinese to copy, with its meaning
    assert "審核人員您好：\n謹依審核意見補正如下：\n1. 已上傳審核意見所要求之文件" in output
    assert "2. 已補附薪資證明文件（扣繳憑單或納稅證明）。\n3. 已補附在職（離職）證明" in output
    assert "What it says:\nDear reviewer," in output
    assert "Files so far (6):" in output and "when you tap Done I merge neighbouring files" in output
    assert "6 files merged into 5, as the platform takes at most 5." in output
    sheet = output.split("📋 Copy sheet: 補正(件) (supplement)", 1)[1]
    for line in ("申請案號 · Application number: 113551045830", "Upload by 2026-12-10: 30 days after the notice of "
                 "2026-11-10.", "請補附薪資證明及在職證明。", "• 5. supplement-5.pdf:",
                 "審核意見回覆 (reply to the reviewer)",
                 "如需其他資料，敬請告知。謝謝！", "進度查詢 → 補正(件)列表 → 檢視 on the case → 補正",
                 "⚠️ After 送出 nothing can be changed or added"):
        assert line in sheet, line
    assert "supplement-6.pdf" not in sheet
    attached = [line for line in output.splitlines() if line.startswith("[supplement-")]
    assert len(attached) == 5  # the files come with the copy sheet, ready to upload
    stored = await sections(app, 331)
    assert stored["supplement"]["provided"] == "requested,salary,employment"
    kept = stored["supplement_files"]["_files"]
    assert len(kept) == 5 and all(item["size"] <= PLATFORM_MAX_BYTES for item in kept)
    store = app.engine.services.files
    assert store is not None
    pages = [len(pikepdf.open(io.BytesIO(store.get(331, item["sha256"]))).pages) for item in kept]
    assert sum(pages) == 1 + 2 + 3 + 4 + 5 + 6  # nothing lost in the merge
    assert await reminders(app, 331) == [("supplement_deadline", date(2026, 12, 3), date(2026, 12, 10)),
                                         ("supplement_deadline", date(2026, 12, 9), date(2026, 12, 10))]


async def test_chinese_supplement_with_documents_from_abroad_and_an_own_reply(app: App, tmp_path: Path) -> None:
    scan = tmp_path / "scan.jpg"
    scan.write_bytes(corpus.phone_photo())
    lines = ["/start supplement", "1", "113551045830", "2026-10-01", "是", "略過", "1", "✏️ 自己撰寫",
             "審核人員您好：補上國外學歷證明，謝謝。", f"/upload {scan}", "✅ 完成：顯示複製清單"]
    output = await run_console(app, lines, "zh_TW", user=332)
    # seed 003 line 5 states the 6 months: no "unconfirmed" hedge
    assert ("最晚 2027-04-01，即通知後 6 個月（如所需資料在國外需要較長時間辦理，最晚也需在收到通知後的六個月內上傳）"
            in output)
    assert "未經證實" not in output
    assert "⏰ 已設定提醒（補正期限）：2027-03-25, 2027-03-31" in output  # the 30 days are over: the 6 months
    sheet = output.split("📋 複製清單：補正(件)", 1)[1]
    for line in ("申請案號：113551045830", "請在 2026-10-31 前上傳（2026-10-01 收到通知後 30 天內）",
                 "審核意見回覆（您自己寫的內容）：\n審核人員您好:補上國外學歷證明,謝謝。",
                 "• 1. supplement-1.pdf：", "提交後就不能再更改資料或補送文件"):
        assert line in sheet, line
    assert "What it says" not in output and not simplified_characters(output)
    assert [w for w in ("Please", "Copy sheet", "Upload by") if w in output] == []
    assert [anchor for _kind, _day, anchor in await reminders(app, 332)] == [date(2027, 4, 1)] * 2


async def test_late_notice_without_documents_from_abroad_gets_no_reminder(app: App) -> None:
    chat = Chat(app.engine, 333)
    await chat.send("/start lang_en")
    await chat.send("/start supplement")
    await chat.press("✅ I agree")
    await chat.send("113551045830")
    text = await chat.send("2026-10-01")
    assert "The 30 days ended on 2026-10-31" in text
    text = await chat.press("No")
    assert await reminders(app, 333) == []
    assert "Documents from abroad" not in text


async def test_files_screen_refuses_bad_files_removes_and_returns_after_a_change(app: App, tmp_path: Path) -> None:
    app.engine.services.fetcher = LocalFileFetcher()
    chat = Chat(app.engine, 334)
    await chat.send("/start lang_en")
    for step in ("/start supplement", "press:✅ I agree", "113551045830", "2026-11-10", "press:No", "press:Skip",
                 "press:Photo", "press:✅ Use the drafted reply"):
        text = await (chat.press(step[6:]) if step.startswith("press:") else chat.send(step))
    assert "No files yet." in text

    async def upload(path: Path) -> str:
        size = len(path.read_bytes())  # noqa: ASYNC240 - a small test file
        event = Event(chat.user_id, EventKind.FILE, update_key=chat._key(), language_code="en",
                      file=FileRef(str(path), path.name, size, None))
        return "\n---\n".join(await chat.deliver(event))

    locked = tmp_path / "locked.pdf"
    locked.write_bytes(corpus.encrypted_pdf())
    text = await upload(locked)
    assert "password" in text.lower() and "No files yet." in text
    (first,) = pdfs(tmp_path, 1)
    assert "Files so far (1):" in await upload(first)
    text = await chat.press("✏️ Change an answer")
    assert "Which answer do you want to change?" in text
    await chat.press("What you provide")
    text = await chat.press("Passport scan")  # back to the files screen once the answer is changed
    assert "Files so far (1):" in text
    assert (await sections(app, 334))["supplement"]["provided"] == "passport"
    store = app.engine.services.files
    assert store is not None and store.list(334)
    text = await chat.press("🗑 Remove these files")
    assert "Files removed." in text and store.list(334) == []

"""/export and import in the chat: copy sheet messages, the PDF and the ZIP as files, a draft.json sent
back becomes a new applicant's draft (round trip), anything else is refused with a reason."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from bot.app import App
from bot.engine.events import Event, EventKind, FileRef
from bot.engine.intake import LocalFileFetcher
from bot.i18n import HTML, render
from storage.repositories import Store
from tests.dialogs.test_application import ABROAD_EN, play
from tests.harness import Chat


async def export(app: App, user_id: int) -> tuple[list[str], list, str]:
    """/export (one message with buttons), then its copy sheet, PDF and ZIP buttons pressed."""
    outcome = await app.engine.handle(Event.from_text(user_id, "/export"))
    (menu,) = outcome.replies
    texts = [render(p, outcome.locale, HTML) for p in menu.parts]
    attachments = []
    for part in ("sheet", "pdf", "zip"):
        button = next(b for b in menu.button_list() if b.data.endswith(f"|export:{part}"))
        pressed = await app.engine.handle(Event(user_id, EventKind.BUTTON, button=button.data))
        texts += [render(p, pressed.locale, HTML) for reply in pressed.replies for p in reply.parts]
        attachments += [a for reply in pressed.replies for a in reply.attachments]
    return texts, attachments, outcome.locale


async def drafts(app: App, user_id: int) -> list[dict]:
    async with app.db.transaction() as session:
        store = Store(session, app.engine.sealer)
        return [store.answers(d) for d in await store.drafts_of(user_id)]


async def test_export_of_a_complete_draft_and_import_round_trip(app: App, tmp_path: Path) -> None:
    app.engine.services.fetcher = LocalFileFetcher()
    chat = Chat(app.engine, 61)
    await chat.send("/start lang_en")
    await play(chat, ABROAD_EN)
    texts, attachments, _ = await export(app, 61)
    assert any("<code>SMITH</code>" in t for t in texts)  # tap-to-copy values
    assert any("護照號碼" in t for t in texts)
    names = [a.filename for a in attachments]
    assert names[0] == "copy-sheet.pdf" and names[1].startswith("goldcard-export-") and names[1].endswith(".zip")
    assert attachments[0].data.startswith(b"%PDF-")
    archive = zipfile.ZipFile(io.BytesIO(attachments[1].data))
    exported = archive.read("draft.json")
    assert json.loads(exported)["draft"]["basic_data"]["english_surname"] == "SMITH"
    path = tmp_path / "draft.json"
    path.write_bytes(exported)
    event = Event(61, EventKind.FILE, update_key="import:1", file=FileRef(str(path), "draft.json", len(exported),
                                                                        "application/json"))
    outcome = await app.engine.handle(event)
    text = "\n".join(render(p, outcome.locale) for r in outcome.replies for p in r.parts)
    assert "Imported «My application» as a new applicant" in text
    stored = await drafts(app, 61)
    assert len(stored) == 2
    original, imported = stored
    assert imported["basic_data"] == original["basic_data"]
    assert imported["passport_data"] == original["passport_data"]
    # export → import → export gives the same JSON
    again = json.loads(zipfile.ZipFile(io.BytesIO((await export(app, 61))[1][1].data)).read("draft.json"))
    first = json.loads(exported)["draft"]
    assert first["opening"].pop("confirmed_on") is not None  # confirmed in the chat before the export
    assert again["draft"]["opening"]["confirmed_on"] is None  # an import is confirmed again before it is complete
    again["draft"]["opening"].pop("confirmed_on")
    assert again["draft"] == first


async def test_incomplete_draft_is_marked_and_not_a_draft_is_refused(app: App, tmp_path: Path) -> None:
    app.engine.services.fetcher = LocalFileFetcher()
    chat = Chat(app.engine, 62)
    await chat.send("/start lang_zh_TW")
    await chat.press("開始")
    await chat.press("同意")
    texts, attachments, locale = await export(app, 62)
    assert locale == "zh_TW"
    assert any("尚未完成" in t or "未完成" in t for t in texts)
    assert attachments[0].data.startswith(b"%PDF-")
    bogus = tmp_path / "notes.json"
    bogus.write_text(json.dumps({"shopping": ["milk"]}))
    event = Event(62, EventKind.FILE, update_key="import:2",
                  file=FileRef(str(bogus), "notes.json", 22, "application/json"))
    outcome = await app.engine.handle(event)
    text = "\n".join(render(p, outcome.locale) for r in outcome.replies for p in r.parts)
    assert "匯出" in text or "草稿" in text
    assert len(await drafts(app, 62)) == 1


async def test_imported_values_pass_the_field_rules_and_deep_json_is_refused(app: App, tmp_path: Path) -> None:
    from tests.export.conftest import DRAFTS

    app.engine.services.fetcher = LocalFileFetcher()
    chat = Chat(app.engine, 63)
    await chat.send("/start lang_en")
    data = json.loads(DRAFTS["complete"].read_text(encoding="utf-8"))
    body = data.get("draft", data)
    body["basic_data"]["english_surname"] = "SMITH\x07<script>"
    for number, content in enumerate((json.dumps(data), "[" * 50_000 + "]" * 50_000)):
        path = tmp_path / f"draft{number}.json"
        path.write_text(content, encoding="utf-8")
        event = Event(63, EventKind.FILE, update_key=f"import:{number}",
                      file=FileRef(str(path), "draft.json", path.stat().st_size, "application/json"))
        outcome = await app.engine.handle(event)
        text = "\n".join(render(p, outcome.locale) for r in outcome.replies for p in r.parts)
        if number == 0:
            assert "Not imported, because the form's rules refuse these values" in text
            assert "English surname (英文姓氏)" in text and "<script>" not in text
            sections = (await drafts(app, 63))[-1]
            assert sections["basic_data"].get("english_surname") is None
        else:
            assert "nested far deeper than a draft" in text
    assert len(await drafts(app, 63)) == 2  # the bot's first draft and the one import


async def test_an_imported_draft_lists_files_it_does_not_carry_so_documents_are_missing(app: App) -> None:
    """A draft.json names its uploads; the files are not in it: the chat asks for them again and the verdict
    never calls the imported draft complete while the bot holds none of them."""
    from bot.forms.draft_io import review_findings
    from tests.conftest import TODAY

    app.engine.services.fetcher = LocalFileFetcher()
    fixture = Path(__file__).parent.parent / "fixtures" / "draft_complete.json"
    assert json.loads(fixture.read_bytes())["documents"]["files"]  # the fixture lists its files
    chat = Chat(app.engine, 63)
    await chat.send("/start lang_en")
    event = Event(63, EventKind.FILE, update_key="import:63",
                  file=FileRef(str(fixture), "draft.json", fixture.stat().st_size, "application/json"))
    outcome = await app.engine.handle(event)
    text = "\n".join(render(p, outcome.locale) for r in outcome.replies for p in r.parts)
    assert "does not carry them: send the documents again" in text
    imported = (await drafts(app, 63))[-1]
    imported["opening"]["_confirmed"] = TODAY.isoformat()  # even once the opening answers are confirmed
    judged = review_findings(imported, TODAY)
    assert judged is not None and not judged.complete
    assert {f.section for f in judged.missing} == {"documents"}

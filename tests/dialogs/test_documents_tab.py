"""The documents tab in the chat: the personal checklist, uploads converted for the platform, pages made
one PDF, refusals explained, statuses on the review card, files sealed per owner and deleted with /delete."""

from __future__ import annotations

from pathlib import Path

from bot.app import App
from bot.documents.checklist import Status, build_checklist
from bot.engine.events import Event, EventKind, FileRef
from bot.forms.draft_io import to_draft
from storage.repositories import Store
from tests.dialogs.test_application import ABROAD_EN, play
from tests.documents import corpus
from tests.harness import Chat


async def upload(chat: Chat, path: Path, name: str | None = None) -> str:
    size = len(path.read_bytes())  # noqa: ASYNC240 - a test file of a few hundred KB
    event = Event(chat.user_id, EventKind.FILE, update_key=chat._key(), language_code=chat.language_code,
                  file=FileRef(str(path), name or path.name, size, None))
    return "\n---\n".join(await chat.deliver(event))


async def sections(app: App, user_id: int) -> dict:
    async with app.db.transaction() as session:
        store = Store(session, app.engine.sealer)
        return store.answers((await store.drafts_of(user_id))[0])


async def reach_documents(app: App, user_id: int) -> Chat:
    from bot.engine.intake import LocalFileFetcher

    app.engine.services.fetcher = LocalFileFetcher()
    chat = Chat(app.engine, user_id)
    await chat.send("/start lang_en")
    await play(chat, ABROAD_EN[:-1])
    return chat


async def test_checklist_photo_and_multi_page_passport(app: App, tmp_path: Path) -> None:
    chat = await reach_documents(app, 51)
    text = "\n".join(chat.transcript[-2:])
    assert "0 of 5 documents ready" in text  # photo, passport and the salary route's three
    assert "⬜ Photo: missing" in text and "Tax or withholding statement" in text
    photo = tmp_path / "me.jpg"
    photo.write_bytes(corpus.id_photo((700, 900), (250, 250, 250)))
    await chat.press("📎 Photo")
    text = await upload(chat, photo)
    assert "Ready for the platform: a JPEG photo" in text and "✅ Photo" in text
    await chat.press("📎 Passport")
    page = tmp_path / "page.jpg"
    page.write_bytes(corpus.phone_photo())
    text = await upload(chat, page)
    assert "Page 1 received" in text and "✅ Done (1 page)" in chat.labels()
    text = await upload(chat, page)
    assert "Page 2 received" in text
    text = await chat.press("✅ Done (2 pages)")
    assert "a PDF of 2 pages" in text and "✅ Passport: passport.pdf" in text
    stored = await sections(app, 51)
    uploads = stored["documents"]["_uploads"]
    assert uploads["passport"]["pages"] == 2 and uploads["passport"]["size"] <= 1024 * 1024
    assert app.engine.services.files is not None
    assert app.engine.services.files.get(51, uploads["passport"]["sha256"])[:5] == b"%PDF-"
    draft = to_draft(stored)
    assert {f.document for f in draft.documents.files} == {"photo", "passport"}  # type: ignore[union-attr]
    review = await chat.press("📋 Review")
    assert "documents ready" in review and "INCOMPLETE" in review
    assert "Documents: missing 履歷、國內外服務證明、薪資扣繳或納稅證明" in review


async def test_refused_files_are_explained_and_the_step_stays_open(app: App, tmp_path: Path) -> None:
    chat = await reach_documents(app, 52)
    await chat.press("📎 Passport")
    fake = tmp_path / "scan.jpg"
    fake.write_bytes(corpus.zip_file())
    text = await upload(chat, fake)
    assert "zip" in text.lower()
    assert chat.labels()[-1] == "⬅ Checklist"  # still collecting the passport
    encrypted = tmp_path / "passport.pdf"
    encrypted.write_bytes(corpus.encrypted_pdf())
    text = (await upload(chat, encrypted)).lower()
    assert "encrypted" in text or "password" in text


async def test_a_file_outside_the_documents_tab_keeps_the_place(app: App, tmp_path: Path) -> None:
    from bot.engine.intake import LocalFileFetcher

    app.engine.services.fetcher = LocalFileFetcher()
    chat = Chat(app.engine, 53)
    await chat.send("/start lang_en")
    await chat.press("Start: Opening questions")
    page = tmp_path / "page.jpg"
    page.write_bytes(corpus.phone_photo())
    text = await upload(chat, page)
    assert "I kept your place here" in text and "同意" in text


async def test_delete_removes_the_users_files(app: App, tmp_path: Path) -> None:
    chat = await reach_documents(app, 54)
    photo = tmp_path / "me.jpg"
    photo.write_bytes(corpus.id_photo((700, 900), (250, 250, 250)))
    await chat.press("📎 Photo")
    await upload(chat, photo)
    files = app.engine.services.files
    assert files is not None and files.list(54)
    await chat.send("/delete")
    await chat.press("🗑 Yes, delete everything")
    assert files.list(54) == []


def test_checklist_follows_identity_birth_and_nationality() -> None:
    hk_mainland = build_checklist({"nationality_identity": "hong_kong", "birth_country": "CN"}, {})
    keys = {entry.item.key for entry in hk_mainland.entries}
    assert {"hk_macau_identity_confirmation", "hk_macau_residence_declaration", "hk_macau_mainland_birth_proof"} <= keys
    assert "mainland_abroad_four_years" not in keys
    born_in_china = {e.item.key for e in build_checklist({"nationality": "CA", "birth_country": "CN"}, {}).entries}
    assert {"mainland_abroad_four_years", "mainland_entry_record", "mainland_renunciation"} <= born_in_china
    india = build_checklist({"nationality": "IN"}, {})
    assert "guarantor_letter" in {e.item.key for e in india.entries}
    vietnam = build_checklist({"nationality": "VN"}, {})
    assert "authentication" in {note.key for note in vietnam.notes}
    statuses = build_checklist({}, {"photo": {"sha256": "x", "warnings": [{"en": "grey", "zh": "灰"}]},
                                    "passport": {"pages": ["a"]}})
    assert statuses.entry("photo").status is Status.NEEDS_FIX  # type: ignore[union-attr]
    assert statuses.entry("passport").status is Status.IN_PROGRESS  # type: ignore[union-attr]

"""/status that is true after real work: the documents tab counted by its checklist items (uploads included,
never "0 of 0"), only the current applicant's flows, and only flows the applicant started."""

from __future__ import annotations

import re

from bot.app import App
from storage.repositories import Store
from tests.dialogs.test_application import ABROAD_EN, play
from tests.harness import Chat


async def store_uploads(app: App, user_id: int, items: tuple[str, ...]) -> None:
    """Finished uploads, as the documents tab stores them (the file store holds the bytes)."""
    files = app.engine.services.files
    assert files is not None
    async with app.db.transaction() as session:
        store = Store(session, app.engine.sealer)
        draft = (await store.drafts_of(user_id))[0]
        sections = store.answers(draft)
        uploads = sections.setdefault("documents", {}).setdefault("_uploads", {})
        for item in items:
            stored = files.put(user_id, f"%PDF-1.4 {item}\n%%EOF\n".encode())
            uploads[item] = {"sha256": stored.sha256, "media_type": "application/pdf", "size": stored.size,
                             "pages": 1, "file_name": f"{item}.pdf", "warnings": []}
        store.set_answers(draft, sections)


async def test_status_counts_uploads_as_checklist_items_for_the_current_applicant_only(app: App) -> None:
    chat = Chat(app.engine, 31)
    await chat.send("/start lang_en")
    await play(chat, ABROAD_EN)
    await store_uploads(app, 31, ("photo", "passport"))
    text = await chat.send("/status")
    documents = re.search(r"Documents: (\d+) of (\d+) answered", text)
    assert documents is not None, text
    assert (int(documents[1]), int(documents[2])) == (2, 5)  # photo and passport of the salary route's five
    assert "Basic data: 15 of 15 answered" in text
    for never_started in ("Taiwan Jobs", "Supplement", "Platform account registration", "Change of card data"):
        assert never_started not in text
    # another applicant: their own progress, nothing of the first draft
    await chat.send("/menu")
    await chat.press("👥 Applicants")
    await chat.press("➕ New applicant")
    await chat.send("Ana")
    text = await chat.send("/status")
    assert "Basic data: 0 of" in text and "Opening questions: 0 of 5 answered" in text
    assert "Documents: 2 of" not in text and "Documents: 0 of 0" not in text

"""The checklist's documents on the desk: each with its status, the finished ones downloadable as the
platform-ready file, only by their owner."""

from __future__ import annotations

import aiohttp

from bot.app import App
from bot.documents.notes import format_size
from storage.repositories import Store
from tests.webapp.conftest import USER_ID, tma

PDF = b"%PDF-1.4\n% a platform-ready passport page\n%%EOF\n"


async def store_upload(app: App, item: str, data: bytes) -> None:
    files = app.engine.services.files
    assert files is not None
    stored = files.put(USER_ID, data)
    async with app.db.transaction() as session:
        store = Store(session, app.engine.sealer)
        draft = (await store.drafts_of(USER_ID))[0]
        sections = store.answers(draft)
        sections.setdefault("documents", {})["_uploads"] = {item: {
            "sha256": stored.sha256, "media_type": "application/pdf", "size": stored.size, "pages": 1,
            "file_name": "IMG_2041 passport.pdf", "warnings": []}}
        store.set_answers(draft, sections)


async def test_documents_with_their_status_and_the_file_to_download(desk_url: str, applicant: App) -> None:
    await store_upload(applicant, "passport", PDF)
    async with aiohttp.ClientSession() as client:
        async with client.get(desk_url + "/api/draft", headers=tma()) as response:
            view = await response.json()
        documents = {d["key"]: d for d in view["documents"]}
        assert documents["passport"]["status"] == "uploaded" and documents["passport"]["ready"] is True
        assert documents["passport"]["size"] == format_size(len(PDF)) == "48 B"  # one way, as the chat prints it
        assert documents["photo"]["status"] == "missing" and documents["photo"]["ready"] is False
        assert "passport" not in [f["key"] for f in view["verdict"]["missing"]]
        async with client.get(desk_url + "/api/documents/passport", headers=tma()) as response:
            assert response.status == 200
            assert await response.read() == PDF
            assert response.headers["Content-Type"] == "application/pdf"
            assert response.headers["Content-Disposition"] == 'attachment; filename="passport.pdf"'
            assert response.headers["Cache-Control"] == "no-store"
        async with client.get(desk_url + "/api/documents/photo", headers=tma()) as response:
            assert response.status == 404  # not uploaded
        async with client.get(desk_url + "/api/documents/passport") as response:
            assert response.status == 401
        async with client.get(desk_url + "/api/documents/passport", headers=tma(user_id=4242)) as response:
            assert response.status == 404  # another user has no such file

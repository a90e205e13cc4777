"""`goldcard-bot export` and `goldcard-bot import`: files written, exit codes, and the round trip
export → import → export through the database giving the same JSON."""

from __future__ import annotations

import asyncio
import io
import json
import zipfile
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import Settings
from bot.documents.store import FileStore
from bot.forms.draft_io import import_json
from storage.crypto import Sealer, generate_key
from storage.db import Database
from storage.repositories import Store
from tests.export.conftest import DRAFTS, pdfium_text

PDF = b"%PDF-1.7\n" + b"7" * 3000


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The commands' Settings.from_environment() on a temporary data directory (no .env, no real database)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ENCRYPTION_KEYS", generate_key())
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return Settings.from_environment()


def run(*argv: str) -> int:
    return main(list(argv))


@pytest.mark.parametrize("lang", ["en", "zh_TW"])
def test_export_of_a_draft_file_writes_json_pdf_and_zip(sample: str, lang: str, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert run("export", "--draft", str(DRAFTS[sample]), "--out", str(out), "--lang", lang,
               "--today", "2026-11-21") == 0
    assert sorted(path.name for path in out.iterdir()) == ["copy-sheet.pdf", "draft.json",
                                                            "goldcard-export-2026-11-21.zip"]
    data = json.loads((out / "draft.json").read_text(encoding="utf-8"))
    assert data["generated"] == "2026-11-21" and data["label"] is None
    assert import_json(json.dumps(data["draft"])) == import_json(DRAFTS[sample].read_bytes())
    text = "".join(pdfium_text((out / "copy-sheet.pdf").read_bytes()))
    assert "護照效期(西元)" in text
    with zipfile.ZipFile(out / "goldcard-export-2026-11-21.zip") as archive:
        assert archive.namelist() == ["copy-sheet.pdf", "draft.json"]
    printed = capsys.readouterr().out
    assert ("INCOMPLETE" in printed or "尚未完成" in printed) is (sample != "complete")
    assert "C01X00T47" not in printed and "HUNT" not in printed  # no personal data on the terminal


def test_export_refuses_what_is_not_a_draft(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"basic_data": {"shoe_size": "SENTINEL-SIZE"}}', encoding="utf-8")
    assert run("export", "--draft", str(bad), "--out", str(tmp_path / "out")) == 2
    error = capsys.readouterr().err
    assert "not a draft" in error and "basic_data.shoe_size" in error and "SENTINEL-SIZE" not in error
    assert run("export", "--draft", str(tmp_path / "missing.json"), "--out", str(tmp_path / "out")) == 2
    assert not (tmp_path / "out").exists()


def test_export_needs_one_source(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as caught:
        run("export", "--out", str(tmp_path))
    assert caught.value.code == 2
    with pytest.raises(SystemExit):
        run("export", "--user", "1", "--draft", str(DRAFTS["complete"]), "--out", str(tmp_path))


def test_round_trip_export_import_export_gives_the_same_json(env: Settings, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert run("import", str(DRAFTS["complete"]), "--user", "7", "--label", "Ethan",
               "--today", "2026-11-21") == 0
    assert "INCOMPLETE: not ready to submit. 1 missing" in capsys.readouterr().out  # confirmed again in the chat
    assert run("export", "--user", "7", "--out", str(tmp_path / "a"), "--today", "2026-11-21") == 0
    first = (tmp_path / "a" / "draft.json").read_bytes()
    assert json.loads(first)["label"] == "Ethan"

    assert run("import", str(tmp_path / "a" / "draft.json"), "--user", "7", "--today", "2026-11-21") == 0
    assert run("export", "--user", "7", "--out", str(tmp_path / "b"), "--today", "2026-11-21") == 0
    assert (tmp_path / "b" / "draft.json").read_bytes() == first
    assert asyncio.run(_draft_count(env, 7)) == 2  # each import made a NEW draft


def test_import_into_another_user_and_label_override(env: Settings, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert run("export", "--draft", str(DRAFTS["incomplete"]), "--out", str(tmp_path / "a"),
               "--today", "2026-11-21") == 0
    assert run("import", str(tmp_path / "a" / "draft.json"), "--user", "8", "--label", "From the help desk",
               "--today", "2026-11-21") == 0
    printed = capsys.readouterr().out
    assert "INCOMPLETE: not ready to submit. 12 missing, 0 to fix" in printed
    assert run("export", "--user", "8", "--out", str(tmp_path / "b"), "--today", "2026-11-21",
               "--lang", "zh_TW") == 0
    data = json.loads((tmp_path / "b" / "draft.json").read_text(encoding="utf-8"))
    assert data["label"] == "From the help desk"
    assert data["draft"] == json.loads((tmp_path / "a" / "draft.json").read_text(encoding="utf-8"))["draft"]
    assert "尚未完成" in "".join(pdfium_text((tmp_path / "b" / "copy-sheet.pdf").read_bytes()))


def test_import_without_a_label_names_the_draft_by_date(env: Settings) -> None:
    assert run("import", str(DRAFTS["complete"]), "--user", "9", "--today", "2026-11-21") == 0
    assert asyncio.run(_labels(env, 9)) == ["Imported on 2026-11-21"]


def test_import_refuses_what_is_not_a_draft(env: Settings, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 not a draft")
    assert run("import", str(photo), "--user", "7") == 2
    error = capsys.readouterr().err
    assert "not a draft" in error and "not JSON" in error
    assert run("import", str(tmp_path / "nothing.json"), "--user", "7") == 2
    assert asyncio.run(_draft_count(env, 7)) == 0


def test_export_of_a_user_without_a_draft_exits_2(env: Settings, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert run("export", "--user", "404", "--out", str(tmp_path / "out")) == 2
    assert "user 404 has no draft" in capsys.readouterr().err


def test_export_of_a_user_includes_their_stored_documents(env: Settings, tmp_path: Path) -> None:
    assert run("import", str(DRAFTS["complete"]), "--user", "7", "--label", "Ethan") == 0
    stored = FileStore.from_settings(env).put(7, PDF)
    asyncio.run(_add_upload(env, 7, "passport", stored.sha256))
    assert run("export", "--user", "7", "--out", str(tmp_path / "out"), "--today", "2026-11-21") == 0
    zipped = next((tmp_path / "out").glob("*.zip")).read_bytes()
    with zipfile.ZipFile(io.BytesIO(zipped)) as archive:
        assert archive.read("documents/01-passport.pdf") == PDF
    text = "".join(pdfium_text((tmp_path / "out" / "copy-sheet.pdf").read_bytes()))
    assert "In the ZIP: documents/01-passport.pdf" in text


# -- database helpers ------------------------------------------------------------------------------


async def _draft_count(settings: Settings, user_id: int) -> int:
    return len(await _labels(settings, user_id))


async def _labels(settings: Settings, user_id: int) -> list[str]:
    db = Database(settings.effective_database_url)
    try:
        await db.migrate()
        async with db.transaction() as session:
            store = Store(session, Sealer(settings.key_ring()))
            return [store.label(draft) for draft in await store.drafts_of(user_id)]
    finally:
        await db.dispose()


async def _add_upload(settings: Settings, user_id: int, item: str, sha256: str) -> None:
    """What the chat's documents tab stores once a document is finished."""
    db = Database(settings.effective_database_url)
    try:
        async with db.transaction() as session:
            store = Store(session, Sealer(settings.key_ring()))
            draft = (await store.drafts_of(user_id))[-1]
            sections = store.answers(draft)
            sections["documents"]["_uploads"] = {item: {"sha256": sha256, "file_name": f"{item}.pdf",
                                                        "media_type": "application/pdf", "size": len(PDF)}}
            store.set_answers(draft, sections)
    finally:
        await db.dispose()


def test_import_leaves_out_values_the_rules_refuse_and_bounds_the_file(env: Settings, tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(DRAFTS["complete"].read_text(encoding="utf-8"))
    body = data.get("draft", data)
    body["basic_data"]["english_surname"] = "<b>SMITH</b>"
    body["basic_data"]["email"] = "x" * 900_000
    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps(data), encoding="utf-8")
    assert run("import", str(hostile), "--user", "11", "--today", "2026-11-21") == 0
    printed = capsys.readouterr().out
    assert "left out, refused by the form's rules" in printed and "英文姓氏" in printed and "電子郵件" in printed
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    assert run("import", str(deep), "--user", "12") == 2
    assert "nested too deeply" in capsys.readouterr().err
    assert run("import", "/dev/zero", "--user", "12") == 2
    assert "not a regular file" in capsys.readouterr().err

"""The ZIP: the PDF, the JSON and the documents named after their checklist items (safe names)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from bot.export.bundle import build_export, write_export
from bot.export.documents import ExportDocument, archive_names, item_names, safe_stem, uploaded_documents
from tests.conftest import TODAY
from tests.export.conftest import draft_of, pdfium_text

PDF = b"%PDF-1.7\n" + b"0" * 2000
JPEG = b"\xff\xd8\xff\xe0" + b"1" * 1000


def documents() -> tuple[ExportDocument, ...]:
    return (ExportDocument("photo", "照片", "Photo", "IMG 0001.HEIC", JPEG),
            ExportDocument("passport", "護照", "Passport", "護照 掃描.pdf", PDF),
            ExportDocument("employment_certificate", "國內外服務證明", "Employment certificate", "cert", PDF + b"2"),
            ExportDocument("passport", "護照", "Passport", "passport-page-2.pdf", PDF + b"3"))


def test_zip_holds_the_sheet_the_json_and_the_documents() -> None:
    bundle = build_export(draft_of("complete"), locale="en", today=TODAY, label="Ethan", documents=documents())
    with zipfile.ZipFile(io.BytesIO(bundle.zip)) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        assert names == ["copy-sheet.pdf", "draft.json", "documents/01-photo.jpg", "documents/02-passport.pdf",
                         "documents/03-employment-certificate.pdf", "documents/04-passport.pdf"]
        assert archive.read("copy-sheet.pdf") == bundle.pdf
        assert archive.read("draft.json") == bundle.json_bytes
        assert archive.read("documents/02-passport.pdf") == PDF
        assert archive.getinfo("documents/01-photo.jpg").compress_type == zipfile.ZIP_STORED
        assert archive.getinfo("draft.json").compress_type == zipfile.ZIP_DEFLATED
        assert {info.date_time[:3] for info in archive.infolist()} == {(2026, 11, 21)}
    assert json.loads(bundle.json_text)["label"] == "Ethan"
    assert bundle.complete and bundle.zip_name == "goldcard-export-2026-11-21.zip"
    text = "".join(pdfium_text(bundle.pdf))
    assert "In the ZIP: documents/03-employment-certificate.pdf" in text and "IMG 0001.HEIC" in text


def test_the_same_export_gives_the_same_zip() -> None:
    first = build_export(draft_of("complete"), locale="zh_TW", today=TODAY, documents=documents())
    again = build_export(draft_of("complete"), locale="zh_TW", today=TODAY, documents=documents())
    assert first.json_text == again.json_text
    with zipfile.ZipFile(io.BytesIO(first.zip)) as one, zipfile.ZipFile(io.BytesIO(again.zip)) as two:
        assert [(i.filename, i.CRC) for i in one.infolist() if i.filename != "copy-sheet.pdf"] == [
            (i.filename, i.CRC) for i in two.infolist() if i.filename != "copy-sheet.pdf"]


def test_safe_names() -> None:
    assert safe_stem("Employment certificate") == "employment-certificate"
    assert safe_stem("../../etc/passwd") == "etc-passwd"
    assert safe_stem("護照") == "document"
    assert safe_stem("Ça va ÉTÉ") == "ca-va-ete"
    odd = ExportDocument("../x/護照", "護照", "Passport scan", "a.pdf", PDF)
    assert archive_names([odd]) == ("documents/01-x.pdf",)
    unknown = ExportDocument("護照", "護照", "Passport scan", "scan.tiff", b"II*\x00")
    assert archive_names([unknown]) == ("documents/01-passport-scan.tiff",)


def test_item_names_come_from_the_checklist_data() -> None:
    assert item_names("passport") == ("護照", "Passport")
    assert item_names("employment_certificate")[1] == "Employment certificate"
    assert item_names("something_new") == ("Something new", "Something new")
    assert item_names(None) == ("其他文件", "Other document")


def test_uploaded_documents_are_read_from_the_chats_uploads() -> None:
    store = {"a" * 64: PDF, "b" * 64: JPEG}
    sections = {"documents": {"files": [], "_uploads": {
        "passport": {"sha256": "a" * 64, "file_name": "passport.pdf", "size": len(PDF)},
        "photo": {"sha256": "b" * 64, "file_name": "photo.jpg"},
        "cv": {"pages": ["c" * 64]},  # not finished: left out
        "tax_statement": {"sha256": "d" * 64, "file_name": "gone.pdf"},  # no longer stored: left out
    }}}
    found = uploaded_documents(sections, lambda sha: store[sha])
    assert [(doc.item, doc.zh, doc.file_name, doc.data) for doc in found] == [
        ("photo", "照片", "photo.jpg", JPEG), ("passport", "護照", "passport.pdf", PDF)]
    assert uploaded_documents({}, lambda sha: b"") == ()


def test_write_export_writes_three_private_files(tmp_path: Path) -> None:
    bundle = build_export(draft_of("incomplete"), locale="en", today=TODAY)
    paths = write_export(bundle, tmp_path / "out")
    assert [path.name for path in paths] == ["draft.json", "copy-sheet.pdf", "goldcard-export-2026-11-21.zip"]
    for path in paths:
        assert path.stat().st_mode & 0o077 == 0
    assert not bundle.complete
    assert not list((tmp_path / "out").glob(".*"))  # no temporary file left behind


def _stored_sections() -> dict[str, Any]:
    from bot.forms.draft_io import import_json
    from tests.export.conftest import DRAFTS

    sections = import_json(DRAFTS["complete"].read_bytes())
    sections["documents"]["_uploads"] = {
        "passport": {"sha256": "a" * 64, "file_name": "passport.pdf", "size": len(PDF)},
        "photo": {"sha256": "b" * 64, "file_name": "IMG 0001.HEIC", "size": len(JPEG)}}
    sections["opening"]["_confirmed"] = "2026-11-21"  # the engine's private keys stay out of the JSON
    return sections


def test_export_of_the_chats_stored_sections() -> None:
    from bot.export.bundle import zip_of_sections

    sections = _stored_sections()
    archive_bytes = zip_of_sections(sections, read={"a" * 64: PDF, "b" * 64: JPEG}.__getitem__, locale="zh_TW",
                                    today=TODAY, label="Ethan")
    with zipfile.ZipFile(io.BytesIO(archive_bytes)) as archive:
        assert archive.read("documents/01-photo.jpg") == JPEG and archive.read("documents/02-passport.pdf") == PDF
        data = json.loads(archive.read("draft.json"))
        text = "".join(pdfium_text(archive.read("copy-sheet.pdf")))
    assert "_uploads" not in data["draft"]["documents"] and "_confirmed" not in data["draft"]["opening"]
    assert data["draft"]["documents"]["files"] == [  # the finished uploads, as the platform model lists them
        {"file_name": "passport.pdf", "size_bytes": len(PDF), "encrypted": False, "document": "passport",
         "warnings": []},
        {"file_name": "IMG 0001.HEIC", "size_bytes": len(JPEG), "encrypted": False, "document": "photo",
         "warnings": []}]
    assert data["draft"]["opening"]["confirmed_on"] == "2026-11-21"  # the confirmation, as the draft's own field
    assert "documents/02-passport.pdf" in text and "IMG 0001.HEIC" in text


def test_the_chats_parts_are_the_bundles_and_the_worker_gets_no_document_bytes(monkeypatch: Any) -> None:
    """The chat's PDF and ZIP are those of build_export (but for the PDF's creation date and ID); the document
    worker is sent each document's size and type, never its contents; the ZIP reads each document again
    as it writes it, so the bot holds one document at a time."""
    import re

    import bot.export.bundle as bundle
    from bot.forms.draft_io import to_draft

    sections = _stored_sections()
    store = {"a" * 64: PDF, "b" * 64: JPEG}
    reads: list[str] = []

    def read(sha256: str) -> bytes:
        reads.append(sha256)
        return store[sha256]

    sent: list[ExportDocument] = []
    render = bundle.render_pdf_isolated

    def isolated(*args: Any, documents: Any, **kwargs: Any) -> bytes:
        sent.extend(documents)
        return render(*args, documents=documents, **kwargs)

    monkeypatch.setattr(bundle, "render_pdf_isolated", isolated)
    pdf = bundle.pdf_of_sections(sections, read=read, locale="en", today=TODAY, label="Ethan")
    assert sorted(reads) == ["a" * 64, "b" * 64]
    archive_bytes = bundle.zip_of_sections(sections, read=read, locale="en", today=TODAY, label="Ethan")
    assert sorted(reads) == ["a" * 64] * 3 + ["b" * 64] * 3  # described, then described and written
    described = [("photo", len(JPEG), 8), ("passport", len(PDF), 8)]  # the size, and the type's first bytes
    assert [(doc.item, doc.size, len(doc.data)) for doc in sent] == described * 2

    whole = build_export(to_draft(sections, TODAY), locale="en", today=TODAY, label="Ethan",
                         documents=uploaded_documents(sections, store.__getitem__))

    def undated(data: bytes) -> bytes:
        return re.sub(rb"/CreationDate \(D:\d+Z\)|/ID \[<[0-9A-F]+><[0-9A-F]+>\]", b"", data)

    assert undated(pdf) == undated(whole.pdf)
    with zipfile.ZipFile(io.BytesIO(archive_bytes)) as chat, zipfile.ZipFile(io.BytesIO(whole.zip)) as cli:
        assert chat.namelist() == cli.namelist()
        for name in chat.namelist():
            assert undated(chat.read(name)) == undated(cli.read(name)), name
    assert bundle.zip_name(TODAY) == whole.zip_name


def test_a_document_gone_between_the_sheet_and_the_zip_fails_the_export() -> None:
    from bot.export.bundle import zip_of_sections

    store = {"a" * 64: PDF, "b" * 64: JPEG}

    def read(sha256: str) -> bytes:
        data = store[sha256]
        if sha256 == "b" * 64:
            del store[sha256]  # deleted right after the sheet listed it
        return data

    with pytest.raises(KeyError):
        zip_of_sections(_stored_sections(), read=read, locale="en", today=TODAY)


def test_the_bots_export_path_does_not_load_the_pdf_library() -> None:
    """The PDF is rendered in the document worker: the bot's process never imports fpdf2 and fontTools
    (+26 MiB resident for good), only the worker's forkserver does (bot/export/pdf_preload.py)."""
    import subprocess
    import sys

    code = ("import sys, bot.export.bundle, bot.export.effect, bot.export.chat, bot.export.pdf_worker\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'fpdf', 'fontTools'}))")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           cwd=Path(__file__).resolve().parents[2])
    assert found.stdout.strip() == "[]"

"""Formats are told by their bytes; names only let the bot say they were misleading."""

from __future__ import annotations

import gzip
import io
import tarfile

import pytest

from bot.documents.formats import Family, FileFormat, claimed_format
from bot.documents.sniff import sniff
from tests.documents import corpus


def _tar() -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        info = tarfile.TarInfo("a.txt")
        info.size = 1
        archive.addfile(info, io.BytesIO(b"x"))
    return buffer.getvalue()


def _ftyp(major: bytes, *compatible: bytes) -> bytes:
    body = major + b"\x00\x00\x00\x00" + b"".join(compatible)
    return (8 + len(body)).to_bytes(4, "big") + b"ftyp" + body + b"\x00" * 16


@pytest.mark.parametrize(("data", "expected"), [
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", FileFormat.JPEG),
    (corpus.png_bytes((10, 10)), FileFormat.PNG),
    (_ftyp(b"heic", b"mif1", b"heic"), FileFormat.HEIF),
    (_ftyp(b"mif1", b"mif1", b"heic"), FileFormat.HEIF),
    (_ftyp(b"avif", b"mif1", b"avif"), FileFormat.AVIF),
    (_ftyp(b"isom", b"isom", b"mp41"), FileFormat.VIDEO),
    (_ftyp(b"M4A ", b"M4A "), FileFormat.AUDIO),
    (b"%PDF-1.7\n", FileFormat.PDF),
    (b"\r\n\x00garbage before the header %PDF-1.4\n", FileFormat.UNKNOWN),  # a PDF starts at byte 0
    (corpus.zip_file(), FileFormat.ZIP),
    (corpus.docx_file(), FileFormat.DOCX),
    (b"Rar!\x1a\x07\x01\x00", FileFormat.RAR),
    (b"7z\xbc\xaf\x27\x1c\x00\x04", FileFormat.SEVEN_ZIP),
    (gzip.compress(b"hello"), FileFormat.GZIP),
    (_tar(), FileFormat.TAR),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32, FileFormat.OLE),
    (corpus.windows_program(), FileFormat.EXE),
    (b"\x7fELF\x02\x01\x01", FileFormat.ELF),
    (b"#!/bin/sh\nrm -rf /\n", FileFormat.SCRIPT),
    (corpus.webp_image(), FileFormat.WEBP),
    (b"GIF89a\x01\x00\x01\x00", FileFormat.GIF),
    (b"II*\x00\x08\x00\x00\x00", FileFormat.TIFF),
    (b"<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg'/>", FileFormat.SVG),
    (b"<!DOCTYPE html><html><body>hi</body></html>", FileFormat.HTML),
    ("我的護照號碼".encode(), FileFormat.TEXT),
    (bytes(range(256)) * 4, FileFormat.UNKNOWN),
    (b"", FileFormat.EMPTY),
])
def test_sniff(data: bytes, expected: FileFormat) -> None:
    assert sniff(data) is expected


def test_only_four_formats_are_accepted() -> None:
    assert {f for f in FileFormat if f.accepted} == {FileFormat.JPEG, FileFormat.PNG, FileFormat.HEIF, FileFormat.PDF}
    assert FileFormat.EXE.family is Family.EXECUTABLE and FileFormat.ZIP.family is Family.ARCHIVE


@pytest.mark.parametrize(("name", "mime", "expected"), [
    ("scan.PDF", None, FileFormat.PDF),
    ("IMG_0001.HEIC", None, FileFormat.HEIF),
    ("photo.jpeg", "application/pdf", FileFormat.JPEG),
    (None, "image/png", FileFormat.PNG),
    ("no-extension", None, None),
    ("notes.xyz", None, None),
    (None, None, None),
])
def test_claimed_format(name: str | None, mime: str | None, expected: FileFormat | None) -> None:
    assert claimed_format(name, mime) is expected

"""Tell a file's format from its bytes (magic numbers), never from its name, and find archives hidden in it.

The type is decided by what the file starts with: a PDF must begin with ``%PDF-`` at byte 0 (readers
accept a header anywhere in the first 1024 bytes, which is how a ZIP or a web page passes for a PDF; the
bot does not). ZIP containers have their central directory listed (without inflating anything) to tell a
Word document or an Android app from a plain archive. :func:`hidden_archive` then scans the whole file of
an accepted type for an archive's signature: a ZIP local file header or end record, RAR, 7-Zip, xz or a
TAR header, wherever it sits.
"""

from __future__ import annotations

import io
import struct
import zipfile

from bot.documents.formats import FileFormat

# ISO base media file format brands (the "ftyp" box) of HEIF still images; AVIF is told apart.
_HEIF_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs", b"mif1",
                          b"msf1", b"mif2"})
_AVIF_BRANDS = frozenset({b"avif", b"avis"})
_AUDIO_BRANDS = frozenset({b"M4A ", b"M4B ", b"M4P ", b"F4A "})
_MAX_ZIP_ENTRIES_LISTED = 10_000


def sniff(data: bytes) -> FileFormat:
    """The format of ``data``, judged by its content alone."""
    if not data:
        return FileFormat.EMPTY
    head = data[:64]
    if head.startswith(b"\xff\xd8\xff"):
        return FileFormat.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileFormat.PNG
    if head.startswith(b"%PDF-"):
        return FileFormat.PDF
    if head[4:8] == b"ftyp":
        return _iso_media(data)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return _zip_container(data)
    return _simple_magic(data) or _text_like(data)


def _iso_media(data: bytes) -> FileFormat:
    box_size = int.from_bytes(data[0:4], "big")
    major = data[8:12]
    compatible = {data[i:i + 4] for i in range(16, min(max(box_size, 16), 256, len(data)) - 3, 4)}
    brands = {major} | compatible
    if brands & _AVIF_BRANDS and major not in _HEIF_BRANDS - {b"mif1", b"msf1"}:
        return FileFormat.AVIF
    if brands & _HEIF_BRANDS:
        return FileFormat.HEIF
    if major in _AUDIO_BRANDS:
        return FileFormat.AUDIO
    if major == b"crx ":
        return FileFormat.TIFF  # Canon RAW: labelled with the TIFF/RAW family
    return FileFormat.VIDEO


def _zip_container(data: bytes) -> FileFormat:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()[:_MAX_ZIP_ENTRIES_LISTED]
            names = {info.filename for info in infos}
            if "mimetype" in names:
                mimetype_info = archive.getinfo("mimetype")
                mimetype = archive.read("mimetype") if mimetype_info.file_size < 200 else b""
                if mimetype.startswith(b"application/vnd.oasis.opendocument"):
                    return FileFormat.ODF
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, NotImplementedError, EOFError):
        return FileFormat.ZIP
    if "word/document.xml" in names:
        return FileFormat.DOCX
    if "xl/workbook.xml" in names:
        return FileFormat.XLSX
    if "ppt/presentation.xml" in names:
        return FileFormat.PPTX
    if "AndroidManifest.xml" in names or "classes.dex" in names:
        return FileFormat.APK
    if "META-INF/MANIFEST.MF" in names and any(name.endswith(".class") for name in names):
        return FileFormat.JAR
    return FileFormat.ZIP


_ZIP_METHODS = frozenset({0, 1, 6, 8, 9, 12, 14, 19, 93, 95, 96, 97, 98, 99})
# archives looked for anywhere in a file: their magic (in _MAGIC below) is long enough not to occur by chance,
# and a tar's "ustar" sits at byte 257
_ANYWHERE = frozenset({FileFormat.RAR, FileFormat.SEVEN_ZIP, FileFormat.XZ})
_TAR_SIGNATURES = ((b"ustar\x0000", FileFormat.TAR), (b"ustar  \x00", FileFormat.TAR))


def hidden_archive(data: bytes) -> FileFormat | None:
    """The kind of archive whose signature appears anywhere in ``data``, or None.

    Signatures of four bytes (ZIP) are checked with the fields that follow them, so compressed image
    data that happens to contain ``PK\\x03\\x04`` is not taken for an archive.
    """
    if _zip_local_header(data) or _zip_end_record(data):
        return FileFormat.ZIP
    for signature, found in _SIGNATURES:
        if data.find(signature) >= 0:
            return found
    return None


def _zip_local_header(data: bytes) -> bool:
    at = data.find(b"PK\x03\x04")
    while at >= 0:
        if at + 30 <= len(data):
            version, flags, method = struct.unpack_from("<HHH", data, at + 4)
            name_length = struct.unpack_from("<H", data, at + 26)[0]
            if version <= 63 and flags < 0x1000 and method in _ZIP_METHODS and 0 < name_length <= 1024:
                return True
        at = data.find(b"PK\x03\x04", at + 1)
    return False


def _zip_end_record(data: bytes) -> bool:
    at = data.rfind(b"PK\x05\x06")
    return at >= 0 and at + 22 <= len(data) and at + 22 + struct.unpack_from("<H", data, at + 20)[0] == len(data)


_MAGIC: tuple[tuple[bytes, FileFormat], ...] = (
    (b"Rar!\x1a\x07", FileFormat.RAR),
    (b"7z\xbc\xaf\x27\x1c", FileFormat.SEVEN_ZIP),
    (b"\x1f\x8b", FileFormat.GZIP),
    (b"BZh", FileFormat.BZIP2),
    (b"\xfd7zXZ\x00", FileFormat.XZ),
    (b"\x28\xb5\x2f\xfd", FileFormat.ZSTD),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", FileFormat.OLE),
    (b"{\\rtf", FileFormat.RTF),
    (b"MZ", FileFormat.EXE),
    (b"\x7fELF", FileFormat.ELF),
    (b"\xfe\xed\xfa\xce", FileFormat.MACHO),
    (b"\xfe\xed\xfa\xcf", FileFormat.MACHO),
    (b"\xce\xfa\xed\xfe", FileFormat.MACHO),
    (b"\xcf\xfa\xed\xfe", FileFormat.MACHO),
    (b"\xca\xfe\xba\xbe", FileFormat.MACHO),  # universal binary (also a Java class file: a program either way)
    (b"#!", FileFormat.SCRIPT),
    (b"GIF87a", FileFormat.GIF),
    (b"GIF89a", FileFormat.GIF),
    (b"II*\x00", FileFormat.TIFF),
    (b"MM\x00*", FileFormat.TIFF),
    (b"BM", FileFormat.BMP),
    (b"\x00\x00\x00\x0cjP  \r\n\x87\n", FileFormat.JPEG2000),
    (b"\xff\x4f\xff\x51", FileFormat.JPEG2000),
    (b"8BPS", FileFormat.PSD),
    (b"%!PS", FileFormat.POSTSCRIPT),
    (b"\x1a\x45\xdf\xa3", FileFormat.VIDEO),  # Matroska / WebM
    (b"ID3", FileFormat.AUDIO),
    (b"OggS", FileFormat.AUDIO),
    (b"fLaC", FileFormat.AUDIO),
)
_SIGNATURES = (*((magic, kind) for magic, kind in _MAGIC if kind in _ANYWHERE), *_TAR_SIGNATURES)


def _simple_magic(data: bytes) -> FileFormat | None:
    for magic, found in _MAGIC:
        if data.startswith(magic):
            return found
    if data[:4] == b"RIFF":
        kind = data[8:12]
        if kind == b"WEBP":
            return FileFormat.WEBP
        if kind == b"WAVE":
            return FileFormat.AUDIO
        if kind == b"AVI ":
            return FileFormat.VIDEO
    if data[257:262] == b"ustar":
        return FileFormat.TAR
    return None


def _text_like(data: bytes) -> FileFormat:
    head = data[:4096]
    if b"\x00" in head:
        return FileFormat.UNKNOWN
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut in half at the end of the sample
            return FileFormat.UNKNOWN
        text = head[:exc.start].decode("utf-8")
    lowered = text.lstrip("\ufeff \t\r\n").lower()
    if "<svg" in lowered[:2048]:
        return FileFormat.SVG
    if lowered.startswith(("<!doctype html", "<html")) or "<html" in lowered[:1024]:
        return FileFormat.HTML
    return FileFormat.TEXT

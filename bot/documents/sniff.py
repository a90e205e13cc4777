"""Tell a file's format from its bytes (magic numbers), never from its name.

Only the first bytes are read, except for ZIP containers, whose central directory is listed (without
inflating anything) to tell a Word document or an Android app from a plain archive.
"""

from __future__ import annotations

import io
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
    if b"%PDF-" in data[:1024]:  # readers accept a header within the first 1024 bytes
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

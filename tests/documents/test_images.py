"""Images are opened under the bomb limits, made upright and opaque, and refused when broken."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageCms

from bot.documents.formats import FileFormat
from bot.documents.limits import MAX_DECODED_PIXELS, TELEGRAM_DOWNLOAD_MAX_BYTES
from bot.documents.notes import NoteCode, Refusal, RefusalCode
from bot.documents.pipeline import check_announced_size, take_page
from bot.documents.results import Page
from tests.documents import corpus
from tests.documents.conftest import chinese, english


def _jpeg(image: Image.Image, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", **options)
    return buffer.getvalue()


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def test_announced_size_over_the_bot_api_limit_is_refused_before_download() -> None:
    refusal = check_announced_size(TELEGRAM_DOWNLOAD_MAX_BYTES + 1)
    assert isinstance(refusal, Refusal) and refusal.code is RefusalCode.TOO_LARGE_TO_DOWNLOAD
    assert "20.0 MB" in english(refusal.messages)
    assert "Telegram 只允許機器人接收 20.0 MB 以下的檔案" in chinese(refusal.messages)
    assert check_announced_size(TELEGRAM_DOWNLOAD_MAX_BYTES) is None
    assert check_announced_size(None) is None


@pytest.mark.parametrize(("width", "height", "megapixels"), [
    (100_000, 100_000, 10000),  # Pillow's DecompressionBombError (over twice the limit)
    (15_000, 15_000, 225),  # Pillow's DecompressionBombWarning zone: refused all the same
    (8_000, 8_000, 64),  # declared size allowed, but a PNG that large is not decoded
])
def test_bombs_are_refused_before_decoding(width: int, height: int, megapixels: int) -> None:
    refusal = take_page(corpus.png_declaring(width, height))
    assert isinstance(refusal, Refusal) and refusal.code is RefusalCode.IMAGE_TOO_LARGE
    assert f"{megapixels} megapixels" in english(refusal.messages)
    chinese(refusal.messages)


def test_large_jpeg_is_decoded_at_reduced_scale() -> None:
    size = (7600, 7000)  # 53 MP: over the decoding limit at full scale, fine at 1/2
    assert size[0] * size[1] > MAX_DECODED_PIXELS
    page = take_page(_jpeg(Image.new("RGB", size, (250, 250, 250)), quality=50))
    assert isinstance(page, Page)
    assert page.source.pixels == size
    assert page.image.width * page.image.height <= MAX_DECODED_PIXELS


@pytest.mark.parametrize("data", [
    corpus.phone_photo()[:5000],  # a photo cut off during upload
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,  # the signature and nothing else
    b"\xff\xd8\xff\xe0" + b"\x17" * 500,
])
def test_broken_images_are_refused(data: bytes) -> None:
    refusal = take_page(data, name="scan.jpg")
    assert isinstance(refusal, Refusal) and refusal.code is RefusalCode.BROKEN
    assert "damaged" in english(refusal.messages)
    assert "已損毀" in chinese(refusal.messages)


def test_transparent_png_gets_a_white_background() -> None:
    page = take_page(corpus.transparent_png())
    assert isinstance(page, Page)
    assert page.image.mode == "RGB"
    assert page.image.getpixel((5, 5)) == (255, 255, 255)
    assert NoteCode.TRANSPARENCY_FLATTENED in [note.code for note in page.notes]


def test_cmyk_jpeg_and_16_bit_png_are_normalised() -> None:
    cmyk = take_page(_jpeg(Image.new("CMYK", (300, 400), (0, 0, 0, 0))))
    assert isinstance(cmyk, Page) and cmyk.image.mode == "RGB"
    grey16 = take_page(_png(Image.new("I;16", (300, 400), 50_000)))
    assert isinstance(grey16, Page) and grey16.image.mode == "L"
    assert grey16.image.getpixel((1, 1)) == 50_000 // 256


def test_colour_profile_is_applied() -> None:
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    page = take_page(_jpeg(Image.new("RGB", (300, 400), (200, 100, 50)), icc_profile=profile, quality=95))
    assert isinstance(page, Page)
    red, green, blue = page.image.getpixel((10, 10))  # type: ignore[misc]
    assert abs(red - 200) <= 3 and abs(green - 100) <= 3 and abs(blue - 50) <= 3


@pytest.mark.parametrize(("data", "code", "format_"), [
    (corpus.windows_program(), RefusalCode.EXECUTABLE, FileFormat.EXE),
    (corpus.docx_file(), RefusalCode.OFFICE, FileFormat.DOCX),
    (corpus.webp_image(), RefusalCode.OTHER_IMAGE, FileFormat.WEBP),
    (b"just some notes\n", RefusalCode.UNSUPPORTED, FileFormat.TEXT),
])
def test_other_files_are_refused_with_what_they_are(data: bytes, code: RefusalCode, format_: FileFormat) -> None:
    refusal = take_page(data, name="passport.pdf")
    assert isinstance(refusal, Refusal) and refusal.code is code
    assert refusal.claimed is FileFormat.PDF
    en, zh = english(refusal.messages), chinese(refusal.messages)
    assert "named like a PDF document" in en
    assert "檔名看起來是「PDF 文件」" in zh

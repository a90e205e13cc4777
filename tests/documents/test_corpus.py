"""The issue's corpus, file by file: each is converted or refused, and the user is told why in both languages."""

from __future__ import annotations

import io

import pikepdf
import pytest

from bot.documents.limits import PLATFORM_MAX_BYTES
from bot.documents.notes import NoteCode, Refusal, RefusalCode
from bot.documents.pdf_build import page_images
from bot.documents.pipeline import convert
from bot.documents.results import Converted, DocumentKind
from tests.documents.conftest import chinese, english
from tests.documents.corpus import SCAN_PAGES, Corpus


def converted(corpus: Corpus, name: str) -> Converted:
    result = convert(corpus[name], DocumentKind.DOCUMENT, name=name)
    assert isinstance(result, Converted), result
    assert result.size <= PLATFORM_MAX_BYTES
    assert result.media_type == "application/pdf"
    with pikepdf.open(io.BytesIO(result.data)) as pdf:
        assert len(pdf.pages) == result.pages
        assert not pdf.is_encrypted
    assert result.preview and result.preview.startswith(b"\xff\xd8")
    return result


def refused(corpus: Corpus, name: str) -> Refusal:
    result = convert(corpus[name], DocumentKind.DOCUMENT, name=name)
    assert isinstance(result, Refusal), result
    return result


def codes(result: Converted) -> list[NoteCode]:
    return [note.code for note in result.notes]


def test_12_megapixel_photo_becomes_a_small_pdf(corpus: Corpus) -> None:
    result = converted(corpus, "phone_12mp.jpg")
    assert result.pages == 1
    assert len(corpus["phone_12mp.jpg"]) > PLATFORM_MAX_BYTES  # it really needed converting
    assert result.dpi is not None and result.dpi >= 150
    assert NoteCode.METADATA_REMOVED in codes(result)
    en, zh = english(result.summary()), chinese(result.summary())
    assert "a PDF of one page" in en and "4000 × 3000 pixels" in en and "DPI on an A4 page" in en
    assert "PDF" in zh and "4000 × 3000 像素" in zh and "已移除照片內儲存的拍攝位置" in zh


def test_rotated_photo_is_turned_upright(corpus: Corpus) -> None:
    result = converted(corpus, "rotated.jpg")
    assert NoteCode.ROTATED in codes(result)
    with pikepdf.open(io.BytesIO(result.data)) as pdf:
        box = [float(v) for v in pdf.pages[0].mediabox]
        assert box[3] > box[2]  # portrait page
        image = pikepdf.PdfImage(page_images(pdf.pages[0])[0]).as_pil_image().convert("RGB")  # type: ignore[arg-type]
    assert image.height > image.width
    # the red square at the stored top-left is at the top-right once upright (orientation 6: 90° clockwise)
    top_right = image.getpixel((image.width - 20, 20))
    top_left = image.getpixel((20, 20))
    assert isinstance(top_right, tuple) and isinstance(top_left, tuple)
    assert top_right[0] > 200 and top_right[1] < 80, top_right
    assert top_left[0] > 200 and top_left[1] > 200, top_left
    assert "Turned upright" in english(result.summary())
    assert "轉正" in chinese(result.summary())


def test_heic_photo_is_converted(corpus: Corpus) -> None:
    result = converted(corpus, "photo.heic")
    assert result.sources[0].format.value == "heif"
    assert "HEIC image" in english(result.summary())
    assert "HEIC 圖片" in chinese(result.summary())


def test_30_page_scan_over_the_limit_is_recompressed(corpus: Corpus) -> None:
    data = corpus["scan_30_pages.pdf"]
    assert len(data) > 5 * PLATFORM_MAX_BYTES
    result = converted(corpus, "scan_30_pages.pdf")
    assert result.pages == SCAN_PAGES
    assert result.dpi is not None and result.dpi >= 150
    assert NoteCode.PDF_IMAGES_RECOMPRESSED in codes(result)
    en, zh = english(result.summary()), chinese(result.summary())
    assert f"a PDF of {SCAN_PAGES} pages" in en and "Compressed from" in en
    assert f"{SCAN_PAGES} 頁的 PDF" in zh and "壓縮為" in zh


def test_encrypted_pdf_is_refused(corpus: Corpus) -> None:
    refusal = refused(corpus, "encrypted.pdf")
    assert refusal.code is RefusalCode.ENCRYPTED
    assert "protected by a password" in english(refusal.messages)
    assert "密碼" in chinese(refusal.messages) and "加密" in chinese(refusal.messages)


@pytest.mark.parametrize(("name", "english_words", "chinese_words"), [
    ("javascript.pdf", "JavaScript code", "JavaScript 程式碼"),
    ("launch.pdf", "a command that starts another program", "會啟動其他程式的指令"),
    ("attachment.pdf", "files hidden inside it", "藏在檔案內的其他檔案"),
    ("xfa.pdf", "dynamic (XFA) form", "動態（XFA）表單"),
])
def test_pdf_with_active_content_is_refused(corpus: Corpus, name: str, english_words: str, chinese_words: str) -> None:
    refusal = refused(corpus, name)
    assert refusal.code is RefusalCode.ACTIVE_CONTENT
    en, zh = english(refusal.messages), chinese(refusal.messages)
    assert english_words in en and "Print → Save as PDF" in en
    assert chinese_words in zh and "另存為 PDF" in zh


def test_png_named_pdf_is_accepted_as_png_and_the_user_is_told(corpus: Corpus) -> None:
    result = converted(corpus, "screenshot.pdf")
    assert result.sources[0].format.value == "png"
    assert NoteCode.NAME_MISMATCH in codes(result)
    assert "named like a PDF document, but it is really a PNG image" in english(result.summary())
    assert "檔名看起來是「PDF 文件」，但實際上是「PNG 圖片」" in chinese(result.summary())


def test_zip_named_jpg_is_refused(corpus: Corpus) -> None:
    refusal = refused(corpus, "passport.jpg")
    assert refusal.code is RefusalCode.ARCHIVE
    en, zh = english(refusal.messages), chinese(refusal.messages)
    assert "named like a JPEG image, but it is really a ZIP archive" in en and "does not open archives" in en
    assert "「ZIP 壓縮檔」" in zh and "解壓縮" in zh


def test_decompression_bomb_is_refused_unopened(corpus: Corpus) -> None:
    assert len(corpus["bomb.png"]) < 100
    refusal = refused(corpus, "bomb.png")
    assert refusal.code is RefusalCode.IMAGE_TOO_LARGE
    assert "10000 megapixels" in english(refusal.messages)
    assert "10000 百萬像素" in chinese(refusal.messages)


def test_empty_file_is_refused(corpus: Corpus) -> None:
    refusal = refused(corpus, "empty.pdf")
    assert refusal.code is RefusalCode.EMPTY
    assert "empty (0 bytes)" in english(refusal.messages)
    assert "空的" in chinese(refusal.messages)


def test_plain_pdf_is_rebuilt_from_its_pages(corpus: Corpus) -> None:
    result = converted(corpus, "letter.pdf")
    assert result.data != corpus["letter.pdf"]  # never passed on byte for byte
    assert result.pages == 2
    with pikepdf.open(io.BytesIO(corpus["letter.pdf"])) as before, pikepdf.open(io.BytesIO(result.data)) as after:
        assert [p.Contents.read_bytes() for p in after.pages] == [p.Contents.read_bytes() for p in before.pages]
    assert "Rebuilt the PDF from its pages" in english(result.summary())
    assert "重新建立" in chinese(result.summary())


def test_harmless_open_action_is_accepted(corpus: Corpus) -> None:
    result = converted(corpus, "open_on_page_one.pdf")
    with pikepdf.open(io.BytesIO(result.data)) as pdf:
        assert len(pdf.pages) >= 1 and "/OpenAction" not in pdf.Root  # the catalog is a fresh one


def test_copy_restricted_pdf_is_saved_without_encryption(corpus: Corpus) -> None:
    with pikepdf.open(io.BytesIO(corpus["restricted.pdf"])) as original:
        assert original.is_encrypted
    result = converted(corpus, "restricted.pdf")
    assert NoteCode.PDF_RESTRICTIONS_REMOVED in codes(result)
    assert NoteCode.PDF_KEPT not in codes(result)
    assert "複製及列印限制" in chinese(result.summary())



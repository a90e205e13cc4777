"""The photo slot: a JPEG in 3.5 × 4.5 cm proportions, with warnings about background and framing."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from bot.documents.limits import PHOTO_MAX_PX
from bot.documents.notes import NoteCode, Refusal, RefusalCode
from bot.documents.photo import RATIO
from bot.documents.pipeline import convert
from bot.documents.results import Converted, DocumentKind
from tests.documents import corpus
from tests.documents.conftest import chinese, english
from tests.documents.corpus import Corpus


def photo(data: bytes) -> Converted:
    result = convert(data, DocumentKind.PHOTO, name="photo.jpg")
    assert isinstance(result, Converted), result
    assert result.media_type == "image/jpeg" and result.data.startswith(b"\xff\xd8")
    with Image.open(io.BytesIO(result.data)) as image:
        assert abs(image.width / image.height - RATIO) < 0.005
        assert image.size == result.pixels
        assert image.width <= PHOTO_MAX_PX[0]
        assert not image.getexif()
    return result


def codes(result: Converted) -> set[NoteCode]:
    return {note.code for note in result.notes}


def test_good_photo_has_no_warning() -> None:
    result = photo(corpus.id_photo((700, 900), (255, 255, 255)))
    assert result.warnings == ()
    assert result.pixels == (700, 900)
    en, zh = english(result.summary()), chinese(result.summary())
    assert "a JPEG photo of 700 × 900 pixels (3.5 × 4.5 cm)" in en
    assert "JPEG 照片，700 × 900 像素（3.5 × 4.5 公分）" in zh


def test_phone_portrait_is_cropped_and_scaled() -> None:
    result = photo(corpus.id_photo((3024, 4032), (250, 250, 250)))  # 3:4, a little too tall
    assert NoteCode.PHOTO_CROPPED in codes(result)
    assert NoteCode.PHOTO_PROPORTIONS not in codes(result)  # a small trim needs no warning
    assert result.pixels == (827, 1063)
    assert result.dpi == 600
    assert "Cropped to the platform's photo proportions" in english(result.summary())
    assert "高度裁掉了" in chinese(result.summary())


def test_landscape_photo_gets_a_proportions_warning() -> None:
    result = photo(corpus.id_photo((1600, 1200), (255, 255, 255)))
    assert NoteCode.PHOTO_PROPORTIONS in codes(result)
    en, zh = english(result.summary()), chinese(result.summary())
    assert "1600 × 1200 pixels, far from the 3.5 × 4.5 cm proportions" in en
    assert "70–80%" in zh and "照片裁切工具" in zh


@pytest.mark.parametrize(("background", "english_words", "chinese_words"), [
    ((170, 170, 170), "grey or in shadow", "偏灰或有陰影"),
    ((90, 140, 220), "coloured", "有顏色"),
])
def test_background_that_is_not_white_is_warned(background: tuple[int, int, int], english_words: str,
                                                  chinese_words: str) -> None:
    result = photo(corpus.id_photo((700, 900), background))
    assert NoteCode.PHOTO_BACKGROUND in codes(result)
    assert english_words in english(result.summary())
    assert chinese_words in chinese(result.summary())


def test_small_photo_is_warned() -> None:
    result = photo(corpus.id_photo((280, 360), (255, 255, 255)))
    assert NoteCode.PHOTO_LOW_RESOLUTION in codes(result)
    assert "at least 413 × 531" in english(result.summary())
    chinese(result.summary())


def test_pdf_is_not_a_photo(corpus: Corpus) -> None:
    result = convert(corpus["letter.pdf"], DocumentKind.PHOTO)
    assert isinstance(result, Refusal) and result.code is RefusalCode.NOT_A_PHOTO
    assert "not a PDF document" in english(result.messages)
    assert "不能是「PDF 文件」" in chinese(result.messages)

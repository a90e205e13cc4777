"""Several uploads make one document: pages are kept between messages (packed) and finished on "done"."""

from __future__ import annotations

import io

import pikepdf

from bot.documents.formats import FileFormat
from bot.documents.limits import PLATFORM_MAX_BYTES
from bot.documents.notes import NoteCode, Refusal, RefusalCode
from bot.documents.pipeline import finish, take_page
from bot.documents.results import Converted, DocumentKind, Page
from tests.documents.conftest import chinese, english
from tests.documents.corpus import Corpus


def _page(corpus: Corpus, name: str) -> Page:
    page = take_page(corpus[name], name=name)
    assert isinstance(page, Page), page
    return page


def test_pages_survive_packing(corpus: Corpus) -> None:
    page = _page(corpus, "rotated.jpg")
    restored = Page.unpack(page.pack())
    assert restored.format is FileFormat.JPEG
    assert restored.source == page.source
    assert restored.notes == page.notes
    assert restored.image.size == page.image.size
    assert b"PhoneMaker" not in restored.data  # the kept page has no EXIF already


def test_several_photos_become_one_pdf(corpus: Corpus) -> None:
    pages = [Page.unpack(_page(corpus, name).pack()) for name in ("phone_12mp.jpg", "rotated.jpg", "photo.heic")]
    result = finish(pages, DocumentKind.DOCUMENT)
    assert isinstance(result, Converted)
    assert result.pages == 3 and result.size <= PLATFORM_MAX_BYTES
    with pikepdf.open(io.BytesIO(result.data)) as pdf:
        assert len(pdf.pages) == 3
        orientations = [float(p.mediabox[2]) > float(p.mediabox[3]) for p in pdf.pages]
    assert orientations == [True, False, False]  # landscape photo, then two portrait pages
    en = english(result.summary())
    assert "Made from 3 files" in en and "JPEG image, 4000 × 3000 pixels" in en and "HEIC image" in en
    assert "a PDF of 3 pages" in en
    zh = chinese(result.summary())
    assert "由 3 個檔案製成" in zh and "；" in zh


def test_photo_and_pdf_pages_mix(corpus: Corpus) -> None:
    pages = [_page(corpus, "letter.pdf"), _page(corpus, "rotated.jpg")]
    result = finish(pages, DocumentKind.DOCUMENT)
    assert isinstance(result, Converted)
    assert result.pages == 3
    assert NoteCode.MADE_PDF in [note.code for note in result.notes]


def test_many_photos_share_the_budget(corpus: Corpus) -> None:
    pages = [_page(corpus, "phone_12mp.jpg") for _ in range(3)]
    result = finish(pages, DocumentKind.DOCUMENT)
    assert isinstance(result, Converted)
    assert result.pages == 3 and result.size <= PLATFORM_MAX_BYTES
    assert result.dpi is not None and result.dpi >= 110


def test_too_many_pages_for_one_file_are_refused_with_advice(corpus: Corpus) -> None:
    pages = [_page(corpus, "rotated.jpg")] * 12
    result = finish(pages, DocumentKind.DOCUMENT, budget=60 * 1024)
    assert isinstance(result, Refusal) and result.code is RefusalCode.CANNOT_FIT
    assert "these 12 pages do not fit in 60 KB" in english(result.messages)
    assert "拆成幾個部分" in chinese(result.messages)


def test_nothing_to_finish() -> None:
    result = finish([], DocumentKind.DOCUMENT)
    assert isinstance(result, Refusal) and result.code is RefusalCode.NO_PAGES
    chinese(result.messages)

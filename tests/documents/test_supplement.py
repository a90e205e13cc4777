"""The supplement rule: at most 5 files; more are merged (smallest neighbours first) into PDFs within the limit."""

from __future__ import annotations

import io

import pikepdf

from bot.documents.limits import PLATFORM_MAX_BYTES, SUPPLEMENT_MAX_FILES
from bot.documents.notes import NoteCode
from bot.documents.pipeline import convert
from bot.documents.results import Converted, DocumentKind
from bot.documents.supplement import group_for_upload, limit_files
from tests.documents import corpus as corpus_module
from tests.documents.conftest import chinese, english
from tests.documents.corpus import Corpus


def test_grouping_keeps_order_and_merges_the_smallest_neighbours() -> None:
    assert group_for_upload([10, 20, 30]) == [[0], [1], [2]]
    assert group_for_upload([500, 10, 20, 400, 30, 300, 600]) == [[0], [1, 2], [3], [4, 5], [6]]
    groups = group_for_upload([1] * 12)
    assert len(groups) == SUPPLEMENT_MAX_FILES
    assert [i for group in groups for i in group] == list(range(12))


def test_up_to_five_files_are_left_alone(corpus: Corpus) -> None:
    files = [convert(corpus["letter.pdf"], DocumentKind.DOCUMENT) for _ in range(5)]
    assert all(isinstance(f, Converted) for f in files)
    assert limit_files(files) == files  # type: ignore[arg-type]


def test_more_than_five_files_are_merged(corpus: Corpus) -> None:
    sources = [corpus["letter.pdf"], corpus["rotated.jpg"], corpus["letter.pdf"], corpus["photo.heic"],
               corpus["open_on_page_one.pdf"], corpus["letter.pdf"], corpus_module.scanned_pdf(pages=1)]
    files = [convert(data, DocumentKind.DOCUMENT) for data in sources]
    assert all(isinstance(f, Converted) for f in files)
    limited = limit_files(files)  # type: ignore[arg-type]
    assert isinstance(limited, list) and len(limited) == SUPPLEMENT_MAX_FILES
    assert sum(f.pages for f in limited) == sum(f.pages for f in files if isinstance(f, Converted))
    merged = [f for f in limited if NoteCode.MERGED in [n.code for n in f.notes]]
    assert merged
    for file in limited:
        assert file.size <= PLATFORM_MAX_BYTES
        with pikepdf.open(io.BytesIO(file.data)) as pdf:
            assert len(pdf.pages) == file.pages
    assert "the platform takes at most 5 files" in english(merged[0].summary())
    assert "平臺最多只收 5 個檔案" in chinese(merged[0].summary())


def test_merged_files_over_the_limit_are_recompressed(corpus: Corpus) -> None:
    big = convert(corpus["phone_12mp.jpg"], DocumentKind.DOCUMENT)
    assert isinstance(big, Converted) and big.size > PLATFORM_MAX_BYTES // 2
    limited = limit_files([big] * 7)
    assert isinstance(limited, list) and len(limited) == 5
    assert all(file.size <= PLATFORM_MAX_BYTES for file in limited)
    merged = [file for file in limited if file.pages == 2]
    assert len(merged) == 2 and NoteCode.PDF_IMAGES_RECOMPRESSED in [n.code for n in merged[0].notes]

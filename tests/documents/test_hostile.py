"""The hostile corpus (tests/documents/hostile.py): each file refused or converted by the bounded worker,
with the reason in both languages; what is accepted parses cleanly and carries no archive; the worker's
own limits stop a job that runs out of memory or time.

The slowest makers (the million-object PDF, a real 7000² HEIC) run in the benchmark
(``bench/bench_hostile.py``); here a 60,000-object PDF and a HEIC that declares 7000² stand for them.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable

import pikepdf
import pytest

from bot.documents.notes import Refusal, RefusalCode
from bot.documents.pdf_build import page_images
from bot.documents.pipeline import convert, take_page
from bot.documents.results import Converted, DocumentKind
from bot.documents.sniff import hidden_archive
from bot.documents.worker import JobResult, run_measured
from tests.documents import hostile
from tests.documents.conftest import chinese, english

MB = 1024 * 1024

REFUSED: dict[str, tuple[Callable[[], bytes], RefusalCode, str]] = {
    "rgba-7070.png": (hostile.rgba_png, RefusalCode.IMAGE_TOO_HEAVY, "7070 × 7070 pixels with 4 channels of 8 bits"),
    "heic-7000.heic": (hostile.heic_declaring, RefusalCode.IMAGE_TOO_HEAVY, "7000 × 7000 pixels"),
    "loose-60k-objects.pdf": (hostile.loose_objects_pdf, RefusalCode.TOO_MANY_OBJECTS, "about 60001 pieces (objects)"),
    "a4-vector-300-pages.pdf": (hostile.a4_vector_pdf, RefusalCode.CANNOT_FIT, "300 pages do not fit"),
    "zip-with-pdf-first.pdf": (hostile.zip_with_pdf_first, RefusalCode.ARCHIVE, "ZIP archive"),
    "pdf-with-zip-appended.pdf": (hostile.pdf_with_zip_appended, RefusalCode.HIDDEN_ARCHIVE,
                                  "PDF document has a ZIP archive hidden inside it"),
    "html-script-then-pdf.pdf": (hostile.html_then_pdf, RefusalCode.UNSUPPORTED, "really a file of an unknown type"),
    "zip-renamed.pdf": (hostile.zip_named_pdf, RefusalCode.ARCHIVE, "named like a PDF document"),
}


@pytest.fixture(scope="session")
def hostile_files() -> dict[str, bytes]:
    """Generated once per session (a few seconds in all)."""
    return {name: make() for name, (make, _code, _text) in REFUSED.items()}


def _in_worker(data: bytes, name: str) -> JobResult:
    return run_measured(convert, data, DocumentKind.DOCUMENT, name=name)


@pytest.mark.parametrize("name", list(REFUSED))
def test_hostile_file_is_refused_by_the_bounded_worker(hostile_files: dict[str, bytes], name: str) -> None:
    _make, code, text = REFUSED[name]
    job = _in_worker(hostile_files[name], name)
    assert not job.stopped, "the limits are checked before the work, not by running out of budget"
    assert isinstance(job.value, Refusal) and job.value.code is code, job.value
    assert text in english(job.value.messages)
    chinese(job.value.messages)
    assert job.peak_rss_bytes is not None and job.peak_rss_bytes < 300 * MB


def test_million_object_pdf_is_refused_from_its_cross_reference_count() -> None:
    data = hostile.many_objects_pdf(200_000)  # same shape as the benchmark's million, a fifth of the making
    refusal = take_page(data, name="scan.pdf")
    assert isinstance(refusal, Refusal) and refusal.code is RefusalCode.TOO_MANY_OBJECTS


def test_sixteen_bit_png_is_converted_to_eight_bits() -> None:
    job = run_measured(convert, hostile.small_png16(), DocumentKind.DOCUMENT, name="scan.png")
    assert isinstance(job.value, Converted), job.value
    with pikepdf.open(io.BytesIO(job.value.data)) as pdf:
        image = page_images(pdf.pages[0])[0]
        assert int(image.BitsPerComponent) == 8 and image.Filter == "/DCTDecode"


def test_large_page_vector_pdf_is_accepted_as_a_rebuilt_page_then_refused_quickly_when_finished() -> None:
    data = hostile.large_page_vector_pdf()
    page = run_measured(take_page, data, name="plan.pdf")
    assert not isinstance(page.value, Refusal)
    assert page.value.data != data and hidden_archive(page.value.data) is None
    job = run_measured(convert, data, DocumentKind.DOCUMENT, name="plan.pdf")
    assert isinstance(job.value, Refusal) and job.value.code in (RefusalCode.CANNOT_FIT, RefusalCode.TOO_MUCH_WORK)
    assert job.peak_rss_bytes is not None and job.peak_rss_bytes < 300 * MB


def test_accepted_pdfs_are_rebuilt_without_anything_appended() -> None:
    with_trailer = hostile.small_pdf() + b"\n% trailing text that readers ignore\n" + b"x" * 5000
    result = convert(with_trailer, DocumentKind.DOCUMENT, name="letter.pdf")
    assert isinstance(result, Converted)
    assert b"trailing text" not in result.data and b"x" * 100 not in result.data
    assert result.data.startswith(b"%PDF-") and hidden_archive(result.data) is None
    with pikepdf.open(io.BytesIO(result.data)) as pdf:
        assert len(pdf.pages) == 1 and "/Names" not in pdf.Root and "/OpenAction" not in pdf.Root


def test_archive_signatures_are_found_anywhere_but_not_in_chance_bytes() -> None:
    assert hidden_archive(b"%PDF-1.4\n" + b"\x00" * 5000 + b"Rar!\x1a\x07\x01\x00") is not None
    assert hidden_archive(b"%PDF-1.4\n" + b"7z\xbc\xaf\x27\x1c" + b"\x00" * 40) is not None
    chance = b"%PDF-1.4\n" + b"PK\x03\x04\xff\xff\xff\xff" * 50  # the signature without a plausible header
    assert hidden_archive(chance) is None


def _sleep(seconds: float) -> str:
    time.sleep(seconds)
    return "finished"


def _allocate(size: int) -> int:
    return len(bytearray(size))


def test_a_job_over_its_time_is_killed_and_refused() -> None:
    started = time.perf_counter()
    job = run_measured(_sleep, 30, seconds=1)
    assert job.stopped and isinstance(job.value, Refusal) and job.value.code is RefusalCode.TOO_MUCH_WORK
    assert time.perf_counter() - started < 10
    assert "more memory or time" in english(job.value.messages)
    chinese(job.value.messages)


def test_a_job_over_its_memory_is_refused_and_the_next_one_runs() -> None:
    job = run_measured(_allocate, 2 * 1024 * MB, memory=200 * MB)
    assert isinstance(job.value, Refusal) and job.value.code is RefusalCode.TOO_MUCH_WORK
    assert run_measured(_allocate, 10 * MB).value == 10 * MB

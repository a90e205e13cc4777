"""The converted 12-megapixel photo stays legible: an OCR-free proof.

Why these measures stand in for "a person can read it":

- **Effective resolution.** Both the page (the image spread over A4) and the photographed sheet itself
  (known geometry) must have at least 150 DPI: the resolution at which 9-pt print keeps its letter shapes
  (fax "fine" mode is 200; 100 DPI and below blurs e, a and o together).
- **Thin strokes survive.** The sheet carries a bar target: 89 bars 0.25 mm wide, 0.5 mm apart — the
  stroke width and inner gaps of 9-pt text. Every bar must still be a separate dark run in the output, with
  most of the contrast of a perfect (uncompressed, high-quality) reduction to the same size. A copy reduced to
  75 DPI fails both checks, which shows the measure can fail.
- **Glyph contrast.** In a line of 9-pt text, the ink-to-paper contrast must match the perfect reduction:
  JPEG ringing or over-compression shows up as grey ink and dirty paper.
- **Colour kept.** The red seal stays red (reviewers look for the company's seal).
"""

from __future__ import annotations

import io

import pikepdf
import pytest
from PIL import Image

from bot.documents.limits import A4_INCHES, PLATFORM_MAX_BYTES
from bot.documents.pdf_build import page_images
from bot.documents.pipeline import convert
from bot.documents.results import Converted, DocumentKind
from tests.documents import corpus as corpus_module
from tests.documents.corpus import BARS_BOX, GLYPH_BOX, PAGE_BOX, PHOTO_SIZE, Corpus, paper_mm_to_px


@pytest.fixture(scope="module")
def photo_pdf(corpus: Corpus) -> Converted:
    result = convert(corpus["phone_12mp.jpg"], DocumentKind.DOCUMENT, name="IMG_0001.JPG")
    assert isinstance(result, Converted)
    return result


@pytest.fixture(scope="module")
def output(photo_pdf: Converted) -> Image.Image:
    with pikepdf.open(io.BytesIO(photo_pdf.data)) as pdf:
        images = page_images(pdf.pages[0])
        assert len(images) == 1
        return pikepdf.PdfImage(images[0]).as_pil_image().convert("RGB")  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def reference(corpus: Corpus, output: Image.Image) -> Image.Image:
    """The best possible reduction to the output's size: Lanczos from the pixels, no compression."""
    return corpus.phone_image.resize(output.size, Image.Resampling.LANCZOS)


def _box(box: tuple[int, int, int, int], image: Image.Image) -> tuple[int, int, int, int]:
    scale = image.width / PHOTO_SIZE[0]
    left, top, right, bottom = (round(v * scale) for v in box)
    return left, top, right, bottom


def bar_profile(image: Image.Image) -> list[int]:
    """Luminance across the bar target, averaged down each column (inside the bars' height)."""
    left, top, right, bottom = _box(BARS_BOX, image)
    band = image.convert("L").crop((left, top + 5, right, bottom - 5))
    return list(band.resize((band.width, 1), Image.Resampling.BOX).tobytes())


def dark_runs(profile: list[int]) -> tuple[int, float]:
    """How many separate dark bars the profile shows, and its Michelson contrast."""
    low, high = min(profile), max(profile)
    threshold = (low + high) / 2
    runs, inside = 0, False
    for value in profile:
        if value < threshold and not inside:
            runs += 1
        inside = value < threshold
    return runs, (high - low) / (high + low)


def ink_and_paper(image: Image.Image) -> tuple[int, int]:
    """2nd and 98th percentile of luminance over a line of 9-pt text."""
    histogram = image.convert("L").crop(_box(GLYPH_BOX, image)).histogram()
    total, seen, found = sum(histogram), 0, list[int]()
    for level, count in enumerate(histogram):
        seen += count
        while len(found) < 2 and seen >= total * (0.02, 0.98)[len(found)]:
            found.append(level)
    return found[0], found[1]


def bars_drawn() -> int:
    mm = paper_mm_to_px()
    stroke, gap = round(0.25 * mm), round(0.5 * mm)
    return len(range(BARS_BOX[0], BARS_BOX[2] - stroke + 1, stroke + gap))


def test_fits_the_platform(photo_pdf: Converted) -> None:
    assert photo_pdf.size <= PLATFORM_MAX_BYTES
    assert photo_pdf.data.startswith(b"%PDF-")
    assert photo_pdf.pages == 1


def test_effective_resolution_on_a4_and_on_the_sheet(photo_pdf: Converted, output: Image.Image) -> None:
    with pikepdf.open(io.BytesIO(photo_pdf.data)) as pdf:
        box = [float(v) for v in pdf.pages[0].mediabox]
    page_w_in, page_h_in = (box[2] - box[0]) / 72, (box[3] - box[1]) / 72
    assert sorted((round(page_w_in, 2), round(page_h_in, 2))) == sorted(round(v, 2) for v in A4_INCHES)
    page_dpi = max(output.width / page_w_in, output.height / page_h_in)
    assert page_dpi >= 150
    assert photo_pdf.dpi is not None and abs(photo_pdf.dpi - page_dpi) <= 1
    sheet_px = output.width * (PAGE_BOX[2] - PAGE_BOX[0]) / PHOTO_SIZE[0]
    sheet_dpi = sheet_px / (297 / 25.4)
    assert sheet_dpi >= 150, sheet_dpi


def test_thin_strokes_survive(output: Image.Image, reference: Image.Image) -> None:
    runs, contrast = dark_runs(bar_profile(output))
    reference_runs, reference_contrast = dark_runs(bar_profile(reference))
    assert reference_runs == bars_drawn()
    assert runs == bars_drawn()
    assert contrast >= 0.85 * reference_contrast and contrast >= 0.5, (contrast, reference_contrast)


def test_measure_can_fail_on_an_unreadable_copy(corpus: Corpus, output: Image.Image) -> None:
    """The same photo reduced to 75 DPI (then enlarged back) loses the strokes: the checks above would fail."""
    scale = 75 / 363  # the photo spreads over A4 at 363 DPI
    small = corpus.phone_image.resize((round(PHOTO_SIZE[0] * scale), round(PHOTO_SIZE[1] * scale)),
                                      Image.Resampling.LANCZOS)
    blurred = small.resize(output.size, Image.Resampling.BICUBIC)
    runs, contrast = dark_runs(bar_profile(blurred))
    assert runs != bars_drawn() or contrast < 0.5
    ink, _paper = ink_and_paper(blurred)
    reference_ink, _ = ink_and_paper(corpus.phone_image.resize(output.size, Image.Resampling.LANCZOS))
    assert ink - reference_ink > 25


def test_text_keeps_its_contrast(output: Image.Image, reference: Image.Image) -> None:
    ink, paper = ink_and_paper(output)
    reference_ink, reference_paper = ink_and_paper(reference)
    assert ink <= reference_ink + 12, (ink, reference_ink)
    assert paper >= reference_paper - 12, (paper, reference_paper)
    assert paper - ink >= 0.9 * (reference_paper - reference_ink)


def test_red_seal_stays_red(output: Image.Image) -> None:
    # a point on the seal's ring (centre 3200, 2400; radius 200 minus half the ring's width)
    ring = round(1.2 * paper_mm_to_px())
    x, y = _box((3200 - 200 + ring // 2, 2400, 0, 0), output)[:2]
    red, green, blue = output.getpixel((x, y))  # type: ignore[misc]
    assert red - green > 80 and red - blue > 80, (red, green, blue)


def test_no_metadata_reaches_the_platform(photo_pdf: Converted) -> None:
    assert b"PhoneMaker" not in photo_pdf.data and b"Exif" not in photo_pdf.data


def test_corpus_photo_is_a_real_phone_photo(corpus: Corpus) -> None:
    with Image.open(io.BytesIO(corpus["phone_12mp.jpg"])) as image:
        assert image.size == PHOTO_SIZE and image.width * image.height == 12_000_000
        assert image.getexif()[0x010F] == "PhoneMaker"
    assert corpus_module.PHOTO_SIZE == (4000, 3000)

"""Make an oversized PDF fit the byte budget while keeping it readable.

In order, stopping at the first that fits:

1. lossless: drop page thumbnails and unused resources, compress streams, pack objects;
2. re-encode the large images (scans, photos) as JPEG, scaled to at most 200, then 175, then 150 DPI
   of an A4 page, with one quality for all images (searched, never below 40);
3. for scanned text pages (grey, mostly paper and ink) that still do not fit: black and white
   (CCITT G4, the fax codec every viewer reads) at 200 DPI, then 150 DPI — far more legible than a
   low-quality JPEG at the same size; other images go down to 130 and 110 DPI;
4. when images are not what makes the file large (vector drawings, fonts): render the pages with PDFium
   (pypdfium2, if installed) and rebuild the PDF from JPEG pages (:mod:`bot.documents.raster`, one page
   at a time). Text is then no longer selectable, which the user is told.

Images are never decoded beyond :data:`~bot.documents.limits.MAX_PDF_IMAGE_PIXELS`. The fitting works
on an estimate (the rest of the file plus the new image streams) and checks the saved size.
"""

from __future__ import annotations

import io
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Name, PdfImage
from PIL import Image, ImageChops

from bot.documents.images import configure_pillow
from bot.documents.jpeg import best_quality, encode_jpeg
from bot.documents.limits import A4_INCHES, FLOOR_DPI, MAX_PDF_IMAGE_PIXELS, MIN_DPI, TARGET_DPI
from bot.documents.notes import Note, NoteCode
from bot.documents.pdf_build import page_images, save_pdf
from bot.documents.raster import rasterise

_log = logging.getLogger(__name__)
_MIN_IMAGE_STREAM = 16 * 1024  # smaller images are not worth re-encoding
_MIN_BYTES_PER_IMAGE = 12 * 1024
_KEEP_SCALE = 0.97  # scaling by less than 3% only blurs
_MAX_BASE_PIXELS = 150_000_000  # decoded images held at once while fitting (≈150 MB grey, 450 MB colour)
_SAFETY = 0.985  # aim a little under the budget: the estimate ignores a few bytes of dictionaries


@dataclass
class Shrunk:
    data: bytes
    notes: list[Note]
    dpi: int | None
    pages: int


@dataclass
class _Candidate:
    obj: pikepdf.Object
    raw_size: int
    base: Image.Image
    """Decoded (RGB or L) and already scaled to at most the highest resolution that will be tried."""
    text_like: bool
    scaled: dict[int, Image.Image] = field(default_factory=dict)

    def at_dpi(self, dpi: int) -> Image.Image:
        if dpi not in self.scaled:
            self.scaled.clear()  # keep memory to the base image and one scaled copy
            self.scaled[dpi] = _scale_to_dpi(self.base, dpi)
        return self.scaled[dpi]


def _a4_box(size: tuple[int, int], dpi: float) -> tuple[float, float]:
    short_in, long_in = A4_INCHES
    return (long_in * dpi, short_in * dpi) if size[0] >= size[1] else (short_in * dpi, long_in * dpi)


def _size_at_dpi(size: tuple[int, int], dpi: float) -> tuple[int, int]:
    box = _a4_box(size, dpi)
    scale = min(1.0, box[0] / size[0], box[1] / size[1])
    if scale > _KEEP_SCALE:
        return size
    return max(1, math.floor(size[0] * scale)), max(1, math.floor(size[1] * scale))


def _scale_to_dpi(image: Image.Image, dpi: float) -> Image.Image:
    size = _size_at_dpi(image.size, dpi)
    return image if size == image.size else image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


@dataclass(frozen=True)
class _Step:
    jpeg_dpi: int
    bilevel_dpi: int | None = None  # text-like images go black and white at this resolution


_STEPS = (_Step(TARGET_DPI), _Step(175), _Step(MIN_DPI), _Step(MIN_DPI, bilevel_dpi=TARGET_DPI),
          _Step(130, bilevel_dpi=MIN_DPI), _Step(FLOOR_DPI, bilevel_dpi=MIN_DPI))


def shrink_pdf(pdf: pikepdf.Pdf, budget: int) -> Shrunk | None:
    """A version of ``pdf`` of at most ``budget`` bytes, or None if it cannot be made to fit legibly."""
    configure_pillow()
    pages = len(pdf.pages)
    for page in pdf.pages:
        if Name.Thumb in page.obj:
            del page.obj[Name.Thumb]
    pdf.remove_unreferenced_resources()
    lossless = save_pdf(pdf)
    if len(lossless) <= budget:
        return Shrunk(lossless, [], page_dpi(pdf), pages)

    found = _find_images(pdf)
    fixed = len(lossless) - sum(item.raw_size for item in found)
    # Even black and white at 150 DPI needs ~12 KB a page: more images than that cannot fit legibly.
    if found and fixed < budget * 0.9 and len(found) * _MIN_BYTES_PER_IMAGE <= budget - fixed:
        top_dpi = next((dpi for dpi in (TARGET_DPI, 175, MIN_DPI, 130, FLOOR_DPI)
                        if sum(math.prod(_size_at_dpi(item.size, dpi)) for item in found) <= _MAX_BASE_PIXELS),
                       FLOOR_DPI)
        candidates = _candidates(found, top_dpi)
        fixed = len(lossless) - sum(candidate.raw_size for candidate in candidates)
        result = _reencode(pdf, candidates, fixed, budget, top_dpi)
        if result is not None or fixed < budget * 0.5:
            return result  # images are what make it large: rendering the pages would not do better
    drawn = rasterise(pdf, budget)
    return None if drawn is None else Shrunk(drawn.data, drawn.notes, drawn.dpi, drawn.pages)


def _reencode(pdf: pikepdf.Pdf, candidates: list[_Candidate], fixed: int, budget: int, top_dpi: int
              ) -> Shrunk | None:
    target = math.floor((budget - fixed) * _SAFETY)
    skip_above = top_dpi
    for step in _STEPS:
        if step.jpeg_dpi > top_dpi or (step.bilevel_dpi or 0) > top_dpi:
            continue
        if step.bilevel_dpi is None and step.jpeg_dpi > skip_above:
            continue  # the last try missed by so much that this resolution cannot fit either
        bilevel = {id(c): _g4(c.at_dpi(step.bilevel_dpi)) for c in candidates
                   if step.bilevel_dpi is not None and c.text_like}
        encoded: dict[int, list[bytes | None]] = {}

        def total_at(quality: int, step: _Step = step, bilevel: dict[int, bytes] = bilevel,
                     encoded: dict[int, list[bytes | None]] = encoded) -> int:
            row: list[bytes | None] = []
            for candidate in candidates:
                if id(candidate) in bilevel:
                    row.append(None)
                    continue
                data = encode_jpeg(candidate.at_dpi(step.jpeg_dpi), quality)
                row.append(data if len(data) < candidate.raw_size else b"")  # b"": keep the original
            encoded[quality] = row
            return (sum(len(data) if data else c.raw_size for data, c in zip(row, candidates, strict=True)
                        if data is not None) + sum(len(g4) for g4 in bilevel.values()))

        quality = best_quality(total_at, target)
        if quality is None:
            if step.bilevel_dpi is None and encoded:
                lowest = min(encoded)
                smallest = sum(len(d) if d else c.raw_size for d, c in zip(encoded[lowest], candidates, strict=True)
                               if d is not None)
                # JPEG size grows about with the pixel count, i.e. the square of the resolution
                skip_above = math.floor(step.jpeg_dpi * math.sqrt(target / max(smallest, 1)) * 1.15)
            continue
        _write_images(candidates, encoded[quality], bilevel, step)
        data = save_pdf(pdf)
        if len(data) > budget:
            _log.debug("estimate missed the budget by %d bytes; trying the next step", len(data) - budget)
            continue
        notes = [Note.of(NoteCode.PDF_IMAGES_RECOMPRESSED, count=len(candidates))]
        if bilevel:
            notes.append(Note.of(NoteCode.PDF_BLACK_AND_WHITE, count=len(bilevel)))
        return Shrunk(data, notes, page_dpi(pdf), len(pdf.pages))
    return None


def _write_images(candidates: Sequence[_Candidate], jpegs: Sequence[bytes | None], bilevel: dict[int, bytes],
                  step: _Step) -> None:
    for candidate, jpeg in zip(candidates, jpegs, strict=True):
        obj = candidate.obj
        if id(candidate) in bilevel and step.bilevel_dpi is not None:
            image = candidate.at_dpi(step.bilevel_dpi)
            obj.write(bilevel[id(candidate)], filter=Name.CCITTFaxDecode,
                      decode_parms=pikepdf.Dictionary(K=-1, Columns=image.width, Rows=image.height, BlackIs1=True))
            obj.ColorSpace = Name.DeviceGray
            obj.BitsPerComponent = 1
        elif jpeg:
            image = candidate.at_dpi(step.jpeg_dpi)
            if Name.DecodeParms in obj:
                del obj[Name.DecodeParms]
            obj.write(jpeg, filter=Name.DCTDecode)
            obj.ColorSpace = Name.DeviceGray if image.mode == "L" else Name.DeviceRGB
            obj.BitsPerComponent = 8
        else:
            continue
        obj.Width, obj.Height = image.width, image.height


def _g4(image: Image.Image) -> bytes:
    """CCITT Group 4 data of ``image`` thresholded at its Otsu level (for /CCITTFaxDecode, /BlackIs1 true)."""
    gray = image.convert("L")
    threshold = _otsu(gray.histogram())
    bw = gray.point([255 if v > threshold else 0 for v in range(256)]).convert("1", dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    bw.save(buffer, "TIFF", compression="group4", tiffinfo={278: bw.height})  # one strip
    with Image.open(io.BytesIO(buffer.getvalue())) as tiff:
        tags = tiff.tag_v2  # type: ignore[attr-defined]
        offset, count = tags[273][0], tags[279][0]
    return buffer.getvalue()[offset:offset + count]


def _otsu(histogram: Sequence[int]) -> int:
    total = sum(histogram)
    weighted = sum(i * n for i, n in enumerate(histogram))
    best, best_between = 127, -1.0
    background = background_weighted = 0.0
    for level, count in enumerate(histogram):
        background += count
        if background == 0:
            continue
        foreground = total - background
        if foreground == 0:
            break
        background_weighted += level * count
        mean_b = background_weighted / background
        mean_f = (weighted - background_weighted) / foreground
        between = background * foreground * (mean_b - mean_f) ** 2
        if between > best_between:
            best, best_between = level, between
    return best


def is_text_like(image: Image.Image) -> bool:
    """A scan of print: nearly colourless, mostly paper and ink, few mid-tones (so black and white keeps it).

    Judged on every 4th pixel (nearest neighbour, so thin strokes are not averaged into grey).
    """
    sample = image.resize((max(1, image.width // 4), max(1, image.height // 4)), Image.Resampling.NEAREST)
    if sample.mode == "RGB" and _chroma(sample) > 40:
        return False
    histogram = sample.convert("L").histogram()
    total = sum(histogram) or 1
    mid = sum(histogram[64:192]) / total  # anti-aliased stroke edges, or a photograph
    dark = sum(histogram[:128]) / total
    paper = sum(histogram[192:]) / total
    return mid < 0.12 and 0.002 < dark < 0.4 and paper > 0.5


def _chroma(image: Image.Image) -> int:
    """The 99.5th percentile of max(R,G,B) − min(R,G,B): colour anywhere but a few stray pixels."""
    red, green, blue = image.split()
    spread = ImageChops.subtract(ImageChops.lighter(ImageChops.lighter(red, green), blue),
                                 ImageChops.darker(ImageChops.darker(red, green), blue))
    histogram = spread.histogram()
    total = sum(histogram)
    seen = 0
    for level, count in enumerate(histogram):
        seen += count
        if seen >= total * 0.995:
            return level
    return 255


@dataclass(frozen=True)
class _Found:
    obj: pikepdf.Object
    raw_size: int
    size: tuple[int, int]


def _find_images(pdf: pikepdf.Pdf) -> list[_Found]:
    """Images worth re-encoding: large 8-bit images that are neither masks nor masked by colour keys."""
    masks: set[tuple[int, int]] = set()
    images: list[pikepdf.Object] = []
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream) or obj.get(Name.Subtype) != Name.Image:
            continue
        for key in (Name.SMask, Name.Mask):
            mask = obj.get(key)
            if isinstance(mask, pikepdf.Stream):
                masks.add(mask.objgen)
        images.append(obj)
    found: list[_Found] = []
    for obj in images:
        if (obj.objgen in masks or bool(obj.get(Name.ImageMask, False)) or Name.Decode in obj
                or isinstance(obj.get(Name.Mask), pikepdf.Array)):
            continue
        if int(obj.get(Name.BitsPerComponent, 8)) != 8:
            continue
        width, height = int(obj.get(Name.Width, 0)), int(obj.get(Name.Height, 0))
        raw_size = len(obj.read_raw_bytes())
        if raw_size < _MIN_IMAGE_STREAM or width * height == 0 or width * height > MAX_PDF_IMAGE_PIXELS:
            continue
        found.append(_Found(obj, raw_size, (width, height)))
    return found


def _candidates(found: Sequence[_Found], top_dpi: int) -> list[_Candidate]:
    candidates: list[_Candidate] = []
    for item in found:
        decoded = _decode(item.obj, _size_at_dpi(item.size, top_dpi))
        if decoded is None:
            continue
        base = _scale_to_dpi(decoded, top_dpi)
        candidates.append(_Candidate(item.obj, item.raw_size, base, is_text_like(base)))
    return candidates


def _decode(obj: pikepdf.Object, wanted: tuple[int, int]) -> Image.Image | None:
    """The image's pixels as RGB or L; JPEG data is decoded at a reduced scale when that is enough."""
    try:
        if obj.get(Name.Filter) == Name.DCTDecode and Name.DecodeParms not in obj:
            with Image.open(io.BytesIO(obj.read_raw_bytes()), formats=["JPEG"]) as jpeg:
                jpeg.draft(None, wanted)
                jpeg.load()
                image = jpeg.convert("RGB") if jpeg.mode not in ("RGB", "L") else jpeg.copy()
        else:
            image = PdfImage(obj).as_pil_image()  # type: ignore[arg-type]
    except Exception:
        return None
    if image.mode in ("RGB", "L"):
        return image
    if image.mode in ("1", "LA", "I", "I;16"):
        return image.convert("L")
    if image.mode in ("CMYK", "P", "RGBA"):
        return image.convert("RGB")
    return None


def page_dpi(pdf: pikepdf.Pdf) -> int | None:
    """Lowest resolution of the page-filling images (scans, photos); None if no page is one."""
    lowest: int | None = None
    for page in pdf.pages:
        box = [float(v) for v in page.mediabox]
        page_w, page_h = abs(box[2] - box[0]) / 72, abs(box[3] - box[1]) / 72
        if page_w <= 0 or page_h <= 0:
            continue
        biggest = None
        for image in page_images(page):
            width, height = int(image.get(Name.Width, 0)), int(image.get(Name.Height, 0))
            if biggest is None or width * height > biggest[0] * biggest[1]:
                biggest = (width, height)
        if biggest is None or biggest[0] * biggest[1] == 0:
            continue
        width, height = biggest
        if width > height and page_w < page_h:  # a landscape image shown turned on a portrait page
            width, height = height, width
        dpi = round(max(width / page_w, height / page_h))
        lowest = dpi if lowest is None else min(lowest, dpi)
    return lowest

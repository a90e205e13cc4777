"""The applicant's photo: a JPEG in the platform's 3.5 × 4.5 cm proportions, with checks a person would make.

The photo is cropped to 35:45 (a sideways excess around the centre; a vertical one mostly from the
bottom, since the head is near the top), scaled to at most 600 DPI at 3.5 cm, and checked: the
background beside and above the head should be plain white, and the photo should have at least
300 DPI. Nothing here recognises faces: the warning about proportions asks the user to check the head.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageStat

from bot.documents.jpeg import best_quality
from bot.documents.limits import PHOTO_HEIGHT_CM, PHOTO_MAX_PX, PHOTO_MIN_PX, PHOTO_WIDTH_CM, PLATFORM_MAX_BYTES
from bot.documents.notes import BackgroundProblem, Note, NoteCode

RATIO = PHOTO_WIDTH_CM / PHOTO_HEIGHT_CM
_CROP_SILENTLY = 0.02  # a trim this small is not worth a word
_CROP_WARNING = 0.08  # beyond this the head may be cut or too small: ask the user to check
_WHITE_LUMA = 200
_MAX_CHROMA = 24
_MAX_UNEVEN = 20


@dataclass(frozen=True)
class Photo:
    jpeg: bytes
    image: Image.Image
    notes: tuple[Note, ...]
    dpi: int


def make_photo(image: Image.Image, budget: int = PLATFORM_MAX_BYTES) -> Photo:
    """The platform's photo from an upright image (RGB or L)."""
    notes: list[Note] = []
    image = image.convert("RGB")
    width, height = image.size
    cropped, side, cut = crop_to_ratio(image)
    if cut > _CROP_SILENTLY:
        notes.append(Note.of(NoteCode.PHOTO_CROPPED, percent=round(cut * 100), side=side))
    if cut > _CROP_WARNING:
        notes.append(Note.of(NoteCode.PHOTO_PROPORTIONS, width=width, height=height))
    problem = background_problem(cropped)
    if problem is not None:
        notes.append(Note.of(NoteCode.PHOTO_BACKGROUND, problem=problem.value))
    if cropped.width < PHOTO_MIN_PX[0] or cropped.height < PHOTO_MIN_PX[1]:
        notes.append(Note.of(NoteCode.PHOTO_LOW_RESOLUTION, width=cropped.width, height=cropped.height,
                             min_width=PHOTO_MIN_PX[0], min_height=PHOTO_MIN_PX[1]))
    final = _scaled(cropped)
    dpi = math.floor(final.width / (PHOTO_WIDTH_CM / 2.54))
    encoded: dict[int, bytes] = {}

    def size_at(quality: int) -> int:
        encoded[quality] = _encode(final, quality, dpi)
        return len(encoded[quality])

    # 827 × 1063 pixels take ~100–300 KB even at quality 92; the search only matters for tiny budgets.
    quality = best_quality(size_at, budget, lo=50, hi=92) or 50
    jpeg = encoded.get(quality) or _encode(final, quality, dpi)
    return Photo(jpeg, final, tuple(notes), dpi)


def crop_to_ratio(image: Image.Image) -> tuple[Image.Image, str, float]:
    """``image`` cropped to 35:45; also which side was cut and what share of it."""
    width, height = image.size
    if width / height > RATIO:  # too wide: cut both sides equally
        new_width = max(1, round(height * RATIO))
        left = (width - new_width) // 2
        return image.crop((left, 0, left + new_width, height)), "width", (width - new_width) / width
    new_height = max(1, round(width / RATIO))
    if new_height == height:
        return image, "height", 0.0
    excess = height - new_height
    top = excess // 3  # keep more above: the head is near the top, the body runs out at the bottom
    return image.crop((0, top, width, top + new_height)), "height", excess / height


def background_problem(image: Image.Image) -> BackgroundProblem | None:
    """What is wrong with the background above and beside the head, if anything.

    Looks at a band along the top (10% of the height) and the outer 10% on each side of the upper
    40%, where a correct photo shows only background.
    """
    small = image.convert("RGB").resize((70, 90), Image.Resampling.BOX)
    mask = Image.new("L", small.size, 0)
    for box in ((0, 0, 70, 9), (0, 9, 7, 36), (63, 9, 70, 36)):
        mask.paste(255, box)
    luma = ImageStat.Stat(small.convert("L"), mask)
    red, green, blue = small.split()
    spread = ImageChops.subtract(ImageChops.lighter(ImageChops.lighter(red, green), blue),
                                 ImageChops.darker(ImageChops.darker(red, green), blue))
    chroma = ImageStat.Stat(spread, mask).mean[0]
    if chroma > _MAX_CHROMA:
        return BackgroundProblem.COLOURED
    if luma.mean[0] < _WHITE_LUMA:
        return BackgroundProblem.DARK
    if luma.stddev[0] > _MAX_UNEVEN:
        return BackgroundProblem.UNEVEN
    return None


def _scaled(image: Image.Image) -> Image.Image:
    if image.width <= PHOTO_MAX_PX[0]:
        return image
    size = (PHOTO_MAX_PX[0], round(PHOTO_MAX_PX[0] / RATIO))
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _encode(image: Image.Image, quality: int, dpi: int) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, optimize=True, dpi=(dpi, dpi), subsampling=0 if quality >= 90 else 2)
    return buffer.getvalue()
